import { faultId } from '../wechat-sim/faults';
import { DEMO_API_KEY_OWNER, DEMO_PASSWORD, demoCurlExamples, startStack, twoShopsEnv } from '../tests/support/stack';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const stack = await startStack({
  port,
  host,
  sim: {
    port: Number(process.env.SIM_PORT ?? 4010),
    latencyMs: Number(process.env.SIM_LATENCY_MS ?? 80),
    slowMs: Number(process.env.SIM_SLOW_MS ?? 15_000),
    ...(process.env.SIM_TOKEN_PREFIX ? { tokenPrefix: process.env.SIM_TOKEN_PREFIX } : {}),
  },
  env: {
    // Two mini-program shops, as a company with more than one mini program has.
    ...twoShopsEnv(),
    // Sync lists every order of both shops and of the simulator's SPUs (its generated orders), from 31 days back.
    ORDER_DESK_SYNC: process.env.ORDER_DESK_SYNC ?? 'on',
    WECHAT_SP_SPU_IDS: process.env.WECHAT_SP_SPU_IDS ?? '10000117,10000120,10000111',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ORDER_DESK_DATA_DIR: process.env.ORDER_DESK_DATA_DIR ?? '.data',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  },
  quiet: false,
});

const url = stack.app.url;
console.log(`
Order Desk is running at ${url}
(WeChat simulator at ${stack.sim.url}; press Ctrl-C to stop)

Sign in as support@demo.local, finance@demo.local or admin@demo.local
with the password ${DEMO_PASSWORD}.

Orders to try:
  service provider  DD2981741311549200000   the API document's example
                    DD1000000000000000010   64-bit price and usage
                    DD1000000000000000011   pack nearly used up, validity over
                    DD1000000000000000001   awaiting payment
  shop              522346                  the API document's example (refunded, profit-shared)
                    shop-partial-001        partly refunded: refunds succeeded, in progress, failed
                    shop-sharing-001        profit sharing, frozen
                    shop-many-refunds       40 refunds
  two shops         shop-both-001           an order in 旗舰店 (main) and another in 奥莱店 (outlet): search shows both
                    outlet-paid-001         only in 奥莱店 (outlet); pick the shop, or search: every shop is asked
  errors            ${faultId('shop', '45009')}             daily quota reached (429)
                    ${faultId('shop', '40164')}             IP not on the whitelist
                    ${faultId('shop', 'slow')}              WeChat too slow (504 after WECHAT_TIMEOUT_MS)
                    ${faultId('shop', 'slow-body')}         answer stalls halfway (504, not retried)

Batch lookups (sign in as finance@demo.local): ${url}/batches
  upload samples/batch-ids.xlsx or samples/batch-ids.csv (208 rows: generated orders, fixtures,
  a duplicate, a transaction id and an Excel-mangled number), or paste bulk-000001 … bulk-999999
  and DD8000000000000000001 …: the simulator answers any such id with a generated order.

Sync (ORDER_DESK_SYNC=on here): ${url}/sync lists every order of both shops and the service
  provider's SPUs from the simulator, from 31 days back, then every 15 minutes.

API, with ${DEMO_API_KEY_OWNER}'s demo API key (make your own on ${url}/account/api-keys):
${demoCurlExamples(url)
  .map((line) => `  ${line}`)
  .join('\n')}
`);

const stop = () => void stack.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
