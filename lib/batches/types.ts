/**
 * The shapes a batch is made of, shared by the engine (lib/batches/engine.ts), the input
 * reader (lib/batches/input.ts), the exports (lib/batches/export.ts) and the pages.
 */
import type { Bilingual } from '@/lib/errors';
import type { OrderKind } from '@/lib/orders/ids';
import type { ServiceProviderOrder } from '@/lib/orders/service-provider';
import type { ShopOrder } from '@/lib/orders/shop';

/** How the ids of a batch are read: each by the search box's rules, or all as one kind. */
export type BatchKindChoice = 'auto' | OrderKind;

/**
 * Where a batch's ids came from, as a kind: the page names the batch by it in the reader's
 * language ("Pasted", the file's name, the needs-attention recheck), never by stored words.
 */
export type BatchOrigin = 'paste' | 'file' | 'recheck';

/** A batch stored before its origin was (null): read from its source, as it was then written. */
export function originOf(stored: string | null, source: string): BatchOrigin {
  if (stored === 'paste' || stored === 'file' || stored === 'recheck') return stored;
  return source === 'paste' ? 'paste' : source === 'needs attention' ? 'recheck' : 'file';
}

export type BatchStatus = 'queued' | 'running' | 'paused' | 'done' | 'cancelled';

/**
 * `pending` until looked up; `invalid` ids are never sent to WeChat. `not-found`: WeChat answered
 * without an order; `parameter-error`: WeChat answered errcode 10120002 ("parameter error"), which is
 * how, as far as is known, it reports an order it cannot find, but not proof of it (docs/wechat-api.md).
 */
export type ItemOutcome = 'pending' | 'found' | 'not-found' | 'parameter-error' | 'failed' | 'invalid';

/** One id as read from a paste or a file, before validation. */
export interface InputEntry {
  /** The text as found (a cell's or a line's), trimmed. */
  raw: string;
  /** 1-based line or row number in what was pasted or uploaded, for messages. */
  row: number;
  /** From a shop column, when the file has one. */
  shop?: string;
  /**
   * How an XLSX cell stored the value (absent for a paste or a CSV, which carry text only).
   * Excel's own types are where ids get mangled: a `number` cell has lost leading zeros and
   * every digit beyond the 15th; a `date`, boolean or error cell (`other`) is no id at all.
   */
  cellType?: 'text' | 'number' | 'date' | 'other';
}

/** An id that will not be looked up, and why (shown in the preview and the Problems sheet). */
export interface InvalidEntry {
  raw: string;
  row: number;
  reason: Bilingual;
}

/** A batch's ids after validation: what runs, what merged, what was refused. */
export interface PreparedBatch {
  valid: Array<{ kind: OrderKind; id: string; row: number; shop?: string }>;
  /** How many entries repeated an id already in `valid` (same kind, shop and id). */
  duplicates: number;
  invalid: InvalidEntry[];
}

/** One row of a batch's results, as the exports and the results table read it. */
export interface BatchItemResult {
  /** Order of the id in the input (0-based), which the exports keep. */
  position: number;
  /** The line or row it came from in the paste or file (`InputEntry.row`); the exports show it, else position + 1. */
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

/** A batch's id: a UUID, which is all the pages and routes accept. */
export function isBatchId(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
}
