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
