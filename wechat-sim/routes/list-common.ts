import type { ServerResponse } from 'node:http';
import type { SimAccount, SimContext, SimRequest } from '../context';
import { ERRCODE_FAULTS, type ListCall } from '../faults';
import type { Json, JsonObject } from '../fixtures';
import { send } from '../http-io';
import { answerListFault } from './order-answer';
import { acceptCall } from './token';

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

/**
 * Everything a list call goes through before its page: method and token, counted and recorded,
 * the daily quota (45009), a JSON body (47001), the request's limits (`refusal`), then any list
 * fault switched on. Answers and gives undefined when one of them stops the call.
 */
export function acceptListCall<T>(
  ctx: SimContext,
  req: SimRequest,
  res: ServerResponse,
  list: {
    api: SimAccount['api'];
    wrongMethod: JsonObject;
    /** The request, or what is wrong with it. */
    read: (json: JsonObject) => T | string;
    refusal: (problem: string) => JsonObject;
    faultKey: (request: T, account: SimAccount) => Omit<ListCall, 'api'>;
  },
): { account: SimAccount; request: T } | undefined {
  const accepted = acceptCall(ctx, req, res, { api: list.api, method: 'POST', wrongMethod: list.wrongMethod });
  if (!accepted) return undefined;
  ctx.stats.listCalls[list.api] += 1;
  const { account, json } = accepted;
  const request = json ? list.read(json) : 'the body is not a JSON object';
  recordListCall(ctx, list.api, account.appid, req.body, typeof request === 'string' ? request : undefined);
  if (ctx.quotaExhausted) return void send(res, { errcode: 45009, errmsg: ERRCODE_FAULTS[45009]! });
  if (!json) return void send(res, { errcode: 47001, errmsg: 'data format error' });
  if (typeof request === 'string') return void send(res, list.refusal(request));
  const fault = ctx.listFaults.take({ api: list.api, ...list.faultKey(request, account) });
  if (fault) return void answerListFault(ctx, fault, list.api, res);
  return { account, request };
}
