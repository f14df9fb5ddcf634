export interface FetchedToken {
  token: string;
  expiresInSec: number;
}

/**
 * Runs `work` while no other server runs it for the same account: several servers whose token
 * WeChat rejected at the same moment then force one refresh between them, not one each.
 */
export type ForcedRefreshLock = <T>(accountId: string, work: () => Promise<T>) => Promise<T>;

export interface TokenCacheOptions {
  /** Refresh this long before WeChat's expiry (WxJava uses 200 s). */
  marginSec?: number;
  /** WeChat allows a forced refresh at most every 30 s (and about 20 a day). */
  minForceIntervalMs?: number;
  now?: () => number;
  /** Shared between servers (PostgreSQL's advisory lock); within one process recovery is single-flight anyway. */
  forcedRefreshLock?: ForcedRefreshLock;
}

interface Entry {
  token: string;
  expiresAt: number;
}

/**
 * Access tokens per account, kept in memory until shortly before expiry. Concurrent callers
 * share one fetch. After WeChat rejects a token, the cache asks again in normal mode, which
 * answers the token currently valid (perhaps one another server just forced), and forces a
 * refresh only if WeChat hands back the very token it rejected: a forced refresh invalidates
 * every other server's token, so forcing by default would start a fight.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly recovering = new Map<string, Promise<string>>();
  private readonly lastForced = new Map<string, number>();
  private readonly marginMs: number;
  private readonly minForceIntervalMs: number;
  private readonly now: () => number;
  private readonly lock: ForcedRefreshLock;

  constructor(
    private readonly fetchToken: (accountId: string, forceRefresh: boolean) => Promise<FetchedToken>,
    options: TokenCacheOptions = {},
  ) {
    this.marginMs = (options.marginSec ?? 300) * 1000;
    this.minForceIntervalMs = options.minForceIntervalMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.lock = options.forcedRefreshLock ?? ((_accountId, work) => work());
  }

  async get(accountId: string): Promise<string> {
    const fresh = this.fresh(accountId);
    return fresh ?? this.load(accountId);
  }

  /**
   * WeChat rejected `rejected` (40001/40014/42001): the token to retry with. One recovery per
   * rejected token, shared by every caller holding it: at most one normal fetch and one forced
   * refresh, never a loop. Within 30 s of a forced refresh it does not force again and answers
   * the token WeChat hands out, so the caller's single retry fails and says so.
   */
  refreshAfterRejection(accountId: string, rejected: string): Promise<string> {
    const fresh = this.fresh(accountId);
    if (fresh && fresh !== rejected) return Promise.resolve(fresh);
    const key = `${accountId}\n${rejected}`;
    let recovery = this.recovering.get(key);
    if (!recovery) {
      recovery = this.lock(accountId, () => this.recover(accountId, rejected)).finally(() => this.recovering.delete(key));
      this.recovering.set(key, recovery);
    }
    return recovery;
  }

  private async recover(accountId: string, rejected: string): Promise<string> {
    const current = await this.store(accountId, false);
    if (current !== rejected) return current;
    const last = this.lastForced.get(accountId);
    if (last !== undefined && this.now() - last < this.minForceIntervalMs) return current;
    this.lastForced.set(accountId, this.now());
    return this.store(accountId, true);
  }

  /** Every token currently held; used to scrub them from any text that leaves the server. */
  tokens(): string[] {
    return [...this.entries.values()].map((e) => e.token);
  }

  private fresh(accountId: string): string | undefined {
    const entry = this.entries.get(accountId);
    return entry && this.now() < entry.expiresAt - this.marginMs ? entry.token : undefined;
  }

  private load(accountId: string): Promise<string> {
    const running = this.inflight.get(accountId);
    if (running) return running;
    const promise = this.store(accountId, false).finally(() => this.inflight.delete(accountId));
    this.inflight.set(accountId, promise);
    return promise;
  }

  private async store(accountId: string, forceRefresh: boolean): Promise<string> {
    const { token, expiresInSec } = await this.fetchToken(accountId, forceRefresh);
    this.entries.set(accountId, { token, expiresAt: this.now() + expiresInSec * 1000 });
    return token;
  }
}
