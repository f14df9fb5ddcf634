import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimClock } from './clock';
import type { ListFaultRule, ListFaults } from './faults';
import type { OrderListOptions, OrderLists } from './order-lists';

/** The simulator's types and mutable state, shared by the server core and its endpoint groups (routes/). */
export interface SimAccount {
  appid: string;
  secret: string;
  /** Which API this account's tokens may call. */
  api: 'service-provider' | 'shop';
  /** A shop account's orders: the first demo shop's (default) or the second's. */
  orders?: 'main' | 'outlet';
  /** A shop's merchant id on its listed orders (order-lists.ts); default the demo shop's. */
  mchid?: string;
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
  /** Freezes the clock of listed orders at this unix second (clock.ts); default real time. */
  now?: number;
  /** The generated orders the list endpoints list (order-lists.ts). */
  orderLists?: OrderListOptions;
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
  /** Calls of the two list endpoints with a valid token. */
  listCalls: { 'service-provider': number; shop: number };
  /** Those list calls in order (the first 20,000): who sent what, and why it was refused if it was. */
  listRequests: ListRequestRecord[];
  /** List calls refused for breaking a documented limit or for a malformed body: a bug in the caller. */
  listRefused: number;
}

export interface ListRequestRecord {
  api: 'service-provider' | 'shop';
  appid: string;
  /** The request body as sent (its first 1,000 characters). */
  body: string;
  /** Why the simulator refused it, when it did. */
  refused?: string;
}

export const emptyStats = (): SimStats => ({
  stableTokens: {},
  forcedRefreshes: {},
  legacyTokens: {},
  orderCalls: { 'service-provider': 0, shop: 0 },
  orderIds: {},
  orderIdsByApp: {},
  orderCallsInFlightPeak: 0,
  listCalls: { 'service-provider': 0, shop: 0 },
  listRequests: [],
  listRefused: 0,
});

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
  /** While on, every order and list call answers 45009 (the daily quota is used up), as WeChat does until midnight. */
  setQuotaExhausted(exhausted: boolean): void;
  /** The clock of listed orders, unix seconds (clock.ts). */
  now(): number;
  /** Freezes that clock at a unix second, or back to real time with null. `reset()` puts it back as at start. */
  setNow(now: number | null): void;
  /** Moves that clock on by `seconds`: orders created meanwhile appear, refunds and sharings move on. */
  advanceClock(seconds: number): void;
  /** Switches a list fault on until it has fired or `reset()`/`clearListFaults()` (faults.ts: ListFaultRule). */
  addListFault(rule: ListFaultRule): void;
  clearListFaults(): void;
  /**
   * How many listed orders exist at the clock: a shop's (by appid) created in [from, to], both
   * ends included, or an SPU's in all. Counted from the days, not by listing, for tests to check
   * a listing against.
   */
  countListed(source: { appid: string; from: number; to: number } | { spuId: string }): number;
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
  readonly clock: SimClock;
  readonly lists: OrderLists;
  readonly listFaults: ListFaults;
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
