import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { AppError } from '@/lib/errors';
import { API_KEY_HEADER, apiKeyUser, invalidApiKey, signInRequired } from './api-keys';
import { auth } from './auth';
import { can, SIGNED_IN_ONLY, type Permission } from '../api/roles';
import { principalOf, type SessionUser } from './principal';
import { rememberedSession } from './session-cache';

/**
 * The data-access layer for authorization: every route handler and server component asks here,
 * not only proxy.ts (which checks for a cookie, not a valid session).
 */
export type { SessionUser } from './principal';

/** The signed-in user, checked by better-auth at most SESSION_CACHE_MS ago (lib/auth/session-cache.ts). */
export async function sessionUser(requestHeaders: Headers): Promise<SessionUser | null> {
  return rememberedSession(requestHeaders, async () => {
    const session = await auth().api.getSession({ headers: requestHeaders });
    if (!session) return null;
    const u = session.user as typeof session.user & { role?: string | null; banned?: boolean | null };
    // Impersonation is not offered (its endpoint answers 404); a session made by it is not honoured.
    if (u.banned || (session.session as { impersonatedBy?: string | null }).impersonatedBy) return null;
    const user = principalOf(u);
    return { user, userId: u.id, token: session.session.token, expiresAt: session.session.expiresAt };
  });
}

/**
 * Route handlers (lib/server/route.ts): the signed-in user with `permission` (each of them, checked
 * in order), or a 401/403 AppError. A request that carries an x-api-key header is judged by that
 * key alone (a session cookie beside it is ignored).
 */
export async function requireApiUser(request: Request, permission: Permission | readonly Permission[]): Promise<SessionUser> {
  const key = request.headers.get(API_KEY_HEADER);
  const user = key === null ? await sessionUser(request.headers) : await apiKeyUser(key);
  if (!user) throw key === null ? unauthorized() : invalidApiKey();
  for (const each of typeof permission === 'string' ? [permission] : permission) {
    if (!can(user.role, each)) throw forbidden(user);
    if (user.apiKey && SIGNED_IN_ONLY.has(each)) throw signInRequired();
  }
  return user;
}

/** Server components: the signed-in user, or a redirect to /login that comes back to `returnTo`. */
export async function requirePageUser(returnTo: string): Promise<SessionUser> {
  const user = await sessionUser(await headers());
  if (!user) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  return user;
}

export function unauthorized(): AppError {
  return new AppError({
    code: 'unauthorized',
    message: { en: 'Sign in to use Order Desk.', zh: '请先登录 Order Desk。' },
    action: { en: 'Sign in and try again.', zh: '请登录后重试。' },
  });
}

export function forbidden(user: SessionUser): AppError {
  return new AppError({
    code: 'forbidden',
    message: {
      en: `Your role (${user.role ?? 'none'}) does not allow this.`,
      zh: `您的角色（${user.role ?? '无'}）无权执行此操作。`,
    },
    action: { en: 'Ask an administrator for access.', zh: '请联系管理员开通权限。' },
  });
}
