import 'server-only';
import { apiKey } from '@better-auth/api-key';
import { betterAuth } from 'better-auth';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { nextCookies } from 'better-auth/next-js';
import { admin, genericOAuth } from 'better-auth/plugins';
import { createAccessControl } from 'better-auth/plugins/access';
import { adminAc, defaultStatements } from 'better-auth/plugins/admin/access';
import { database } from '@/lib/db';
import { schema } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { serverEnv } from '@/lib/env/server';
import { log } from '@/lib/log';
import { requestInfo } from '@/lib/request-info';
import { beginSignIn, SignInThrottled, signInSucceeded } from './throttle';

/** The admin plugin checks roles itself when users are managed; these mirror lib/auth/roles. */
const ac = createAccessControl(defaultStatements);
const accessRoles = {
  support: ac.newRole({ user: [], session: [] }),
  finance: ac.newRole({ user: [], session: [] }),
  admin: adminAc,
};

export const OIDC_PROVIDER_ID = 'oidc';

/** Every key is `od_` and 64 random letters; the page shows its first ten characters. */
export const API_KEY_PREFIX = 'od_';
export const API_KEY_LENGTH = 64;
export const API_KEY_NAME_MAX = 64;
export const API_KEY_START_LENGTH = API_KEY_PREFIX.length + 7;
/** How the API-key plugin reports a key it refuses. */
const REFUSED_KEY_MESSAGE = 'Failed to validate API key';

function createAuth() {
  const env = serverEnv();
  const oidc = env.ORDER_DESK_OIDC_ISSUER;
  return betterAuth({
    // Development and tests run without a configured secret; production requires one (env check).
    secret: env.BETTER_AUTH_SECRET ?? 'order-desk-development-secret-not-for-production',
    baseURL: env.BETTER_AUTH_URL,
    database: drizzleAdapter(database(), { provider: 'pg', schema }),
    emailAndPassword: { enabled: env.ORDER_DESK_LOCAL_SIGN_IN === '1', disableSignUp: true, minPasswordLength: 12 },
    // No cookie cache: sessions are checked against their row (remembered for 500 ms at most, lib/auth/session-cache.ts), so revoking or disabling takes effect within that.
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    // Sign-in throttling is Order Desk's own (lib/auth/throttle.ts), per account and per IP.
    rateLimit: { enabled: false },
    advanced: {
      // Secure cookies in production (browsers accept them on http://localhost for the demo).
      useSecureCookies: env.NODE_ENV === 'production',
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      // Session rows carry no address: the audit trail records the one lib/client-address.ts
      // decided, and better-auth would read a client's own X-Forwarded-For.
      ipAddress: { disableIpTracking: true },
    },
    // A failed single sign-on comes back to the sign-in page, not to better-auth's error page.
    onAPIError: { errorURL: '/login' },
    // better-auth's own lines as JSON through pino, like every other line. A refused API key is
    // an everyday 401 answer, not a server error.
    logger: {
      log: (level, message, ...args) => {
        const err = args.find((a): a is Error => a instanceof Error);
        log[message.startsWith(REFUSED_KEY_MESSAGE) ? 'info' : level]({ component: 'better-auth', ...(err ? { err } : {}) }, message);
      },
    },
    hooks: { before: beforeSignIn, after: afterSignIn },
    plugins: [
      admin({ ac, roles: accessRoles, defaultRole: 'support', adminRoles: ['admin'] }),
      // Keys are verified only where lib/auth/access.ts asks (API routes), never as a session:
      // enableSessionForAPIKeys stays off, so pages and better-auth's own endpoints ignore them.
      apiKey({
        defaultPrefix: API_KEY_PREFIX,
        defaultKeyLength: API_KEY_LENGTH,
        startingCharactersConfig: { shouldStore: true, charactersLength: API_KEY_START_LENGTH },
        requireName: true,
        maximumNameLength: API_KEY_NAME_MAX,
        // The user’s own limits apply to a key (lib/lookups/quota.ts), not a second per-key count.
        rateLimit: { enabled: false },
        keyExpiration: { defaultExpiresIn: null, minExpiresIn: 1, maxExpiresIn: 366 },
      }),
      ...(oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  discoveryUrl: `${oidc.replace(/\/$/, '')}/.well-known/openid-configuration`,
                  clientId: env.ORDER_DESK_OIDC_CLIENT_ID!,
                  clientSecret: env.ORDER_DESK_OIDC_CLIENT_SECRET!,
                  scopes: ['openid', 'email', 'profile'],
                  pkce: true,
                },
              ],
            }),
          ]
        : []),
      nextCookies(),
    ],
  });
}

export const SIGN_IN_EMAIL = '/sign-in/email';


/**
 * Takes the attempt from the throttle's allowance before the password is checked (HTTP 429 once
 * it is used up). Only the first refusal of a window is recorded: a flood of refused attempts
 * adds one row to the audit trail, not one per attempt.
 */
const beforeSignIn = createAuthMiddleware(async (ctx) => {
  if (ctx.path !== SIGN_IN_EMAIL) return;
  const email = submittedEmail(ctx.body);
  const request = requestInfo(ctx.headers ?? new Headers());
  try {
    await beginSignIn(email, request.ip);
  } catch (error) {
    if (!(error instanceof SignInThrottled)) throw error;
    if (error.first) await recordAudit({ action: 'auth.sign-in-failed', actor: { id: null, email, role: null }, request, status: 429, detail: { reason: 'throttled' } });
    throw new APIError('TOO_MANY_REQUESTS', { message: `${error.messages.en} ${error.action.en}`, code: 'SIGN_IN_THROTTLED' });
  }
});

/** Records every sign-in and failed sign-in; a success gives the throttle its point back. */
const afterSignIn = createAuthMiddleware(async (ctx) => {
  const isEmail = ctx.path === SIGN_IN_EMAIL;
  if (!isEmail && !ctx.path.startsWith('/callback/')) return;
  const request = requestInfo(ctx.headers ?? new Headers());
  const created = ctx.context.newSession;
  if (created) {
    const u = created.user as typeof created.user & { role?: string | null };
    if (isEmail) await signInSucceeded(submittedEmail(ctx.body), request.ip);
    await recordAudit({ action: 'auth.sign-in', actor: { id: u.id, email: u.email, role: u.role ?? null }, request, status: 200, detail: { method: isEmail ? 'password' : 'oidc' } });
    return;
  }
  const returned = ctx.context.returned;
  if (isEmail && isAPIError(returned) && returned.statusCode !== 429) {
    await recordAudit({ action: 'auth.sign-in-failed', actor: { id: null, email: submittedEmail(ctx.body), role: null }, request, status: returned.statusCode, detail: { method: 'password' } });
  }
});

const submittedEmail = (body: unknown): string => {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email : '';
};

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { orderDeskAuth?: Auth };

export function auth(): Auth {
  globalForAuth.orderDeskAuth ??= createAuth();
  return globalForAuth.orderDeskAuth;
}
