/**
 * An order's money movements as the ledger counts them (pure: no database, no clock). One
 * normalised order (lib/orders) in, its payment, refunds, profit sharing or purchase out, each at
 * the time WeChat gave for it; a movement without its time is kept with `at` null ("unplaced":
 * counted apart, never guessed onto a day). docs/ledger.md, "Each figure", says which readings
 * are ours.
 */
import type { ServiceProviderOrder } from '@/lib/orders/service-provider';
import type { ShopOrder } from '@/lib/orders/shop';
import { toBigInt } from '@/lib/orders/money';
import type { Instant } from '@/lib/orders/time';

export type MovementFigure = 'paid' | 'refund' | 'shared' | 'purchase';

export interface Movement {
  figure: MovementFigure;
  /** The refund's or sharing's id (refund_id, else refund_no; profit_sharing_id, else profit_sharing_no); '' for a payment or a purchase. */
  movementId: string;
  amountFen: bigint;
  /** When it counts (pay_time; a refund's or sharing's finish_time; finishPayTime); null: WeChat gave none. */
  at: Instant | null;
  /**
   * Whether it counts in its figure: always for a payment, a sharing and a purchase (only those
   * that happened are movements); for a refund, only one that succeeded ("refunded"). Every refund
   * is kept, for the days it was in progress.
   */
  counts: boolean;
  /** WeChat's result word as sent (refunds and sharing); null for a payment or a purchase. */
  result: string | null;
  /**
   * A refund's time in progress: from its request (create_time) until it finished (finish_time),
   * whatever the result; `until` null while it is still in progress. Null altogether when WeChat
   * gave no request time, or when the refund is over without a finish time (no span to place).
   */
  open: { from: Instant; until: Instant | null } | null;
}

export function movementsOf(order: ShopOrder | ServiceProviderOrder): Movement[] {
  return order.kind === 'shop' ? shopMovements(order) : purchaseMovements(order);
}

function shopMovements(order: ShopOrder): Movement[] {
  const movements: Movement[] = [];
  // Paid: pay_time, or a transaction_id without one (the normaliser's reading, "paid, time not
  // given"), whatever the state now: a refunded or even closed order was still paid that day.
  if (order.paidAt !== null || order.transactionId !== null) {
    movements.push({ figure: 'paid', movementId: '', amountFen: toBigInt(order.amountFen), at: order.paidAt, counts: true, result: null, open: null });
  }
  const ids = new Set<string>();
  const unique = (id: string) => {
    let candidate = id;
    for (let n = 2; ids.has(candidate); n++) candidate = `${id}#${n}`;
    ids.add(candidate);
    return candidate;
  };
  for (const refund of order.refunds) {
    const stillOpen = refund.outcome.key === 'in-progress';
    const open = refund.requestedAt && (stillOpen || refund.finishedAt) ? { from: refund.requestedAt, until: stillOpen ? null : refund.finishedAt } : null;
    movements.push({
      figure: 'refund',
      movementId: unique(refund.refundId || refund.refundNo),
      amountFen: toBigInt(refund.amountFen),
      at: refund.finishedAt,
      counts: refund.outcome.key === 'succeeded',
      result: refund.result,
      open,
    });
  }
  for (const sharing of order.profitSharing) {
    if (sharing.outcome.key !== 'succeeded') continue;
    movements.push({
      figure: 'shared',
      movementId: unique(sharing.profitSharingId || sharing.profitSharingNo),
      amountFen: toBigInt(sharing.amountFen),
      at: sharing.finishedAt,
      counts: true,
      result: sharing.result,
      open: null,
    });
  }
  return movements;
}

/** Statuses of a service-provider order that was paid: paid (2), refunding (5), refunded (6), refund failed (7). */
const PAID_STATUSES = new Set(['2', '5', '6', '7']);

function purchaseMovements(order: ServiceProviderOrder): Movement[] {
  // finishPayTime is sent once the order is paid; a paid status without it is a purchase with no time (unplaced).
  if (order.payment.paidAt === null && !PAID_STATUSES.has(String(order.status.code))) return [];
  return [{ figure: 'purchase', movementId: '', amountFen: toBigInt(order.priceFen), at: order.payment.paidAt, counts: true, result: null, open: null }];
}

/** 'YYYY-MM-DD' of an instant in `zone`. */
export function dayIn(instant: Instant | Date, zone: string): string {
  return dayFormat(zone).format(typeof instant === 'string' ? new Date(instant) : instant);
}

const formats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(zone, format);
  }
  return format;
}

/** What one movement adds to its day's sums (and to the days its refund was in progress). */
export interface DayDelta {
  day: string;
  shop: string;
  paidCount: number;
  paidFen: bigint;
  refundedCount: number;
  refundedFen: bigint;
  refundOpenFen: bigint;
  sharedCount: number;
  sharedFen: bigint;
  purchaseCount: number;
  purchaseFen: bigint;
}

const emptyDelta = (day: string, shop: string): DayDelta => ({
  day,
  shop,
  paidCount: 0,
  paidFen: 0n,
  refundedCount: 0,
  refundedFen: 0n,
  refundOpenFen: 0n,
  sharedCount: 0,
  sharedFen: 0n,
  purchaseCount: 0,
  purchaseFen: 0n,
});

/** The stored shape of a movement: what the sums need (days already in the ledger's zone). */
export interface PlacedMovement {
  shop: string;
  figure: MovementFigure;
  amountFen: bigint;
  day: string | null;
  counts: boolean;
  openFrom: string | null;
  openUntil: string | null;
}

export function placed(movement: Movement, shop: string, zone: string): PlacedMovement {
  return {
    shop,
    figure: movement.figure,
    amountFen: movement.amountFen,
    day: movement.at ? dayIn(movement.at, zone) : null,
    counts: movement.counts,
    openFrom: movement.open ? dayIn(movement.open.from, zone) : null,
    openUntil: movement.open?.until ? dayIn(movement.open.until, zone) : null,
  };
}

/**
 * The change to the per-day sums when an order's movements `before` become `after`: each sum
 * (day, shop) with what it gains and loses, sorted by day then shop (the order rows are taken in),
 * the ones that do not change left out.
 */
export function dayDeltas(before: readonly PlacedMovement[], after: readonly PlacedMovement[]): DayDelta[] {
  const deltas = new Map<string, DayDelta>();
  const at = (day: string, shop: string) => {
    const key = `${day}\u0000${shop}`;
    let delta = deltas.get(key);
    if (!delta) deltas.set(key, (delta = emptyDelta(day, shop)));
    return delta;
  };
  const apply = (m: PlacedMovement, sign: 1 | -1) => {
    const fen = m.amountFen * BigInt(sign);
    if (m.day && m.counts) {
      const d = at(m.day, m.shop);
      if (m.figure === 'paid') {
        d.paidCount += sign;
        d.paidFen += fen;
      } else if (m.figure === 'refund') {
        d.refundedCount += sign;
        d.refundedFen += fen;
      } else if (m.figure === 'shared') {
        d.sharedCount += sign;
        d.sharedFen += fen;
      } else {
        d.purchaseCount += sign;
        d.purchaseFen += fen;
      }
    }
    if (m.figure === 'refund' && m.openFrom) {
      at(m.openFrom, m.shop).refundOpenFen += fen;
      if (m.openUntil) at(m.openUntil, m.shop).refundOpenFen -= fen;
    }
  };
  for (const m of before) apply(m, -1);
  for (const m of after) apply(m, 1);
  const zero = (d: DayDelta) =>
    d.paidCount === 0 && d.paidFen === 0n && d.refundedCount === 0 && d.refundedFen === 0n && d.refundOpenFen === 0n && d.sharedCount === 0 && d.sharedFen === 0n && d.purchaseCount === 0 && d.purchaseFen === 0n;
  return [...deltas.values()].filter((d) => !zero(d)).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.shop < b.shop ? -1 : a.shop > b.shop ? 1 : 0));
}
