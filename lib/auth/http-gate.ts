import 'server-only';
import { z } from 'zod';
import { readBody } from '@/lib/api/input';
import { AppError } from '@/lib/errors';
import { serverEnv } from '@/lib/env/server';
import { requestInfo } from '@/lib/request-info';
import { OIDC_PROVIDER_ID, SIGN_IN_EMAIL } from './auth';
import { safeReturnTo } from './return-to';
import { consumeSsoStart } from './throttle';

/**
 * What of better-auth's HTTP surface is reachable: password sign-in and, when configured, single
 * sign-on (its start and its callback). Everything else better-auth mounts (its admin endpoints,
 * impersonation, session lists, password changes, sign-up…) answers 404: Order Desk manages
 * users through /api/admin/users, which audits every change, and calls better-auth's server API
 * from there. An allowlist, so an endpoint a better-auth upgrade adds is closed too.
 */
const SSO_START = '/sign-in/social';
const MAX_SSO_START_BYTES = 4 * 1024;

export function isOfferedAuthEndpoint(method: string, path: string): boolean {
  if (method === 'POST' && path === SIGN_IN_EMAIL) return true;
  if (!serverEnv().ORDER_DESK_OIDC_ISSUER) return false;
  return (method === 'POST' && path === SSO_START) || ((method === 'GET' || method === 'POST') && path === `/callback/${OIDC_PROVIDER_ID}`);
}

/**
 * A single sign-on start stores its return path in a database row before anyone has signed in,
 * so it takes exactly what the sign-in button sends: the provider and a return path on this site
 * (safeReturnTo leaves it unchanged), in a small body, and a limited number per address.
 */
const ssoStart = z.strictObject({
  provider: z.literal(OIDC_PROVIDER_ID),
  callbackURL: z
    .string()
    .max(2048)
    .refine((v) => safeReturnTo(v) === v, 'must be a path on this site'),
});

const notOffered = () =>
  new AppError({
    code: 'not_found',
    message: { en: 'Order Desk does not offer this.', zh: 'Order Desk 不提供此功能。' },
    action: { en: 'Use the dashboard’s own pages.', zh: '请使用控制台页面操作。' },
  });

/** The request to hand to better-auth, or the AppError that refuses it. */
export async function gateAuthRequest(request: Request): Promise<Request> {
  const path = new URL(request.url).pathname.replace(/^\/api\/auth/, '');
  if (!isOfferedAuthEndpoint(request.method, path)) throw notOffered();
  if (path !== SSO_START) return request;

  const body = await readBody(request, ssoStart, { maxBytes: MAX_SSO_START_BYTES, action: { en: 'Use the sign-in button.', zh: '请使用登录按钮。' } });
  await consumeSsoStart(requestInfo(request.headers).ip);
  const headers = new Headers(request.headers);
  headers.set('content-type', 'application/json');
  headers.delete('content-length');
  return new Request(request.url, { method: 'POST', headers, body: JSON.stringify(body) });
}
