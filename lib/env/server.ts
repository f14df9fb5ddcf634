import 'server-only';
import { z } from 'zod';
import { hasControlCharacters } from '@/lib/text/safe-text';

/**
 * Every setting Order Desk reads, validated once. A bad value stops the server at start
 * (instrumentation.ts) with a message that names the variable.
 */
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const optionalUrl = optionalText.pipe(z.url({ protocol: /^https?$/ }).optional());

const intSetting = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    WECHAT_API_BASE: z.url({ protocol: /^https?$/ }).default('https://api.weixin.qq.com'),
    WECHAT_SP_APPID: optionalText,
    WECHAT_SP_APPSECRET: optionalText,
    WECHAT_SHOP_APPID: optionalText,
    WECHAT_SHOP_APPSECRET: optionalText,
    WECHAT_SHOP_NAME: optionalText.pipe(z.string().max(64).optional()),
    WECHAT_SHOPS: optionalText,
    WECHAT_TIMEOUT_MS: intSetting(10_000, 100, 120_000),
    WECHAT_RETRIES: intSetting(2, 0, 5),
    WECHAT_TOKEN_SOURCE: z.enum(['stable', 'legacy', 'service']).default('stable'),
    WECHAT_TOKEN_SERVICE_URL: optionalUrl,
    WECHAT_PROXY_URL: optionalUrl,
    HTTPS_PROXY: optionalUrl,
    HTTP_PROXY: optionalUrl,
    NO_PROXY: optionalText,
    DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    ORDER_DESK_DATA_DIR: z.string().default('.data'),
    BETTER_AUTH_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    BETTER_AUTH_URL: optionalUrl,
    ORDER_DESK_ADMIN_EMAIL: optionalText.pipe(z.email().optional()),
    ORDER_DESK_ADMIN_PASSWORD: optionalText.pipe(z.string().min(12, 'must be at least 12 characters').optional()),
    ORDER_DESK_DEMO_ACCOUNTS: z.enum(['0', '1']).default('0'),
    ORDER_DESK_OIDC_ISSUER: optionalUrl,
    ORDER_DESK_OIDC_CLIENT_ID: optionalText,
    ORDER_DESK_OIDC_CLIENT_SECRET: optionalText,
    ORDER_DESK_OIDC_NAME: z.string().default('Single sign-on'),
    ORDER_DESK_LOCAL_SIGN_IN: z.enum(['0', '1']).default('1'),
    ORDER_DESK_LOOKUPS_PER_MINUTE: intSetting(120, 1, 100_000),
    ORDER_DESK_AUDIT_RETENTION_DAYS: intSetting(400, 1, 36_500),
    ORDER_DESK_INDEX_RETENTION_DAYS: intSetting(400, 1, 36_500),
    ORDER_DESK_ATTENTION_REFUND_DAYS: intSetting(3, 1, 365),
    ORDER_DESK_TRUSTED_PROXY_HOPS: intSetting(0, 0, 10),
    ORDER_DESK_METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    ORDER_DESK_SHUTDOWN_GRACE_MS: intSetting(10_000, 0, 600_000),
    ORDER_DESK_BATCH_CONCURRENCY: intSetting(8, 1, 64),
    ORDER_DESK_BATCH_RATE: intSetting(100, 1, 10_000),
    ORDER_DESK_BATCH_MAX_IDS: intSetting(10_000, 1, 100_000),
    ORDER_DESK_UPLOADS_PER_MINUTE: intSetting(20, 1, 10_000),
    ORDER_DESK_BATCH_WORKERS: z.enum(['0', '1']).default('1'),
    ORDER_DESK_BATCH_IDS_PER_DAY: intSetting(20_000, 1, 10_000_000),
    ORDER_DESK_BATCHES_WAITING_PER_USER: intSetting(3, 1, 1_000),
    ORDER_DESK_WECHAT_DAILY_CALLS: intSetting(100_000, 1, 1_000_000_000),
    ORDER_DESK_RESERVED_FOR_PEOPLE_PERCENT: intSetting(20, 0, 99),
    ORDER_DESK_SYNC: z.enum(['on', 'off']).default('off'),
    ORDER_DESK_SYNC_FROM: optionalText.pipe(z.iso.date('must be a date, YYYY-MM-DD').optional()),
    ORDER_DESK_SYNC_INTERVAL_MINUTES: intSetting(15, 1, 1_440),
    ORDER_DESK_SYNC_REFRESH_DAYS: intSetting(30, 0, 365),
    // For tests: a shorter tick, and a shorter wait after 45011, than WeChat's minute (docs/configuration.md).
    ORDER_DESK_SYNC_TICK_SECONDS: intSetting(60, 1, 60),
    ORDER_DESK_SYNC_MINUTE_PAUSE_SECONDS: intSetting(60, 1, 60),
    WECHAT_SP_SPU_IDS: optionalText.pipe(z.string().regex(/^\d{1,32}( *, *\d{1,32})*$/, 'must be SPU ids (digits), separated by commas').optional()),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ORDER_DESK_TIMEZONE: z
      .string()
      .default('Asia/Shanghai')
      .refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai'),
  })
  .superRefine((env, ctx) => {
    const need = (name: keyof typeof env, why: string) => {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: `is required ${why}` });
    };
    if (env.NODE_ENV === 'production') need('BETTER_AUTH_SECRET', 'in production (it signs session cookies)');
    if (env.ORDER_DESK_ADMIN_EMAIL) need('ORDER_DESK_ADMIN_PASSWORD', 'with ORDER_DESK_ADMIN_EMAIL');
    if (env.ORDER_DESK_OIDC_ISSUER) {
      need('ORDER_DESK_OIDC_CLIENT_ID', 'with ORDER_DESK_OIDC_ISSUER');
      need('ORDER_DESK_OIDC_CLIENT_SECRET', 'with ORDER_DESK_OIDC_ISSUER');
    }
    if (env.ORDER_DESK_LOCAL_SIGN_IN === '0') need('ORDER_DESK_OIDC_ISSUER', 'to switch local sign-in off (ORDER_DESK_LOCAL_SIGN_IN=0)');
    if (env.WECHAT_TOKEN_SOURCE === 'service') need('WECHAT_TOKEN_SERVICE_URL', 'when WECHAT_TOKEN_SOURCE=service');
    if (backgroundDailyCalls(env) < 1)
      ctx.addIssue({ code: 'custom', path: ['ORDER_DESK_RESERVED_FOR_PEOPLE_PERCENT'], message: `leaves batches no call at all of ORDER_DESK_WECHAT_DAILY_CALLS (${env.ORDER_DESK_WECHAT_DAILY_CALLS})` });
    // With WECHAT_SHOPS the shops have settings of their own (shopSettings); the single-shop ones stay unset.
    const accounts = env.WECHAT_SHOPS ? (['SP'] as const) : (['SP', 'SHOP'] as const);
    for (const account of accounts) {
      const appId = `WECHAT_${account}_APPID` as const;
      const secret = `WECHAT_${account}_APPSECRET` as const;
      if (env.NODE_ENV === 'production') need(appId, 'in production (no silent fallback to the simulator)');
      if (env.WECHAT_TOKEN_SOURCE !== 'service' && (env.NODE_ENV === 'production' || env[appId]))
        need(secret, `to fetch ${appId}'s access token`);
    }
    if (env.WECHAT_SHOPS) {
      for (const name of ['WECHAT_SHOP_APPID', 'WECHAT_SHOP_APPSECRET', 'WECHAT_SHOP_NAME'] as const)
        if (env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is for a single shop: with WECHAT_SHOPS set, each shop has WECHAT_SHOP_<ID>_APPID, _APPSECRET and _NAME' });
    }
  });

/**
 * Calls a day each WeChat app may make for background work (batches; a later sync): what is left
 * of ORDER_DESK_WECHAT_DAILY_CALLS once ORDER_DESK_RESERVED_FOR_PEOPLE_PERCENT is kept for people.
 */
export function backgroundDailyCalls(env: { ORDER_DESK_WECHAT_DAILY_CALLS: number; ORDER_DESK_RESERVED_FOR_PEOPLE_PERCENT: number }): number {
  return Math.floor((env.ORDER_DESK_WECHAT_DAILY_CALLS * (100 - env.ORDER_DESK_RESERVED_FOR_PEOPLE_PERCENT)) / 100);
}

/** One mini-program shop: our id for it (URLs, the index, the audit trail), its name for people, its app. */
export interface ShopSetting {
  id: string;
  /** Shown to people; the id when no name is set. */
  name: string;
  appId: string | undefined;
  appSecret: string | undefined;
  /** The variables a person fixes when this shop is misconfigured. */
  settings: { appId: string; appSecret: string };
}

export type ServerEnv = z.infer<typeof schema> & {
  /** Every shop, the default (first) one first. */
  shops: ShopSetting[];
};

/** The id of the one shop configured by WECHAT_SHOP_APPID alone. */
export const SINGLE_SHOP_ID = 'default';
/** A shop id: what URLs, the index and the audit trail carry, and (upper-cased) part of its variables' names. */
const SHOP_ID = /^[a-z][a-z0-9_]{0,31}$/;
const MAX_SHOPS = 20;

/**
 * The shops. Without WECHAT_SHOPS: one, `default`, from WECHAT_SHOP_APPID / _APPSECRET (and
 * WECHAT_SHOP_NAME). With `WECHAT_SHOPS=main,outlet`: those, each from `WECHAT_SHOP_MAIN_APPID`,
 * `WECHAT_SHOP_MAIN_APPSECRET` and `WECHAT_SHOP_MAIN_NAME`; the first is the default shop.
 */
function shopSettings(env: z.infer<typeof schema>, source: Record<string, string | undefined>): { shops: ShopSetting[]; problems: string[] } {
  if (!env.WECHAT_SHOPS) {
    const settings = { appId: 'WECHAT_SHOP_APPID', appSecret: 'WECHAT_SHOP_APPSECRET' };
    return { shops: [{ id: SINGLE_SHOP_ID, name: env.WECHAT_SHOP_NAME ?? SINGLE_SHOP_ID, appId: env.WECHAT_SHOP_APPID, appSecret: env.WECHAT_SHOP_APPSECRET, settings }], problems: [] };
  }
  const problems: string[] = [];
  const ids = env.WECHAT_SHOPS.split(',')
    .map((id) => id.trim())
    .filter((id, i, all) => id !== '' || (problems.push(`WECHAT_SHOPS has an empty entry (${all.length} entries, number ${i + 1} empty)`), false));
  if (ids.length > MAX_SHOPS) problems.push(`WECHAT_SHOPS lists ${ids.length} shops; at most ${MAX_SHOPS} are allowed`);
  const shops: ShopSetting[] = [];
  for (const id of ids) {
    if (!SHOP_ID.test(id)) {
      problems.push(`WECHAT_SHOPS has "${id.slice(0, 40)}", which is not a shop id: a lower-case letter, then up to 31 lower-case letters, digits or _`);
      continue;
    }
    if (shops.some((shop) => shop.id === id)) {
      problems.push(`WECHAT_SHOPS lists "${id}" twice`);
      continue;
    }
    const prefix = `WECHAT_SHOP_${id.toUpperCase()}`;
    const value = (name: string) => source[name]?.trim() || undefined;
    const settings = { appId: `${prefix}_APPID`, appSecret: `${prefix}_APPSECRET` };
    const shop = { id, name: value(`${prefix}_NAME`) ?? id, appId: value(settings.appId), appSecret: value(settings.appSecret), settings };
    if (!shop.appId) problems.push(`${settings.appId} is required: WECHAT_SHOPS lists "${id}"`);
    if (!shop.appSecret && env.WECHAT_TOKEN_SOURCE !== 'service') problems.push(`${settings.appSecret} is required to fetch ${settings.appId}'s access token`);
    if (shop.name.length > 64) problems.push(`${prefix}_NAME must be at most 64 characters`);
    if (hasControlCharacters(shop.name)) problems.push(`${prefix}_NAME must not contain control characters`);
    shops.push(shop);
  }
  // A shop column may name a shop by id or name, and pacing and tokens are per app: each must say one shop.
  const nameSetting = (shop: ShopSetting) => `WECHAT_SHOP_${shop.id.toUpperCase()}_NAME`;
  for (const [i, shop] of shops.entries()) {
    for (const other of shops.slice(0, i)) {
      if (other.name.toLowerCase() === shop.id) problems.push(`${nameSetting(other)} "${other.name}" is the id of shop "${shop.id}": a name may not be another shop's id`);
      else if (shop.name.toLowerCase() === other.id) problems.push(`${nameSetting(shop)} "${shop.name}" is the id of shop "${other.id}": a name may not be another shop's id`);
      else if (shop.name.toLowerCase() === other.name.toLowerCase()) problems.push(`${nameSetting(shop)} "${shop.name}" names shop "${other.id}" too: each shop needs a name of its own`);
      if (shop.appId && shop.appId === other.appId) problems.push(`${shop.settings.appId} is the app of shop "${other.id}" too: each shop is a mini program of its own`);
    }
  }
  return { shops, problems };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export class InvalidEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid Order Desk configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidEnvError';
  }
}

/** Parses a given environment; exported for tests. */
export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const result = schema.safeParse(source);
  if (!result.success)
    throw new InvalidEnvError(result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`));
  const { shops, problems } = shopSettings(result.data, source);
  if (problems.length > 0) throw new InvalidEnvError(problems);
  return { ...result.data, shops };
}

let cached: ServerEnv | undefined;

export function serverEnv(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}
