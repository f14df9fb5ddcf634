export interface FetchedToken {
  token: string;
  expiresInSec: number;
}

export interface TokenCacheOptions {
  /** Refresh this long before WeChat's expiry (WxJava uses 200 s). */
  marginSec?: number;
  /** WeChat allows a forced refresh at most every 30 s (and about 20 a day). */
  minForceIntervalMs?: number;
  now?: () => number;
}

interface Entry {
  token: string;
  expiresAt: number;
}

/**
 * Access tokens per account, kept in memory until shortly before expiry. Concurrent callers
 * share one fetch; a token WeChat rejected is force-refreshed once, and only if nobody has
 * replaced it in the meantime.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly lastForced = new Map<string, number>();
  private readonly marginMs: number;
  private readonly minForceIntervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly fetchToken: (accountId: string, forceRefresh: boolean) => Promise<FetchedToken>,
    options: TokenCacheOptions = {},
  ) {
    this.marginMs = (options.marginSec ?? 300) * 1000;
    this.minForceIntervalMs = options.minForceIntervalMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  async get(accountId: string): Promise<string> {
    const fresh = this.fresh(accountId);
    return fresh ?? this.load(accountId, false);
  }

  /** WeChat rejected `rejected` (40001/40014/42001): the token to retry with, fetched at most once. */
  async refreshAfterRejection(accountId: string, rejected: string): Promise<string> {
    const running = this.inflight.get(accountId);
    if (running) return running;
    const fresh = this.fresh(accountId);
    if (fresh && fresh !== rejected) return fresh;
    this.entries.delete(accountId);
    const last = this.lastForced.get(accountId);
    const force = last === undefined || this.now() - last >= this.minForceIntervalMs;
    if (force) this.lastForced.set(accountId, this.now());
    return this.load(accountId, force);
  }

  /** Every token currently held; used to scrub them from any text that leaves the server. */
  tokens(): string[] {
    return [...this.entries.values()].map((e) => e.token);
  }

  private fresh(accountId: string): string | undefined {
    const entry = this.entries.get(accountId);
    return entry && this.now() < entry.expiresAt - this.marginMs ? entry.token : undefined;
  }

  private load(accountId: string, forceRefresh: boolean): Promise<string> {
    const running = this.inflight.get(accountId);
    if (running) return running;
    const promise = this.fetchToken(accountId, forceRefresh)
      .then(({ token, expiresInSec }) => {
        this.entries.set(accountId, { token, expiresAt: this.now() + expiresInSec * 1000 });
        return token;
      })
      .finally(() => this.inflight.delete(accountId));
    this.inflight.set(accountId, promise);
    return promise;
  }
}
