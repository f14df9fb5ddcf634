import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEnv, freshDataDir, signInCookie, startApp, type App } from '../support/stack';
import { startSimulator, type Simulator } from '../../wechat-sim/server';
import { api } from './helpers';
import { INTEGRATION_ENV } from './settings';

/** PGlite (no DATABASE_URL) serves one process per data directory; it runs whatever the suite's database. */
let sim: Simulator;
let env: Record<string, string>;
const apps: App[] = [];

beforeAll(async () => {
  sim = await startSimulator();
  env = { ...demoEnv(sim.url, freshDataDir({ empty: true })), ...INTEGRATION_ENV, DATABASE_URL: '' };
  apps.push(await startApp({ env, quiet: true }));
});
afterAll(async () => {
  for (const app of apps) await app.stop();
  await sim?.close();
});

describe('PGlite, one process per data directory', () => {
  it('refuses to start a second server on the same ORDER_DESK_DATA_DIR, naming DATABASE_URL, and the first keeps working', async () => {
    const first = apps[0]!;
    const second = await startApp({ env, quiet: true }).then(
      (app) => {
        apps.push(app);
        return undefined;
      },
      (error: unknown) => String(error),
    );
    expect(second, 'the second server started').toBeDefined();
    expect(second).toMatch(/exited with [1-9]/);
    expect(second).toContain('DATABASE_URL');
    expect(second).toContain(`pid ${first.process.pid}`);

    const cookie = await signInCookie(first.url);
    expect((await api('/api/orders/shop/522346', first.url, cookie)).status).toBe(200);
  });

  it('starts on a directory whose previous server crashed', async () => {
    const first = apps.shift()!;
    const exited = new Promise((resolve) => first.process.once('exit', resolve));
    first.process.kill('SIGKILL');
    await exited;
    const next = await startApp({ env, quiet: true });
    apps.push(next);
    expect((await api('/api/orders/shop/522346', next.url, await signInCookie(next.url))).status).toBe(200);
  });
});
