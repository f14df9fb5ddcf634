import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './stack';

const run = promisify(execFile);

/** pg_ctl with `args`, as the postgres user when root (as scripts/postgres.sh runs it). */
function pgCtl(args: string[]): [string, string[]] {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
  const bin = `/usr/lib/postgresql/${versions[versions.length - 1]}/bin/pg_ctl`;
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/**
 * A PostgreSQL of a test's own, on a free port with a data directory of its own, made by
 * scripts/postgres.sh, so the test can stop and start it without touching the one other tests
 * share.
 */
export class OwnPostgres {
  private constructor(
    readonly url: string,
    private readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<OwnPostgres> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'order-desk-own-pg-'));
    const { stdout } = await run('bash', ['scripts/postgres.sh'], { env: { ...process.env, PGPORT: String(port), ORDER_DESK_PG_DIR: dir } });
    return new OwnPostgres(stdout.trim().split('\n').pop()!, port, dir);
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  /** Stopped as an operator stops it (fast shutdown: open connections are ended); waits. */
  async stop(): Promise<void> {
    await run(...pgCtl(['-D', this.data, '-m', 'fast', '-w', 'stop']));
  }

  /** Started again on the same port and data; waits until it accepts connections. */
  async restart(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    await run(...pgCtl(['-D', this.data, '-l', join(this.dir, 'log'), '-w', '-o', options, 'start']));
  }

  /** Stopped for good, and its directory gone. */
  remove(): void {
    try {
      execFileSync(...pgCtl(['-D', this.data, '-m', 'immediate', '-w', 'stop']), { stdio: 'ignore' });
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
