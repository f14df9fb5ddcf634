import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is an embedded PostgreSQL: one process owns its data directory. A second process
 * opening the same directory is not refused by PGlite itself; two writers would corrupt it. So
 * the first server writes its pid to a lock file, and a later one refuses to start while that
 * process lives. A file left by a crashed server names a dead pid and is taken over.
 */
export function claimDataDir(dir: string): void {
  const path = join(dir, 'order-desk.pid');
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createWithPid(path)) {
      process.once('exit', () => release(path));
      return;
    }
    const holder = readPid(path);
    if (holder === process.pid) return;
    if (holder !== undefined && isAlive(holder)) {
      throw new Error(
        `ORDER_DESK_DATA_DIR ${dir} is in use by another Order Desk server (pid ${holder}). ` +
          'PGlite, the embedded database, serves one process per data directory: to run several servers, ' +
          'set DATABASE_URL to a PostgreSQL database they share. ' +
          `(If no server runs there any more, delete ${path}.)`,
      );
    }
    unlinkSafely(path);
  }
  throw new Error(`could not claim ${path}: another server keeps taking it`);
}

/** Creates the file with our pid in it, whole or not at all (written aside, then linked in). */
function createWithPid(path: string): boolean {
  const aside = `${path}.${process.pid}`;
  writeFileSync(aside, String(process.pid));
  try {
    linkSync(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    unlinkSafely(aside);
  }
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function release(path: string): void {
  if (readPid(path) === process.pid) unlinkSafely(path);
}

function unlinkSafely(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
