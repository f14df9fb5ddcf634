import {
  batchStatuses,
  itemOutcomes,
  type BatchItemResult,
  type BatchItemView,
  type BatchKindChoice,
  type BatchView,
  type ItemOutcome,
  type MoneyTotals,
} from '@/lib/api/contract';
import type { OrderKind } from '@/lib/orders/ids';
import type { BatchRow, ItemRow, OutcomeCounts } from './store';
import { isBilingual, isRecord } from '@/lib/stored-json';
import { originOf } from './types';

/**
 * Batch rows as the API answers them (lib/api/contract.ts): the one place their text and jsonb
 * columns are read as the contract's types. A value the code never writes is a fault of the
 * data, named, rather than passed on to a page under a type it does not have.
 */

const kindChoices: readonly BatchKindChoice[] = ['auto', 'service-provider', 'shop'];
const orderKinds: readonly OrderKind[] = ['service-provider', 'shop'];

function oneOf<T extends string>(values: readonly T[], value: string, column: string): T {
  const found = values.find((v) => v === value);
  if (found === undefined) throw new Error(`${column} holds ${JSON.stringify(value)}, none of ${values.join(', ')}`);
  return found;
}

/**
 * What a paused (or stopped) batch keeps (lib/batches/engine.ts): the words in both languages,
 * WeChat's errcode, more as written; answered as stored, every key in the database's order.
 */
function pausedReasonOf(value: unknown): BatchView['pausedReason'] | undefined {
  return isBilingual(value) ? value : undefined;
}

export interface BatchFacts {
  counts: OutcomeCounts;
  /** Items answered in the last `paceWindowSeconds`. */
  recent: number;
  paceWindowSeconds: number;
  /** Null for the list of batches, which leaves them out. */
  totals: MoneyTotals | null;
}

export function toBatchView(row: BatchRow, { counts, recent, paceWindowSeconds, totals }: BatchFacts): BatchView {
  const pending = counts.pending + counts.looking;
  const total = pending + counts.found + counts['not-found'] + counts['parameter-error'] + counts.failed + counts.invalid;
  const perSecond = Math.round((recent / paceWindowSeconds) * 10) / 10;
  const status = oneOf(batchStatuses, row.status, 'batch.status');
  const running = status === 'running' || status === 'queued';
  const pausedReason = pausedReasonOf(row.pausedReason);
  return {
    id: row.id,
    status,
    kind: oneOf(kindChoices, row.kindChoice, 'batch.kind_choice'),
    shop: row.shop,
    source: row.source,
    origin: originOf(row.origin, row.source),
    total,
    done: total - pending,
    pending,
    found: counts.found,
    notFound: counts['not-found'],
    parameterError: counts['parameter-error'],
    failed: counts.failed,
    invalid: counts.invalid,
    duplicates: row.duplicates,
    ...(pausedReason ? { pausedReason } : {}),
    ...(row.pausedUntil ? { pausedUntil: row.pausedUntil.toISOString() } : {}),
    createdBy: row.createdByEmail,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    perSecond,
    secondsLeft: running && pending > 0 && perSecond > 0 ? Math.ceil(pending / perSecond) : running && pending === 0 ? 0 : null,
    totals,
  };
}

/** An item being looked up right now (`looking`) is still pending to anyone reading it. */
function outcomeOf(stored: string): ItemOutcome {
  return stored === 'looking' ? 'pending' : oneOf(itemOutcomes, stored, 'batch_item.outcome');
}

export function toItemResult(row: ItemRow): BatchItemResult {
  return {
    position: row.position,
    row: row.row,
    input: row.input,
    kind: row.kind === null ? null : oneOf(orderKinds, row.kind, 'batch_item.kind'),
    shop: row.shop,
    outcome: outcomeOf(row.outcome),
    // The normalised order (lib/orders) the engine kept from WeChat's answer, as it kept it.
    order: isRecord(row.order) ? (row.order as unknown as BatchItemResult['order']) : null,
    errcode: row.errcode,
    // Why it was not found, failed or was refused, in the words the engine kept (lib/batches/engine.ts).
    problem: isRecord(row.problem) ? (row.problem as unknown as BatchItemResult['problem']) : null,
    lookedUpAt: row.lookedUpAt?.toISOString() ?? null,
  };
}

export function toItemView(row: ItemRow): BatchItemView {
  return { ...toItemResult(row), row: row.row };
}
