import 'server-only';
import type { ZodError, z } from 'zod';
import { AppError, type Bilingual } from '@/lib/errors';

/**
 * Bad input, one mapping for every route: a body that is not JSON, a form or JSON that fails
 * its schema, a query parameter that fails its filter. Each becomes a 400 `invalid_request`
 * naming what to fix; jsonError() applies it to any ZodError that reaches it.
 */
const MAX_BODY_BYTES = 64 * 1024;
const FIX = { en: 'Correct the request and try again.', zh: '请修改后重试。' };

export function invalidInput(error: ZodError, action: Bilingual = FIX): AppError {
  const fields = [...new Set(error.issues.map((i) => i.path.join('.') || 'the request'))];
  return new AppError({
    code: 'invalid_request',
    message: { en: `Check ${fields.join(', ')}.`, zh: `请检查 ${fields.join('、')}。` },
    action,
    cause: error,
  });
}

const badBody = (what: Bilingual) => new AppError({ code: 'invalid_request', message: what, action: FIX });

/**
 * The request's body read as a form (url-encoded) or JSON, by its content type, then checked by
 * `schema`. Read as it arrives and refused once over `maxBytes`, never held whole. `whenEmpty`: the
 * input a body of nothing but white space stands for (a route whose fields are all optional).
 */
export async function readBody<S extends z.ZodType>(request: Request, schema: S, options: { maxBytes?: number; action?: Bilingual; whenEmpty?: unknown } = {}): Promise<z.infer<S>> {
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  const bytes = await readBytes(request, maxBytes, () => badBody({ en: `The request body is over ${maxBytes / 1024} KB.`, zh: `请求内容超过 ${maxBytes / 1024} KB。` }));
  const text = new TextDecoder().decode(bytes);
  let input: unknown;
  if (options.whenEmpty !== undefined && text.trim() === '') {
    input = options.whenEmpty;
  } else if (isForm(request)) {
    input = Object.fromEntries(new URLSearchParams(text));
  } else {
    try {
      input = JSON.parse(text);
    } catch {
      throw badBody({ en: 'The request body is not valid JSON.', zh: '请求内容不是有效的 JSON。' });
    }
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error, options.action);
  return parsed.data;
}

export const isForm = (request: Request) => (request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded');

/**
 * The request's body as bytes, refusing it (400, with `tooLarge`) once more than `maxBytes` have
 * arrived, so a huge upload is never held in memory whole.
 */
export async function readBytes(request: Request, maxBytes: number, tooLarge: () => AppError): Promise<Uint8Array> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw badBody({ en: 'The request body could not be read.', zh: '无法读取请求内容。' });
  }
  return Buffer.concat(chunks);
}
