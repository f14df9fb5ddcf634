import type { Endpoint } from '../context';
import type { ListFaultRule } from '../faults';
import type { Json } from '../fixtures';
import { parseJsonObject, send } from '../http-io';

/** `/__sim/*`: what tests and the demo use to inspect and steer the simulator. */
export const control: Endpoint = (ctx, req, res) => {
  const { url, method } = req;
  if (url.pathname === '/__sim/stats' && method === 'GET') return send(res, ctx.stats as unknown as Json);
  if (url.pathname === '/__sim/clock' && method === 'GET') return send(res, { now: ctx.clock.now() });
  if (method !== 'POST') return send(res, { error: 'use POST' }, 405);
  const sim = ctx.sim();
  if (url.pathname === '/__sim/reset') sim.reset();
  else if (url.pathname === '/__sim/quota') sim.setQuotaExhausted(url.searchParams.get('exhausted') === '1');
  else if (url.pathname === '/__sim/invalidate-tokens') sim.invalidateTokens({ stale: url.searchParams.get('stale') === '1' });
  else if (url.pathname === '/__sim/clock') return clock(req.body);
  else if (url.pathname === '/__sim/list-faults') return listFaults(req.body);
  else if (url.pathname === '/__sim/list-faults/clear') sim.clearListFaults();
  else return send(res, { error: 'unknown control' }, 404);
  send(res, { ok: true });

  /** `{"now": unix seconds | null}` freezes (or frees) the clock, `{"advance": seconds}` moves it on; answers the time. */
  function clock(body: string) {
    const json = parseJsonObject(body);
    const { now, advance } = json ?? {};
    if (!json || (now !== undefined && now !== null && typeof now !== 'number') || (advance !== undefined && typeof advance !== 'number')) {
      return send(res, { error: 'send {"now": unix seconds | null} or {"advance": seconds}' }, 400);
    }
    if (now !== undefined) sim.setNow(now);
    if (advance !== undefined) sim.advanceClock(advance);
    send(res, { now: sim.now() });
  }

  /** A ListFaultRule as JSON, or an array of them. */
  function listFaults(body: string) {
    try {
      const rules: unknown = JSON.parse(body);
      for (const rule of Array.isArray(rules) ? rules : [rules]) sim.addListFault(rule as ListFaultRule);
    } catch (error) {
      return send(res, { error: String(error) }, 400);
    }
    send(res, { ok: true });
  }
};
