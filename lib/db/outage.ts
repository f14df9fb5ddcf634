import { metDatabaseOutage } from '@/lib/request-scope';

/**
 * Whether an error says the database could not be reached, as opposed to a query that failed.
 *
 * - PostgreSQL's own codes: class 08 (connection exception) and 57P01–57P03 (the server is
 *   shutting down, crashed, or not accepting connections yet).
 * - node-postgres's words for a connection that ended or never came.
 * - A network error of the connection (refused, reset, unreachable, timed out), counted only
 *   when it is the database's: `fromDatabase` (lib/db's pool saw it), or under a failed query.
 *
 * Drizzle, better-auth and AggregateError (several addresses tried) wrap errors: the causes are
 * followed, a few levels deep.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
const SERVER_CODES = /^(08[0-9A-Z]{3}|57P0[123])$/;
const DRIVER_WORDS = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;
const FAILED_QUERY = /^Failed query:/;

// Errors lib/db's pool saw as unreachable, whoever ends up holding them (a session check is
// shared by the requests that arrive together: lib/auth/session-cache.ts). One set per process.
const globalForOutage = globalThis as unknown as { orderDeskUnreachableErrors?: WeakSet<object> };
const seenByPool = (globalForOutage.orderDeskUnreachableErrors ??= new WeakSet());

/** lib/db's pool: `error` met a database it could not reach. */
export function rememberUnreachable(error: object): void {
  seenByPool.add(error);
}

export function isDatabaseUnreachable(error: unknown, fromDatabase = false, depth = 0): boolean {
  if (depth > 6 || typeof error !== 'object' || error === null) return false;
  if (seenByPool.has(error)) return true;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SERVER_CODES.test(code) || (fromDatabase && NETWORK_CODES.has(code)))) return true;
  if (typeof message === 'string' && DRIVER_WORDS.test(message)) return true;
  const below = fromDatabase || (typeof message === 'string' && FAILED_QUERY.test(message));
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnreachable(e, below, depth + 1))) return true;
  return isDatabaseUnreachable(cause, below, depth + 1);
}

/** Whether this error, or the request it ended, met a database that could not be reached. */
export function isDatabaseOutage(error: unknown): boolean {
  return metDatabaseOutage() || isDatabaseUnreachable(error);
}
