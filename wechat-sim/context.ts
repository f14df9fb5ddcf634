import type { IncomingMessage, ServerResponse } from 'node:http';

/** The simulator's types and mutable state, shared by the server core and its endpoint groups (routes/). */
export interface SimAccount {
  appid: string;
  secret: string;
  /** Which API this account's tokens may call. */
  api: 'service-provider' | 'shop';
  /** A shop account's orders: the first demo shop's (default) or the second's. */
  orders?: 'main' | 'outlet';
}

export interface SimulatorOptions {
  host?: string;
  port?: number;
  accounts?: SimAccount[];
  /** Added before every answer. */
  latencyMs?: number;
  /** How long the `slow` fault waits before answering. */
  slowMs?: number;
  tokenTtlSec?: number;
  /** Starts every token it hands out: a canary to search for where no token may appear. */
  tokenPrefix?: string;
}

export interface Token {
  appid: string;
  expiresAt: number;
  revoked: boolean;
  /** Revoked, yet stable_token's normal mode still hands it out: only a forced refresh replaces it. */
  stale: boolean;
}

export interface SimStats {
  stableTokens: Record<string, number>;
  forcedRefreshes: Record<string, number>;
  legacyTokens: Record<string, number>;
  orderCalls: { 'service-provider': number; shop: number };
  /** Order calls by `kind:id`, to tell whether any id was asked twice. */
  orderIds: Record<string, number>;
  /** Shop order calls by `appid:trade number`: which shop was asked. */
  orderIdsByApp: Record<string, number>;
  /** The most order calls being answered at one time. */
  orderCallsInFlightPeak: number;
}

export const emptyStats = (): SimStats => ({ stableTokens: {}, forcedRefreshes: {}, legacyTokens: {}, orderCalls: { 'service-provider': 0, shop: 0 }, orderIds: {}, orderIdsByApp: {}, orderCallsInFlightPeak: 0 });

export interface Simulator {
  url: string;
  accounts: SimAccount[];
  stats(): SimStats;
  reset(): void;
  /**
   * Every token issued so far stops working (40001). stable_token's normal mode then hands out a
   * new token, as after a forced refresh elsewhere; with `stale` it keeps handing back the
   * rejected one until someone forces a refresh, the case force_refresh exists for.
   */
  invalidateTokens(options?: { stale?: boolean }): void;
  setLatency(ms: number): void;
  /** While on, every order call answers 45009 (the daily quota is used up), as WeChat does until midnight. */
  setQuotaExhausted(exhausted: boolean): void;
  close(): Promise<void>;
}

/** What every endpoint group reads and changes. */
export interface SimContext {
  readonly accounts: SimAccount[];
  readonly tokenTtlSec: number;
  readonly tokenPrefix: string;
  readonly slowMs: number;
  readonly tokens: Map<string, Token>;
  /** The token stable_token hands out per appid. */
  readonly stableToken: Map<string, string>;
  readonly busyOnceSeen: Set<string>;
  /** Changing orders (fixtures.ts: changingShopOrders) asked once already: they answer their later version. */
  readonly changedSeen: Set<string>;
  stats: SimStats;
  quotaExhausted: boolean;
  /** The public controls, for `/__sim/*`. */
  readonly sim: () => Simulator;
}

/** One request as an endpoint sees it: the body is read already. */
export interface SimRequest {
  url: URL;
  method: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Endpoint = (ctx: SimContext, req: SimRequest, res: ServerResponse) => void | Promise<unknown>;

export const bump = (bucket: Record<string, number>, key: string) => {
  bucket[key] = (bucket[key] ?? 0) + 1;
};
