import type { LedgerAnswer, LedgerFigure, LedgerOrdersAnswer } from '@/lib/api/contract';
import { fetchJson } from './api-client';
import { withQuery } from './pages';

/**
 * Paths and query keys of the ledger (issue 23, docs/ledger.md), built here only.
 * `from`/`to`/`day` are 'YYYY-MM-DD' in ORDER_DESK_TIMEZONE; `shop` absent = every shop.
 */

export interface LedgerParams {
  from?: string | null;
  to?: string | null;
  shop?: string | null;
}

export interface LedgerOrdersParams {
  day: string;
  figure: LedgerFigure;
  /** Not needed for 'purchases'. */
  shop?: string | null;
  cursor?: string | null;
}

export const ledgerPagePath = '/ledger';
export const ledgerApiPath = '/api/ledger';
export const ledgerOrdersApiPath = '/api/ledger/orders';

function rangeQuery({ from, to, shop }: LedgerParams): URLSearchParams {
  const query = new URLSearchParams();
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  if (shop) query.set('shop', shop);
  return query;
}

/** `GET /api/ledger` → LedgerAnswer. */
export function ledgerPath(params: LedgerParams = {}): string {
  return withQuery(ledgerApiPath, rangeQuery(params));
}

/** `GET /api/ledger/orders` → LedgerOrdersAnswer: the orders behind one figure of one day (100 a page). */
export function ledgerOrdersPath({ day, figure, shop, cursor }: LedgerOrdersParams): string {
  const query = new URLSearchParams({ day, figure });
  if (shop) query.set('shop', shop);
  if (cursor) query.set('cursor', cursor);
  return withQuery(ledgerOrdersApiPath, query);
}

/** `GET /api/ledger.csv` (days; `rows: 'orders'` gives the orders behind them). */
export function ledgerCsvPath(params: LedgerParams & { rows?: 'days' | 'orders' } = {}): string {
  const query = rangeQuery(params);
  if (params.rows === 'orders') query.set('rows', 'orders');
  return withQuery('/api/ledger.csv', query);
}

/** `GET /api/ledger.xlsx` (sheets Days and Orders). */
export function ledgerXlsxPath(params: LedgerParams = {}): string {
  return withQuery('/api/ledger.xlsx', rangeQuery(params));
}

/** The ledger's query keys; `all` is the prefix of every other. */
export const ledgerKeys = {
  all: () => ['ledger'] as const,
  range: ({ from, to, shop }: LedgerParams) => ['ledger', 'range', from ?? null, to ?? null, shop ?? null] as const,
  orders: ({ day, figure, shop }: Omit<LedgerOrdersParams, 'cursor'>) => ['ledger', 'orders', day, figure, shop ?? null] as const,
};

export function fetchLedger(params: LedgerParams, signal?: AbortSignal): Promise<LedgerAnswer> {
  return fetchJson<LedgerAnswer>(ledgerPath(params), { signal: signal ?? null });
}

export function fetchLedgerOrders(params: LedgerOrdersParams, signal?: AbortSignal): Promise<LedgerOrdersAnswer> {
  return fetchJson<LedgerOrdersAnswer>(ledgerOrdersPath(params), { signal: signal ?? null });
}
