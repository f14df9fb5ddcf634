import 'server-only';
import { ZodError } from 'zod';
import { AppError, internalError } from '@/lib/errors';
import { log } from '@/lib/log';
import { invalidInput } from './input';

/** Every API answer is per-request data about money: never cached anywhere. */
export const NO_STORE = { 'cache-control': 'no-store' } as const;

export function jsonOk(body: unknown): Response {
  return Response.json(body, { status: 200, headers: NO_STORE });
}

/**
 * The one place an error becomes an HTTP answer: bad input is a 400 (lib/api/input.ts), and
 * anything unexpected is logged and hidden.
 */
export function jsonError(error: unknown): Response {
  const appError = toAppError(error);
  return Response.json({ error: appError.toBody() }, { status: appError.status, headers: NO_STORE });
}

/** What staff may see of any error: bad input as a 400, anything unexpected logged and hidden. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return invalidInput(error);
  log.error({ err: error }, 'unexpected error');
  return internalError(error);
}
