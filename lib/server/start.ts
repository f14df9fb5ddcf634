import { InvalidEnvError, serverEnv } from '@/lib/env/server';

try {
  serverEnv();
} catch (error) {
  if (!(error instanceof InvalidEnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// Settings are valid: note each request's address while the connection is still visible.
const { tagClientAddresses } = await import('@/lib/client-address');
tagClientAddresses(serverEnv().ORDER_DESK_TRUSTED_PROXY_HOPS);
// And give each request a scope, so one that met an unreachable database is answered 503.
const { scopeRequests } = await import('@/lib/request-scope');
scopeRequests();

// On SIGTERM: readiness 503, in-flight requests finish, exit 0 (lib/ops/shutdown.ts). Metrics
// start collecting the process's own figures now, not at the first scrape.
const { handleSigterm } = await import('@/lib/ops/shutdown');
handleSigterm(serverEnv().ORDER_DESK_SHUTDOWN_GRACE_MS);
const { metrics } = await import('@/lib/ops/metrics');
metrics();

// Migrate the database and ensure the configured accounts before serving.
const { databaseReady } = await import('@/lib/db');
const { seedAccounts } = await import('@/lib/auth/seed-accounts');
const { pruneAudit } = await import('@/lib/audit/record');
const { pruneIndex, writeIndexAtOnce } = await import('@/lib/order-index');
const { pruneHistory } = await import('@/lib/history');
const { log } = await import('@/lib/log');
try {
  await databaseReady();
  await seedAccounts();
} catch (error) {
  console.error('Order Desk could not prepare its database:', error);
  process.exit(1);
}

// Batch lookups: the job queue, and this server's workers. On SIGTERM they take no more items and
// hand their chunks back, so another server (or this one, restarted) carries on.
const { startBatchEngine, stopBatchEngine } = await import('@/lib/batches');
const { onShutdown } = await import('@/lib/ops/shutdown');
onShutdown(() => stopBatchEngine(Math.max(0, serverEnv().ORDER_DESK_SHUTDOWN_GRACE_MS - 1_000)));
// The order index entries still waiting to be written go now, and each later one with its lookup.
onShutdown(writeIndexAtOnce);
await startBatchEngine().catch((error: unknown) => log.error({ err: error }, 'batch engine could not start; readiness reports it'));

// Sync (ORDER_DESK_SYNC=on): its schedule and workers. On SIGTERM a run finishes the lookups in
// flight and is left open, so another server (or this one, restarted) carries it on.
const { startSyncEngine, stopSyncEngine } = await import('@/lib/sync');
onShutdown(() => stopSyncEngine(Math.max(0, serverEnv().ORDER_DESK_SHUTDOWN_GRACE_MS - 1_000)));
await startSyncEngine().catch((error: unknown) => log.error({ err: error }, 'sync could not start'));

// The ledger (lib/ledger): its days in ORDER_DESK_TIMEZONE (placed again if the setting changed), and
// the orders indexed before it shipped taken in, once; in the background, the server serves meanwhile.
const { prepareLedger } = await import('@/lib/ledger/store');
void prepareLedger().catch((error: unknown) => log.error({ err: error }, 'ledger could not be prepared'));

// Retention of the audit trail and the order index: the only deletions the product makes, at start and once a day.
const { ORDER_DESK_AUDIT_RETENTION_DAYS, ORDER_DESK_INDEX_RETENTION_DAYS } = serverEnv();
const prune = () =>
  Promise.all([
    pruneAudit(ORDER_DESK_AUDIT_RETENTION_DAYS).catch((error: unknown) => log.error({ err: error }, 'audit retention failed')),
    pruneIndex(ORDER_DESK_INDEX_RETENTION_DAYS).catch((error: unknown) => log.error({ err: error }, 'order index retention failed')),
    // Versions go with the audit trail's retention; an order's newest stays while the order is in the index.
    pruneHistory(ORDER_DESK_AUDIT_RETENTION_DAYS).catch((error: unknown) => log.error({ err: error }, 'order history retention failed')),
  ]);
await prune();
setInterval(() => void prune(), 86_400_000).unref();
