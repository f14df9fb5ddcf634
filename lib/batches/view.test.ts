import { describe, expect, it } from 'vitest';
import type { BatchRow, ItemRow, OutcomeCounts } from './store';
import { toBatchView, toItemView } from './view';

const row: BatchRow = {
  id: '8aeacff8-0b08-4489-bf32-b19a7fc2b323',
  status: 'paused',
  kindChoice: 'shop',
  shop: 'default',
  source: 'needs attention',
  origin: null,
  duplicates: 2,
  createdById: 'u1',
  createdByEmail: 'finance@demo.local',
  createdByRole: 'finance',
  createdAt: new Date('2026-01-02T03:04:05.678Z'),
  startedAt: new Date('2026-01-02T03:04:06.000Z'),
  finishedAt: null,
  pausedReason: { en: 'Quota', errcode: 45009, zh: '额度', action: { en: 'Wait', zh: '等待' } },
  pausedUntil: null,
};
const counts: OutcomeCounts = { pending: 3, looking: 1, found: 5, 'not-found': 1, 'parameter-error': 1, failed: 0, invalid: 2 };

describe('a batch row as the API answers it', () => {
  it('narrows its text columns, counts an item being looked up as pending, and keeps a stored reason as stored', () => {
    const view = toBatchView(row, { counts, recent: 5, paceWindowSeconds: 10, totals: null });
    expect(view).toMatchObject({ status: 'paused', kind: 'shop', origin: 'recheck', total: 13, done: 9, pending: 4, perSecond: 0.5, secondsLeft: null, createdAt: '2026-01-02T03:04:05.678Z' });
    // The same object, every key (action too) in the order the database keeps: the bytes scripts read.
    expect(view.pausedReason).toBe(row.pausedReason);
    expect(toBatchView({ ...row, status: 'running' }, { counts, recent: 5, paceWindowSeconds: 10, totals: null }).secondsLeft).toBe(8);
  });

  it('names a status or kind the code never writes, rather than passing it on as one it knows', () => {
    expect(() => toBatchView({ ...row, status: 'halted' }, { counts, recent: 0, paceWindowSeconds: 10, totals: null })).toThrow('batch.status holds "halted"');
    expect(() => toBatchView({ ...row, kindChoice: 'refund' }, { counts, recent: 0, paceWindowSeconds: 10, totals: null })).toThrow('batch.kind_choice holds "refund"');
  });
});

describe('an item row as the API answers it', () => {
  const item: ItemRow = {
    batchId: row.id,
    position: 4,
    row: 7,
    input: '522346',
    kind: 'shop',
    shop: 'default',
    outcome: 'looking',
    order: null,
    errcode: null,
    problem: null,
    claimedAt: new Date(),
    lookedUpAt: null,
    attempts: 1,
    notBefore: null,
    busyRetries: 0,
    interrupted: 0,
    askedById: null,
  };

  it('is pending while being looked up, with its keys in the order GET /api/batches/{id}/items answers them', () => {
    expect(JSON.stringify(toItemView(item))).toBe('{"position":4,"row":7,"input":"522346","kind":"shop","shop":"default","outcome":"pending","order":null,"errcode":null,"problem":null,"lookedUpAt":null}');
  });

  it('names an outcome or kind the code never writes', () => {
    expect(() => toItemView({ ...item, outcome: 'lost' })).toThrow('batch_item.outcome holds "lost"');
    expect(() => toItemView({ ...item, kind: 'refund' })).toThrow('batch_item.kind holds "refund"');
  });
});
