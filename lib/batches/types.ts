/**
 * The shapes a batch is made of, shared by the engine (lib/batches/engine.ts), the input
 * reader (lib/batches/input.ts), the exports (lib/batches/export.ts) and the pages.
 */
import type { BatchOrigin, InvalidEntry } from '@/lib/api/contract';
import type { OrderKind } from '@/lib/orders/ids';

/** What the API answers of a batch is declared with the rest of the HTTP contract. */
export type { BatchItemResult, BatchKindChoice, BatchOrigin, BatchStatus, InvalidEntry, ItemOutcome } from '@/lib/api/contract';

/** A batch stored before its origin was (null): read from its source, as it was then written. */
export function originOf(stored: string | null, source: string): BatchOrigin {
  if (stored === 'paste' || stored === 'file' || stored === 'recheck') return stored;
  return source === 'paste' ? 'paste' : source === 'needs attention' ? 'recheck' : 'file';
}

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

/** A batch's ids after validation: what runs, what merged, what was refused. */
export interface PreparedBatch {
  valid: Array<{ kind: OrderKind; id: string; row: number; shop?: string }>;
  /** How many entries repeated an id already in `valid` (same kind, shop and id). */
  duplicates: number;
  invalid: InvalidEntry[];
}

/** A batch's id: a UUID, which is all the pages and routes accept. */
export function isBatchId(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
}
