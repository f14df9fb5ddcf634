import 'server-only';
import { defaultKeyHasher } from '@better-auth/api-key';
import { database } from '@/lib/db';
import { apiKey } from '@/lib/db/schema';
import { serverEnv } from '@/lib/env/server';
import { log } from '@/lib/log';
import { API_KEY_PREFIX, API_KEY_START_LENGTH, auth } from './auth';
import { DEMO_ACCOUNTS, DEMO_API_KEY, DEMO_API_KEY_OWNER, DEMO_PASSWORD } from './demo-accounts';
import type { Role } from './roles';

/**
 * Ensures an account exists with a password and a role (creating it, or restoring role and
 * password if they drifted), without going through sign-up, which is closed.
 */
async function ensureAccount(email: string, name: string, role: Role, password: string): Promise<string> {
  const ctx = await auth().$context;
  const hash = await ctx.password.hash(password);
  const found = await ctx.internalAdapter.findUserByEmail(email, { includeAccounts: true });
  if (!found) {
    const user = await ctx.internalAdapter.createUser({ email, name, emailVerified: true, role }, { method: 'email-password' });
    await ctx.internalAdapter.linkAccount({ userId: user.id, providerId: 'credential', accountId: user.id, password: hash });
    log.info({ email, role }, 'account created');
    return user.id;
  }
  const credential = found.accounts.find((a) => a.providerId === 'credential');
  if (credential) await ctx.internalAdapter.updatePassword(found.user.id, hash);
  else await ctx.internalAdapter.linkAccount({ userId: found.user.id, providerId: 'credential', accountId: found.user.id, password: hash });
  await ctx.internalAdapter.updateUser(found.user.id, { role, banned: false });
  return found.user.id;
}

/** The demo key, stored as the API-key plugin stores any key (its hash), unless it is there already. */
async function ensureDemoApiKey(userId: string) {
  await database()
    .insert(apiKey)
    .values({ id: 'demo-finance-key', name: 'Demo key', prefix: API_KEY_PREFIX, start: DEMO_API_KEY.slice(0, API_KEY_START_LENGTH), key: await defaultKeyHasher(DEMO_API_KEY), referenceId: userId })
    .onConflictDoNothing();
}

/** ORDER_DESK_ADMIN_EMAIL/PASSWORD, and with ORDER_DESK_DEMO_ACCOUNTS=1 the three demo sign-ins and the demo API key. */
export async function seedAccounts() {
  const env = serverEnv();
  if (env.ORDER_DESK_ADMIN_EMAIL && env.ORDER_DESK_ADMIN_PASSWORD) {
    await ensureAccount(env.ORDER_DESK_ADMIN_EMAIL, 'Administrator', 'admin', env.ORDER_DESK_ADMIN_PASSWORD);
  }
  if (env.ORDER_DESK_DEMO_ACCOUNTS === '1') {
    for (const a of DEMO_ACCOUNTS) {
      const id = await ensureAccount(a.email, a.name, a.role, DEMO_PASSWORD);
      if (a.email === DEMO_API_KEY_OWNER) await ensureDemoApiKey(id);
    }
  }
}
