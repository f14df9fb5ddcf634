import 'server-only';
import { ZodError } from 'zod';
import { isDatabaseOutage } from '@/lib/db/outage';
import { AppError, databaseUnavailable, internalError } from '@/lib/errors';
import { log } from '@/lib/log';
import { invalidInput } from './input';

/** Every API answer is per-request data about money: never cached anywhere. */
export const NO_STORE = { 'cache-control': 'no-store' } as const;

/**
 * Below this, an answer goes out as it is. `next start` gzips every answer over 1 KiB, and
 * setting up a compressor for each one cost a lookup 1 to 2 ms of CPU, a fifth of its whole cost
 * (scripts/bench.ts), to save a kilobyte or two; `no-transform` tells Next's compression (and any
 * proxy) to leave it. Larger answers (long lists, exports) are still compressed.
 */
const COMPRESS_FROM_BYTES = 16 * 1024;

/** A JSON answer, never cached; sent uncompressed when small (COMPRESS_FROM_BYTES). */
export function jsonAnswer(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  const text = JSON.stringify(body);
  const cacheControl = Buffer.byteLength(text) < COMPRESS_FROM_BYTES ? 'no-store, no-transform' : 'no-store';
  return new Response(text, { status: init.status ?? 200, headers: { 'content-type': 'application/json', ...init.headers, 'cache-control': cacheControl } });
}

export function jsonOk(body: unknown): Response {
  return jsonAnswer(body);
}

/**
 * The one place an error becomes an HTTP answer: bad input is a 400 (lib/api/input.ts), and
 * anything unexpected is logged and hidden.
 */
export function jsonError(error: unknown): Response {
  const appError = toAppError(error);
  // A refusal that ends at a known time (an outage, a daily budget) says when.
  const retryAfter = appError.retryAfterSec;
  return jsonAnswer({ error: appError.toBody() }, { status: appError.status, ...(retryAfter === undefined ? {} : { headers: { 'retry-after': String(retryAfter) } }) });
}

/**
 * What staff may see of any error: bad input as a 400, a database that cannot be reached as a
 * 503 of its own (an outage, not a bug), anything unexpected logged and hidden.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return invalidInput(error);
  if (isDatabaseOutage(error)) {
    log.warn({ err: error }, 'database unavailable');
    return databaseUnavailable(error);
  }
  log.error({ err: error }, 'unexpected error');
  return internalError(error);
}
