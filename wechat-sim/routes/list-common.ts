import type { SimAccount, SimContext } from '../context';
import type { Json } from '../fixtures';

/** What both list endpoints share: the record of each call, and reading numbers as WeChat's documents type them. */
const MAX_RECORDED = 20_000;

export function recordListCall(ctx: SimContext, api: SimAccount['api'], appid: string, body: string, refused?: string) {
  if (refused !== undefined) ctx.stats.listRefused += 1;
  if (ctx.stats.listRequests.length >= MAX_RECORDED) return;
  ctx.stats.listRequests.push({ api, appid, body: body.slice(0, 1000), ...(refused === undefined ? {} : { refused }) });
}

/** A JSON number that is a whole number in [min, max]; a numeric string is not one. */
export function isWholeNumber(value: Json | undefined, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}
