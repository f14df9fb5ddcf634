import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

/** What every log line written on behalf of one request or batch carries. */
export interface LogContext {
  requestId?: string | undefined;
  batch?: string | undefined;
}

// Next loads server code as several bundles, each with its own copy of this module: one store per
// process, so a line logged by code in another bundle (the WeChat client) still finds it.
const globalForLog = globalThis as unknown as { orderDeskLogContext?: AsyncLocalStorage<LogContext> };
const context = (globalForLog.orderDeskLogContext ??= new AsyncLocalStorage<LogContext>());

/**
 * Structured JSON logs. Known secret-bearing fields are redacted by pino; URLs are passed
 * through redactUrl before they are logged. A line logged inside withLogContext carries its
 * fields (a field the line sets itself wins).
 */
export const log = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'order-desk' },
  // A fresh object each time: pino merges the line's own fields into it.
  mixin: () => ({ ...context.getStore() }),
  redact: {
    paths: ['access_token', 'secret', 'appSecret', 'token', '*.access_token', '*.secret', '*.appSecret', '*.token'],
    censor: '[redacted]',
  },
});

/** Runs `work` so that every line it logs, however deep and after however many awaits, carries `fields`. */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  return context.run({ ...context.getStore(), ...withoutUndefined(fields) }, work);
}

/** Runs a route handler's work with the request's id (set by proxy.ts) on every line it logs. */
export function withRequestLog<T>(request: Request, work: () => T): T {
  return withLogContext({ requestId: request.headers.get('x-request-id') ?? undefined }, work);
}

const withoutUndefined = (fields: LogContext): LogContext => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
