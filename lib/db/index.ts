import 'server-only';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { Pool } from 'pg';
import { serverEnv } from '@/lib/env/server';
import { log } from '@/lib/log';
import { noteDatabaseUnreachable } from '@/lib/request-scope';
import { claimDataDir } from './data-dir-lock';
import { isDatabaseUnreachable, rememberUnreachable } from './outage';
import { schema } from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

interface Connection {
  db: Db;
  kind: 'postgresql' | 'pglite';
  /** PostgreSQL's pool, for session-level advisory locks. */
  pool?: Pool;
  /** The embedded database itself, for what needs more than Drizzle (the job queue). */
  pglite?: PGlite;
  /** Resolves once migrations have run. */
  ready: Promise<void>;
}

const MIGRATIONS = join(process.cwd(), 'drizzle');
/** Any constant: servers sharing one PostgreSQL take turns to migrate. */
const MIGRATION_LOCK = 7_240_001;

/**
 * PostgreSQL when DATABASE_URL is set (several servers can share it), otherwise PGlite, an
 * embedded PostgreSQL in ORDER_DESK_DATA_DIR (one server process at a time).
 */
function connect(): Connection {
  const env = serverEnv();
  if (env.DATABASE_URL) {
    const pool = new Pool({ connectionString: env.DATABASE_URL, max: 20 });
    watchForOutages(pool);
    const db = drizzlePg(pool, { schema });
    const ready = (async () => {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(db, { migrationsFolder: MIGRATIONS });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
        client.release();
      }
    })();
    return { db: db as unknown as Db, kind: 'postgresql', pool, ready };
  }
  mkdirSync(env.ORDER_DESK_DATA_DIR, { recursive: true });
  claimDataDir(env.ORDER_DESK_DATA_DIR);
  const pglite = new PGlite(join(env.ORDER_DESK_DATA_DIR, 'pglite'));
  const db = drizzlePglite(pglite, { schema });
  return { db: db as unknown as Db, kind: 'pglite', pglite, ready: migratePglite(db, { migrationsFolder: MIGRATIONS }) };
}

/**
 * A connection that cannot be made or is lost marks the request it served (lib/request-scope.ts),
 * which is then answered 503 "database unavailable", not 500. An idle connection that PostgreSQL
 * ends (a restart) is logged, not left to crash the process; the pool makes new ones when it is back.
 */
function watchForOutages(pool: Pool): void {
  pool.on('error', (error) => log.warn({ err: error }, 'an idle database connection was lost'));
  const noteIfUnreachable = (error: unknown) => {
    if (!isDatabaseUnreachable(error, true)) return;
    noteDatabaseUnreachable();
    rememberUnreachable(error as object);
  };
  for (const method of ['query', 'connect'] as const) {
    const original = pool[method].bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const result = original(...args);
      if (result instanceof Promise) result.catch(noteIfUnreachable);
      return result;
    };
  }
}

const globalForDb = globalThis as unknown as { orderDeskDb?: Connection };

function connection(): Connection {
  if (!globalForDb.orderDeskDb) {
    const c = connect();
    c.ready.then(
      () => log.info({ database: c.kind }, 'database ready'),
      (error: unknown) => log.error({ err: error, database: c.kind }, 'database migration failed'),
    );
    globalForDb.orderDeskDb = c;
  }
  return globalForDb.orderDeskDb;
}

/** Rows of a raw SQL statement (both drivers answer `{ rows }`), on the database or in a transaction (`on`). */
export async function queryRows<T>(query: SQL, on: Pick<Db, 'execute'> = database()): Promise<T[]> {
  const result = (await on.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** The database handle; queries wait for nothing, so await `databaseReady()` first at start. */
export function database(): Db {
  return connection().db;
}

export function databaseReady(): Promise<void> {
  return connection().ready;
}

export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Plain SQL on the project's database, the shape pg-boss's `db` option takes, so the job queue
 * lives in the same database on PostgreSQL and on PGlite. Text without parameters may hold
 * several statements (pg-boss installs its schema that way): PGlite runs those with `exec`.
 */
export function sqlExecutor(): SqlExecutor {
  const { pool, pglite } = connection();
  if (pool) return { executeSql: (text, values) => pool.query(text, values) };
  const embedded = pglite!;
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return embedded.query(text, values);
      const results = await embedded.exec(text);
      return results[results.length - 1] ?? { rows: [] };
    },
  };
}

export function databaseKind(): 'postgresql' | 'pglite' {
  return connection().kind;
}

/** The two-key advisory lock space (apart from MIGRATION_LOCK's single key) for withSharedLock. */
const SHARED_LOCKS = 7_240_002;

/**
 * Runs `work` while no other server sharing this PostgreSQL runs work under the same name
 * (a session advisory lock; a server that dies releases it with its connection). On PGlite, one
 * process, it just runs. If the lock cannot be taken (database unreachable) it runs anyway
 * rather than fail the caller.
 */
export async function withSharedLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const { pool } = connection();
  if (!pool) return work();
  let client;
  try {
    client = await pool.connect();
    await client.query('select pg_advisory_lock($1, hashtext($2))', [SHARED_LOCKS, name]);
  } catch (error) {
    client?.release(true);
    log.warn({ err: error, lock: name }, 'shared lock unavailable; running without it');
    return work();
  }
  try {
    return await work();
  } finally {
    await client.query('select pg_advisory_unlock($1, hashtext($2))', [SHARED_LOCKS, name]).then(
      () => client.release(),
      (error: unknown) => client.release(error instanceof Error ? error : true),
    );
  }
}
