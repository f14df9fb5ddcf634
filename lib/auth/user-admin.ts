import 'server-only';
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, type AuditAction } from '@/lib/audit/record';
import { database } from '@/lib/db';
import { user as userTable } from '@/lib/db/schema';
import type { RequestInfo } from '@/lib/request-info';
import type { SessionUser } from './access';
import { revokeAllKeys } from './api-keys';
import { auth } from './auth';
import { forgetUser } from './session-cache';
import { plainText } from '@/lib/text/safe-text';
import { roles } from '../api/roles';
import { actorOf } from './principal';

function userId() {
  return plainText(64).min(1);
}

/** What an admin can do to accounts; each is done by better-auth's admin plugin and audited. */
export const userChangeSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('create'),
    name: plainText(100).trim().min(1),
    email: z.email().max(200),
    role: z.enum(roles),
    password: z.string().min(12).max(128),
  }),
  z.object({ intent: z.literal('role'), userId: userId(), role: z.enum(roles) }),
  z.object({ intent: z.literal('disable'), userId: userId() }),
  z.object({ intent: z.literal('enable'), userId: userId() }),
  z.object({ intent: z.literal('password'), userId: userId(), password: z.string().min(12).max(128) }),
]);

/** What the users page says when a change is refused: a key, so the page shows only its own words. */
export const userChangeProblems = ['invalid', 'exists', 'refused'] as const;
export type UserChangeProblem = (typeof userChangeProblems)[number];

export type UserChange = z.infer<typeof userChangeSchema>;

export async function applyUserChange(change: UserChange, admin: SessionUser, headers: Headers, request: RequestInfo): Promise<void> {
  const api = auth().api;
  let action: AuditAction;
  let target: string;
  const detail: Record<string, unknown> = {};
  switch (change.intent) {
    case 'create': {
      const created = await api.createUser({ body: { name: change.name, email: change.email, password: change.password, role: change.role }, headers });
      action = 'user.create';
      target = created.user.id;
      Object.assign(detail, { email: change.email, role: change.role });
      break;
    }
    case 'role':
      await api.setRole({ body: { userId: change.userId, role: change.role }, headers });
      // Sessions made under the old role end at once: the user signs in again with the new one.
      await api.revokeUserSessions({ body: { userId: change.userId }, headers });
      action = 'user.role';
      target = change.userId;
      detail.role = change.role;
      break;
    case 'disable':
      // Banning also revokes the user's sessions; their API keys go too, so enabling the account
      // again brings back neither: the user signs in and makes new keys.
      await api.banUser({ body: { userId: change.userId, banReason: `disabled by ${admin.email}` }, headers });
      detail.apiKeysRevoked = await revokeAllKeys(change.userId);
      action = 'user.disable';
      target = change.userId;
      break;
    case 'enable':
      await api.unbanUser({ body: { userId: change.userId }, headers });
      // Keys a disabled user still holds date from before the disable (one made before disabling
      // deleted them): they do not come back either.
      detail.apiKeysRevoked = await revokeAllKeys(change.userId);
      action = 'user.enable';
      target = change.userId;
      break;
    case 'password':
      await api.setUserPassword({ body: { userId: change.userId, newPassword: change.password }, headers });
      // A reset password may mean a stolen one: whoever holds a session with it is signed out,
      // and any API key made with it stops working.
      await api.revokeUserSessions({ body: { userId: change.userId }, headers });
      detail.apiKeysRevoked = await revokeAllKeys(change.userId);
      action = 'user.password-reset';
      target = change.userId;
      break;
  }
  // Other servers stop honouring the user's old sessions within SESSION_CACHE_MS; this one at once.
  forgetUser(target);
  await recordAudit({ action, actor: actorOf(admin), request, status: 200, detail: { userId: target, ...detail } });
}

export async function listUsers() {
  return database()
    .select({ id: userTable.id, name: userTable.name, email: userTable.email, role: userTable.role, banned: userTable.banned, createdAt: userTable.createdAt })
    .from(userTable)
    .orderBy(asc(userTable.email));
}
