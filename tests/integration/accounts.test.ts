import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieOf, signInAttempt, signInCookie, startStack, type Stack } from '../support/stack';
import { api } from './helpers';

// A server with only the configured admin account, and no demo accounts.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    env: { ORDER_DESK_DEMO_ACCOUNTS: '0', ORDER_DESK_ADMIN_EMAIL: 'ops@example.com', ORDER_DESK_ADMIN_PASSWORD: 'ops-password-123' },
  });
});
afterAll(() => stack?.stop());

const attempt = (email: string, password: string) => signInAttempt(stack.app.url, email, password);

describe('accounts ensured at start', () => {
  it('ORDER_DESK_ADMIN_EMAIL/PASSWORD make an admin', async () => {
    const response = await attempt('ops@example.com', 'ops-password-123');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { user: { role: string } }).user.role).toBe('admin');
    const cookie = await signInCookie(stack.app.url, 'ops@example.com').catch(() => null);
    expect(cookie).toBeNull(); // signInCookie uses the demo password
  });

  it('there is no public sign-up', async () => {
    const response = await fetch(`${stack.app.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.app.url },
      body: JSON.stringify({ email: 'intruder@example.com', password: 'intruder-password-1', name: 'Intruder' }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect((await attempt('intruder@example.com', 'intruder-password-1')).status).toBe(401);
  });

  it.skipIf(Boolean(process.env.DATABASE_URL))('demo accounts exist only with ORDER_DESK_DEMO_ACCOUNTS=1', async () => {
    expect((await attempt('support@demo.local', 'orderdesk-demo')).status).toBe(401);
  });

  it('the admin reads the audit trail, which shows the sign-in', async () => {
    const response = await attempt('ops@example.com', 'ops-password-123');
    const cookie = sessionCookieOf(response);
    const csv = await api('/api/audit.csv?action=auth.sign-in&user=ops@example.com', stack.app.url, cookie);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('ops@example.com');
  });
});
