import 'server-only';
import { isAPIError } from 'better-auth/api';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import { database } from '@/lib/db';
import { apiKey as apiKeyTable, user as userTable } from '@/lib/db/schema';
import { isDatabaseOutage } from '@/lib/db/outage';
import { AppError, databaseUnavailable } from '@/lib/errors';
import type { RequestInfo } from '@/lib/request-info';
import { plainText } from '@/lib/text/safe-text';
import { principalOf, type SessionUser } from './principal';
import { API_KEY_LENGTH, API_KEY_NAME_MAX, API_KEY_PREFIX, auth } from './auth';

/**
 * Personal API keys for scripts, made and checked by better-auth's API-key plugin (which stores
 * only each key's SHA-256). A key stands for its owner as they are at that moment: their role
 * now, and nothing at all once they are disabled (which deletes it). It works on API routes only (lib/auth/access.ts),
 * is read from one header only (never the query string, which ends up in logs and histories),
 * and cannot manage keys or users (roles.ts SIGNED_IN_ONLY).
 */
export const API_KEY_HEADER = 'x-api-key';
export const MAX_KEYS_PER_USER = 20;
const WELL_FORMED = new RegExp(`^${API_KEY_PREFIX}[A-Za-z]{${API_KEY_LENGTH}}$`);

export type { KeyRef } from './principal';

/**
 * The user `key` stands for, or null: for a malformed key (checked before any database work, so
 * a huge or hostile header costs nothing), an unknown, revoked or expired one, or one whose
 * owner is disabled. All of these look the same to the caller, so none can be told apart.
 */
export async function apiKeyUser(key: string): Promise<SessionUser | null> {
  if (!WELL_FORMED.test(key)) return null;
  const verified = await auth().api.verifyApiKey({ body: { key } });
  // better-auth answers "not valid" also when it could not read its table: that is the outage, not the key.
  if (!verified.valid && isDatabaseOutage(verified.error)) throw databaseUnavailable(verified.error);
  if (!verified.valid || !verified.key) return null;
  const [owner] = await database()
    .select({ id: userTable.id, email: userTable.email, name: userTable.name, role: userTable.role, banned: userTable.banned })
    .from(userTable)
    .where(eq(userTable.id, verified.key.referenceId))
    .limit(1);
  if (!owner || owner.banned) return null;
  return principalOf(owner, { id: verified.key.id, start: verified.key.start });
}

export function invalidApiKey(): AppError {
  return new AppError({
    code: 'unauthorized',
    message: { en: 'This API key does not work: it is unknown, revoked or expired, or its owner is disabled.', zh: '此 API 密钥无效：密钥不存在、已撤销或已过期，或其所有者已被停用。' },
    action: { en: 'Create a new key on the API keys page and send it in the x-api-key header.', zh: '请在“API 密钥”页面创建新密钥，并通过 x-api-key 请求头发送。' },
  });
}

export function signInRequired(): AppError {
  return new AppError({
    code: 'forbidden',
    message: { en: 'An API key cannot manage API keys or users.', zh: 'API 密钥不能管理 API 密钥或用户。' },
    action: { en: 'Sign in to Order Desk and do this there.', zh: '请登录 Order Desk 后操作。' },
  });
}

/** What the page sends to create a key: a name, and a lifetime in days or none. */
export const newKeySchema = z.strictObject({
  name: plainText(API_KEY_NAME_MAX).trim().min(1),
  expiresInDays: z.int().min(1).max(366).nullable().default(null),
});
export type NewKey = z.infer<typeof newKeySchema>;

/** What the page and `GET /api/account/api-keys` show of a key: never the key nor its hash. */
export interface KeySummary {
  id: string;
  name: string | null;
  start: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

const summary = (k: { id: string; name: string | null; start: string | null; createdAt: Date; lastRequest: Date | null; expiresAt: Date | null }): KeySummary => ({
  id: k.id,
  name: k.name,
  start: k.start,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastRequest?.toISOString() ?? null,
  expiresAt: k.expiresAt?.toISOString() ?? null,
});

/** The signed-in user's own keys, newest first. `headers` carry their session. */
export async function listKeys(headers: Headers): Promise<KeySummary[]> {
  const { apiKeys } = await auth().api.listApiKeys({ headers, query: { sortBy: 'createdAt', sortDirection: 'desc' } });
  return apiKeys.map(summary);
}

const tooManyKeys = () =>
  new AppError({
    code: 'invalid_request',
    message: { en: `You already have ${MAX_KEYS_PER_USER} API keys, the most allowed.`, zh: `您已有 ${MAX_KEYS_PER_USER} 个 API 密钥，已达上限。` },
    action: { en: 'Revoke a key you no longer use, then create the new one.', zh: '请先撤销不再使用的密钥，再创建新密钥。' },
  });

/** Creates a key for `user` and records it; the answer is the only place the key itself ever appears. */
export async function createKey(user: SessionUser, input: NewKey, headers: Headers, request: RequestInfo): Promise<KeySummary & { key: string }> {
  if ((await listKeys(headers)).length >= MAX_KEYS_PER_USER) throw tooManyKeys();
  const created = await auth().api.createApiKey({
    body: { userId: user.id, name: input.name, expiresIn: input.expiresInDays === null ? null : input.expiresInDays * 86_400 },
  });
  const shown = summary(created);
  await recordAudit({ action: 'apikey.create', actor: user, request, status: 201, detail: { keyId: shown.id, keyName: shown.name, keyStart: shown.start, expiresAt: shown.expiresAt } });
  return { ...shown, key: created.key };
}

const noSuchKey = () =>
  new AppError({
    code: 'not_found',
    message: { en: 'You have no API key with this id.', zh: '您没有此编号的 API 密钥。' },
    action: { en: 'Reload the API keys page.', zh: '请刷新“API 密钥”页面。' },
  });

/** Revokes (deletes) one of the user's own keys at once and records it; another user's key is "not found". */
export async function revokeKey(user: SessionUser, keyId: string, headers: Headers, request: RequestInfo): Promise<void> {
  const key = (await listKeys(headers)).find((k) => k.id === keyId);
  if (!key) throw noSuchKey();
  try {
    await auth().api.deleteApiKey({ body: { keyId }, headers });
  } catch (error) {
    // Revoked meanwhile (another tab, another server): the key is gone either way.
    if (isAPIError(error) && error.statusCode === 404) throw noSuchKey();
    throw error;
  }
  await recordAudit({ action: 'apikey.revoke', actor: user, request, status: 200, detail: { keyId: key.id, keyName: key.name, keyStart: key.start } });
}

/**
 * Deletes every key of a user an admin disabled, or whose password an admin reset
 * (lib/auth/user-admin.ts): a reset may mean a stolen password, and whoever had it could have
 * made a key; a disabled account's keys must not come back with it. How many were deleted.
 */
export async function revokeAllKeys(userId: string): Promise<number> {
  return (await database().delete(apiKeyTable).where(eq(apiKeyTable.referenceId, userId)).returning({ id: apiKeyTable.id })).length;
}
