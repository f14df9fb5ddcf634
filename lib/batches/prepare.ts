import { AppError, type Bilingual } from '@/lib/errors';
import { cleanPastedId, isValidOrderId, recognise, type OrderKind } from '@/lib/orders/ids';
import { excelMangling, zeroPaddedWidth } from './excel-mangling';
import type { BatchKindChoice, InputEntry, InvalidEntry, PreparedBatch } from './types';

/**
 * A batch's ids checked before anything runs: each recognised as the search box does or
 * validated as the forced kind, Excel-mangled ones refused, duplicates merged, and every
 * refusal given a reason in both languages. Pure, so a page could show the same preview.
 */

/** `ORDER_DESK_BATCH_MAX_IDS` when unset. */
export const DEFAULT_MAX_IDS = 10_000;

const invalidRequest = (message: Bilingual, action: Bilingual) => new AppError({ code: 'invalid_request', message, action });

export interface PrepareOptions {
  kind: BatchKindChoice;
  /** `ORDER_DESK_BATCH_MAX_IDS`: the most different ids one batch may look up. */
  maxIds: number;
}

const KIND_NAMES: Record<OrderKind, Bilingual> = {
  'service-provider': { en: 'service-provider order id', zh: '服务商订单号' },
  shop: { en: 'shop trade number', zh: '商户订单号' },
};

const RULES: Record<OrderKind, Bilingual> = {
  'service-provider': { en: '1–64 letters, digits, _ or -', zh: '1–64 位字母、数字、_ 或 -' },
  shop: { en: '1–32 letters, digits or _-|*', zh: '1–32 位字母、数字或 _-|*' },
};

type Checked = { kind: OrderKind; id: string } | { reason: Bilingual };

function checkAuto(raw: string): Checked {
  const found = recognise(raw);
  switch (found.kind) {
    case 'service-provider':
    case 'shop':
      return found;
    // Shaped like a WeChat Pay id, yet it may be a trade number: the engine asks the order index
    // first, then the shop (lib/lookups/each-kind.ts). A `DD…` id is asked of the shop too.
    case 'transaction-id':
    case 'refund-id':
    case 'profit-sharing-id':
      return { kind: 'shop', id: found.id };
    default:
      return {
        reason: {
          en: `Not an order id: a ${KIND_NAMES['service-provider'].en} is ${RULES['service-provider'].en} (like DD2981741311549200000); a ${KIND_NAMES.shop.en} is ${RULES.shop.en}.`,
          zh: `不是订单号：${KIND_NAMES['service-provider'].zh}为${RULES['service-provider'].zh}（如 DD2981741311549200000）；${KIND_NAMES.shop.zh}为${RULES.shop.zh}。`,
        },
      };
  }
}

function checkAs(kind: OrderKind, id: string): Checked {
  if (isValidOrderId(kind, id)) return { kind, id };
  return { reason: { en: `Not a valid ${KIND_NAMES[kind].en}: it must be ${RULES[kind].en}.`, zh: `不是有效的${KIND_NAMES[kind].zh}：须为${RULES[kind].zh}。` } };
}

/**
 * The batch as it will run: valid ids in input order (the first of each duplicate kept),
 * how many duplicates merged (same kind, shop and id), and every refused entry with its reason.
 * Throws a 400 when there is nothing to read or more than `maxIds` different ids.
 */
/** A list is read only up to twice the ids a batch may look up: invalid entries are not free either. */
export function checkEntryCount(entries: number, maxIds: number): void {
  if (entries <= maxIds * 2) return;
  const count = (n: number) => n.toLocaleString('en-US');
  throw invalidRequest(
    { en: `The list has ${count(entries)} entries; a batch reads at most ${count(maxIds * 2)} (twice the ${count(maxIds)} ids it may look up).`, zh: `名单中有 ${count(entries)} 项；每批最多读取 ${count(maxIds * 2)} 项（可查询订单号上限 ${count(maxIds)} 的两倍）。` },
    { en: 'Split the list into several batches.', zh: '请将名单拆成几批。' },
  );
}

export function prepareBatch(given: readonly InputEntry[], options: PrepareOptions): PreparedBatch {
  // Quotes and backticks come along with ids (WeChat Pay's bills start each with a backtick).
  checkEntryCount(given.length, options.maxIds);
  const entries = given.map((e) => ({ ...e, raw: cleanPastedId(e.raw) })).filter((e) => e.raw !== '');
  if (entries.length === 0) {
    throw invalidRequest(
      { en: 'No order ids were found.', zh: '未找到任何订单号。' },
      { en: 'Paste the ids one per line, or upload a file whose first column (or a column headed “order id” or “商户订单号”) holds them.', zh: '请每行粘贴一个订单号，或上传第一列（或标题为“商户订单号”“order id”的列）为订单号的文件。' },
    );
  }
  const padWidth = zeroPaddedWidth(entries);
  const valid: PreparedBatch['valid'] = [];
  const invalid: InvalidEntry[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const entry of entries) {
    const mangled = excelMangling(entry, padWidth);
    const checked: Checked = mangled ? { reason: mangled } : options.kind === 'auto' ? checkAuto(entry.raw) : checkAs(options.kind, entry.raw);
    if ('reason' in checked) {
      invalid.push({ raw: entry.raw, row: entry.row, reason: checked.reason });
      continue;
    }
    // A shop is part of a shop order's identity; a service-provider order has none.
    const shop = checked.kind === 'shop' ? entry.shop : undefined;
    const key = JSON.stringify([checked.kind, shop ?? null, checked.id]);
    if (seen.has(key)) {
      duplicates += 1;
      continue;
    }
    seen.add(key);
    valid.push({ kind: checked.kind, id: checked.id, row: entry.row, ...(shop === undefined ? {} : { shop }) });
  }
  if (valid.length > options.maxIds) {
    const count = (n: number) => n.toLocaleString('en-US');
    throw invalidRequest(
      { en: `The list has ${count(valid.length)} different ids; a batch looks up at most ${count(options.maxIds)}.`, zh: `名单中有 ${count(valid.length)} 个不同的订单号；每批最多查询 ${count(options.maxIds)} 个。` },
      { en: 'Split the list into smaller batches.', zh: '请将名单拆分为几批。' },
    );
  }
  return { valid, duplicates, invalid };
}
