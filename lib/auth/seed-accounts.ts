import 'server-only';
import { defaultKeyHasher } from '@better-auth/api-key';
import { database } from '@/lib/db';
import { apiKey } from '@/lib/db/schema';
import { serverEnv } from '@/lib/env/server';
import { log } from '@/lib/log';
import { API_KEY_PREFIX, API_KEY_START_LENGTH, auth } from './auth';
import { DEMO_ACCOUNTS, DEMO_API_KEY, DEMO_API_KEY_OWNER, DEMO_PASSWORD } from './demo-accounts';
import type { Role } from '../api/roles';

/** An account with a password and a role, made without going through sign-up (which is closed); its id. */
async function createAccount(email: string, name: string, role: Role, password: string): Promise<string> {
  const ctx = await auth().$context;
  const user = await ctx.internalAdapter.createUser({ email, name, emailVerified: true, role }, { method: 'email-password' });
  await ctx.internalAdapter.linkAccount({ userId: user.id, providerId: 'credential', accountId: user.id, password: await ctx.password.hash(password) });
  log.info({ email, role }, 'account created');
  return user.id;
}

/**
 * The configured admin account (ORDER_DESK_ADMIN_EMAIL/PASSWORD): created, or its role, password
 * and access restored if they drifted, so whoever runs the server can always get in.
 */
async function ensureAdminAccount(email: string, password: string): Promise<void> {
  const ctx = await auth().$context;
  const found = await ctx.internalAdapter.findUserByEmail(email, { includeAccounts: true });
  if (!found) {
    await createAccount(email, 'Administrator', 'admin', password);
    return;
  }
  const hash = await ctx.password.hash(password);
  const credential = found.accounts.find((a) => a.providerId === 'credential');
  if (credential) await ctx.internalAdapter.updatePassword(found.user.id, hash);
  else await ctx.internalAdapter.linkAccount({ userId: found.user.id, providerId: 'credential', accountId: found.user.id, password: hash });
  await ctx.internalAdapter.updateUser(found.user.id, { role: 'admin', banned: false });
}

/**
 * A demo account made when missing, and otherwise left as it is: an admin who disabled it or
 * changed its password meant it, and a restart must not undo that. Its id when it was made now.
 */
async function createDemoAccountIfMissing(email: string, name: string, role: Role): Promise<string | null> {
  const ctx = await auth().$context;
  if (await ctx.internalAdapter.findUserByEmail(email)) return null;
  return createAccount(email, name, role, DEMO_PASSWORD);
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
    await ensureAdminAccount(env.ORDER_DESK_ADMIN_EMAIL, env.ORDER_DESK_ADMIN_PASSWORD);
  }
  if (env.ORDER_DESK_DEMO_ACCOUNTS === '1') {
    for (const a of DEMO_ACCOUNTS) {
      const id = await createDemoAccountIfMissing(a.email, a.name, a.role);
      // The key comes with the account only: one revoked (by a disable or a reset) stays revoked.
      if (id && a.email === DEMO_API_KEY_OWNER) await ensureDemoApiKey(id);
    }
  }
}
