/** A short timeout so the slow fault (which waits longer) times out quickly in tests. */
export const INTEGRATION_ENV = { WECHAT_TIMEOUT_MS: '800', LOG_LEVEL: 'info', ORDER_DESK_LOOKUPS_PER_MINUTE: '100000' };
export const SIM_SLOW_MS = 2500;
