import 'server-only';
import { sql } from 'drizzle-orm';
import { NO_STORE } from '@/lib/api/responses';
import { database, databaseReady } from '@/lib/db';
import { serverEnv } from '@/lib/env/server';
import { batchEngineStarted } from '@/lib/batches/engine';
import { log } from '@/lib/log';
import { shuttingDown } from '@/lib/ops/shutdown';

/**
 * Health checks for load balancers and orchestrators: no sign-in, no data, never cached.
 * Liveness says only that the process answers; readiness that this server should get traffic.
 */
export function livenessResponse(): Response {
  return Response.json({ status: 'live' }, { headers: NO_STORE });
}

const DATABASE_CHECK_MS = 2_000;

/** Ready: settings valid, database reachable with its migrations applied, not shutting down. */
export async function readinessResponse(): Promise<Response> {
  if (shuttingDown()) return Response.json({ status: 'shutting-down', checks: { shutdown: 'draining' } }, { status: 503, headers: NO_STORE });
  const checks = { settings: settingsCheck(), database: await databaseCheck(), jobs: batchEngineStarted() ? 'ok' : 'not-started' };
  const ready = checks.settings === 'ok' && checks.database === 'ok' && checks.jobs === 'ok';
  return Response.json({ status: ready ? 'ready' : 'not-ready', checks }, { status: ready ? 200 : 503, headers: NO_STORE });
}

function settingsCheck(): 'ok' | 'invalid' {
  try {
    serverEnv();
    return 'ok';
  } catch {
    return 'invalid';
  }
}

async function databaseCheck(): Promise<'ok' | 'unavailable'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_CHECK_MS} ms`)), DATABASE_CHECK_MS);
  });
  try {
    // databaseReady() resolves once the migrations have run; the query proves the database answers now.
    await Promise.race([databaseReady().then(() => database().execute(sql`select 1`)), timeout]);
    return 'ok';
  } catch (error) {
    log.warn({ err: error }, 'readiness: database unavailable');
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}
