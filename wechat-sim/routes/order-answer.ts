import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { SimAccount, SimContext } from '../context';
import { faultFor, type Fault } from '../faults';
import { changingShopOrders, serviceProviderOrders, shopOrders, withoutErrmsg, type JsonObject } from '../fixtures';
import { generatedAnswer, type GeneratedAnswer } from '../generated';
import { send, sleep } from '../http-io';

/** How both order lookups answer once the request is accepted: a fault id, a generated id, a fixture, or nothing. */
export async function answerOrder(ctx: SimContext, kind: SimAccount['api'], id: string, res: ServerResponse, found: JsonObject | undefined) {
  const fault = faultFor(kind, id);
  if (fault) return applyFault(ctx, fault, kind, id, res);
  const generated = found ? undefined : generatedAnswer(kind, id);
  if (generated) return answerGenerated(ctx, generated, kind, id, res);
  if (!found) return send(res, notFound(kind));
  send(res, withoutErrmsg.has(id) ? { errcode: 0, order: found } : { errcode: 0, errmsg: 'ok', order: found });
}

const notFound = (kind: SimAccount['api']): JsonObject => (kind === 'service-provider' ? { errcode: 10120002, errmsg: 'invalid parameter' } : { errcode: 0, errmsg: 'ok' });

/** A changing order's version for this call: the first since start or reset, or a later one. */
export function changing(ctx: SimContext, tradeNo: string): JsonObject | undefined {
  const prefix = Object.keys(changingShopOrders).find((p) => tradeNo.startsWith(p) && tradeNo.length > p.length);
  if (!prefix) return undefined;
  const versions = changingShopOrders[prefix]!;
  if (ctx.changedSeen.has(tradeNo)) return versions.after(tradeNo);
  ctx.changedSeen.add(tradeNo);
  return versions.before(tradeNo);
}

function answerGenerated(ctx: SimContext, generated: GeneratedAnswer, kind: SimAccount['api'], id: string, res: ServerResponse) {
  switch (generated.fate) {
    case 'not-found':
      return send(res, notFound(kind));
    case 'busy':
      return send(res, { errcode: -1, errmsg: 'system error' });
    case 'busy-once':
      if (!ctx.busyOnceSeen.has(id)) {
        ctx.busyOnceSeen.add(id);
        return send(res, { errcode: -1, errmsg: 'system error' });
      }
      return send(res, { errcode: 0, errmsg: 'ok', order: generated.order });
    case 'found':
      return send(res, { errcode: 0, errmsg: 'ok', order: generated.order });
  }
}

async function applyFault(ctx: SimContext, fault: Fault, kind: SimAccount['api'], id: string, res: ServerResponse) {
  switch (fault.type) {
    case 'errcode':
      return send(res, { errcode: fault.errcode, errmsg: fault.errmsg });
    case 'busy-once': {
      if (!ctx.busyOnceSeen.has(id)) {
        ctx.busyOnceSeen.add(id);
        return send(res, { errcode: -1, errmsg: 'system error' });
      }
      const template = kind === 'shop' ? shopOrders['shop-paid-001']! : serviceProviderOrders.DD1000000000000000002!;
      return send(res, { errcode: 0, errmsg: 'ok', order: { ...template, [kind === 'shop' ? 'trade_no' : 'orderId']: id } });
    }
    case 'garbled':
      return send(res, { errcode: 0, errmsg: 'ok', order: { orderId: 42, trade_no: 42, status: 'paid', orderPrice: 12.5, amount: 'ten yuan' } });
    default:
      return answerTransportFault(ctx, fault, res);
  }
}

/** A list call's fault (faults.ts: ListFaults): how often it fires is the rule's business, so `busy-once` is simply -1. */
export async function answerListFault(ctx: SimContext, fault: Fault, kind: SimAccount['api'], res: ServerResponse) {
  switch (fault.type) {
    case 'errcode':
      return send(res, { errcode: fault.errcode, errmsg: fault.errmsg });
    case 'busy-once':
      return send(res, { errcode: -1, errmsg: 'system error' });
    case 'garbled':
      return send(res, kind === 'shop' ? { errcode: 0, errmsg: 'ok', trade_no_list: [42, null], has_more: 'yes', last_index: 7 } : { errcode: 0, errmsg: 'ok', total: '3', orderList: [{ orderId: 42, status: 'paid' }] });
    default:
      return answerTransportFault(ctx, fault, res);
  }
}

/** Faults of the answer itself rather than its content, alike for every endpoint. */
async function answerTransportFault(ctx: SimContext, fault: Exclude<Fault, { type: 'errcode' | 'busy-once' | 'garbled' }>, res: ServerResponse) {
  switch (fault.type) {
    case 'http-5xx':
      res.writeHead(502, { 'content-type': 'text/html' });
      return res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"errcode":0,"errmsg":"ok","order":{"orderId":"DD99');
    case 'drop':
      res.socket?.destroy();
      return;
    case 'slow':
      await sleep(ctx.slowMs);
      return send(res, { errcode: -1, errmsg: 'system error' });
    case 'slow-body':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"errcode":0,');
      await sleep(ctx.slowMs);
      return res.end('"errmsg":"ok"}');
    case 'gzip':
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      return res.end(gzipSync(JSON.stringify({ errcode: 0, errmsg: 'ok' })));
    case 'huge':
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', padding: 'x'.repeat(5 * 1024 * 1024) }));
  }
}
