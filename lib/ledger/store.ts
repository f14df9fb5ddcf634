import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { database, queryRows, withSharedLock, type Db } from '@/lib/db';
import { ledgerMovement } from '@/lib/db/schema';
import { serverEnv } from '@/lib/env/server';
import { log } from '@/lib/log';
import type { ServiceProviderOrder } from '@/lib/orders/service-provider';
import type { ShopOrder } from '@/lib/orders/shop';
import { dayDeltas, movementsOf, placed, type DayDelta, type MovementFigure, type PlacedMovement } from './movements';

/** A transaction (or the database itself) the ledger writes in. */
export type Executor = Pick<Db, 'execute' | 'insert'>;

/** One indexed order as its index row was just written: the ledger follows it in the same transaction. */
export interface LedgerOrderInput {
  kind: string;
  shop: string;
  orderId: string;
  /** The index row's last_seen_at. */
  seenAt: Date;
  order: ShopOrder | ServiceProviderOrder;
}

const values = (rows: SQL[]) => sql.join(rows, sql`, `);

/**
 * Replaces the movements of `orders` (their index rows written in this same transaction) and moves
 * the per-day sums by the difference. Rows are taken in a fixed order (the orders by key, the sums
 * by day and shop), so two servers writing the same orders or days wait for each other and never
 * deadlock; a delta is added to the row as it is then (`x = x + delta`), so none is lost.
 */
export async function writeLedger(tx: Executor, orders: readonly LedgerOrderInput[], zone = serverEnv().ORDER_DESK_TIMEZONE): Promise<void> {
  if (orders.length === 0) return;
  const sorted = [...orders].sort((a, b) => compareKeys(a, b));
  for (let i = 0; i < sorted.length; i += 200) await writeChunk(tx, sorted.slice(i, i + 200), zone);
}

const compareKeys = (a: { kind: string; shop: string; orderId: string }, b: { kind: string; shop: string; orderId: string }) =>
  a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.shop < b.shop ? -1 : a.shop > b.shop ? 1 : a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0;

async function writeChunk(tx: Executor, orders: readonly LedgerOrderInput[], zone: string): Promise<void> {
  const keys = values(orders.map((o) => sql`(${o.kind}, ${o.shop}, ${o.orderId})`));
  const before = await takeOut(tx, keys);
  const after: PlacedMovement[] = [];
  const rows: Array<typeof ledgerMovement.$inferInsert> = [];
  for (const o of orders) {
    let movements;
    try {
      movements = movementsOf(o.order);
    } catch (error) {
      // A stored summary Order Desk cannot read (an older shape): the order holds no movements until its next lookup.
      log.warn({ err: error, order: o.orderId.slice(0, 64) }, 'ledger could not read an order');
      continue;
    }
    for (const m of movements) {
      const p = placed(m, o.shop, zone);
      after.push(p);
      rows.push({
        kind: o.kind,
        shop: o.shop,
        orderId: o.orderId,
        figure: m.figure,
        movementId: m.movementId,
        amountFen: m.amountFen,
        at: m.at ? new Date(m.at) : null,
        day: p.day,
        counts: m.counts,
        result: m.result,
        openFromAt: m.open ? new Date(m.open.from) : null,
        openFrom: p.openFrom,
        openUntilAt: m.open?.until ? new Date(m.open.until) : null,
        openUntil: p.openUntil,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 500) await tx.insert(ledgerMovement).values(rows.slice(i, i + 500));
  await tx.execute(sql`
    insert into ledger_order (kind, shop, order_id, seen_at)
    values ${values(orders.map((o) => sql`(${o.kind}, ${o.shop}, ${o.orderId}, ${o.seenAt.toISOString()}::timestamptz)`))}
    on conflict (kind, shop, order_id) do update set seen_at = excluded.seen_at`);
  await addToDays(tx, dayDeltas(before, after));
}

/** Deletes the movements of the orders `keys` lists (`(kind, shop, order_id)` rows), answering them as the sums knew them. */
async function takeOut(tx: Executor, keys: SQL): Promise<PlacedMovement[]> {
  const old = await queryRows<{ shop: string; figure: MovementFigure; amount_fen: string; day: string | null; counts: boolean; open_from: string | null; open_until: string | null }>(
    sql`delete from ledger_movement where (kind, shop, order_id) in (values ${keys})
        returning shop, figure, amount_fen::text as amount_fen, day::text as day, counts, open_from::text as open_from, open_until::text as open_until`,
    tx,
  );
  return old.map((m) => ({ shop: m.shop, figure: m.figure, amountFen: BigInt(m.amount_fen), day: m.day, counts: m.counts, openFrom: m.open_from, openUntil: m.open_until }));
}

/** Adds each delta to its (day, shop) row, taken in the deltas' order (sorted by dayDeltas). */
async function addToDays(tx: Executor, deltas: readonly DayDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const n = (v: bigint) => sql`${v.toString()}::numeric`;
  await tx.execute(sql`
    insert into ledger_day (day, shop, paid_count, paid_fen, refunded_count, refunded_fen, refund_open_fen, shared_count, shared_fen, purchase_count, purchase_fen)
    values ${values(
      deltas.map(
        (d) =>
          sql`(${d.day}::date, ${d.shop}, ${d.paidCount}::bigint, ${n(d.paidFen)}, ${d.refundedCount}::bigint, ${n(d.refundedFen)}, ${n(d.refundOpenFen)}, ${d.sharedCount}::bigint, ${n(d.sharedFen)}, ${d.purchaseCount}::bigint, ${n(d.purchaseFen)})`,
      ),
    )}
    on conflict (day, shop) do update set
      paid_count = ledger_day.paid_count + excluded.paid_count,
      paid_fen = ledger_day.paid_fen + excluded.paid_fen,
      refunded_count = ledger_day.refunded_count + excluded.refunded_count,
      refunded_fen = ledger_day.refunded_fen + excluded.refunded_fen,
      refund_open_fen = ledger_day.refund_open_fen + excluded.refund_open_fen,
      shared_count = ledger_day.shared_count + excluded.shared_count,
      shared_fen = ledger_day.shared_fen + excluded.shared_fen,
      purchase_count = ledger_day.purchase_count + excluded.purchase_count,
      purchase_fen = ledger_day.purchase_fen + excluded.purchase_fen`);
}

/**
 * Orders leaving the index (retention): their movements leave the ledger in the same transaction,
 * and the sums lose them.
 */
export async function forgetOrders(tx: Executor, keys: ReadonlyArray<{ kind: string; shop: string; orderId: string }>): Promise<void> {
  const sorted = [...keys].sort(compareKeys);
  for (let i = 0; i < sorted.length; i += 500) {
    const chunk = sorted.slice(i, i + 500);
    const list = values(chunk.map((k) => sql`(${k.kind}, ${k.shop}, ${k.orderId})`));
    const before = await takeOut(tx, list);
    await tx.execute(sql`delete from ledger_order where (kind, shop, order_id) in (values ${list})`);
    await addToDays(tx, dayDeltas(before, []));
  }
}

const BACKFILL_CHUNK = 500;

/**
 * At start: the ledger follows ORDER_DESK_TIMEZONE (rebuilt when it changed) and takes in every
 * indexed order it does not hold yet (those indexed before it shipped), a chunk of 500 orders a
 * transaction, each index row locked (FOR UPDATE) so a lookup writing the same order waits. Once
 * done it notes `backfilled`, and later starts skip the search. Servers sharing a PostgreSQL take
 * turns (a shared lock). Returns the orders taken in.
 */
export function prepareLedger(zone = serverEnv().ORDER_DESK_TIMEZONE): Promise<number> {
  const work = prepare(zone);
  globalForLedger.orderDeskLedgerPrepared = work.then(
    () => undefined,
    () => undefined,
  );
  return work;
}

// One per process: Next's bundles each hold a copy of this module.
const globalForLedger = globalThis as unknown as { orderDeskLedgerPrepared?: Promise<void> };

/**
 * Resolves once this server's start-up work on the ledger is over (at once if it did none): the
 * ledger's readers wait for it, so they never answer from half a backfill or a rebuild.
 */
export function ledgerPrepared(): Promise<void> {
  return globalForLedger.orderDeskLedgerPrepared ?? Promise.resolve();
}

async function prepare(zone: string): Promise<number> {
  return withSharedLock('ledger-prepare', async () => {
    await followTimezone(zone);
    const [done] = await queryRows<{ value: string }>(sql`select value from ledger_setting where key = 'backfilled'`);
    if (done) return 0;
    let taken = 0;
    let after: { kind: string; shop: string; orderId: string } | undefined;
    for (;;) {
      const n = await database().transaction(async (tx) => {
        const rows = await queryRows<{ kind: string; shop: string; order_id: string; last_seen_at: string | Date; summary: ShopOrder | ServiceProviderOrder }>(
          sql`select oi.kind, oi.shop, oi.order_id, oi.last_seen_at, oi.summary from order_index oi
              where ${after ? sql`(oi.kind, oi.shop, oi.order_id) > (${after.kind}, ${after.shop}, ${after.orderId}) and ` : sql``}
                not exists (select 1 from ledger_order lo where lo.kind = oi.kind and lo.shop = oi.shop and lo.order_id = oi.order_id)
              order by oi.kind, oi.shop, oi.order_id limit ${BACKFILL_CHUNK} for update of oi`,
          tx,
        );
        await writeLedger(
          tx,
          rows.map((r) => ({ kind: r.kind, shop: r.shop, orderId: r.order_id, seenAt: new Date(r.last_seen_at), order: r.summary })),
          zone,
        );
        const last = rows.at(-1);
        if (last) after = { kind: last.kind, shop: last.shop, orderId: last.order_id };
        return rows.length;
      });
      taken += n;
      if (n < BACKFILL_CHUNK) break;
    }
    await database().execute(sql`insert into ledger_setting (key, value) values ('backfilled', ${new Date().toISOString()}) on conflict (key) do nothing`);
    if (taken > 0) log.info({ orders: taken }, 'ledger: orders indexed before it took in');
    return taken;
  });
}

/**
 * The ledger's days are days in ORDER_DESK_TIMEZONE. When the setting changed since the ledger was
 * last written, one transaction places every movement again in the new zone (PostgreSQL's
 * `at time zone`) and sums the days anew from the movements; lookups writing meanwhile wait for it.
 */
export async function followTimezone(zone: string): Promise<boolean> {
  return database().transaction(async (tx) => {
    await tx.execute(sql`lock table ledger_day in exclusive mode`);
    const [row] = await queryRows<{ value: string }>(sql`select value from ledger_setting where key = 'timezone'`, tx);
    if (row?.value === zone) return false;
    if (row) {
      await tx.execute(sql`lock table ledger_movement in exclusive mode`);
      await tx.execute(sql`
        update ledger_movement set
          day = (at at time zone ${zone})::date,
          open_from = (open_from_at at time zone ${zone})::date,
          open_until = (open_until_at at time zone ${zone})::date`);
      await tx.execute(sql`delete from ledger_day`);
      await tx.execute(sql`
        insert into ledger_day (day, shop, paid_count, paid_fen, refunded_count, refunded_fen, refund_open_fen, shared_count, shared_fen, purchase_count, purchase_fen)
        select day, shop, sum(paid_count), sum(paid_fen), sum(refunded_count), sum(refunded_fen), sum(refund_open_fen), sum(shared_count), sum(shared_fen), sum(purchase_count), sum(purchase_fen)
        from (
          select day, shop,
            count(*) filter (where figure = 'paid') as paid_count, coalesce(sum(amount_fen) filter (where figure = 'paid'), 0) as paid_fen,
            count(*) filter (where figure = 'refund') as refunded_count, coalesce(sum(amount_fen) filter (where figure = 'refund'), 0) as refunded_fen,
            0::numeric as refund_open_fen,
            count(*) filter (where figure = 'shared') as shared_count, coalesce(sum(amount_fen) filter (where figure = 'shared'), 0) as shared_fen,
            count(*) filter (where figure = 'purchase') as purchase_count, coalesce(sum(amount_fen) filter (where figure = 'purchase'), 0) as purchase_fen
          from ledger_movement where day is not null and counts group by day, shop
          union all
          select open_from, shop, 0, 0, 0, 0, sum(amount_fen), 0, 0, 0, 0 from ledger_movement where open_from is not null group by open_from, shop
          union all
          select open_until, shop, 0, 0, 0, 0, -sum(amount_fen), 0, 0, 0, 0 from ledger_movement where open_until is not null group by open_until, shop
        ) parts group by day, shop`);
      log.info({ from: row.value, to: zone }, 'ledger: days placed again in the new timezone');
    }
    await tx.execute(sql`insert into ledger_setting (key, value) values ('timezone', ${zone}) on conflict (key) do update set value = excluded.value`);
    return row !== undefined;
  });
}
