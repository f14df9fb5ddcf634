/**
 * A short timeout so the slow fault (which waits longer) times out quickly in tests; the per-user
 * limits high, so tests sharing the suite's server and demo users do not meet each other's
 * (batch-quota.test.ts sets them low).
 */
export const INTEGRATION_ENV = { WECHAT_TIMEOUT_MS: '800', LOG_LEVEL: 'info', ORDER_DESK_LOOKUPS_PER_MINUTE: '100000', ORDER_DESK_BATCHES_WAITING_PER_USER: '1000' };
export const SIM_SLOW_MS = 2500;
