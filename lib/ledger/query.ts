import 'server-only';
import { TZDate } from '@date-fns/tz';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '@/lib/db';
import { dayStart } from '@/lib/order-index/listing';
import { purchasesComplete, shopDayCompleteness, type SourceFacts } from './completeness';
import type { LedgerAnswer, LedgerCompleteness, LedgerDayView, LedgerFigure, LedgerOrderView, LedgerOrdersAnswer, LedgerPurchaseDayView, LedgerTotals } from '@/lib/api/contract';

/**
 * Reading the ledger: the per-day sums of a range (ledger_day, a few rows a day), what was in
 * progress before the range (one sum of the deltas before `from`), what has no day, and each day's
 * completeness from sync's windows. Nothing here reads the orders themselves but `ledgerOrders`.
 */

export interface LedgerRange {
  from: string;
  to: string;
  /** The shops the rows cover (already checked). */
  shops: string[];
}

export interface SyncFacts {
  on: boolean;
  refreshDays: number;
  /** Whether sync lists the service provider's purchases (WECHAT_SP_SPU_IDS). */
  serviceProvider: boolean;
}

/** The days from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** An instant as ISO-8601 with the zone's offset (`2026-12-06T00:30:00.000+08:00`). */
export const isoIn = (at: Date | string, zone: string) => new TZDate(typeof at === 'string' ? new Date(at) : at, zone).toISOString();

const inList = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

interface DayRow {
  day: string;
  shop: string;
  paid_count: string;
  paid_fen: string;
  refunded_count: string;
  refunded_fen: string;
  refund_open_fen: string;
  shared_count: string;
  shared_fen: string;
  purchase_count: string;
  purchase_fen: string;
}

export async function ledgerFor(range: LedgerRange, zone: string, sync: SyncFacts): Promise<LedgerAnswer> {
  const { from, to, shops } = range;
  const all = [...shops, ''];
  const [rows, before, unplacedRows, completeness] = await Promise.all([
    queryRows<DayRow>(sql`
      select day::text as day, shop, paid_count::text, paid_fen::text, refunded_count::text, refunded_fen::text, refund_open_fen::text,
             shared_count::text, shared_fen::text, purchase_count::text, purchase_fen::text
      from ledger_day where day >= ${from}::date and day <= ${to}::date and shop in (${inList(all)})`),
    queryRows<{ shop: string; fen: string }>(sql`
      select shop, sum(refund_open_fen)::text as fen from ledger_day where day < ${from}::date and shop in (${inList(shops)}) group by shop`),
    queryRows<{ figure: string; n: string; fen: string }>(sql`
      select figure, count(*)::text as n, sum(amount_fen)::text as fen from ledger_movement
      where day is null and counts and shop in (${inList(shops)}) and figure in ('paid', 'refund', 'shared') group by figure`),
    completenessOf(range, zone, sync),
  ]);
  const byKey = new Map(rows.map((r) => [`${r.day}\u0000${r.shop}`, r]));
  const open = new Map(shops.map((s) => [s, 0n]));
  for (const b of before) open.set(b.shop, BigInt(b.fen ?? '0'));
  const days: LedgerDayView[] = [];
  const totals = { paidCount: 0, paidFen: 0n, refundedCount: 0, refundedFen: 0n, sharedCount: 0, sharedFen: 0n };
  const purchaseDays: LedgerPurchaseDayView[] = [];
  let purchaseCount = 0;
  let purchaseFen = 0n;
  for (const day of daysOf(from, to)) {
    for (const shop of shops) {
      const r = byKey.get(`${day}\u0000${shop}`);
      const running = open.get(shop)! + BigInt(r?.refund_open_fen ?? '0');
      open.set(shop, running);
      const paidFen = BigInt(r?.paid_fen ?? '0');
      const refundedFen = BigInt(r?.refunded_fen ?? '0');
      const sharedFen = BigInt(r?.shared_fen ?? '0');
      const c = completeness.shop(shop, day);
      days.push({
        day,
        shop,
        paidCount: Number(r?.paid_count ?? 0),
        paidFen: paidFen.toString(),
        refundedCount: Number(r?.refunded_count ?? 0),
        refundedFen: refundedFen.toString(),
        refundInProgressFen: running.toString(),
        sharedCount: Number(r?.shared_count ?? 0),
        sharedFen: sharedFen.toString(),
        netFen: (paidFen - refundedFen).toString(),
        complete: c.state === 'synced',
        completeness: c,
      });
      totals.paidCount += Number(r?.paid_count ?? 0);
      totals.paidFen += paidFen;
      totals.refundedCount += Number(r?.refunded_count ?? 0);
      totals.refundedFen += refundedFen;
      totals.sharedCount += Number(r?.shared_count ?? 0);
      totals.sharedFen += sharedFen;
    }
    const p = byKey.get(`${day}\u0000`);
    const count = Number(p?.purchase_count ?? 0);
    const fen = BigInt(p?.purchase_fen ?? '0');
    purchaseDays.push({ day, count, fen: fen.toString(), complete: completeness.purchases(day) });
    purchaseCount += count;
    purchaseFen += fen;
  }
  const inProgress = shops.reduce((sum, s) => sum + open.get(s)!, 0n);
  const ledgerTotals: LedgerTotals = {
    paidCount: totals.paidCount,
    paidFen: totals.paidFen.toString(),
    refundedCount: totals.refundedCount,
    refundedFen: totals.refundedFen.toString(),
    refundInProgressFen: inProgress.toString(),
    sharedCount: totals.sharedCount,
    sharedFen: totals.sharedFen.toString(),
    netFen: (totals.paidFen - totals.refundedFen).toString(),
  };
  const u = (figure: string) => unplacedRows.find((r) => r.figure === figure);
  return {
    from,
    to,
    timezone: zone,
    shops,
    days,
    totals: ledgerTotals,
    purchases: { days: purchaseDays, count: purchaseCount, fen: purchaseFen.toString() },
    unplaced: {
      paidCount: Number(u('paid')?.n ?? 0),
      paidFen: u('paid')?.fen ?? '0',
      refundedCount: Number(u('refund')?.n ?? 0),
      refundedFen: u('refund')?.fen ?? '0',
      sharedCount: Number(u('shared')?.n ?? 0),
      sharedFen: u('shared')?.fen ?? '0',
    },
  };
}

interface Completeness {
  shop(shop: string, day: string): LedgerCompleteness;
  purchases(day: string): boolean;
}

/**
 * Each day's completeness (docs/ledger.md, "Completeness"). A shop's day is 'synced' when sync's
 * windows of that shop run unbroken, every one done, from at or before the day's start to at or
 * after its end (sync_source.synced_through, set when a run ends), and no order the shop's sync
 * listed still waits for its first look; `syncedAt` is the latest `done_at` of the windows that
 * overlap the day. Purchases: the service provider's last run that ended without a failure
 * started after the day ended.
 */
async function completenessOf(range: LedgerRange, zone: string, sync: SyncFacts): Promise<Completeness> {
  const refreshDays = sync.refreshDays;
  if (!sync.on) {
    const off: LedgerCompleteness = { state: 'sync-off', syncedAt: null, refreshDays };
    return { shop: () => off, purchases: () => false };
  }
  const sources = range.shops.map((s) => `shop:${s}`);
  const start = dayStart(range.from, zone);
  const end = dayStart(range.to, zone, 1);
  const [sourceRows, windows] = await Promise.all([
    queryRows<{ source: string; synced_through: string | Date | null; first_begin: string | Date | null; waiting: boolean }>(sql`
      select s.source, s.synced_through,
             (select min(begins_at) from sync_window w where w.source = s.source) as first_begin,
             exists (select 1 from sync_order o where o.source = s.source and o.looked_at is null) as waiting
      from sync_source s where s.source in (${inList([...sources, 'service-provider'])})`),
    queryRows<{ source: string; begins_at: string | Date; ends_at: string | Date; done_at: string | Date | null }>(sql`
      select source, begins_at, ends_at, done_at from sync_window
      where source in (${inList(sources)}) and status = 'done' and begins_at < ${end.toISOString()}::timestamptz and ends_at > ${start.toISOString()}::timestamptz`),
  ]);
  const time = (v: string | Date | null) => (v === null ? null : new Date(v).getTime());
  const facts = new Map<string, SourceFacts>(sourceRows.map((r) => [r.source, { through: time(r.synced_through), first: time(r.first_begin), waiting: r.waiting, windows: [] }]));
  for (const w of windows) facts.get(w.source)?.windows.push({ begins: time(w.begins_at)!, ends: time(w.ends_at)!, done: time(w.done_at) });
  const memo = new Map<string, LedgerCompleteness>();
  return {
    shop(shop, day) {
      const key = `${shop}\u0000${day}`;
      let known = memo.get(key);
      if (!known) memo.set(key, (known = shopDayCompleteness(facts.get(`shop:${shop}`), dayStart(day, zone).getTime(), dayStart(day, zone, 1).getTime(), zone, refreshDays)));
      return known;
    },
    purchases: (day) => sync.serviceProvider && purchasesComplete(facts.get('service-provider'), dayStart(day, zone, 1).getTime()),
  };
}

export const PAGE_SIZE = 100;

const FIGURES: Record<Exclude<LedgerFigure, 'refund-in-progress'>, string> = { paid: 'paid', refunded: 'refund', shared: 'shared', purchases: 'purchase' };

/** The cursor: the last row's order id and movement id, as base64url JSON. */
const encodeCursor = (orderId: string, movementId: string) => Buffer.from(JSON.stringify([orderId, movementId])).toString('base64url');
export function decodeCursor(cursor: string): [string, string] | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // No control characters: an id never has them, and PostgreSQL refuses a NUL in text (a 500, not a 400).
    return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string' && v.length <= 200 && !/\p{Cc}/u.test(v)) ? (value as [string, string]) : null;
  } catch {
    return null;
  }
}

interface MovementRow {
  kind: string;
  shop: string;
  order_id: string;
  movement_id: string;
  figure: string;
  amount_fen: string;
  at: string | Date | null;
  result: string | null;
}

/** The movements behind one figure of one day (and shop): 100 a page, by order id then movement id. */
export async function ledgerOrders(q: { day: string; shop: string; figure: LedgerFigure; after: [string, string] | null }, zone: string, pageSize = PAGE_SIZE): Promise<LedgerOrdersAnswer> {
  const after = q.after ? sql`and (order_id, movement_id) > (${q.after[0]}, ${q.after[1]})` : sql``;
  const where: SQL =
    q.figure === 'refund-in-progress'
      ? sql`figure = 'refund' and shop = ${q.shop} and open_from <= ${q.day}::date and (open_until is null or open_until > ${q.day}::date)`
      : sql`day = ${q.day}::date and shop = ${q.figure === 'purchases' ? '' : q.shop} and figure = ${FIGURES[q.figure]} and counts`;
  const at = q.figure === 'refund-in-progress' ? sql`open_from_at` : sql`at`;
  const rows = await queryRows<MovementRow>(sql`
    select kind, shop, order_id, movement_id, figure, amount_fen::text as amount_fen, ${at} as at, result
    from ledger_movement where ${where} ${after}
    order by order_id, movement_id limit ${pageSize + 1}`);
  const page = rows.slice(0, pageSize);
  const items = page.map(
    (r): LedgerOrderView => ({
      kind: r.kind === 'service-provider' ? 'service-provider' : 'shop',
      shop: r.shop,
      orderId: r.order_id,
      movementId: r.movement_id === '' ? null : r.movement_id,
      amountFen: r.amount_fen,
      at: r.at === null ? null : isoIn(new Date(r.at), zone),
      result: r.result,
    }),
  );
  const last = page.at(-1);
  return { items, nextCursor: rows.length > pageSize && last ? encodeCursor(last.order_id, last.movement_id) : null };
}

/** Every movement behind the days of a range (the downloads' Orders rows), in day, shop, figure order. */
export async function* ledgerMovementsIn(range: LedgerRange, zone: string): AsyncGenerator<LedgerOrderView & { day: string; figure: LedgerFigure }> {
  let after: [string, string, string, string, string] | null = null;
  const all = [...range.shops, ''];
  for (;;) {
    const cursor: SQL = after ? sql`and (day, shop, figure, order_id, movement_id) > (${after[0]}::date, ${after[1]}, ${after[2]}, ${after[3]}, ${after[4]})` : sql``;
    const rows: Array<MovementRow & { day: string }> = await queryRows(sql`
      select day::text as day, kind, shop, order_id, movement_id, figure, amount_fen::text as amount_fen, at, result
      from ledger_movement where day >= ${range.from}::date and day <= ${range.to}::date and counts and shop in (${inList(all)}) ${cursor}
      order by day, shop, figure, order_id, movement_id limit 1000`);
    for (const r of rows) {
      const figure: LedgerFigure = r.figure === 'refund' ? 'refunded' : r.figure === 'purchase' ? 'purchases' : (r.figure as LedgerFigure);
      yield { day: r.day, figure, kind: r.kind === 'service-provider' ? 'service-provider' : 'shop', shop: r.shop, orderId: r.order_id, movementId: r.movement_id || null, amountFen: r.amount_fen, at: r.at === null ? null : isoIn(new Date(r.at), zone), result: r.result };
    }
    const last = rows.at(-1);
    if (!last || rows.length < 1000) return;
    after = [last.day, last.shop, last.figure, last.order_id, last.movement_id];
  }
}
