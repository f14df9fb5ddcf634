import { mkdirSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { makeScratchDir, preparePgliteTemplate, startStack } from '../support/stack';
import { INTEGRATION_ENV, SIM_SLOW_MS } from './settings';

/**
 * One built dashboard and one simulator for the integration suite, each on a free port. The
 * dashboard's log goes to .cache/integration-server.log (-postgres.log on PostgreSQL: the test
 * command runs a PGlite and a PostgreSQL run at once), to read when a test fails.
 */
export const SERVER_LOG = process.env.DATABASE_URL ? '.cache/integration-server-postgres.log' : '.cache/integration-server.log';

export default async function setup(project: TestProject) {
  mkdirSync('.cache', { recursive: true });
  // Every data directory the run's servers make goes under one scratch directory, removed at the
  // end even when a test file crashed before its own clean-up (tests/integration/setup.ts).
  const removeScratch = makeScratchDir();
  const stack = await startStack({ sim: { slowMs: SIM_SLOW_MS }, env: INTEGRATION_ENV, logFile: SERVER_LOG });
  // Fresh data directories of the servers tests start are copies of an initialised one (tests/support/stack.ts);
  // pglite-single-process.test.ts starts on an empty directory, as a first start does.
  if (!process.env.DATABASE_URL) await preparePgliteTemplate();
  project.provide('appUrl', stack.app.url);
  project.provide('simUrl', stack.sim.url);
  return async () => {
    await stack.stop();
    removeScratch();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    simUrl: string;
  }
}
