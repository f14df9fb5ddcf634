import 'server-only';
import { z } from 'zod';
import type { LedgerAnswer, LedgerDayView, LedgerFigure, LedgerOrderView, LedgerPurchaseDayView } from '@/lib/api/contract';
import { recordAudit, type AuditAction } from '@/lib/audit/record';
import type { SessionUser } from '@/lib/auth/access';
import { actorOf } from '@/lib/auth/principal';
import { serverEnv } from '@/lib/env/server';
import { AppError, type Bilingual } from '@/lib/errors';
import { indexWritten } from '@/lib/order-index/store';
import { requestInfo } from '@/lib/request-info';
import { shiftDay } from '@/lib/query/ledger-range';
import { shops } from '@/lib/shops';
import { column, csvOf, exportLocale, say, xlsxOf, type Column, type ExportContext, type SheetOf } from '@/lib/text/sheets';
import { dayIn } from './movements';
import { ledgerPrepared } from './store';
import { decodeCursor, ledgerFor, ledgerMovementsIn, ledgerOrders, type LedgerRange, type SyncFacts } from './query';

/**
 * GET /api/ledger, /api/ledger/orders, /api/ledger.csv and /api/ledger.xlsx (finance and admin:
 * `orders.list`). Each answer is audited as the /orders list and its CSV are: a view as
 * `orders.list`, a download as `orders.export`, with what was asked (`ledger` in the detail).
 */

const MAX_DAYS = 366;
const DEFAULT_DAYS = 30;

const invalid = (message: Bilingual) =>
  new AppError({ code: 'invalid_request', message, action: { en: 'Use days like 2026-01-31 and a shop Order Desk serves.', zh: '日期格式如 2026-01-31，店铺须为本系统已配置的店铺。' } });

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day 'YYYY-MM-DD' that exists (2026-02-30 does not), from 2000 to 2100. */
function checkedDay(name: string, value: string): string {
  const parsed = z.iso.date().safeParse(value);
  if (!DAY.test(value) || !parsed.success || value < '2000-01-01' || value > '2100-12-31') {
    throw invalid({ en: `${name} must be a day like 2026-01-31 (from 2000 to 2100), not “${value.slice(0, 40)}”.`, zh: `${name} 须为形如 2026-01-31 的日期（2000 至 2100 年），而不是“${value.slice(0, 40)}”。` });
  }
  return value;
}

function checkedShop(value: string | null): string[] {
  const all = shops().map((s) => s.id);
  if (value === null || value === '') return all;
  if (!all.includes(value)) throw invalid({ en: `There is no shop “${value.slice(0, 64)}”; the shops are: ${all.join(', ')}.`, zh: `没有店铺“${value.slice(0, 64)}”；已配置的店铺：${all.join('、')}。` });
  return [value];
}

const spanOf = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** The range a request asks for: `from`/`to` (default: the last 30 days to today in ORDER_DESK_TIMEZONE) and `shop`. */
export function rangeOf(params: URLSearchParams, zone: string, now = new Date()): LedgerRange {
  const get = (key: string) => {
    const value = params.get(key);
    return value === null || value === '' ? null : value;
  };
  const fromText = get('from');
  const toText = get('to');
  const to = toText === null ? (fromText === null ? dayIn(now, zone) : shiftDay(checkedDay('from', fromText), DEFAULT_DAYS - 1)) : checkedDay('to', toText);
  const from = fromText === null ? shiftDay(to, -(DEFAULT_DAYS - 1)) : checkedDay('from', fromText);
  // An end worked out from the other (30 days on or back) must be a day in bounds as well.
  if (toText === null) checkedDay('to', to);
  if (fromText === null) checkedDay('from', from);
  if (from > to) throw invalid({ en: `from (${from}) is after to (${to}).`, zh: `起始日期（${from}）晚于结束日期（${to}）。` });
  const span = spanOf(from, to);
  if (span > MAX_DAYS) throw invalid({ en: `That is ${span} days; a ledger covers at most ${MAX_DAYS}.`, zh: `所选范围为 ${span} 天；账目最多覆盖 ${MAX_DAYS} 天。` });
  return { from, to, shops: checkedShop(params.get('shop')) };
}

function syncFacts(): SyncFacts {
  const env = serverEnv();
  return { on: env.ORDER_DESK_SYNC === 'on', refreshDays: env.ORDER_DESK_SYNC_REFRESH_DAYS, serviceProvider: (env.WECHAT_SP_SPU_IDS ?? '').trim() !== '' };
}

async function audit(action: AuditAction, user: SessionUser, request: Request, detail: Record<string, unknown>, status = 200, extra: Record<string, unknown> = {}): Promise<void> {
  await recordAudit({ action, actor: actorOf(user), request: requestInfo(request.headers), status, detail: { ledger: detail, ...extra } });
}

/** A request refused for its input is audited too, with its 400, what it asked (its query, cut short) and why, as history's refusals are. */
async function refusalAudited(action: AuditAction, user: SessionUser, request: Request, answer: () => Promise<Response>): Promise<Response> {
  try {
    return await answer();
  } catch (error) {
    if (error instanceof AppError && error.status === 400) await audit(action, user, request, { query: new URL(request.url).search.slice(0, 200) }, 400, { refused: error.code });
    throw error;
  }
}

/** Before reading: this server's start-up work on the ledger done, and what its lookups left waiting written to the index (and the ledger). */
async function ready(): Promise<void> {
  await ledgerPrepared();
  await indexWritten();
}

const rangeDetail = (range: LedgerRange, shop: string | null) => ({ from: range.from, to: range.to, ...(shop ? { shop } : {}) });

/** `GET /api/ledger?from&to&shop` → LedgerAnswer. */
export function ledgerAnswer(request: Request, user: SessionUser): Promise<Response> {
  return refusalAudited('orders.list', user, request, async () => {
    const zone = serverEnv().ORDER_DESK_TIMEZONE;
    const params = new URL(request.url).searchParams;
    const range = rangeOf(params, zone);
    await audit('orders.list', user, request, rangeDetail(range, params.get('shop')));
    await ready();
    return Response.json((await ledgerFor(range, zone, syncFacts())) satisfies LedgerAnswer);
  });
}

const FIGURES: readonly LedgerFigure[] = ['paid', 'refunded', 'refund-in-progress', 'shared', 'purchases'];

/** `GET /api/ledger/orders?day&shop&figure&cursor` → LedgerOrdersAnswer (100 a page). */
export function ledgerOrdersAnswer(request: Request, user: SessionUser): Promise<Response> {
  return refusalAudited('orders.list', user, request, async () => {
    const zone = serverEnv().ORDER_DESK_TIMEZONE;
    const params = new URL(request.url).searchParams;
    const figure = params.get('figure') ?? '';
    if (!(FIGURES as readonly string[]).includes(figure)) throw invalid({ en: `figure must be one of ${FIGURES.join(', ')}.`, zh: `figure 须为 ${FIGURES.join('、')} 之一。` });
    const day = checkedDay('day', params.get('day') ?? '');
    const shopParam = params.get('shop');
    let shop = '';
    if (figure !== 'purchases') {
      if (!shopParam) throw invalid({ en: 'shop is needed for this figure.', zh: '此数字须指定店铺（shop）。' });
      shop = checkedShop(shopParam)[0]!;
    } else if (shopParam) checkedShop(shopParam); // purchases are on no shop, but a shop named must be one
    const cursorText = params.get('cursor');
    const after = cursorText ? decodeCursor(cursorText) : null;
    if (cursorText && !after) throw invalid({ en: 'That cursor is not one this list gave.', zh: '该 cursor 不是此列表给出的。' });
    await audit('orders.list', user, request, { day, figure, ...(shop ? { shop } : {}) });
    await ready();
    return Response.json(await ledgerOrders({ day, shop, figure: figure as LedgerFigure, after }, zone));
  });
}

type OrderRow = LedgerOrderView & { day: string; figure: LedgerFigure };

const FIGURE_NAMES: Record<LedgerFigure, Bilingual> = {
  paid: { en: 'Paid', zh: '收款' },
  refunded: { en: 'Refunded', zh: '退款' },
  'refund-in-progress': { en: 'Refund in progress', zh: '退款中' },
  shared: { en: 'Shared', zh: '分账' },
  purchases: { en: 'Service-provider purchase', zh: '服务商采购' },
};

const STATES: Record<LedgerDayView['completeness']['state'], Bilingual> = {
  synced: { en: 'Synced', zh: '已同步' },
  partial: { en: 'Partly synced', zh: '部分同步' },
  'sync-off': { en: 'Sync off: looked-up orders only', zh: '同步未开启：仅含已查询的订单' },
};

/** A row of the Days sheet: a shop's day, or the service provider's purchases that day (shop blank). */
type DayLine = { day: string; shop: LedgerDayView | null; purchase: LedgerPurchaseDayView | null };

const yesNo = (value: boolean, c: ExportContext) => say(value ? { en: 'yes', zh: '是' } : { en: 'no', zh: '否' }, c);

/** The Days sheet (and the CSV's default rows): one row per day and shop, then one per day for the purchases. */
const dayColumns = (zone: string): Array<Column<DayLine>> => [
  column('text', 12, `Day (${zone})`, `日期（${zone}）`, (r) => r.day),
  column('id', 16, 'Shop', '店铺', (r) => r.shop?.shop ?? ''),
  column('integer', 10, 'Paid (count)', '收款笔数', (r) => r.shop?.paidCount),
  column('money', 16, 'Paid', '收款金额', (r) => r.shop?.paidFen),
  column('integer', 10, 'Refunded (count)', '退款笔数', (r) => r.shop?.refundedCount),
  column('money', 16, 'Refunded', '退款金额', (r) => r.shop?.refundedFen),
  column('money', 16, 'Refunds in progress at the end of the day', '日终退款中金额', (r) => r.shop?.refundInProgressFen),
  column('integer', 10, 'Shared (count)', '分账笔数', (r) => r.shop?.sharedCount),
  column('money', 16, 'Shared', '分账金额', (r) => r.shop?.sharedFen),
  column('money', 16, 'Net (paid − refunded)', '净额（收款 − 退款）', (r) => r.shop?.netFen),
  column('integer', 10, 'Service-provider purchases (count)', '服务商采购笔数', (r) => r.purchase?.count),
  column('money', 16, 'Service-provider purchases', '服务商采购金额', (r) => r.purchase?.fen),
  column('text', 10, 'Complete', '是否完整', (r, c) => yesNo((r.shop?.complete ?? r.purchase?.complete) === true, c)),
  column('text', 24, 'Completeness', '完整性', (r, c) => (r.shop ? say(STATES[r.shop.completeness.state], c) : '')),
  column('time', 26, 'All its windows synced at', '全部窗口同步于', (r) => r.shop?.completeness.syncedAt ?? null),
];

const orderColumns: Array<Column<OrderRow>> = [
  column('text', 12, 'Day', '日期', (r) => r.day),
  column('text', 20, 'Figure', '项目', (r, c) => say(FIGURE_NAMES[r.figure], c)),
  column('text', 16, 'Kind', '类型', (r) => r.kind),
  column('id', 16, 'Shop', '店铺', (r) => r.shop),
  column('id', 34, 'Order', '订单号', (r) => r.orderId),
  column('id', 34, 'Refund or sharing id', '退款或分账单号', (r) => r.movementId),
  column('money', 16, 'Amount', '金额', (r) => r.amountFen),
  column('time', 26, 'At', '时间', (r) => r.at),
  column('id', 14, 'WeChat result', '微信结果', (r) => r.result),
];

async function* listed<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/**
 * `GET /api/ledger.csv?from&to&shop[&rows=orders]` and `/api/ledger.xlsx`: the days (a shop's,
 * then the service provider's purchases as shop-less rows with their count and amount in the paid
 * columns), and the movements behind them; headings in the reader's language, times in
 * ORDER_DESK_TIMEZONE with its offset, ids as text, fen exact.
 */
export function ledgerDownload(format: 'csv' | 'xlsx', request: Request, user: SessionUser): Promise<Response> {
  return refusalAudited('orders.export', user, request, async () => {
    const zone = serverEnv().ORDER_DESK_TIMEZONE;
    const params = new URL(request.url).searchParams;
    const range = rangeOf(params, zone);
    const rows = params.get('rows') ?? 'days';
    if (format === 'csv' && rows !== 'days' && rows !== 'orders') throw invalid({ en: 'rows must be days or orders.', zh: 'rows 须为 days 或 orders。' });
    await audit('orders.export', user, request, { ...rangeDetail(range, params.get('shop')), format, ...(format === 'csv' ? { rows } : {}) });
    await ready();
    const answer = await ledgerFor(range, zone, syncFacts());
    const days: DayLine[] = [...answer.days.map((d) => ({ day: d.day, shop: d, purchase: null })), ...answer.purchases.days.map((p) => ({ day: p.day, shop: null, purchase: p }))];
    const context = { locale: exportLocale(request), timeZone: zone };
    const stream =
      format === 'csv'
        ? rows === 'orders'
          ? csvOf(orderColumns, ledgerMovementsIn(range, zone), context)
          : csvOf(dayColumns(zone), listed(days), context)
        : xlsxOf(
            [
              { name: { en: 'Days', zh: '每日' }, columns: dayColumns(zone), rows: () => listed(days) } satisfies SheetOf<DayLine>,
              { name: { en: 'Orders', zh: '订单' }, columns: orderColumns, rows: () => ledgerMovementsIn(range, zone) } satisfies SheetOf<OrderRow>,
            ] as Array<SheetOf<unknown>>,
            context,
          );
    const name = `order-desk-ledger-${range.from}-${range.to}${rows === 'orders' && format === 'csv' ? '-orders' : ''}.${format}`;
    return new Response(stream, {
      headers: {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="${name}"`,
      },
  });
  });
}
