import { describe, expect, it } from 'vitest';
import { sessionCookieOf, signInAttempt } from '../support/stack';
import { api, appUrl, session } from './helpers';

async function manage(body: Record<string, string>) {
  const response = await fetch(`${appUrl()}/api/admin/users`, {
    method: 'POST',
    headers: { cookie: await session('admin@demo.local'), origin: appUrl(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const signInAs = (email: string, password: string) => signInAttempt(appUrl(), email, password);

async function userId(email: string): Promise<string> {
  const page = await api('/admin/users', appUrl(), await session('admin@demo.local'));
  // The first user id after the cell that shows the email is that user's (the row's role form).
  const match = new RegExp(`>${email.replace(/[.+]/g, '\\$&')}<[\\s\\S]*?name="userId" value="([^"]+)"`).exec(page.text);
  if (!match) throw new Error(`${email} is not listed`);
  return match[1]!;
}

describe('user management', () => {
  const email = `new-${Date.now()}@example.com`;

  it('creates a user who can then sign in with the given role', async () => {
    expect((await manage({ intent: 'create', name: 'New Person', email, role: 'finance', password: 'a-long-password-1' })).status).toBe(200);
    const signedIn = await signInAs(email, 'a-long-password-1');
    expect(signedIn.status).toBe(200);
    expect(((await signedIn.json()) as { user: { role: string } }).user.role).toBe('finance');
  });

  it('changes the role, disables (ending sessions), re-enables and resets the password', async () => {
    const id = await userId(email);
    expect((await manage({ intent: 'role', userId: id, role: 'admin' })).status).toBe(200);
    const session1 = sessionCookieOf(await signInAs(email, 'a-long-password-1'));
    expect((await api('/api/audit.csv', appUrl(), session1)).status).toBe(200);

    expect((await manage({ intent: 'disable', userId: id })).status).toBe(200);
    expect((await api('/api/orders/shop/522346', appUrl(), session1)).status).toBe(401);
    expect((await signInAs(email, 'a-long-password-1')).status).toBeGreaterThanOrEqual(400);

    expect((await manage({ intent: 'enable', userId: id })).status).toBe(200);
    expect((await manage({ intent: 'password', userId: id, password: 'another-password-2' })).status).toBe(200);
    expect((await signInAs(email, 'a-long-password-1')).status).toBe(401);
    expect((await signInAs(email, 'another-password-2')).status).toBe(200);

    const audit = await api(`/api/audit.csv?action=`, appUrl(), await session('admin@demo.local'));
    for (const action of ['user.create', 'user.role', 'user.disable', 'user.enable', 'user.password-reset']) expect(audit.text).toContain(action);
  });

  it('refuses a bad form with a clear message and changes nothing', async () => {
    const bad = await manage({ intent: 'create', name: 'X', email: 'not-an-email', role: 'root', password: 'short' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('email');
    expect(await api('/admin/users', appUrl(), await session('admin@demo.local')).then((r) => r.text)).not.toContain('not-an-email');
  });
});
