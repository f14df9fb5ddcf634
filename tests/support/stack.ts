import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { DEMO_API_KEY, DEMO_API_KEY_OWNER, DEMO_PASSWORD } from '../../lib/auth/demo-accounts';
import { DEMO_ACCOUNTS, startSimulator, type Simulator, type SimulatorOptions } from '../../wechat-sim/server';

/**
 * Starts the built dashboard (`next start`) wired to a simulator: used by the demo, the
 * integration tests, Playwright and the benchmark, so they all run the same code as production.
 */
export interface App {
  url: string;
  process: ChildProcess;
  /** Everything the server printed, for tests that check what reaches the logs. */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export { DEMO_API_KEY, DEMO_API_KEY_OWNER, DEMO_PASSWORD };

/** The API calls the demo prints, one of each order kind and a batch from the sample file, with the demo API key: runnable as printed (from the repository's folder). */
export function demoCurlExamples(appUrl: string): string[] {
  return [
    `curl -H 'x-api-key: ${DEMO_API_KEY}' ${appUrl}/api/orders/service-provider/DD2981741311549200000`,
    `curl -H 'x-api-key: ${DEMO_API_KEY}' ${appUrl}/api/orders/shop/522346`,
    `curl -H 'x-api-key: ${DEMO_API_KEY}' -F file=@samples/batch-ids.csv ${appUrl}/api/batches`,
  ];
}

/**
 * The settings of a demo or test server: the simulator's credentials, the demo accounts, a
 * session secret that is only ever used for demos and tests, and (unless given) a fresh
 * embedded database.
 */
export function demoEnv(simUrl: string, dataDir?: string): Record<string, string> {
  return {
    ...simulatorEnv(simUrl),
    ORDER_DESK_DEMO_ACCOUNTS: '1',
    BETTER_AUTH_SECRET: 'order-desk-demo-only-secret-0123456789abcdef',
    ORDER_DESK_DATA_DIR: dataDir ?? freshDataDir(),
  };
}

/**
 * PGlite's initdb takes about 5 s; copying an initialised, empty data directory takes 0.2 s. The
 * test suites prepare one such directory per PGlite version (preparePgliteTemplate) and every
 * fresh data directory starts as a copy of it: the server still opens, migrates and seeds it as
 * on a first start. Without the template a fresh directory is empty and PGlite runs initdb.
 */
const PGLITE_VERSION = (JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as { version: string }).version;
const PGLITE_TEMPLATE = fileURLToPath(new URL(`../../.cache/pglite-template-${PGLITE_VERSION}`, import.meta.url));

/**
 * Where fresh data directories go: the test run's scratch directory (made and removed by the
 * integration suite's global setup) when there is one, else the system's temporary directory.
 */
const SCRATCH_ENV = 'ORDER_DESK_SCRATCH_DIR';
const madeDataDirs: string[] = [];

/**
 * A fresh data directory, removed by removeFreshDataDirs (each integration test file calls it when
 * it ends). `empty` skips the template copy: the server then initialises the directory itself, as
 * on a first start. On PostgreSQL (DATABASE_URL set) the copy would never be read, so it is skipped.
 */
export function freshDataDir(options: { empty?: boolean } = {}): string {
  const dir = mkdtempSync(join(process.env[SCRATCH_ENV] || tmpdir(), 'order-desk-'));
  madeDataDirs.push(dir);
  if (!options.empty && !process.env.DATABASE_URL && existsSync(PGLITE_TEMPLATE)) cpSync(PGLITE_TEMPLATE, join(dir, 'pglite'), { recursive: true });
  return dir;
}

/** Removes the data directories freshDataDir made in this process (each is about 30 MB). */
export function removeFreshDataDirs(): void {
  for (const dir of madeDataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A scratch directory for one test run, under which every fresh data directory goes; returns its removal. */
export function makeScratchDir(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'order-desk-run-'));
  process.env[SCRATCH_ENV] = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env[SCRATCH_ENV];
  };
}

export async function preparePgliteTemplate(): Promise<void> {
  if (existsSync(PGLITE_TEMPLATE)) return;
  mkdirSync(dirname(PGLITE_TEMPLATE), { recursive: true });
  const staging = mkdtempSync(`${PGLITE_TEMPLATE}-staging-`);
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(join(staging, 'pglite'));
  await db.waitReady;
  await db.close();
  try {
    renameSync(join(staging, 'pglite'), PGLITE_TEMPLATE);
  } catch (error) {
    if (!existsSync(PGLITE_TEMPLATE)) throw error; // another run made it first
  }
  rmSync(staging, { recursive: true, force: true });
}

/** The settings that point Order Desk at a simulator, with its demo credentials. */
export function simulatorEnv(simUrl: string): Record<string, string> {
  const [sp, shop] = DEMO_ACCOUNTS;
  return {
    WECHAT_API_BASE: simUrl,
    WECHAT_SP_APPID: sp!.appid,
    WECHAT_SP_APPSECRET: sp!.secret,
    WECHAT_SHOP_APPID: shop!.appid,
    WECHAT_SHOP_APPSECRET: shop!.secret,
  };
}

/**
 * Two shops, the simulator's two demo mini programs (WECHAT_SHOPS, lib/env/server.ts): `main`
 * (the fixtures of a single-shop setup) and `outlet` (orders of its own, and `shop-both-001`,
 * which both shops have). Added to demoEnv, it replaces the single-shop settings.
 */
export function twoShopsEnv(): Record<string, string> {
  const [, main, outlet] = DEMO_ACCOUNTS;
  return {
    WECHAT_SHOP_APPID: '',
    WECHAT_SHOP_APPSECRET: '',
    WECHAT_SHOPS: 'main,outlet',
    WECHAT_SHOP_MAIN_APPID: main!.appid,
    WECHAT_SHOP_MAIN_APPSECRET: main!.secret,
    WECHAT_SHOP_MAIN_NAME: '旗舰店',
    WECHAT_SHOP_OUTLET_APPID: outlet!.appid,
    WECHAT_SHOP_OUTLET_APPSECRET: outlet!.secret,
    WECHAT_SHOP_OUTLET_NAME: '奥莱店',
  };
}

/**
 * Settings for a database of its own: on PostgreSQL (DATABASE_URL set) a fresh database on the
 * same server, otherwise nothing (demoEnv already gives each server a fresh PGlite directory).
 * For tests that block an address or fill a table, so the rest of the suite is not affected.
 */
export async function isolatedDatabaseEnv(): Promise<Record<string, string>> {
  const shared = process.env.DATABASE_URL;
  if (!shared) return {};
  const { Client } = await import('pg');
  const name = `order_desk_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new Client({ connectionString: shared });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(shared);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString() };
}

export async function startApp(options: { env: Record<string, string>; port?: number; host?: string; quiet?: boolean; logFile?: string; readyWithinMs?: number }): Promise<App> {
  const port = options.port ?? (await freePort());
  const host = options.host ?? '127.0.0.1';
  // A short keep-alive: a stop right after the test's last request no longer waits about 3 s for
  // the test's idle connection to time out (next start closes the server only once every
  // connection has ended). Deployments keep Node's default, longer than their proxy's.
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', host, '--keepAliveTimeout', '1000'], {
    env: { ...process.env, NODE_ENV: 'production', BETTER_AUTH_URL: `http://${host}:${port}`, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const log = options.logFile ? createWriteStream(options.logFile) : null;
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    log?.write(chunk);
    if (!options.quiet) process.stdout.write(chunk);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const url = `http://${host}:${port}`;
  await waitForHealth(url, child, () => output, options.readyWithinMs);
  return {
    url,
    process: child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        // Already gone, by its own exit or by a signal.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** `within`: 60 s unless said (bench:ledger's first start on PGlite rebuilds a million orders' days first). */
async function waitForHealth(url: string, child: ChildProcess, output: () => string, within = 60_000): Promise<void> {
  const deadline = Date.now() + within;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/api/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    // Asked often: about 200 servers start in a test run, each waiting for this.
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`next start did not become healthy within ${within / 1000} s:\n${output()}`);
}

export interface Stack {
  sim: Simulator;
  app: App;
  stop(): Promise<void>;
}

export async function startStack(options: { sim?: SimulatorOptions; env?: Record<string, string>; port?: number; host?: string; quiet?: boolean; logFile?: string } = {}): Promise<Stack> {
  const sim = await startSimulator(options.sim);
  const app = await startApp({
    env: { ...demoEnv(sim.url, options.env?.ORDER_DESK_DATA_DIR), ...options.env },
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    quiet: options.quiet ?? true,
    ...(options.logFile === undefined ? {} : { logFile: options.logFile }),
  });
  return {
    sim,
    app,
    stop: async () => {
      await app.stop();
      await sim.close();
    },
  };
}

/** One password sign-in over HTTP, as a browser on the dashboard's own origin would send it. */
export function signInAttempt(appUrl: string, email: string, password: string): Promise<Response> {
  return fetch(`${appUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: appUrl },
    body: JSON.stringify({ email, password }),
  });
}

/** The Cookie header that carries the session a sign-in answer set. */
export function sessionCookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** Signs in with a demo account over HTTP; returns the Cookie header for later requests. */
export async function signInCookie(appUrl: string, email = 'support@demo.local'): Promise<string> {
  const response = await signInAttempt(appUrl, email, DEMO_PASSWORD);
  if (!response.ok) throw new Error(`sign-in as ${email} failed: HTTP ${response.status}`);
  return sessionCookieOf(response);
}
