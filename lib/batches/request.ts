import 'server-only';
import { z } from 'zod';
import { readBody, readBytes } from '@/lib/api/input';
import { AppError } from '@/lib/errors';
import { serverEnv } from '@/lib/env/server';
import { DEFAULT_SHOP } from '@/lib/wechat/config';
import type { BatchRequest } from './index';
import { MAX_UPLOAD_BYTES, prepareBatch, readPaste, readUpload, uploadTooLarge } from './input';
import type { BatchKindChoice, InputEntry } from './types';

/**
 * `POST /api/batches` as the engine takes it: JSON `{ ids, kind, shop? }` or a multipart form
 * with `file` (and the same fields), read with the upload limit, then checked id by id.
 */
const kindSchema = z.enum(['auto', 'service-provider', 'shop']).default('auto');
const shopSchema = z.string().max(64).optional();
const MAX_LINE = 4_096;

const jsonSchema = z.object({
  ids: z.array(z.string().max(MAX_LINE)).min(1).max(200_000),
  kind: kindSchema,
  shop: shopSchema,
});

export async function readBatchRequest(request: Request): Promise<BatchRequest> {
  const type = request.headers.get('content-type') ?? '';
  let entries: InputEntry[];
  let kind: BatchKindChoice;
  let shop: string | undefined;
  let source = 'paste';
  if (type.startsWith('multipart/form-data')) {
    const bytes = await readBytes(request, MAX_UPLOAD_BYTES + 64 * 1024, uploadTooLarge);
    const form = await new Response(Buffer.from(bytes), { headers: { 'content-type': type } }).formData().catch(() => {
      throw badForm();
    });
    const file = form.get('file');
    if (!(file instanceof File)) throw badForm();
    const fields = z.object({ kind: kindSchema, shop: shopSchema }).parse({ kind: form.get('kind') ?? undefined, shop: form.get('shop') ?? undefined });
    ({ kind, shop } = fields);
    source = file.name.slice(0, 200) || 'upload';
    entries = await readUpload({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
  } else {
    const body = await readBody(request, jsonSchema, { maxBytes: MAX_UPLOAD_BYTES });
    ({ kind, shop } = body);
    entries = readPaste(body.ids.join('\n'));
  }
  return { prepared: prepareBatch(entries, { kind, maxIds: serverEnv().ORDER_DESK_BATCH_MAX_IDS }), kind, shop: knownShop(shop), source };
}

/** One shop today (the default); several shops come with their own settings. */
function knownShop(shop: string | undefined): string | null {
  if (shop === undefined || shop === '' || shop === DEFAULT_SHOP) return null;
  throw new AppError({
    code: 'invalid_request',
    message: { en: `There is no shop “${shop}”. Shops: ${DEFAULT_SHOP}.`, zh: `没有名为“${shop}”的店铺。现有店铺：${DEFAULT_SHOP}。` },
    action: { en: 'Choose one of the shops listed.', zh: '请选择列出的店铺之一。' },
  });
}

function badForm(): AppError {
  return new AppError({
    code: 'invalid_request',
    message: { en: 'The upload has no file.', zh: '上传内容中没有文件。' },
    action: { en: 'Send the file in a form field named “file”.', zh: '请将文件放在名为“file”的表单字段中上传。' },
  });
}
