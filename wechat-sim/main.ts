import { DEFAULT_SPUS, DEMO_ACCOUNTS, startSimulator } from './server';

/** `npm run sim`: the simulator on its own. SIM_PORT, SIM_LATENCY_MS and SIM_SLOW_MS tune it. */
const sim = await startSimulator({
  port: Number(process.env.SIM_PORT ?? 4010),
  latencyMs: Number(process.env.SIM_LATENCY_MS ?? 0),
  slowMs: Number(process.env.SIM_SLOW_MS ?? 15_000),
});
console.log(`WeChat simulator listening on ${sim.url}`);
for (const a of DEMO_ACCOUNTS) console.log(`  ${a.api}: appid ${a.appid}`);
console.log(`  listed SPUs (WECHAT_SP_SPU_IDS): ${DEFAULT_SPUS.map((s) => s.spuId).join(',')}`);
const stop = () => void sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
