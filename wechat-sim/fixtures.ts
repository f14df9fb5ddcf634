/**
 * Orders the simulator knows, written from the two API documents (not from Order Desk's own
 * schemas, so a misreading in one is caught by the other). Values that are `bigint` are sent
 * as bare JSON numbers beyond 2^53, the way a 64-bit server would send them.
 */
export type Json = string | number | bigint | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** 2023-11-14 22:13:20 UTC = 2023-11-15 06:13:20 Asia/Shanghai. */
export const T0 = 1_700_000_000;
/** A date comfortably in the future for "not yet expired": 2099-01-01 00:00:00 UTC. */
export const FUTURE = 4_070_908_800;
/** 2024-03-01 00:00:00 Asia/Shanghai (2024-02-29 16:00 UTC): the midnight the ledger's orders sit around (tests/integration/ledger.test.ts). */
export const LEDGER_MIDNIGHT = 1_709_222_400;
const ms = (seconds: number) => seconds * 1000;

const product = (extra: JsonObject = {}): JsonObject => ({
  spSpuId: '10000111',
  spSkuId: '20000176',
  spBizId: 100100,
  spuName: 'SMS resource pack',
  skuName: '1,000 messages',
  skuCnt: 1,
  validityBeginTime: T0 + 15,
  validityEndTime: FUTURE,
  ...extra,
});

function spOrder(orderId: string, status: number, extra: JsonObject = {}): JsonObject {
  return withoutNulls({
    orderId,
    status,
    createTime: ms(T0) + 123,
    updateTime: ms(T0 + 3600) + 456,
    orderPrice: '19900',
    payInfo: { applyPayTime: T0 + 4, finishPayTime: T0 + 15 },
    orderProductInfo: product(),
    invoiceInfo: { invoiceStatus: 2, invoiceApplyTime: T0 + 29 },
    usage: { used: '120', all: '1000' },
    ...extra,
  });
}

/** `null` in a fixture means "WeChat leaves this field out". */
function withoutNulls(order: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(order).filter(([, v]) => v !== null));
}

const unpaid: JsonObject = { payInfo: { applyPayTime: T0 + 4 }, usage: null, invoiceInfo: null };
const MCHID = '1623426221';

export const serviceProviderOrders: Record<string, JsonObject> = {
  // The ledger's service-provider purchase (issue 23): finishPayTime 2024-03-01 00:00:30 Asia/Shanghai.
  'ledger-sp-purchase': spOrder('ledger-sp-purchase', 2, { createTime: ms(LEDGER_MIDNIGHT - 60), payInfo: { applyPayTime: LEDGER_MIDNIGHT - 30, finishPayTime: LEDGER_MIDNIGHT + 30 }, orderPrice: '19900' }),
  'ledger-sp-unpaid': spOrder('ledger-sp-unpaid', 1, { createTime: ms(LEDGER_MIDNIGHT - 60), payInfo: { applyPayTime: LEDGER_MIDNIGHT - 30 }, usage: null, invoiceInfo: null, orderPrice: '29900' }),
  // The document's example, its JSON repaired but its `validity` key kept as printed.
  DD2981741311549200000: {
    orderId: 'DD2981741311549200000',
    status: 2,
    createTime: 1687265841964,
    updateTime: 1687267671475,
    orderPrice: '1',
    payInfo: { applyPayTime: 1687265845, finishPayTime: 1687265856 },
    orderProductInfo: {
      spSpuId: '10000111',
      spSkuId: '20000176',
      skuCnt: 1,
      spBizId: 100100,
      spuName: 'spu name',
      skuName: 'sku name',
      validityBeginTime: 1687265856,
      validity: 1718801856,
    },
    invoiceInfo: { invoiceStatus: 2, invoiceApplyTime: 1687265870 },
    usage: { used: '0', all: '1000' },
  },
  DD1000000000000000001: spOrder('DD1000000000000000001', 1, unpaid),
  DD1000000000000000002: spOrder('DD1000000000000000002', 2),
  DD1000000000000000003: spOrder('DD1000000000000000003', 3, unpaid),
  DD1000000000000000005: spOrder('DD1000000000000000005', 5, { invoiceInfo: { invoiceStatus: 1, invoiceApplyTime: T0 + 29 } }),
  DD1000000000000000006: spOrder('DD1000000000000000006', 6, { invoiceInfo: { invoiceStatus: 3, invoiceApplyTime: T0 + 29 } }),
  DD1000000000000000007: spOrder('DD1000000000000000007', 7, { invoiceInfo: { invoiceStatus: 4, invoiceApplyTime: T0 + 29 } }),
  DD1000000000000000008: spOrder('DD1000000000000000008', 8, { invoiceInfo: { invoiceStatus: 7, invoiceApplyTime: T0 + 29 } }),
  DD1000000000000000009: spOrder('DD1000000000000000009', 9, unpaid),
  // 64-bit: the price is int64 max; usage beyond 2^53.
  DD1000000000000000010: spOrder('DD1000000000000000010', 2, {
    orderPrice: '9223372036854775807',
    usage: { used: '9007199254740993', all: '18014398509481984' },
  }),
  // Nearly used up, validity over, no invoice requested.
  DD1000000000000000011: spOrder('DD1000000000000000011', 2, {
    usage: { used: '950', all: '1000' },
    orderProductInfo: product({ validityEndTime: T0 + 86_400 * 30 }),
    invoiceInfo: null,
  }),
  // Text that must render as text.
  DD1000000000000000012: spOrder('DD1000000000000000012', 2, {
    orderProductInfo: product({ spuName: '<img src=x onerror=alert(1)>短信资源包', skuName: '<b>十万条</b> & "quotes"' }),
  }),
  // Validity that has not started yet, and a pack whose total is zero.
  DD1000000000000000013: spOrder('DD1000000000000000013', 2, {
    usage: { used: '0', all: '0' },
    orderProductInfo: product({ validityBeginTime: FUTURE - 86_400 * 365, validityEndTime: FUTURE }),
  }),
  // Awaiting payment and no payInfo at all (the document marks only finishPayTime as optional).
  DD1000000000000000014: spOrder('DD1000000000000000014', 1, { payInfo: null, usage: null, invoiceInfo: null }),
  // Every time zero: "none", never 1970.
  // Answered without `errmsg` (routes/order-answer.ts: withoutErrmsg), as the document's example is.
  DD1000000000000000016: spOrder('DD1000000000000000016', 2),
  DD1000000000000000015: spOrder('DD1000000000000000015', 2, {
    createTime: 0,
    updateTime: 0,
    payInfo: { applyPayTime: 0, finishPayTime: 0 },
    orderProductInfo: product({ validityBeginTime: 0, validityEndTime: 0 }),
    invoiceInfo: { invoiceStatus: 1, invoiceApplyTime: 0 },
  }),
};

interface Record_ {
  amount: number | bigint;
  create: number;
  finish?: number;
  result?: string;
  fail?: string;
}

const refund = (no: string, id: string, r: Record_): JsonObject => ({
  refund_no: no,
  refund_id: id,
  amount: r.amount,
  create_time: r.create,
  ...(r.finish === undefined ? {} : { finish_time: r.finish }),
  ...(r.result === undefined ? {} : { result: r.result }),
  ...(r.fail === undefined ? {} : { fail_reason: r.fail }),
});

/** `mchid` is the order's own merchant, as in the document's example; `null` is sent as null. */
const sharing = (no: string, id: string, mchid: string | null, r: Record_): JsonObject => ({
  profit_sharing_no: no,
  profit_sharing_id: id,
  mchid,
  amount: r.amount,
  create_time: r.create,
  ...(r.finish === undefined ? {} : { finish_time: r.finish }),
  ...(r.result === undefined ? {} : { result: r.result }),
  ...(r.fail === undefined ? {} : { fail_reason: r.fail }),
});

function shopOrder(tradeNo: string, extra: JsonObject = {}): JsonObject {
  return withoutNulls({
    trade_no: tradeNo,
    transaction_id: '4200001234202311150000000001',
    combine_trade_no: `C${tradeNo}`.slice(0, 32),
    mchid: MCHID,
    create_time: T0,
    update_time: T0 + 7200,
    pay_time: T0 + 60,
    expire_time: T0 + 86_400,
    amount: 10000,
    description: 'Annual membership',
    profit_sharing_delay: 30,
    profit_sharing_frozen: 0,
    ...extra,
  });
}

const refundId = (n: number) => `5030190136202311150000000${String(n).padStart(4, '0')}`;
const sharingId = (n: number) => `3000210791202311150000000${String(n).padStart(4, '0')}`;

export const shopOrders: Record<string, JsonObject> = {
  // The document's example, as printed (minus its trailing comma).
  '522346': {
    trade_no: '522346',
    transaction_id: '4302900974202204024351451925',
    combine_trade_no: '512346',
    mchid: '1623426221',
    create_time: 1648880172,
    update_time: 1648880485,
    pay_time: 1648880315,
    expire_time: 1651161600,
    amount: 1,
    description: '测试商品',
    refund_list: [
      refund('522347', '50301901362022040218937476250', { amount: 1, create: 1648880476, finish: 1648880483, result: 'SUCCESS' }),
    ],
    profit_sharing_list: [
      sharing('512341', '30002107912022040228952584675', '1623426221', {
        amount: 1,
        create: 1648880985,
        finish: 1648881016,
        result: 'SUCCESS',
      }),
    ],
    profit_sharing_delay: 30,
    profit_sharing_frozen: 0,
  },
  'shop-unpaid-001': shopOrder('shop-unpaid-001', { pay_time: null, transaction_id: null, expire_time: FUTURE, profit_sharing_delay: null, profit_sharing_frozen: null }),
  'shop-paid-001': shopOrder('shop-paid-001'),
  'shop-closed-001': shopOrder('shop-closed-001', { pay_time: null, transaction_id: null, close_status: 1, close_time: T0 + 1800 }),
  'shop-partial-001': shopOrder('shop-partial-001', {
    refund_list: [
      refund('R-partial-1', refundId(1), { amount: 3000, create: T0 + 600, finish: T0 + 660, result: 'SUCCESS' }),
      refund('R-partial-2', refundId(2), { amount: 2000, create: T0 + 900 }),
      refund('R-partial-3', refundId(3), { amount: 1000, create: T0 + 1200, finish: T0 + 1260, result: 'FAIL', fail: '余额不足 insufficient balance' }),
    ],
  }),
  'shop-refunded-001': shopOrder('shop-refunded-001', {
    refund_list: [
      refund('R-full-1', refundId(11), { amount: 4000, create: T0 + 600, finish: T0 + 660, result: 'SUCCESS' }),
      refund('R-full-2', refundId(12), { amount: 6000, create: T0 + 900, finish: T0 + 960, result: 'SUCCESS' }),
    ],
  }),
  'shop-sharing-001': shopOrder('shop-sharing-001', {
    profit_sharing_frozen: 1,
    profit_sharing_delay: 7,
    profit_sharing_list: [
      sharing('PS-1', sharingId(1), MCHID, { amount: 1500, create: T0 + 3000, finish: T0 + 3060, result: 'SUCCESS' }),
      sharing('PS-2', sharingId(2), MCHID, { amount: 500, create: T0 + 3100, result: 'PROCESSING' }),
      sharing('PS-3', sharingId(3), MCHID, { amount: 250, create: T0 + 3200, finish: T0 + 3260, result: 'FAIL', fail: 'receiver account abnormal 分账接收方账户异常' }),
    ],
  }),
  'shop-many-refunds': shopOrder('shop-many-refunds', {
    amount: 100000,
    refund_list: Array.from({ length: 40 }, (_, i) =>
      refund(`R-many-${String(i + 1).padStart(2, '0')}`, refundId(100 + i), {
        amount: 1000,
        create: T0 + 600 + i * 60,
        finish: T0 + 630 + i * 60,
        result: 'SUCCESS',
      }),
    ),
  }),
  // close_status 0 (open), sent explicitly.
  'shop-open-001': shopOrder('shop-open-001', { close_status: 0 }),
  // Flags with values the document does not define.
  'shop-unknown-flags': shopOrder('shop-unknown-flags', { close_status: 2, profit_sharing_frozen: 2 }),
  // Every time zero.
  'shop-zero-times': shopOrder('shop-zero-times', { create_time: 0, update_time: 0, pay_time: 0, expire_time: 0, close_time: 0 }),
  // Results the document never shows, a finish_time without a result, and a sharing record whose mchid is null.
  'shop-odd-results': shopOrder('shop-odd-results', {
    refund_list: [
      refund('R-odd-1', refundId(401), { amount: 1000, create: T0 + 600, finish: T0 + 660, result: 'SUCCESS' }),
      refund('R-odd-2', refundId(402), { amount: 2000, create: T0 + 700, finish: T0 + 760, result: 'REFUNDCLOSE' }),
      refund('R-odd-3', refundId(403), { amount: 500, create: T0 + 800, finish: T0 + 860 }),
      refund('R-odd-4', refundId(404), { amount: 300, create: T0 + 900, result: 'PROCESSING' }),
    ],
    profit_sharing_list: [
      sharing('PS-odd-1', sharingId(401), null, { amount: 700, create: T0 + 3000, finish: T0 + 3060, result: 'SUCCESS' }),
      sharing('PS-odd-2', sharingId(402), MCHID, { amount: 400, create: T0 + 3100, finish: T0 + 3160, result: 'CANCELLED' }),
    ],
  }),
  // 64-bit: an amount beyond 2^53 sent as a bare JSON number.
  'shop-big-001': shopOrder('shop-big-001', {
    amount: 9007199254740993n,
    refund_list: [refund('R-big-1', refundId(200), { amount: 1, create: T0 + 600, finish: T0 + 660, result: 'SUCCESS' })],
  }),
  'shop-html-001': shopOrder('shop-html-001', {
    description: '<script>alert("x")</script> 年度会员 & "quotes" <b>bold</b>',
    refund_list: [
      refund('R-html-1', refundId(300), { amount: 500, create: T0 + 600, finish: T0 + 660, result: 'FAIL', fail: '<img src=x onerror=alert(2)> 退款失败' }),
    ],
  }),
  // This trade number is an order in the second demo shop too (outletShopOrders): merchants number each shop's orders themselves.
  'shop-both-001': shopOrder('shop-both-001', { transaction_id: '4200001234202312010000000001', amount: 5000, description: 'Main shop: gift card' }),
  // Readings of issue 20: paid (a transaction_id) but no pay_time; a refund in progress without create_time.
  'rd-paid-no-time': shopOrder('rd-paid-no-time', { pay_time: null, transaction_id: '4200001234202312060000000001' }),
  'rd-refund-no-create': shopOrder('rd-refund-no-create', {
    refund_list: [{ refund_no: 'R-rd-1', refund_id: refundId(901), amount: 500, result: 'PROCESSING' }],
  }),
  // Issue 20, item 11: answers that disagree with the product's guesses (README, "The simulator").
  // Closed, yet paid and refunded: close_status says nothing about refunds.
  'shop-closed-refunded': shopOrder('shop-closed-refunded', {
    close_status: 1,
    close_time: T0 + 5000,
    refund_list: [
      refund('R-closed-1', refundId(501), { amount: 10000, create: T0 + 3600, finish: T0 + 3660, result: 'SUCCESS' }),
      refund('R-closed-2', refundId(502), { amount: 100, create: T0 + 4000 }),
    ],
  }),
  // Every result word seen or guessed, and none: SUCCESS, PROCESSING, FAIL, REFUNDCLOSE, CANCELLED, missing (with and without finish_time).
  'shop-every-result': shopOrder('shop-every-result', {
    amount: 100000,
    refund_list: ['SUCCESS', 'PROCESSING', 'FAIL', 'REFUNDCLOSE', 'CANCELLED', undefined, 'missing-finished'].map((result, i) =>
      refund(`R-every-${i + 1}`, refundId(600 + i), {
        amount: 1000 + i,
        create: T0 + 600 + i * 60,
        ...(result === 'PROCESSING' || result === undefined ? {} : { finish: T0 + 630 + i * 60 }),
        ...(result === undefined || result === 'missing-finished' ? {} : { result }),
      }),
    ),
    profit_sharing_list: ['SUCCESS', 'PROCESSING', 'FAIL', 'CANCELLED', 'REFUNDCLOSE', undefined].map((result, i) =>
      sharing(`PS-every-${i + 1}`, sharingId(600 + i), MCHID, {
        amount: 100 + i,
        create: T0 + 9000 + i * 60,
        ...(result === 'PROCESSING' || result === undefined ? {} : { finish: T0 + 9030 + i * 60 }),
        ...(result === undefined ? {} : { result }),
      }),
    ),
  }),
  // Trade numbers shaped like WeChat Pay's own ids: 28 digits starting 4, 29 starting 50, 32 starting 30.
  '4000000000202401010000000028': shopOrder('4000000000202401010000000028', { transaction_id: '4200001234202401010000000028', description: 'Trade number of 28 digits' }),
  '50000000002024010100000000029': shopOrder('50000000002024010100000000029', { transaction_id: '4200001234202401010000000029', description: 'Trade number of 29 digits' }),
  '30000000002024010100000000000032': shopOrder('30000000002024010100000000000032', { transaction_id: '4200001234202401010000000032', description: 'Trade number of 32 digits' }),
  // A merchant numbering its shop orders like the service-provider example: no service-provider order has this id.
  // Answered without `errmsg` (routes/order-answer.ts: withoutErrmsg).
  'shop-no-errmsg': shopOrder('shop-no-errmsg'),
  DD3000000000000000001: shopOrder('DD3000000000000000001', { transaction_id: '4200001234202401010000000030', description: 'Shop order numbered DD' }),  ...ledgerShopOrders(),
};

/** The ledger's orders (issue 23), each at a fixed time around LEDGER_MIDNIGHT; ids start `ledger-`. */
function ledgerShopOrders(): Record<string, JsonObject> {
  const M = LEDGER_MIDNIGHT;
  const DAY = 86_400;
  const paid = (no: string, payTime: number, amount: number | bigint, extra: JsonObject = {}) =>
    shopOrder(no, { create_time: payTime - 100, update_time: payTime + 100, pay_time: payTime, expire_time: payTime + DAY, amount, ...extra });
  return {
    // Paid 2024-02-29 23:00.
    'ledger-paid': paid('ledger-paid', M - 3600, 10000),
    // Paid 02-29; a refund requested 23:50 and finished 00:10 the next day.
    'ledger-refund-midnight': paid('ledger-refund-midnight', M - 7200, 20000, { refund_list: [refund('R-ledger-midnight', '50301901362024030100000000001', { amount: 5000, create: M - 600, finish: M + 600, result: 'SUCCESS' })] }),
    // Paid 02-29; refunded whole on 03-03 (requested 01:00, finished 02:00).
    'ledger-refund-later': paid('ledger-refund-later', M - 1800, 30000, { refund_list: [refund('R-ledger-later', '50301901362024030100000000002', { amount: 30000, create: M + 2 * DAY + 3600, finish: M + 2 * DAY + 7200, result: 'SUCCESS' })] }),
    // Paid 03-01 01:00; a refund requested 03-01 02:00 that failed 03-02 00:10.
    'ledger-refund-failed': paid('ledger-refund-failed', M + 3600, 40000, { refund_list: [refund('R-ledger-failed', '50301901362024030100000000003', { amount: 40000, create: M + 7200, finish: M + DAY + 600, result: 'FAIL', fail: 'insufficient balance' })] }),
    // Paid 03-01 00:10; a refund requested 00:20, still PROCESSING.
    'ledger-refund-open': paid('ledger-refund-open', M + 600, 50000, { refund_list: [refund('R-ledger-open', '50301901362024030100000000004', { amount: 1500, create: M + 1200, result: 'PROCESSING' })] }),
    // Paid 02-29 23:50; one sharing succeeded 03-02 00:01, one still PENDING, one failed.
    'ledger-shared': paid('ledger-shared', M - 600, 60000, {
      profit_sharing_list: [
        sharing('PS-ledger-1', '30002107912024030100000000001', MCHID, { amount: 6000, create: M + DAY, finish: M + DAY + 60, result: 'SUCCESS' }),
        sharing('PS-ledger-2', '30002107912024030100000000002', MCHID, { amount: 100, create: M + DAY + 120, result: 'PENDING' }),
        sharing('PS-ledger-3', '30002107912024030100000000003', MCHID, { amount: 200, create: M + DAY + 180, finish: M + DAY + 240, result: 'FAIL' }),
      ],
    }),
    'ledger-unpaid': shopOrder('ledger-unpaid', { create_time: M - 300, pay_time: null, transaction_id: null, expire_time: FUTURE, amount: 7000 }),
    'ledger-closed': shopOrder('ledger-closed', { create_time: M - 300, pay_time: null, transaction_id: null, close_status: 1, close_time: M + 300, amount: 8000 }),
    // 2^53 + 1 fen, paid 03-01 00:01.
    'ledger-big': paid('ledger-big', M + 60, 9007199254740993n),
    // Paid (a transaction_id) but no pay_time: a payment Order Desk cannot place on a day.
    'ledger-paid-no-time': paid('ledger-paid-no-time', M + 90, 700, { pay_time: null }),
    // Paid 03-01 00:02; its refund SUCCESS but without finish_time: a refund with no day.
    // Paid 03-05 10:00 and refunded 120 times that day: more refunds than a page of the orders behind a figure (100).
    'ledger-many-refunds': paid('ledger-many-refunds', M + 4 * DAY + 36_000, 1_000_000, {
      refund_list: Array.from({ length: 120 }, (_, i) =>
        refund(`R-ledger-many-${String(i + 1).padStart(3, '0')}`, `5030190136202403050000${String(i + 1).padStart(7, '0')}`, { amount: 100, create: M + 4 * DAY + 36_100 + i * 60, finish: M + 4 * DAY + 36_130 + i * 60, result: 'SUCCESS' }),
      ),
    }),
    'ledger-refund-no-finish': paid('ledger-refund-no-finish', M + 120, 800, { refund_list: [refund('R-ledger-no-finish', '50301901362024030100000000005', { amount: 800, create: M + 180, result: 'SUCCESS' })] }),
  };
}

/**
 * Orders that change between lookups (issue 20, item 11): any trade number starting with one of
 * these prefixes answers its `before` version the first time it is asked (since the simulator
 * started or was reset) and its `after` version every later time.
 */
export const changingShopOrders: Record<string, { before: (tradeNo: string) => JsonObject; after: (tradeNo: string) => JsonObject }> = {
  // A refund PROCESSING since long ago, then SUCCESS.
  'turn-refund-': {
    before: (no) => shopOrder(no, { refund_list: [refund(`R-${no}`.slice(0, 64), refundId(700), { amount: 2000, create: T0 + 600, result: 'PROCESSING' })] }),
    after: (no) => shopOrder(no, { refund_list: [refund(`R-${no}`.slice(0, 64), refundId(700), { amount: 2000, create: T0 + 600, finish: T0 + 700, result: 'SUCCESS' })] }),
  },
  // Sharable for years with nothing shared, then a sharing appears.
  'turn-sharing-': {
    before: (no) => shopOrder(no, { profit_sharing_delay: 7 }),
    after: (no) => shopOrder(no, { profit_sharing_delay: 7, profit_sharing_list: [sharing(`PS-${no}`.slice(0, 64), sharingId(700), MCHID, { amount: 1500, create: T0 + 86_400 * 8, finish: T0 + 86_400 * 8 + 60, result: 'SUCCESS' })] }),
  },
};

/** Ids whose answer leaves `errmsg` out, as the service-provider document's example does. */
export const withoutErrmsg = new Set(['DD1000000000000000016', 'shop-no-errmsg']);

/**
 * The second demo shop's orders (another mini program, another merchant): none of the first
 * shop's trade numbers but `shop-both-001`, which each shop uses for an order of its own.
 */
const OUTLET_MCHID = '1900000119';
const outletOrder = (tradeNo: string, extra: JsonObject = {}) => shopOrder(tradeNo, { mchid: OUTLET_MCHID, transaction_id: '4200009876202312010000000001', amount: 25800, description: '奥莱店 年卡 Outlet annual card', ...extra });

export const outletShopOrders: Record<string, JsonObject> = {
  'outlet-paid-001': outletOrder('outlet-paid-001'),
  'outlet-refund-001': outletOrder('outlet-refund-001', {
    transaction_id: '4200009876202312010000000002',
    refund_list: [refund('R-outlet-1', '50301901362023120100000000001', { amount: 25800, create: T0 + 3600, finish: T0 + 3660, result: 'SUCCESS' })],
  }),
  'shop-both-001': outletOrder('shop-both-001', { transaction_id: '4200009876202312010000000003', amount: 7700, description: '奥莱店 礼品卡 Outlet gift card' }),
  // The ledger's order of the second shop (issue 23): paid 2024-03-01 00:05 Asia/Shanghai.
  'ledger-outlet-paid': outletOrder('ledger-outlet-paid', { transaction_id: '4200009876202403010000000001', create_time: LEDGER_MIDNIGHT, pay_time: LEDGER_MIDNIGHT + 300, update_time: LEDGER_MIDNIGHT + 400 }),
};

/** JSON text in which bigint values are bare numbers, exact to the digit. */
export function toJsonText(value: Json): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `__bigint:${v}__` : v)).replace(
    /"__bigint:(-?\d+)__"/g,
    '$1',
  );
}
