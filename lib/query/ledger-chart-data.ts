import type { LedgerDayView } from '@/lib/api/contract';
import { toBigInt } from '@/lib/orders/money';

/** The /ledger chart's series: payments and refunds per day, every shop of the answer added up. */
export interface LedgerChartData {
  days: string[];
  /** Exact fen per day, for the figures the chart names (its legend): never through a number. */
  paidFen: string[];
  refundedFen: string[];
  /**
   * Yuan per day as numbers, only to place the bars: a canvas draws at the precision of a pixel,
   * so beyond 2^53 fen a bar's height is as good as exact; no figure is ever read from these.
   */
  paidYuan: number[];
  refundedYuan: number[];
  /**
   * Whether bars are drawn on a logarithmic scale: when the largest day is more than LOG_RATIO
   * times the median of the days with money, a linear scale would show that day alone.
   */
  logScale: boolean;
}

export const LOG_RATIO = 100n;

export function ledgerChartData(rows: readonly LedgerDayView[]): LedgerChartData {
  const byDay = new Map<string, { paid: bigint; refunded: bigint }>();
  for (const row of rows) {
    const sums = byDay.get(row.day) ?? { paid: 0n, refunded: 0n };
    sums.paid += toBigInt(row.paidFen);
    sums.refunded += toBigInt(row.refundedFen);
    byDay.set(row.day, sums);
  }
  const days = [...byDay.keys()].sort();
  const sums = days.map((day) => byDay.get(day)!);
  const amounts = sums.flatMap((s) => [s.paid, s.refunded]).filter((fen) => fen > 0n).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const median = amounts[Math.floor((amounts.length - 1) / 2)] ?? 0n;
  const largest = amounts.at(-1) ?? 0n;
  return {
    logScale: median > 0n && largest > median * LOG_RATIO,
    days,
    paidFen: sums.map((s) => s.paid.toString()),
    refundedFen: sums.map((s) => s.refunded.toString()),
    paidYuan: sums.map((s) => Number(s.paid) / 100),
    refundedYuan: sums.map((s) => Number(s.refunded) / 100),
  };
}
