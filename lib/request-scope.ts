import { AsyncLocalStorage } from 'node:async_hooks';
import { Server, type ServerResponse } from 'node:http';
import { DATABASE_RETRY_AFTER_SECONDS } from '@/lib/errors';

/**
 * What one HTTP request met on its way, for its answer's status. A page cannot choose its status
 * in Next (only 404, 403, 401 and redirects), so the server's `request` event is wrapped (as
 * lib/client-address.ts does, from instrumentation.ts): each request runs in a scope of its own,
 * and its response's head is written with 503 and Retry-After when the database could not be
 * reached: for any 5xx once the database layer saw it unreachable, and for a page that showed the
 * outage itself (app/layout.tsx), whatever its status.
 */
interface RequestScope {
  databaseUnreachable: boolean;
  outagePage: boolean;
}

// One per process: Next's bundles each hold a copy of this module.
const globalForScope = globalThis as unknown as { orderDeskRequestScope?: AsyncLocalStorage<RequestScope>; orderDeskScopedRequests?: boolean };
const storage = (globalForScope.orderDeskRequestScope ??= new AsyncLocalStorage<RequestScope>());

/** The database layer (lib/db) could not reach the database while serving this request. */
export function noteDatabaseUnreachable(): void {
  const scope = storage.getStore();
  if (scope) scope.databaseUnreachable = true;
}

/** Whether this request met a database that could not be reached. */
export function metDatabaseOutage(): boolean {
  return storage.getStore()?.databaseUnreachable ?? false;
}

/** The page being rendered shows the outage: it is answered 503 with Retry-After. */
export function answerDatabaseOutage(): void {
  const scope = storage.getStore();
  if (scope) {
    scope.databaseUnreachable = true;
    scope.outagePage = true;
  }
}

function outageStatus(response: ServerResponse, scope: RequestScope): void {
  const writeHead = response.writeHead;
  response.writeHead = function (this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    if (scope.outagePage || (scope.databaseUnreachable && statusCode >= 500)) {
      this.setHeader('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      this.setHeader('cache-control', 'no-store');
      // A reason phrase given for the old status would not fit the new one.
      return (writeHead as (...args: unknown[]) => ServerResponse).call(this, 503, ...(typeof rest[0] === 'string' ? rest.slice(1) : rest));
    }
    return (writeHead as (...args: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
  } as typeof response.writeHead;
}

/** Gives every request of this process a scope (see above). Called once, from instrumentation.ts. */
export function scopeRequests(): void {
  if (globalForScope.orderDeskScopedRequests) return;
  globalForScope.orderDeskScopedRequests = true;
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    const forward = () => emit.apply(this, [event, ...args] as Parameters<typeof emit>);
    if (event !== 'request') return forward();
    const scope: RequestScope = { databaseUnreachable: false, outagePage: false };
    outageStatus(args[1] as ServerResponse, scope);
    return storage.run(scope, forward);
  } as typeof Server.prototype.emit;
}
