/**
 * The shapes of Order Desk's HTTP API, shared by the route handlers and the browser.
 * Money is integer fen as decimal strings; instants are ISO-8601 UTC strings.
 */
import type { Bilingual, ErrorBody } from '@/lib/errors';
import type { OrderChange } from '@/lib/orders/changes';
import type { OrderKind } from '@/lib/orders/ids';
import type { ServiceProviderOrder } from '@/lib/orders/service-provider';
import type { ShopOrder } from '@/lib/orders/shop';

/** Which of an order's ids a search matched. */
export const refKinds = ['transaction-id', 'combine-trade-no', 'refund-no', 'refund-id', 'sharing-no', 'sharing-id'] as const;
export type RefKind = (typeof refKinds)[number];
export type MatchedOn = 'trade-no' | 'order-id' | RefKind;

/** `GET /api/orders/{kind}/{id}` → 200 */
export interface LookupResponse<T> {
  order: T;
  /** WeChat's `order` object as received (integers beyond 2^53 as decimal strings). */
  raw: unknown;
  fetchedAt: string;
  /** The shop a shop order was looked up in (its id and name); absent for service-provider orders. */
  shop?: { id: string; name: string };
}

export type ServiceProviderLookup = LookupResponse<ServiceProviderOrder>;
export type ShopLookup = LookupResponse<ShopOrder>;
export type OrderLookup = ServiceProviderLookup | ShopLookup;

/** Any non-2xx answer. */
export interface ErrorResponse {
  error: ErrorBody;
}

/** One order a search found: `GET /api/search?q=…` answers a list of these. */
export interface SearchMatch {
  kind: OrderKind;
  /** The shop's id for shop orders; null for service-provider orders. */
  shop: string | null;
  /** The shop's name, for people; null for service-provider orders. */
  shopName: string | null;
  id: string;
  href: string;
  /** From the last lookup; null for an order Order Desk has not looked up. */
  state: string | null;
  /** The state in both languages, as the order page names it. */
  stateLabel: { en: string; zh: string } | null;
  amountFen: string | null;
  lastSeenAt: string | null;
  /** When WeChat's latest answer carried no order (the rest is the last good reading); null otherwise. */
  notFoundAt: string | null;
  /** That answer's errcode (10120002, "parameter error"); absent for errcode 0 without `order`. */
  notFoundErrcode?: number;
  matchedOn: MatchedOn;
  /** Set when this shop was asked for the trade number just now and WeChat's answer was an error (so the order may be there). */
  problem?: { en: string; zh: string };
}

/** `GET /api/search?q=…[&shop=]` → 200 */
export interface SearchAnswer {
  /** The query as searched: whitespace removed, full-width characters made ASCII. */
  query: string;
  matches: SearchMatch[];
  /** The shops a trade number was looked up in just now (several shops, none chosen); absent otherwise. */
  lookedUpIn?: { id: string; name: string }[];
  /**
   * When the query fits several kinds and WeChat was asked just now: each way it was asked, in
   * order (service provider, then each shop), and what WeChat said; the first found ends it.
   */
  tried?: Array<{ kind: OrderKind; shop: string | null; shopName: string | null; said: 'found' | 'not-found' | 'problem' }>;
}

/* The order index: what /orders and /orders/attention show, and GET /api/orders/attention. */

export const attentionReasons = ['refund-stuck', 'refund-failed', 'sharing-failed', 'sharing-overdue', 'closed-refund-pending', 'pack-usage', 'pack-expiring', 'result-unknown'] as const;
export type AttentionReason = (typeof attentionReasons)[number];

/** One order of the index as the pages show it, as of its last lookup (lib/order-index/view.ts reads it from the row). */
export interface IndexedOrderView {
  kind: OrderKind;
  /** The shop's id for shop orders; null for service-provider orders. */
  shop: string | null;
  orderId: string;
  /** The state's key (paid, refunded, …). */
  state: string;
  /** The state in both languages, as the order page named it at the last lookup; null when the index kept none. */
  stateLabel: Bilingual | null;
  amountFen: string;
  paidAt: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  /** How Order Desk first learned of the order: a person's lookup, a batch, or sync (null: before this was kept). */
  learnedBy: 'lookup' | 'batch' | 'sync' | null;
  /** When sync last read the order; null when it never has. */
  syncedAt: string | null;
  /** When WeChat's latest answer carried no order (the rest is the last good reading); null otherwise. */
  notFoundAt: string | null;
  /** That answer's errcode (10120002, "parameter error"); null for errcode 0 without `order`. */
  notFoundErrcode: number | null;
  /** A refund in progress, even one whose start WeChat did not give (`refundInProgressSince` null). */
  refundInProgress: boolean;
  refundInProgressSince: string | null;
  refundFailed: boolean;
  sharingFailed: boolean;
  sharingPossibleSince: string | null;
  /** The end of a resource pack's validity window, while the window applies. */
  validUntil: string | null;
}

/** An order of the needs-attention list, and why it is on it. */
export interface AttentionLine {
  order: IndexedOrderView;
  reasons: AttentionReason[];
}

/** `GET /api/orders/attention` → 200 */
export interface AttentionAnswer {
  orders: Array<{
    kind: OrderKind;
    shop: string | null;
    id: string;
    state: string;
    amountFen: string;
    reasons: AttentionReason[];
    lastSeenAt: string;
    /** WeChat's latest answer carried no order (errcode null: errcode 0 without `order`); the line is as of lastSeenAt. */
    problem: { at: string; errcode: number | null } | null;
  }>;
}

/* Batches: GET/POST /api/batches and /api/batches/{id}/… */

/** How the ids of a batch are read: each by the search box's rules, or all as one kind. */
export type BatchKindChoice = 'auto' | OrderKind;

/**
 * Where a batch's ids came from, as a kind: the page names the batch by it in the reader's
 * language ("Pasted", the file's name, the needs-attention recheck), never by stored words.
 */
export type BatchOrigin = 'paste' | 'file' | 'recheck';

export const batchStatuses = ['queued', 'running', 'paused', 'done', 'cancelled'] as const;
export type BatchStatus = (typeof batchStatuses)[number];

/**
 * `pending` until looked up; `invalid` ids are never sent to WeChat. `not-found`: WeChat answered
 * without an order; `parameter-error`: WeChat answered errcode 10120002 ("parameter error"), which is
 * how, as far as is known, it reports an order it cannot find, but not proof of it (docs/wechat-api.md).
 */
export const itemOutcomes = ['pending', 'found', 'not-found', 'parameter-error', 'failed', 'invalid'] as const;
export type ItemOutcome = (typeof itemOutcomes)[number];

/** Exact sums over the found orders, in fen, as decimal strings. */
export interface MoneyTotals {
  amountFen: string;
  refundedFen: string;
  refundingFen: string;
  sharedFen: string;
  remainingFen: string;
}

/** A batch as the API answers it (lib/batches/view.ts reads it from the row and its counts). */
export interface BatchView {
  id: string;
  status: BatchStatus;
  kind: BatchKindChoice;
  shop: string | null;
  /** The file's name for an upload; what the page calls the batch comes from `origin`. */
  source: string;
  origin: BatchOrigin;
  total: number;
  done: number;
  pending: number;
  found: number;
  notFound: number;
  /** Answered errcode 10120002 ("parameter error"): not counted as a proven "not found". */
  parameterError: number;
  failed: number;
  invalid: number;
  duplicates: number;
  /** Why it is paused (or why it was stopped), in both languages, with WeChat's errcode. */
  pausedReason?: { en: string; zh: string; errcode?: number };
  pausedUntil?: string;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Lookups answered per second over the last 10 s. */
  perSecond: number;
  /** At that pace; null when it cannot be told. */
  secondsLeft: number | null;
  /** Null in the list of batches. */
  totals: MoneyTotals | null;
}

/** One row of a batch's results, as the exports and the results table read it. */
export interface BatchItemResult {
  /** Order of the id in the input (0-based), which the exports keep. */
  position: number;
  /** The line or row it came from in the paste or file; the exports show it, else position + 1. */
  row?: number;
  /** The id as given. */
  input: string;
  /** Null for an id refused before lookup. */
  kind: OrderKind | null;
  shop: string | null;
  outcome: ItemOutcome;
  /** The normalised order when found. */
  order: ServiceProviderOrder | ShopOrder | null;
  errcode: number | null;
  /** Why it was not found, failed or was refused: the same words staff see on the order page. */
  problem: { message: Bilingual; action: Bilingual } | null;
  /** When WeChat answered (ISO-8601 UTC); null while pending or for invalid ids. */
  lookedUpAt: string | null;
}

/** One row of `GET /api/batches/{id}/items`: always with its input row. */
export type BatchItemView = BatchItemResult & { row: number };

/** An id that will not be looked up, and why (shown in the preview and the Problems sheet). */
export interface InvalidEntry {
  raw: string;
  row: number;
  reason: Bilingual;
}

/** `POST /api/batches?dryRun=1` → 200: what the batch would run; nothing starts. */
export interface BatchPreview {
  ids: number;
  duplicates: number;
  invalid: InvalidEntry[];
  /** The sheet an uploaded workbook was read from. */
  sheet?: string;
}

/** `GET /api/batches/{id}`, `POST /api/batches` (201) and `POST /api/batches/{id}/cancel|retry|resume` → */
export interface BatchAnswer {
  batch: BatchView;
}

/** `GET /api/batches` → 200: the user's batches (an admin's: everyone's), newest first, without money totals. */
export interface BatchListAnswer {
  batches: BatchView[];
}

/** `GET /api/batches/{id}/items?outcome=&cursor=&limit=` → 200 */
export interface BatchItemsPage {
  items: BatchItemView[];
  /** The `cursor` of the next page; null on the last. */
  nextCursor: number | null;
}

/** `POST /api/orders/attention/recheck` (JSON) → 201 for a new batch, 200 for the one running or none. */
export interface RecheckAnswer {
  batch: BatchView | null;
}

export type BatchAction = 'cancel' | 'retry' | 'resume';

/* The audit trail */

/** One entry of the audit trail as /admin/audit shows it (lib/audit/query.ts reads it from the row). */
export interface AuditEntryView {
  /** The entry's id (a bigint, as decimal digits); entries are in the order of their ids. */
  id: string;
  at: string;
  action: string;
  userEmail: string | null;
  userRole: string | null;
  /** The start of the API key the entry was made with; null when it was not made with one. */
  apiKeyStart: string | null;
  /** The kind as recorded (an old entry may name one Order Desk no longer knows). */
  orderKind: string | null;
  orderId: string | null;
  /** The order the entry names, when its kind and id are ones an order page opens. */
  order: { kind: OrderKind; id: string } | null;
  shop: string | null;
  /** The batch the entry was made for, if any. */
  batch: string | null;
  status: number | null;
  errcode: number | null;
  ip: string | null;
  requestId: string | null;
}

/** One change between two kept answers (lib/orders/changes.ts): in words, and the raw fields. */
export type { OrderChange, RawChange } from '@/lib/orders/changes';

/** One distinct answer WeChat gave for an order (lib/history). */
export interface OrderVersionView {
  id: string;
  firstSeenAt: string;
  lastSeenAt: string;
  /** The path that first received it: page, api, batch or sync. */
  via: string;
  /** The answer's size in bytes, and the SHA-256 of its bytes (hex). */
  bytes: number;
  sha256: string;
  /** What changed from the version before (empty for the oldest kept; null when Order Desk cannot read it). */
  changes: OrderChange[] | null;
}

/** `GET /api/orders/{kind}/{id}/history[?shop=]` → 200, newest first. */
export interface OrderHistory {
  versions: OrderVersionView[];
}

/* The ledger (issue 23; lib/ledger, GET /api/ledger, docs/ledger.md) */

/** One day (ORDER_DESK_TIMEZONE) and shop of the ledger. Fen are decimal strings (64-bit safe). */
export interface LedgerDayView {
  day: string; // 'YYYY-MM-DD'
  shop: string; // shop id (lib/shops)
  paidCount: number;
  paidFen: string; // orders paid that day, by pay_time
  refundedCount: number;
  refundedFen: string; // refunds that succeeded that day, by finish_time
  refundInProgressFen: string; // refunds in progress at the end of the day
  sharedCount: number;
  sharedFen: string; // profit sharing that succeeded that day
  netFen: string; // paidFen - refundedFen
  complete: boolean;
  completeness: LedgerCompleteness;
}
export interface LedgerCompleteness {
  /** 'synced': all the day's sync windows done; 'partial': some not yet; 'sync-off': only orders looked up count. */
  state: 'synced' | 'partial' | 'sync-off';
  /** When the last of the day's windows was synced (ISO with offset); null unless 'synced'. */
  syncedAt: string | null;
  /** ORDER_DESK_SYNC_REFRESH_DAYS: refunds of orders created more than this many days before the day count only when those orders were looked at again. */
  refreshDays: number;
}
export interface LedgerTotals {
  paidCount: number;
  paidFen: string;
  refundedCount: number;
  refundedFen: string;
  /** At the end of the last day of the range (not a sum over days). */
  refundInProgressFen: string;
  sharedCount: number;
  sharedFen: string;
  netFen: string;
}
export interface LedgerPurchaseDayView {
  day: string;
  count: number;
  fen: string;
  complete: boolean;
}
export interface LedgerAnswer {
  from: string;
  to: string;
  timezone: string; // e.g. 'Asia/Shanghai'
  shops: string[]; // the shops the rows cover
  days: LedgerDayView[]; // every day of the range x every shop, oldest first, zeros included
  totals: LedgerTotals;
  /** Service-provider purchases by finishPayTime, apart from the shops' money. */
  purchases: { days: LedgerPurchaseDayView[]; count: number; fen: string };
  /** Movements Order Desk cannot place on a day because WeChat gave no time (e.g. paid without pay_time, refund without finish_time): counted here, never guessed onto a day. */
  unplaced: { paidCount: number; paidFen: string; refundedCount: number; refundedFen: string; sharedCount: number; sharedFen: string };
}
export type LedgerFigure = 'paid' | 'refunded' | 'refund-in-progress' | 'shared' | 'purchases';
/** One order behind a figure. */
export interface LedgerOrderView {
  kind: 'shop' | 'service-provider';
  shop: string;
  orderId: string;
  /** The refund id or sharing id for those figures; null for payments and purchases. */
  movementId: string | null;
  amountFen: string;
  at: string | null; // ISO with offset
  result: string | null; // WeChat's result word as sent (SUCCESS, PROCESSING, ...), raw
}
export interface LedgerOrdersAnswer {
  items: LedgerOrderView[];
  nextCursor: string | null;
}
