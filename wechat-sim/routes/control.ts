import type { Json } from '../fixtures';
import type { Endpoint } from '../context';
import { send } from '../http-io';

/** `/__sim/*`: what tests and the demo use to inspect and steer the simulator. */
export const control: Endpoint = (ctx, req, res) => {
  const { url, method } = req;
  if (url.pathname === '/__sim/stats' && method === 'GET') return send(res, ctx.stats as unknown as Json);
  if (method !== 'POST') return send(res, { error: 'use POST' }, 405);
  const sim = ctx.sim();
  if (url.pathname === '/__sim/reset') sim.reset();
  else if (url.pathname === '/__sim/quota') sim.setQuotaExhausted(url.searchParams.get('exhausted') === '1');
  else if (url.pathname === '/__sim/invalidate-tokens') sim.invalidateTokens({ stale: url.searchParams.get('stale') === '1' });
  else return send(res, { error: 'unknown control' }, 404);
  send(res, { ok: true });
};
