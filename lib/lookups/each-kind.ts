import 'server-only';
import { AppError, type Bilingual } from '@/lib/errors';
import { idFits, type OrderKind } from '@/lib/orders/ids';
import { indexedOrdersCarrying } from '@/lib/order-index/search';
import { shopName } from '@/lib/shops';
import { lookUpFor, type LookupAnswer, type LookupRequester } from './lookup';

/**
 * An id that fits more than one kind, tried as each (issue 20): the order index first, then the
 * service provider, then each shop. Only the examples fix any shape (docs/wechat-api.md), so a
 * shape orders the guesses and never refuses one. Search (lib/lookups/search-route.ts) and the
 * batch engine (lib/batches/engine.ts) both ask through `lookUpEachKind`.
 */

/** One way an id is asked: as a service-provider order, or as a trade number of one shop. */
export interface KindTarget {
  kind: OrderKind;
  /** The shop of a trade number; null for a service-provider order. */
  shop: string | null;
  /** The id asked: the id itself, or the order the index knows it by. */
  id: string;
  /** Why: the index knows an order by this id, or the id's shape fits the kind. */
  via: 'index' | 'shape';
}

export interface KindTry {
  target: KindTarget;
  answer: LookupAnswer;
}

export interface EachKindOptions {
  /** The shops whose trade number it may be, in order. */
  shops: readonly string[];
  /** The kinds it may be: both unless staff chose one. */
  kinds?: readonly OrderKind[];
  /**
   * The index first. `ask`: each order the index knows by this id is looked up afresh before any
   * guess (a batch needs the order itself). `decide`: an id the index knows as one of WeChat Pay's
   * own ids (transaction, refund, sharing) is that order's, and nothing is asked (a search shows the
   * index's matches); an order's own id decides nothing, as a trade number may be another shop's too.
   * `skip`: the index is not asked (staff chose the kind).
   */
  index: 'ask' | 'decide' | 'skip';
}

export interface KindPlan {
  /** Asked one group after another, each group at once; a group that finds the order ends it. */
  groups: KindTarget[][];
  /** The index answered (`decide`): nothing is to be asked. */
  decidedByIndex: boolean;
}

const BOTH: readonly OrderKind[] = ['service-provider', 'shop'];
const INDEX_ASKS_AT_MOST = 3;

/** What would be asked, and in which order, without asking anything. */
export async function planKinds(id: string, options: EachKindOptions): Promise<KindPlan> {
  const kinds = options.kinds ?? BOTH;
  const chosen = options.kinds?.length === 1;
  const inScope = (kind: OrderKind, shop: string) => kinds.includes(kind) && (kind === 'service-provider' || options.shops.includes(shop));
  const indexed = options.index === 'skip' ? [] : (await indexedOrdersCarrying(id)).filter((o) => inScope(o.kind, o.shop));
  if (options.index === 'decide' && indexed.some((o) => o.matchedOn === 'transaction-id' || o.matchedOn === 'refund-id' || o.matchedOn === 'sharing-id')) {
    return { groups: [], decidedByIndex: true };
  }
  const fits = idFits(id);
  const asked = new Set<string>();
  const fresh = (target: KindTarget) => {
    const key = `${target.kind}\u0000${target.shop ?? ''}\u0000${target.id}`;
    if (asked.has(key)) return false;
    asked.add(key);
    return true;
  };
  const fromIndex = options.index === 'ask' ? indexed.slice(0, INDEX_ASKS_AT_MOST).map((o): KindTarget => ({ kind: o.kind, shop: o.kind === 'shop' ? o.shop : null, id: o.orderId, via: 'index' })) : [];
  const asServiceProvider: KindTarget[] = kinds.includes('service-provider') && (chosen || fits.serviceProvider) ? [{ kind: 'service-provider', shop: null, id, via: 'shape' }] : [];
  const asTradeNumber: KindTarget[] = kinds.includes('shop') && (chosen || fits.tradeNumber) ? options.shops.map((shop) => ({ kind: 'shop', shop, id, via: 'shape' })) : [];
  const groups = [fromIndex, asServiceProvider, asTradeNumber].map((group) => group.filter(fresh)).filter((group) => group.length > 0);
  return { groups, decidedByIndex: false };
}

export interface EachKindAnswer extends KindPlan {
  /** Every answer, in the order asked. */
  tries: KindTry[];
}

/** WeChat's quota answers: asking it more now only spends more. */
const isQuota = (answer: LookupAnswer) => !answer.ok && (answer.error.errcode === 45009 || answer.error.errcode === 45011);

/** Asks the plan's groups in turn (each an audited lookup) until one finds the order or WeChat's quota stops it. */
export async function lookUpEachKind(who: LookupRequester, id: string, options: EachKindOptions, planned?: KindPlan): Promise<EachKindAnswer> {
  const plan = planned ?? (await planKinds(id, options));
  const tries: KindTry[] = [];
  for (const group of plan.groups) {
    const answers = await Promise.all(group.map((target) => lookUpFor(who, target.kind, target.id, target.shop)));
    group.forEach((target, i) => tries.push({ target, answer: answers[i]! }));
    if (answers.some((answer) => answer.ok || isQuota(answer))) break;
  }
  return { ...plan, tries };
}

/**
 * The one answer an item of a batch keeps: the first order found; else WeChat's quota answer (the
 * batch pauses); else a failure (the id could not be ruled out: "retry failed" asks again); else
 * "not found", naming each way it was asked when there were several.
 */
export function answerOf(tries: readonly KindTry[]): KindTry | undefined {
  const found = tries.find((t) => t.answer.ok) ?? tries.find((t) => isQuota(t.answer)) ?? tries.find((t) => !t.answer.ok && t.answer.error.code !== 'not_found');
  if (found || tries.length <= 1) return found ?? tries[0];
  // WeChat's own word (10120002, "parameter error") is kept over an answer that merely carried no
  // order: several ways asked do not turn a parameter error into a proven "not found".
  const last = tries.find((t) => !t.answer.ok && t.answer.error.errcode !== undefined) ?? tries[tries.length - 1]!;
  const error = (last.answer as Extract<LookupAnswer, { ok: false }>).error;
  const names = tries.map((t) => kindName(t.target));
  const message: Bilingual = {
    en: `Asked as ${names.map((n) => n.en).join(', then as ')}: none was found. ${error.messages.en}`,
    zh: `已依次按${names.map((n) => n.zh).join('、')}查询，均未找到。${error.messages.zh}`,
  };
  const combined = new AppError({ code: 'not_found', message, action: error.action, ...(error.errcode === undefined ? {} : { errcode: error.errcode }), ...(error.errmsg === undefined ? {} : { errmsg: error.errmsg }) });
  return { target: last.target, answer: { ok: false, status: combined.status, error: combined } };
}

/** How staff read one way of asking: "service-provider order id", "trade number in shop 旗舰店". */
export function kindName(target: KindTarget): Bilingual {
  if (target.kind === 'service-provider') return { en: 'a service-provider order id', zh: '服务商订单号' };
  const shop = shopName(target.shop ?? '');
  return { en: `a trade number in shop ${shop}`, zh: `店铺“${shop}”的商户订单号` };
}

/** Which app a batch item was answered by: its kind, and a trade number's shop. */
export interface AskedAs {
  kind: OrderKind;
  shop: string | null;
}

/**
 * One batch item looked up: in a batch that reads each id by its shape (`auto`), as each kind it
 * fits, else as the kind chosen. Answers what the item keeps and which kind and shop gave it.
 */
export async function lookUpBatchItem(
  who: LookupRequester,
  item: { id: string; kind: OrderKind; shop: string | null },
  batch: { auto: boolean; shop: string },
): Promise<{ answer: LookupAnswer; asked: AskedAs }> {
  const shop = item.shop ?? batch.shop;
  const { tries } = await lookUpEachKind(who, item.id, batch.auto ? { shops: [shop], index: 'ask' } : { shops: [shop], kinds: [item.kind], index: 'skip' });
  const kept = answerOf(tries);
  if (!kept) return { answer: await lookUpFor(who, item.kind, item.id, item.shop), asked: { kind: item.kind, shop: item.shop } };
  // The item keeps its kind unless another kind found it (one found by none names each way it was asked).
  if (!kept.answer.ok) return { answer: kept.answer, asked: { kind: item.kind, shop: item.shop } };
  return { answer: kept.answer, asked: { kind: kept.target.kind, shop: kept.target.kind === 'shop' ? kept.target.shop : null } };
}
