import 'server-only';
import { inArray } from 'drizzle-orm';
import type { OrderHistory, OrderVersionView } from '@/lib/api/contract';
import { jsonOk } from '@/lib/api/responses';
import { recordAudit, type AuditAction } from '@/lib/audit/record';
import type { SessionUser } from '@/lib/auth/access';
import { actorOf } from '@/lib/auth/principal';
import { database } from '@/lib/db';
import { auditLog } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { describeChanges, type OrderChange } from '@/lib/orders/changes';
import { isValidOrderId, type OrderKind } from '@/lib/orders/ids';
import { requestInfo } from '@/lib/request-info';
import { resolveShop, shopName } from '@/lib/shops';
import { readAnswer } from './reading';
import { listElementOf, sha256Of, versionOf, versionsOf, VERSIONS_SHOWN, type VersionRow } from './store';

/** The order a history or evidence request names: its kind, a known shop (a 400 otherwise), a valid id. */
function orderOf(request: Request, kind: OrderKind, id: string) {
  const shop = kind === 'shop' ? resolveShop(new URL(request.url).searchParams.get('shop')) : '';
  if (!isValidOrderId(kind, id)) throw badInput({ en: 'That is not a valid order id for this kind of order.', zh: '这不是此类订单的有效订单号。' });
  return { kind, id, shop };
}

const badInput = (message: { en: string; zh: string }) =>
  new AppError({ code: 'invalid_request', message, action: { en: 'Open the order from its page and try again.', zh: '请从订单页面重新打开后重试。' } });

const noVersion = () =>
  new AppError({
    code: 'not_found',
    message: { en: 'Order Desk has kept no such answer for this order.', zh: 'Order Desk 未保存此订单的该次应答。' },
    action: { en: 'Look the order up to keep its current answer, or pick a version from its history.', zh: '请查询该订单以保存当前应答，或从其历史中选择一个版本。' },
  });

/** `?version=`: a positive bigint id; absent is the newest. Anything else is a 400. */
function versionParam(request: Request): bigint | null {
  const text = new URL(request.url).searchParams.get('version');
  if (text === null || text === '') return null;
  if (!/^[1-9][0-9]{0,18}$/.test(text) || BigInt(text) > 9_223_372_036_854_775_807n) {
    throw badInput({ en: 'The version must be a version id from the order\'s history.', zh: '版本须为该订单历史中的版本编号。' });
  }
  return BigInt(text);
}

async function audit(action: AuditAction, user: SessionUser, request: Request, order: { kind: string; id: string; shop: string }, status: number, detail: Record<string, unknown>) {
  return recordAudit({ action, actor: actorOf(user), request: requestInfo(request.headers), order: { kind: order.kind, id: order.id, shop: order.shop || undefined }, status, detail });
}

/**
 * `answer`, with a request it refuses before it reads anything (an unknown shop, a bad id or
 * version: a 400) audited too, with the order as asked: every attempt is in the trail.
 */
async function refusalAudited(action: AuditAction, user: SessionUser, request: Request, kind: OrderKind, id: string, answer: () => Promise<Response>): Promise<Response> {
  try {
    return await answer();
  } catch (error) {
    if (error instanceof AppError && error.status === 400) {
      await audit(action, user, request, { kind, id, shop: new URL(request.url).searchParams.get('shop') ?? '' }, 400, { refused: error.code });
    }
    throw error;
  }
}

/**
 * Where a version's bytes came from, said when it differs from the version before's: an order
 * `query_list` listed (one element of a list answer) or `order/get`'s answer. Alone, when nothing
 * else differs: the same order, told by the other API (its bytes differ: docs/history.md).
 */
function apiChange(row: VersionRow, older: VersionRow, changes: OrderChange[]): OrderChange[] {
  const listed = listElementOf(row.request) !== null;
  if (listed === (listElementOf(older.request) !== null)) return changes;
  const words = listed
    ? changes.length === 0
      ? { en: 'Same content, from the order list (query_list)', zh: '内容相同，来自订单列表（query_list）' }
      : { en: 'From the order list (query_list)', zh: '来自订单列表（query_list）' }
    : changes.length === 0
      ? { en: 'Same content, from the order lookup (order/get)', zh: '内容相同，来自订单查询（order/get）' }
      : { en: 'From the order lookup (order/get)', zh: '来自订单查询（order/get）' };
  return [{ key: 'api', ...words, raw: [] }, ...changes];
}

function viewOf(row: VersionRow, older: VersionRow | undefined): OrderVersionView {
  const after = readAnswer(row.kind, row.body, row.firstSeenAt, row.request);
  const before = older ? readAnswer(older.kind, older.body, older.firstSeenAt, older.request) : null;
  return {
    id: row.id.toString(),
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    via: row.via,
    bytes: row.body.byteLength,
    sha256: row.sha256,
    changes: !after || (older && !before) ? null : before && older ? apiChange(row, older, describeChanges(before, after)) : [],
  };
}

/** An order's newest versions (at most VERSIONS_SHOWN), newest first, each with what changed from the one before. */
export async function historyOf(kind: string, shop: string, id: string): Promise<{ views: OrderVersionView[]; newest: VersionRow | undefined }> {
  // One more than shown: the oldest shown is compared with the one before it.
  const rows = await versionsOf(kind, shop, id, VERSIONS_SHOWN + 1);
  return { views: rows.slice(0, VERSIONS_SHOWN).map((row, i) => viewOf(row, rows[i + 1])), newest: rows[0] };
}

/** `GET /api/orders/{kind}/{id}/history[?shop=]`: the order's versions, newest first, each with what changed; audited as `order.history`. */
export function historyAnswer(request: Request, user: SessionUser, kind: OrderKind, id: string): Promise<Response> {
  return refusalAudited('order.history', user, request, kind, id, async () => {
    const order = orderOf(request, kind, id);
    const { views } = await historyOf(order.kind, order.shop, order.id);
    await audit('order.history', user, request, order, 200, { versions: views.length });
    const body: OrderHistory = { versions: views };
    return jsonOk(body);
  });
}

/**
 * `GET /api/orders/{kind}/{id}/evidence[?shop=][&version=]`: one version as a JSON file staff can
 * attach to a dispute (docs/history.md): the answer exactly as received and its SHA-256, the call
 * (without the token), the app, when and for which audited lookup it came, and Order Desk's reading
 * of it, marked as ours. Audited as `order.evidence`, a refusal included.
 */
export function evidenceAnswer(request: Request, user: SessionUser, kind: OrderKind, id: string): Promise<Response> {
  return refusalAudited('order.evidence', user, request, kind, id, () => evidenceFile(request, user, kind, id));
}

async function evidenceFile(request: Request, user: SessionUser, kind: OrderKind, id: string): Promise<Response> {
  const order = orderOf(request, kind, id);
  const versionId = versionParam(request);
  const row = await versionOf(order.kind, order.shop, order.id, versionId);
  if (!row) {
    await audit('order.evidence', user, request, order, 404, { version: versionId?.toString() ?? 'newest' });
    throw noVersion();
  }
  await audit('order.evidence', user, request, order, 200, { version: row.id.toString(), sha256: row.sha256 });
  const file = await evidenceOf(row, order);
  const name = `order-evidence-${kind}-${id.replace(/[^A-Za-z0-9_-]/g, '_')}-v${row.id}.json`;
  return new Response(`${JSON.stringify(file, null, 2)}\n`, {
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
  });
}

async function evidenceOf(row: VersionRow, order: { kind: string; id: string; shop: string }) {
  const entries = await database()
    .select({ id: auditLog.id, at: auditLog.at, action: auditLog.action, userEmail: auditLog.userEmail, requestId: auditLog.requestId })
    .from(auditLog)
    .where(inArray(auditLog.id, [row.auditId ?? -1n, row.lastAuditId ?? -1n]));
  const entry = (auditId: bigint | null) => {
    const found = entries.find((e) => e.id === auditId);
    return found ? { id: found.id.toString(), at: found.at.toISOString(), action: found.action, user: found.userEmail, requestId: found.requestId } : { id: auditId?.toString() ?? null, kept: false };
  };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(row.body);
  const exactText = Buffer.from(text, 'utf8').equals(Buffer.from(row.body));
  const reading = readAnswer(row.kind, row.body, row.firstSeenAt, row.request);
  const element = listElementOf(row.request);
  return {
    about: element
      ? {
          en: `What WeChat said of this order, kept by Order Desk byte for byte: ONE ELEMENT OF A LIST ANSWER, not a whole answer. \`answer.body\` is element ${element.index} (counted from 0) of \`${element.list}\` in WeChat's answer to the order list call in \`wechat.request\` (query_list: its spuId, offset and limit), exactly as received; the rest of that answer (errcode, total, the other orders) is not in this file. \`answer.sha256\` is the SHA-256 of these bytes (UTF-8). \`orderDeskReading\` is Order Desk's reading of them, not WeChat's words.`,
          zh: `微信对此订单的表述，由 Order Desk 按原始字节保存：这是列表应答中的一个元素，并非完整应答。\`answer.body\` 是 \`wechat.request\` 中订单列表调用（query_list：其 spuId、offset 与 limit）的应答里 \`${element.list}\` 的第 ${element.index} 个元素（从 0 计），与收到时完全一致；该应答的其余部分（errcode、total 及其他订单）不在此文件中。\`answer.sha256\` 为这些字节（UTF-8）的 SHA-256。\`orderDeskReading\` 是 Order Desk 的解读，并非微信原文。`,
        }
      : {
          en: "What WeChat answered for this order, kept by Order Desk byte for byte. `answer.body` is the answer exactly as received; `answer.sha256` is the SHA-256 of its bytes (UTF-8). `orderDeskReading` is Order Desk's reading of it, not WeChat's words.",
          zh: '微信对此订单的应答，由 Order Desk 按原始字节保存。`answer.body` 即收到的原文；`answer.sha256` 为其字节（UTF-8）的 SHA-256。`orderDeskReading` 是 Order Desk 的解读，并非微信原文。',
        },
    order: { kind: order.kind, id: order.id, shop: order.kind === 'shop' ? { id: order.shop, name: shopName(order.shop) } : null },
    version: { id: row.id.toString(), firstReceivedAt: row.firstSeenAt.toISOString(), lastReceivedAt: row.lastSeenAt.toISOString(), via: row.via, lastVia: row.lastVia },
    wechat: { appId: row.appId, request: row.request },
    answer: {
      ...(element ? { part: { of: 'query_list', list: element.list, element: element.index } } : {}),
      body: text,
      ...(exactText ? {} : { base64: Buffer.from(row.body).toString('base64') }),
      bytes: row.body.byteLength,
      sha256: sha256Of(row.body),
    },
    audit: { firstReceivedBy: { ...entry(row.auditId), requestId: entry(row.auditId).requestId ?? row.requestId }, lastReceivedBy: entry(row.lastAuditId) },
    orderDeskReading: { ours: true, note: { en: "Order Desk's reading of the answer above (normalised order and labels), as of when it was received.", zh: 'Order Desk 对上述应答的解读（规范化的订单与标签），以收到时为准。' }, order: reading?.order ?? null },
    generatedAt: new Date().toISOString(),
  };
}
