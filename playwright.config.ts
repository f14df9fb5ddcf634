import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
const simPort = Number(process.env.E2E_SIM_PORT ?? 4110);
export const baseURL = `http://127.0.0.1:${port}`;

/**
 * Debian's Chromium against the built dashboard and the simulator (started by the demo script
 * on fixed ports, with a short timeout so the slow fault is quick to show).
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // 60 s a test (Playwright's default is 30): the specs run beside the embedded integration tests on
  // 2 cores, and a flow of a dozen steps (a new user signing in, a key made, used and revoked) ran
  // past 30 s at load 24. Waits inside a test keep their own, shorter, limits.
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // The browser's own zone differs on purpose: times must follow the display setting.
    timezoneId: 'America/New_York',
    locale: 'en-US',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    {
      name: 'chromium',
      dependencies: ['setup'],
      testIgnore: /auth\.setup\.ts/,
      use: { ...devices['Desktop Chrome'], channel: undefined, storageState: 'e2e/.auth/support.json' },
    },
  ],
  webServer: {
    command: 'npx tsx scripts/demo.ts',
    url: `${baseURL}/api/readyz`,
    reuseExistingServer: !process.env.CI,
    // SIGTERM, and wait for the dashboard to stop (scripts/demo.ts stops its server and then
    // exits): a run that starts right after this one then finds the PGlite data directory free.
    // Without it the server is SIGKILLed and may still hold .data-e2e when the next run starts.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    timeout: 120_000,
    env: {
      PORT: String(port),
      SIM_PORT: String(simPort),
      SIM_LATENCY_MS: '150',
      SIM_SLOW_MS: '4000',
      // Every WeChat token the simulator hands out starts with this; e2e/secrets.spec.ts looks for it.
      SIM_TOKEN_PREFIX: 'E2ECANARYx9',
      WECHAT_TIMEOUT_MS: '1500',
      LOG_LEVEL: 'warn',
      ORDER_DESK_DATA_DIR: '.data-e2e',
      ORDER_DESK_LOOKUPS_PER_MINUTE: '100000',
      ORDER_DESK_BATCHES_WAITING_PER_USER: '1000',
    },
  },
});
