import { inject } from 'vitest';
import type { SimStats } from '../../wechat-sim/server';
import { DEMO_ACCOUNTS } from '../../wechat-sim/server';
import { join } from 'node:path';
import { demoEnv, isolatedDatabaseEnv, signInCookie, startApp, type App } from '../support/stack';
import { INTEGRATION_ENV } from './settings';

export const appUrl = () => inject('appUrl');
export const simUrl = () => inject('simUrl');

/** Signs in with a demo account; returns the Cookie header to send. */
export const signIn = (email = 'support@demo.local', base = appUrl()) => signInCookie(base, email);

const sessions = new Map<string, Promise<string>>();

/** A signed-in session per account and server, made once. */
export function session(email = 'support@demo.local', base = appUrl()): Promise<string> {
  const key = `${base} ${email}`;
  if (!sessions.has(key)) sessions.set(key, signIn(email, base));
  return sessions.get(key)!;
}

export async function api(path: string, base = appUrl(), cookie?: string | null) {
  const headers: Record<string, string> = {};
  const jar = cookie === undefined ? await session('support@demo.local', base) : cookie;
  if (jar) headers.cookie = jar;
  const response = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON (a page or a redirect)
  }
  return { status: response.status, headers: response.headers, text, body };
}

export async function simStats(base = simUrl()): Promise<SimStats> {
  return (await fetch(`${base}/__sim/stats`)).json() as Promise<SimStats>;
}

export async function simControl(action: 'reset' | 'invalidate-tokens', base = simUrl()) {
  const response = await fetch(`${base}/__sim/${action}`, { method: 'POST' });
  if (!response.ok) throw new Error(`simulator control ${action} failed`);
}

/** Values that must never leave the server. The simulator's tokens all start with SIM_. */
export const SECRET_VALUES = DEMO_ACCOUNTS.map((a) => a.secret);
export const TOKEN_PREFIX = 'SIM_';

/**
 * Settings for a server of a test's own: the suite's settings, a database of its own (or
 * `database`, to share one between servers) and `extra`. For tests that block an address, fill
 * a table or stop the server.
 */
export async function ownServerEnv(simUrl: string, extra: Record<string, string> = {}, database?: Record<string, string>): Promise<Record<string, string>> {
  return { ...demoEnv(simUrl), ...INTEGRATION_ENV, ...(database ?? (await isolatedDatabaseEnv())), ...extra };
}

/** A new account made by an admin over HTTP (password `orderdesk-demo`), with its id. */
export async function createUser(base: string, adminCookie: string, role: 'support' | 'finance' | 'admin' = 'support'): Promise<{ email: string; id: string }> {
  const email = `test-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const response = await fetch(`${base}/api/admin/users`, {
    method: 'POST',
    headers: { cookie: adminCookie, origin: base, 'content-type': 'application/json' },
    body: JSON.stringify({ intent: 'create', name: 'Test User', email, role, password: 'orderdesk-demo' }),
  });
  if (!response.ok) throw new Error(`creating ${email} failed: HTTP ${response.status}`);
  return { email, id: await userIdOf(base, adminCookie, email) };
}

/** A user's id, read from the users page (the only place the product shows it). */
export async function userIdOf(base: string, adminCookie: string, email: string): Promise<string> {
  const html = await (await fetch(`${base}/admin/users`, { headers: { cookie: adminCookie } })).text();
  const row = html.slice(html.indexOf(email));
  const id = /name="userId" value="([^"]+)"/.exec(row)?.[1];
  if (!id) throw new Error(`no user id for ${email} on /admin/users`);
  return id;
}

/**
 * Asks `status()` again and again (every 20 ms) from now until it answers `expected`, at most
 * `giveUpMs`: the ms from now to the first answer that did, or Infinity.
 */
export async function msUntil(expected: number, status: () => Promise<number>, giveUpMs = 3000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < giveUpMs) {
    if ((await status()) === expected) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 20));
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * A test server of its own whose database the test can reach into: on PostgreSQL beside the
 * server; on PGlite (one process per data directory) with the server stopped, then started again
 * on the same port.
 */
export class ServerWithDatabase {
  app!: App;
  private constructor(readonly env: Record<string, string>) {}

  static async start(env: Record<string, string>): Promise<ServerWithDatabase> {
    const server = new ServerWithDatabase(env);
    server.app = await startApp({ env, quiet: true });
    return server;
  }

  get url(): string {
    return this.app.url;
  }

  async sql<T = Record<string, unknown>>(text: string): Promise<T[]> {
    if (this.env.DATABASE_URL) {
      const { Client } = await import('pg');
      const client = new Client({ connectionString: this.env.DATABASE_URL });
      await client.connect();
      try {
        return (await client.query(text)).rows as T[];
      } finally {
        await client.end();
      }
    }
    const port = Number(new URL(this.app.url).port);
    await this.app.stop();
    const { PGlite } = await import('@electric-sql/pglite');
    const db = new PGlite(join(this.env.ORDER_DESK_DATA_DIR!, 'pglite'));
    try {
      const results = await db.exec(text);
      return (results[results.length - 1]?.rows ?? []) as T[];
    } finally {
      await db.close();
      this.app = await startApp({ env: this.env, port, quiet: true });
    }
  }

  /**
   * A statement, then the server stopped and started again, so what it does at start (retention)
   * runs on what the statement wrote. On PGlite one stop and start does both (sql alone already
   * starts the server again after the statement); on PostgreSQL the statement, then a restart.
   */
  async sqlThenRestart(text: string): Promise<void> {
    await this.sql(text);
    if (this.env.DATABASE_URL) await this.restart();
  }

  /** Started again if it is stopped (as after app.stop()); left as it is if it runs. */
  async ensureStarted(): Promise<void> {
    if (this.app.process.exitCode === null && this.app.process.signalCode === null) return;
    this.app = await startApp({ env: this.env, port: Number(new URL(this.app.url).port), quiet: true });
  }

  /** Stopped and started again: what the server does at start (retention) runs. */
  async restart(): Promise<void> {
    const port = Number(new URL(this.app.url).port);
    await this.app.stop();
    this.app = await startApp({ env: this.env, port, quiet: true });
  }
}

/**
 * Rows of a query on a test server's own database, once the test is done with the server: over
 * PostgreSQL directly; on PGlite (one process at a time) after stopping the server.
 */
export async function rowsAfter(app: App, env: Record<string, string>, text: string): Promise<Array<Record<string, unknown>>> {
  if (env.DATABASE_URL) {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(text)).rows as Array<Record<string, unknown>>;
    } finally {
      await client.end();
    }
  }
  await app.stop();
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(join(env.ORDER_DESK_DATA_DIR!, 'pglite'));
  try {
    return (await db.query<Record<string, unknown>>(text)).rows;
  } finally {
    await db.close();
  }
}
