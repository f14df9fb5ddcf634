/**
 * Reserved order ids that make the simulator misbehave on purpose, for the demo and tests.
 * Service-provider ids are `DD999` + a code; shop trade numbers are `fault-` + the same code.
 * A code that is an errcode answers that errcode.
 */
export type Fault =
  | { type: 'errcode'; errcode: number; errmsg: string }
  | { type: 'busy-once' }
  | { type: 'http-5xx' }
  | { type: 'malformed' }
  | { type: 'garbled' }
  | { type: 'drop' }
  | { type: 'slow' }
  /** Headers at once, then the body stalls: a timeout while reading the answer. */
  | { type: 'slow-body' }
  /** A valid answer gzip-compressed, though nobody asked for it (a misbehaving proxy). */
  | { type: 'gzip' }
  /** A valid JSON answer of 5 MiB. */
  | { type: 'huge' };

export const ERRCODE_FAULTS: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40125: 'invalid appsecret',
  40164: 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist',
  41001: 'access_token missing',
  42001: 'access_token expired',
  43002: 'require POST method',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  48001: 'api unauthorized',
  61004: 'access clientip is not registered',
  89503: 'risky ip, waiting for admin confirmation',
  // The simulator's refusals of a list request (routes/shop.ts, routes/service-provider.ts).
  40097: 'invalid args',
  47001: 'data format error',
  10120002: 'invalid parameter',
  10120405: 'method not available',
  // Not in docs/wechat-api.md: an errcode Order Desk has never heard of.
  99999: 'some new error',
};

const special: Record<string, Fault> = {
  busy: { type: 'errcode', errcode: -1, errmsg: 'system error' },
  'busy-once': { type: 'busy-once' },
  '500': { type: 'http-5xx' },
  malformed: { type: 'malformed' },
  garbled: { type: 'garbled' },
  drop: { type: 'drop' },
  slow: { type: 'slow' },
  'slow-body': { type: 'slow-body' },
  gzip: { type: 'gzip' },
  huge: { type: 'huge' },
};

/** Codes for service-provider ids, which must be digits. */
const numericAlias: Record<string, string> = {
  '1': 'busy',
  '2': 'busy-once',
  '500': '500',
  '700': 'malformed',
  '701': 'garbled',
  '800': 'drop',
  '900': 'slow',
  '901': 'slow-body',
  '902': 'gzip',
  '903': 'huge',
};

function byCode(code: string): Fault | undefined {
  const named = special[code];
  if (named) return named;
  const errcode = Number(code);
  const errmsg = ERRCODE_FAULTS[errcode];
  return errmsg === undefined ? undefined : { type: 'errcode', errcode, errmsg };
}

export function faultFor(kind: 'service-provider' | 'shop', id: string): Fault | undefined {
  if (kind === 'shop') return id.startsWith('fault-') ? byCode(id.slice('fault-'.length)) : undefined;
  if (!id.startsWith('DD999')) return undefined;
  const code = id.slice('DD999'.length);
  return byCode(numericAlias[code] ?? code);
}

/** The id that triggers a fault, for tests and the demo's list. */
export function faultId(kind: 'service-provider' | 'shop', code: string): string {
  if (kind === 'shop') return `fault-${code}`;
  const alias = Object.entries(numericAlias).find(([, name]) => name === code)?.[0];
  return `DD999${alias ?? code}`;
}

/**
 * Faults of the list endpoints, switched on by a test (`Simulator.addListFault`, or `POST
 * /__sim/list-faults` with the rule as JSON) rather than by an id, since the caller chooses the
 * windows and pages. `code` is a code as above (`45011`, `45009`, `-1`, `40001`, `busy`, `500`,
 * `malformed`, `garbled`, `drop`, `slow`, …). Each rule counts the list calls it matches: it
 * lets `after` of them through, then answers the fault `times` times (default once; `always`
 * until cleared). An SPU id `999` + code (`99945011`) answers its fault on every call, as
 * `DD999…` ids do for `order/get`.
 */
export interface ListFaultRule {
  api: 'shop' | 'service-provider';
  code: string;
  /** Matching calls answered normally before the fault: 2 makes the third page fail. */
  after?: number;
  times?: number | 'always';
  /** Shop: only windows that contain this unix second (a window that keeps failing). */
  at?: number;
  /** Shop: only this app's calls. */
  appid?: string;
  /** Service provider: only this SPU's calls. */
  spuId?: string;
  /** Service provider: only pages at this offset. */
  offset?: number;
  /** Only a listing's first page (no last_index, offset 0), or only the pages after it (mid-listing). */
  page?: 'first' | 'later';
}

export interface ListCall {
  api: 'shop' | 'service-provider';
  appid?: string;
  begin?: number;
  end?: number;
  spuId?: string;
  offset?: number;
  /** A page after the first: a last_index sent, or an offset above 0. */
  later: boolean;
}

/** The fault a list fault code stands for, or undefined for a code nobody knows. */
export function listFault(code: string): Fault | undefined {
  return byCode(numericAlias[code] ?? code);
}

export class ListFaults {
  private rules: Array<{ rule: ListFaultRule; fault: Fault; seen: number; fired: number }> = [];

  /** Adds a rule; throws on a code that is no fault. */
  add(rule: ListFaultRule): void {
    if (rule.api !== 'shop' && rule.api !== 'service-provider') throw new Error(`a list fault's api is shop or service-provider, not ${String(rule.api)}`);
    const fault = typeof rule.code === 'string' ? listFault(rule.code) : undefined;
    if (!fault) throw new Error(`unknown fault code ${rule.code}`);
    this.rules.push({ rule, fault, seen: 0, fired: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault this call answers, if any rule (or a reserved SPU id) says so; counts the call against every rule it matches. */
  take(call: ListCall): Fault | undefined {
    let found: Fault | undefined;
    if (call.spuId?.startsWith('999')) found = listFault(call.spuId.slice(3));
    for (const entry of this.rules) {
      if (!matches(entry.rule, call)) continue;
      entry.seen += 1;
      const { after = 0, times = 1 } = entry.rule;
      if (found || entry.seen <= after || (times !== 'always' && entry.fired >= times)) continue;
      entry.fired += 1;
      found = entry.fault;
    }
    return found;
  }
}

function matches(rule: ListFaultRule, call: ListCall): boolean {
  if (rule.api !== call.api) return false;
  if (rule.appid !== undefined && rule.appid !== call.appid) return false;
  if (rule.spuId !== undefined && rule.spuId !== call.spuId) return false;
  if (rule.offset !== undefined && rule.offset !== call.offset) return false;
  if (rule.page !== undefined && (rule.page === 'later') !== call.later) return false;
  if (rule.at !== undefined && !(call.begin !== undefined && call.end !== undefined && call.begin <= rule.at && rule.at <= call.end)) return false;
  return true;
}
