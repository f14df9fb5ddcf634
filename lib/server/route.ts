import 'server-only';
import { jsonError } from '@/lib/api/responses';
import { requireApiUser, type SessionUser } from '@/lib/auth/access';
import type { Permission } from '@/lib/api/roles';
import { withRequestLog } from '@/lib/log';

/**
 * Every route handler under app/api is declared with `route` (STYLE.md, "dub's route wrapper"):
 *
 *   export const GET = route('orders.list', ({ request, user }) => attentionAnswer(request, user));
 *
 * It runs the handler with the request's id on every line logged (lib/log.ts), authenticates the
 * session or API key and checks the permissions in order (lib/auth/access.ts; 'public' for the
 * routes anyone may call), awaits the route's params, maps anything thrown to the one JSON error
 * answer (lib/api/responses.ts) or to the route's own `onError`, and sends `Cache-Control:
 * no-store` on any answer that does not already say how it may be cached.
 */
export type Access = Permission | readonly [Permission, ...Permission[]] | 'public';

/** Next's second argument to a route handler; give `RouteContext<'/api/…/[id]'>` for a route with params. */
interface Context {
  params: Promise<object>;
}

export interface RouteArgs<C extends Context, U extends SessionUser | null> {
  request: Request;
  user: U;
  params: Awaited<C['params']>;
}

export interface RouteOptions {
  /**
   * The answer to an error the handler (or the authentication) threw, instead of the JSON error:
   * e.g. a form post sent back to its page. `user` is null when the authentication failed.
   */
  onError?: (error: unknown, context: { request: Request; user: SessionUser | null }) => Response | Promise<Response>;
}

type Handler<C extends Context, U extends SessionUser | null> = (args: RouteArgs<C, U>) => Response | Promise<Response>;
type RouteHandler<C extends Context> = (request: Request, context: C) => Promise<Response>;

export function route<C extends Context = Context>(access: 'public', handler: Handler<C, null>, options?: RouteOptions): RouteHandler<C>;
export function route<C extends Context = Context>(access: Exclude<Access, 'public'>, handler: Handler<C, SessionUser>, options?: RouteOptions): RouteHandler<C>;
export function route<C extends Context>(access: Access, handler: Handler<C, SessionUser> | Handler<C, null>, options: RouteOptions = {}): RouteHandler<C> {
  // The overloads pair 'public' with a null user and a permission with a user.
  const run = handler as Handler<C, SessionUser | null>;
  return (request, context) =>
    withRequestLog(request, async () => {
      let user: SessionUser | null = null;
      let answer: Response;
      try {
        if (access !== 'public') user = await requireApiUser(request, access);
        answer = await run({ request, user, params: (await context.params) as Awaited<C['params']> });
      } catch (error) {
        answer = options.onError ? await options.onError(error, { request, user }) : jsonError(error);
      }
      return noStore(answer);
    });
}

/** The answer with `no-store` unless it already has a Cache-Control (e.g. `no-store, no-transform`). */
function noStore(answer: Response): Response {
  if (answer.headers.has('cache-control')) return answer;
  try {
    answer.headers.set('cache-control', 'no-store');
    return answer;
  } catch {
    // Headers of a Response made by Response.redirect() or fetch() cannot be changed.
    const copy = new Response(answer.body, answer);
    copy.headers.set('cache-control', 'no-store');
    return copy;
  }
}
