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
  const appError = error instanceof AppError ? error : error instanceof ZodError ? invalidInput(error) : internalError(error);
  if (appError.code === 'internal') log.error({ err: error }, 'unexpected error');
  return Response.json({ error: appError.toBody() }, { status: appError.status, headers: NO_STORE });
}
