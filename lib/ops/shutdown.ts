import 'server-only';
import { subscribe } from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';
import { log } from '@/lib/log';

/**
 * A clean stop on SIGTERM, built on what `next start` already does.
 *
 * Next's own SIGTERM handler (next/dist/server/lib/start-server.js, skipped only with
 * NEXT_MANUAL_SIG_HANDLE) closes the listening socket at once, waits for the requests still
 * running, closes the Next server and exits 143. A load balancer polling readiness then gets a
 * refused connection, not a 503, and nothing bounds the wait.
 *
 * So Order Desk's handler goes first and calls Next's afterwards: readiness answers 503 at once
 * while the server keeps listening; once the requests that were running at the signal have
 * finished, Next's handler closes the server as before (finishing any request that came in
 * meanwhile), and its 143 becomes 0, a clean stop. If `graceMs` passes first, the process says
 * how many requests it cut off and exits 1.
 */
interface ShutdownState {
  draining: boolean;
  inFlight: Set<ServerResponse>;
  /** Work to wind down before exit, beside the requests (the batch workers). */
  hooks: Array<() => Promise<void>>;
}

const globalForShutdown = globalThis as unknown as { orderDeskShutdown?: ShutdownState };

/** True from SIGTERM on: readiness answers 503. */
export function shuttingDown(): boolean {
  return globalForShutdown.orderDeskShutdown?.draining ?? false;
}

/** Runs `hook` on SIGTERM, while the running requests finish; the process exits after both. */
export function onShutdown(hook: () => Promise<void>): void {
  globalForShutdown.orderDeskShutdown?.hooks.push(hook);
}

/** Installs the handler once per process (instrumentation.ts runs after Next has set its own). */
export function handleSigterm(graceMs: number): void {
  if (globalForShutdown.orderDeskShutdown) return;
  const state: ShutdownState = { draining: false, inFlight: new Set(), hooks: [] };
  globalForShutdown.orderDeskShutdown = state;

  subscribe('http.server.request.start', (message) => {
    const { response } = message as { response: ServerResponse };
    state.inFlight.add(response);
    response.once('close', () => state.inFlight.delete(response));
  });

  const nextHandlers = process.listeners('SIGTERM');
  for (const handler of nextHandlers) process.off('SIGTERM', handler);

  // `on`, not `once`: with no listener left, a second SIGTERM would kill the process mid-drain.
  process.on('SIGTERM', () => {
    if (state.draining) return;
    state.draining = true;
    const running = [...state.inFlight];
    log.info({ inFlight: running.length, graceMs, thenNextHandlers: nextHandlers.length }, `shutting down: readiness 503, finishing ${running.length} request(s)`);
    setTimeout(() => {
      log.error({ inFlight: state.inFlight.size, graceMs }, `shutdown grace period over; ${state.inFlight.size} request(s) cut off`);
      process.exit(1);
    }, graceMs);

    const hooks = state.hooks.map((hook) => hook().catch((error: unknown) => log.error({ err: error }, 'shutdown step failed')));
    void Promise.all([...running.map(closed), ...hooks]).then(() => {
      process.once('exit', (code) => {
        if (code !== 143 && code !== 0) return;
        process.exitCode = 0;
        log.info('shut down cleanly');
      });
      if (nextHandlers.length === 0) process.exit(0);
      for (const handler of nextHandlers) handler('SIGTERM');
    });
  });
}

function closed(response: ServerResponse): Promise<void> {
  if (response.closed) return Promise.resolve();
  return new Promise((resolve) => response.once('close', () => resolve()));
}
