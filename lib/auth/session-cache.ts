import 'server-only';
import { getSessionCookie } from 'better-auth/cookies';

/**
 * Who a session cookie belongs to, remembered for SESSION_CACHE_MS after the database was asked,
 * so a burst of requests on one session costs one session check, not one each.
 *
 * The bound is the whole guarantee: a sign-out, a disabled user or a changed role (all of which
 * delete the user's session rows) is honoured by every server within SESSION_CACHE_MS, whatever
 * happens to any connection, because no answer is kept longer than that from the moment its
 * check began. The server that makes the change forgets at once (forgetSession, forgetUser).
 *
 * Only requests with a session cookie are remembered, keyed on that cookie's signed value, and
 * only when the session better-auth found is that cookie's token; anything else (no cookie, an
 * API key, a cookie better-auth refuses) is answered by better-auth every time.
 */
export const SESSION_CACHE_MS = 500;
const MAX_ENTRIES = 10_000;

export interface CheckedSession<U> {
  user: U;
  userId: string;
  token: string;
  expiresAt: Date;
}

interface Entry<U> {
  answer: Promise<CheckedSession<U> | null>;
  /** When the check began, plus SESSION_CACHE_MS (or the session's own end, if sooner). */
  until: number;
  userId?: string;
}

interface Cache {
  entries: Map<string, Entry<unknown>>;
  now: () => number;
}

// One per process: Next's bundles each hold a copy of this module, and a sign-out handled by one
// must be seen by the lookup route in another.
const globalForSessions = globalThis as unknown as { orderDeskSessions?: Cache };
const cache = (globalForSessions.orderDeskSessions ??= { entries: new Map(), now: Date.now });

/** The session cookie's signed value: what a request proves it holds. */
function cookieOf(headers: Headers): string | null {
  return getSessionCookie(headers);
}

/** The token a signed session cookie carries (`token.signature`, URL-encoded). */
function tokenOf(cookie: string): string {
  let decoded = cookie;
  try {
    decoded = decodeURIComponent(cookie);
  } catch {
    // left as sent: it then matches no token
  }
  return decoded.slice(0, decoded.lastIndexOf('.'));
}

/**
 * The user this request's session cookie belongs to: from memory if checked within
 * SESSION_CACHE_MS, otherwise from `check` (better-auth), whose answer concurrent requests on the
 * same cookie share.
 */
export async function rememberedSession<U>(headers: Headers, check: () => Promise<CheckedSession<U> | null>): Promise<U | null> {
  const cookie = cookieOf(headers);
  if (!cookie) return (await check())?.user ?? null;

  const now = cache.now();
  const found = cache.entries.get(cookie) as Entry<U> | undefined;
  if (found && found.until > now) return (await found.answer)?.user ?? null;
  if (found) cache.entries.delete(cookie);

  const entry: Entry<U> = { answer: check(), until: now + SESSION_CACHE_MS };
  remember(cookie, entry);
  let checked: CheckedSession<U> | null;
  try {
    checked = await entry.answer;
  } catch (error) {
    forget(cookie, entry);
    throw error;
  }
  if (checked && checked.token === tokenOf(cookie)) {
    entry.userId = checked.userId;
    entry.until = Math.min(entry.until, checked.expiresAt.getTime());
  } else {
    // Not signed in, or not this cookie's session: nothing to remember.
    forget(cookie, entry);
  }
  return checked?.user ?? null;
}

function remember(cookie: string, entry: Entry<unknown>) {
  if (cache.entries.size >= MAX_ENTRIES) {
    const now = cache.now();
    for (const [key, e] of cache.entries) if (e.until <= now) cache.entries.delete(key);
    // Still full: the oldest goes (a Map keeps insertion order).
    if (cache.entries.size >= MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
  }
  cache.entries.set(cookie, entry);
}

/** Only the entry this check made: a newer one for the same cookie stays. */
function forget(cookie: string, entry: Entry<unknown>) {
  if (cache.entries.get(cookie) === entry) cache.entries.delete(cookie);
}

/** This request's session ends (sign-out): this server stops honouring it at once. */
export function forgetSession(headers: Headers): void {
  const cookie = cookieOf(headers);
  if (cookie) cache.entries.delete(cookie);
}

/**
 * The user's sessions end or change (role, disable, password reset): this server forgets them at
 * once, along with any check still running, which may have read the old state.
 */
export function forgetUser(userId: string): void {
  for (const [cookie, entry] of cache.entries) if (entry.userId === userId || entry.userId === undefined) cache.entries.delete(cookie);
}

/** For unit tests: an empty cache and a clock of their own. */
export function resetSessionCache(now: () => number = Date.now): void {
  cache.entries.clear();
  cache.now = now;
}
