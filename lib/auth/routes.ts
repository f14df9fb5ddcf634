import 'server-only';
import { isAPIError } from 'better-auth/api';
import { isForm, readBody } from '@/lib/api/input';
import { jsonError, jsonOk } from '@/lib/api/responses';
import { recordAudit } from '@/lib/audit/record';
import { AppError, databaseUnavailable } from '@/lib/errors';
import { requestInfo } from '@/lib/request-info';
import { metDatabaseOutage } from '@/lib/request-scope';
import { sessionUser, type SessionUser } from './access';
import { createKey, listKeys, newKeySchema, revokeKey } from './api-keys';
import { auth } from './auth';
import { gateAuthRequest } from './http-gate';
import { forgetSession } from './session-cache';
import { applyUserChange, userChangeSchema, type UserChangeProblem } from './user-admin';
import { actorOf } from './principal';

/** What the auth route handlers under app/api do, each declared with lib/server/route.ts. */

/** `/api/auth/*`: better-auth's endpoints, only those the product offers (./http-gate.ts). */
export async function authEndpointAnswer(request: Request): Promise<Response> {
  const response = await auth().handler(await gateAuthRequest(request));
  // better-auth answers a failure of its own 500; one that met an unreachable database is that outage.
  if (response.status >= 500 && metDatabaseOutage()) throw databaseUnavailable();
  return response;
}

/** `POST /api/session/sign-out`, a plain form post (no JavaScript needed): revokes the session, records it, goes to /login. */
export async function signOutAnswer(request: Request): Promise<Response> {
  const user = await sessionUser(request.headers);
  const answer = await auth().api.signOut({ headers: request.headers, asResponse: true });
  forgetSession(request.headers);
  if (user) {
    await recordAudit({ action: 'auth.sign-out', actor: actorOf(user), request: requestInfo(request.headers), status: 200 });
  }
  const headers = new Headers({ location: '/login' });
  for (const cookie of answer.headers.getSetCookie()) headers.append('set-cookie', cookie);
  return new Response(null, { status: 303, headers });
}

/** Small on purpose: a name and a lifetime. */
const MAX_KEY_BODY_BYTES = 1024;

/** `GET /api/account/api-keys`: the signed-in user's own API keys (never the keys themselves). */
export async function apiKeysAnswer(request: Request): Promise<Response> {
  return jsonOk({ keys: await listKeys(request.headers) });
}

/** `POST /api/account/api-keys` with `{"name", "expiresInDays": 1–366 | null}` → 201 with the key, shown this once. */
export async function newApiKeyAnswer(request: Request, user: SessionUser): Promise<Response> {
  const input = await readBody(request, newKeySchema, { maxBytes: MAX_KEY_BODY_BYTES });
  const created = await createKey(user, input, request.headers, requestInfo(request.headers));
  return Response.json({ key: created }, { status: 201 });
}

/** `DELETE /api/account/api-keys/{id}`: one of the user's own keys stops working at once. */
export async function revokeApiKeyAnswer(request: Request, user: SessionUser, keyId: string): Promise<Response> {
  await revokeKey(user, keyId, request.headers, requestInfo(request.headers));
  return jsonOk({ revoked: true });
}

const backToUsers = (query: string) => new Response(null, { status: 303, headers: { location: `/admin/users?${query}` } });

/**
 * `POST /api/admin/users` from /admin/users (plain form posts, or JSON): create, change role,
 * disable, enable, reset password. A form is answered with a redirect back (carrying a message
 * key, never text), JSON with JSON.
 */
export async function userChangeAnswer(request: Request, admin: SessionUser): Promise<Response> {
  const change = await readBody(request, userChangeSchema);
  await applyUserChange(change, admin, request.headers, requestInfo(request.headers));
  return isForm(request) ? backToUsers('saved=1') : Response.json({ ok: true });
}

/** A change better-auth refused is bad input (400); a form with bad input goes back to the page with a problem key. */
export function userChangeRefused(error: unknown, { request }: { request: Request }): Response {
  // isAPIError, not instanceof: Next's bundling can give the route its own copy of the class.
  const refused = isAPIError(error);
  const appError = refused
    ? new AppError({
        code: 'invalid_request',
        message: { en: error.message || 'The change was refused.', zh: error.message || '修改被拒绝。' },
        action: { en: 'Correct the form and try again.', zh: '请修改后重试。' },
      })
    : error;
  if (isForm(request) && appError instanceof AppError && appError.code === 'invalid_request') {
    const problem: UserChangeProblem = refused ? (String(error.body?.code ?? '').startsWith('USER_ALREADY_EXISTS') ? 'exists' : 'refused') : 'invalid';
    return backToUsers(`error=${problem}`);
  }
  return jsonError(appError);
}
