import 'server-only';
import { z } from 'zod';
import { readBody } from '@/lib/api/input';
import { serverEnv } from '@/lib/env/server';
import { findShop, resolveShop, unknownShop } from '@/lib/shops';
import type { BatchRequest } from './index';
import { cleanPastedId, normalisePastedId } from '@/lib/orders/ids';
import { MAX_UPLOAD_BYTES, prepareBatch, readPaste } from './input';
import { checkEntryCount } from './prepare';
import { readUploadRequest } from './upload';
import type { BatchKindChoice, InputEntry, PreparedBatch } from './types';

/**
 * `POST /api/batches` as the engine takes it: JSON `{ ids, kind, shop? }` or a multipart form
 * with `file` (and the same fields), read with the upload limit, then checked id by id.
 */
const kindSchema = z.enum(['auto', 'service-provider', 'shop']).default('auto');
const shopSchema = z.string().max(64).optional();
const MAX_LINE = 4_096;

/**
 * `ids`: each element one id, read as the search box reads one (spaces inside removed, full-width
 * folded); `text`: what was pasted, split as a paste is (lines, commas, tabs, spaces). One of them.
 */
const jsonSchema = z
  .object({
    ids: z.array(z.string().max(MAX_LINE)).min(1).max(200_000).optional(),
    text: z.string().max(MAX_UPLOAD_BYTES).optional(),
    kind: kindSchema,
    shop: shopSchema,
  })
  .refine((body) => (body.ids === undefined) !== (body.text === undefined), { path: ['ids'] });

const IDS_OR_TEXT = {
  en: 'Send “ids” (a list, each element one id) or “text” (pasted text, split at lines, commas, tabs and spaces), not both.',
  zh: '请发送“ids”（列表，每项一个订单号）或“text”（粘贴的文本，按行、逗号、制表符和空格拆分），二者选一。',
};

/** A batch request as read; `sheet` names the sheet an uploaded workbook was read from. */
export type ReadBatchRequest = BatchRequest & { sheet?: string };

export async function readBatchRequest(request: Request): Promise<ReadBatchRequest> {
  const maxIds = serverEnv().ORDER_DESK_BATCH_MAX_IDS;
  let entries: InputEntry[];
  let kind: BatchKindChoice;
  let shop: string | undefined;
  let source = 'paste';
  let origin: 'paste' | 'file' = 'paste';
  let sheet: string | undefined;
  if (isUploadRequest(request)) {
    // Read in a worker thread, which stops at twice the ids a batch may hold (checkEntryCount).
    const form = await readUploadRequest(request, maxIds * 2);
    ({ kind, shop } = z.object({ kind: kindSchema, shop: shopSchema }).parse({ kind: form.kind ?? undefined, shop: form.shop ?? undefined }));
    source = form.fileName.slice(0, 200) || 'upload';
    entries = form.entries;
    sheet = form.sheet;
    origin = 'file';
  } else {
    const body = await readBody(request, jsonSchema, { maxBytes: MAX_UPLOAD_BYTES, action: IDS_OR_TEXT });
    ({ kind, shop } = body);
    entries = body.text !== undefined ? readPaste(body.text) : body.ids!.map((raw, i) => ({ raw: normalisePastedId(raw), row: i + 1 }));
  }
  // The batch's shop: the one chosen, else the default one. A shop column names each row's shop
  // (by id or name); a row naming no configured shop is invalid.
  const batchShop = resolveShop(shop);
  checkEntryCount(entries.length, maxIds);
  const unknown: InputEntry[] = [];
  const known: InputEntry[] = [];
  for (const entry of entries) {
    if (entry.shop === undefined || entry.shop.trim() === '') known.push({ ...entry, shop: batchShop });
    else {
      const found = findShop(entry.shop);
      if (found) known.push({ ...entry, shop: found });
      else unknown.push(entry);
    }
  }
  const prepared: PreparedBatch = known.length === 0 && unknown.length > 0 ? { valid: [], duplicates: 0, invalid: [] } : prepareBatch(known, { kind, maxIds });
  prepared.invalid = [...prepared.invalid, ...unknown.map((e) => ({ raw: cleanPastedId(e.raw), row: e.row, reason: unknownShop(e.shop!).messages }))].sort((a, b) => a.row - b.row);
  return { prepared, kind, shop: batchShop, source, origin, ...(sheet === undefined ? {} : { sheet }) };
}

/** `?dryRun=1` (any value but `0` or `false`): answer the preview and start nothing. */
/** A file upload (multipart form), whatever the case of its media type (media types are case-insensitive). */
export function isUploadRequest(request: Request): boolean {
  return (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
}

export function isDryRun(request: Request): boolean {
  const value = new URL(request.url).searchParams.get('dryRun');
  return value !== null && value !== '0' && value.toLowerCase() !== 'false';
}
