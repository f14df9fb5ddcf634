import 'server-only';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Order Desk's Prometheus metrics. Next loads server code as several bundles, each with its own
 * copy of a module, so the registry lives on `globalThis`: one per process, whoever asks first.
 */
function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    lookups: new Counter({
      name: 'order_desk_lookups_total',
      help: 'Order lookups answered, by order kind, HTTP status and WeChat errcode ("none" when there is none).',
      labelNames: ['kind', 'status', 'errcode'] as const,
      registers,
    }),
    wechatRequestDuration: new Histogram({
      name: 'order_desk_wechat_request_duration_seconds',
      help: 'Each attempt of a WeChat call, by API path and outcome (answered, http_error, timeout, unreachable).',
      labelNames: ['api', 'outcome'] as const,
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    tokenFetches: new Counter({
      name: 'order_desk_wechat_token_fetches_total',
      help: 'Access-token fetches (normal and forced), by account.',
      labelNames: ['account'] as const,
      registers,
    }),
    forcedRefreshes: new Counter({
      name: 'order_desk_wechat_token_forced_refreshes_total',
      help: 'Forced access-token refreshes (WeChat allows about 20 a day), by account.',
      labelNames: ['account'] as const,
      registers,
    }),
    auditWriteDuration: new Histogram({
      name: 'order_desk_audit_write_duration_seconds',
      help: 'Audit entry inserts, by action and outcome (written, failed).',
      labelNames: ['action', 'outcome'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    }),
    rateLimited: new Counter({
      name: 'order_desk_rate_limited_total',
      help: 'Requests refused by a limit: lookup (per user), signin-account, signin-ip, sso-start-ip, upload (per user).',
      labelNames: ['limit'] as const,
      registers,
    }),
    batchItems: new Counter({
      name: 'order_desk_batch_items_total',
      help: 'Batch items looked up by this server, by outcome (found, not-found, failed).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    batchQueueDepth: new Gauge({
      name: 'order_desk_batch_queue_depth',
      help: 'Chunks of batch lookups queued and not yet taken by any server (pg-boss queue size).',
      registers,
      async collect() {
        const source = globalForMetrics.orderDeskQueueDepth;
        if (source) this.set(await source().catch(() => Number.NaN));
      },
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { orderDeskMetrics?: Metrics; orderDeskQueueDepth?: () => Promise<number> };

/** Where the batch queue depth is read from, once the job queue runs in this process. */
export function reportQueueDepth(source: () => Promise<number>): void {
  globalForMetrics.orderDeskQueueDepth = source;
}

export function metrics(): Metrics {
  globalForMetrics.orderDeskMetrics ??= createMetrics();
  return globalForMetrics.orderDeskMetrics;
}

/** Seconds since `started` (a `performance.now()` reading), as Prometheus durations are kept. */
export const secondsSince = (started: number) => (performance.now() - started) / 1000;

export function countTokenFetch(account: string, forced: boolean): void {
  metrics().tokenFetches.inc({ account });
  if (forced) metrics().forcedRefreshes.inc({ account });
}
