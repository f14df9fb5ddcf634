import type { AttentionAnswer, AttentionLine, IndexedOrderView } from '@/lib/api/contract';
import type { orderIndex } from '@/lib/db/schema';
import type { Bilingual } from '@/lib/errors';
import type { OrderKind } from '@/lib/orders/ids';
import type { ShopOrder } from '@/lib/orders/shop';
import { isBilingual, isRecord } from '@/lib/stored-json';

/**
 * Index rows as the pages and the API see them (lib/api/contract.ts): the one place the row's
 * text and jsonb columns are read as the contract's types. No row leaves lib/.
 */
export type IndexRow = typeof orderIndex.$inferSelect;

function kindOf(stored: string): OrderKind {
  if (stored === 'shop' || stored === 'service-provider') return stored;
  throw new Error(`order_index.kind holds ${JSON.stringify(stored)}, neither shop nor service-provider`);
}

/** The normalised order the last lookup kept (lib/orders): a shop order's `state` or a service-provider order's `status`, in both languages. */
function stateLabelOf(summary: unknown): Bilingual | null {
  if (!isRecord(summary)) return null;
  const label = summary.state ?? summary.status;
  return isBilingual(label) ? { en: label.en, zh: label.zh } : null;
}

function learnedByOf(stored: string | null): IndexedOrderView['learnedBy'] {
  if (stored === null || stored === 'lookup' || stored === 'batch' || stored === 'sync') return stored;
  throw new Error(`order_index.learned_by holds ${JSON.stringify(stored)}, not lookup, batch or sync`);
}

const iso = (at: Date | null) => at?.toISOString() ?? null;

export function toIndexedOrderView(row: IndexRow): IndexedOrderView {
  const kind = kindOf(row.kind);
  return {
    kind,
    // '' in the row (part of its key) for a service-provider order.
    shop: row.shop || null,
    orderId: row.orderId,
    state: row.state,
    stateLabel: stateLabelOf(row.summary),
    amountFen: row.amountFen.toString(),
    paidAt: iso(row.paidAt),
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    learnedBy: learnedByOf(row.learnedBy),
    syncedAt: iso(row.syncedAt),
    notFoundAt: iso(row.notFoundAt),
    notFoundErrcode: row.notFoundErrcode,
    refundInProgress: row.refundInProgress,
    refundInProgressSince: iso(row.refundInProgressSince),
    refundFailed: row.refundFailed,
    sharingFailed: row.sharingFailed,
    sharingPossibleSince: iso(row.sharingPossibleSince),
    validUntil: iso(row.validUntil),
  };
}

/** What the CSV export reads of the normalised order beyond the view: the other ids, and a shop order's money. */
export function summaryFacts(row: IndexRow): { transactionId: string | null; combineTradeNo: string | null; shopOrder: ShopOrder | null } {
  const summary = isRecord(row.summary) ? row.summary : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    transactionId: text(summary.transactionId),
    combineTradeNo: text(summary.combineTradeNo),
    // Written by every lookup from lib/orders/shop.ts: the shop order as normalised then.
    shopOrder: row.kind === 'shop' && summary.kind === 'shop' ? (summary as unknown as ShopOrder) : null,
  };
}

/** `GET /api/orders/attention`: one line of the list, in the keys and order scripts read. */
export function attentionAnswerLine({ order: o, reasons }: AttentionLine): AttentionAnswer['orders'][number] {
  return {
    kind: o.kind,
    shop: o.shop,
    id: o.orderId,
    state: o.state,
    amountFen: o.amountFen,
    reasons,
    lastSeenAt: o.lastSeenAt,
    problem: o.notFoundAt ? { at: o.notFoundAt, errcode: o.notFoundErrcode } : null,
  };
}
