import { describe, expect, it } from 'vitest';
import { InvalidEnvError, parseServerEnv } from './server';

const problems = (env: Record<string, string>) => {
  try {
    parseServerEnv(env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEnvError);
    return (error as InvalidEnvError).problems;
  }
};

describe('server environment', () => {
  it('reads the sync settings: off by default, a start date, an interval, a refresh span and SPU ids', () => {
    expect(parseServerEnv({})).toMatchObject({ ORDER_DESK_SYNC: 'off', ORDER_DESK_SYNC_INTERVAL_MINUTES: 15, ORDER_DESK_SYNC_REFRESH_DAYS: 30 });
    expect(parseServerEnv({ ORDER_DESK_SYNC: 'on', ORDER_DESK_SYNC_FROM: '2026-11-01', WECHAT_SP_SPU_IDS: '10000117, 10000120' })).toMatchObject({ ORDER_DESK_SYNC: 'on', ORDER_DESK_SYNC_FROM: '2026-11-01', WECHAT_SP_SPU_IDS: '10000117, 10000120' });
    expect(problems({ ORDER_DESK_SYNC: 'yes' })[0]).toMatch(/^ORDER_DESK_SYNC /);
    expect(problems({ ORDER_DESK_SYNC_FROM: '1 Nov' })[0]).toMatch(/^ORDER_DESK_SYNC_FROM must be a date/);
    expect(problems({ ORDER_DESK_SYNC_INTERVAL_MINUTES: '0' })[0]).toMatch(/^ORDER_DESK_SYNC_INTERVAL_MINUTES/);
    expect(problems({ WECHAT_SP_SPU_IDS: '10000117,abc' })[0]).toMatch(/^WECHAT_SP_SPU_IDS must be SPU ids/);
  });

  it('reads the tests\' shorter sync tick and 45011 pause: a minute unless set, 1 to 60 seconds', () => {
    expect(parseServerEnv({})).toMatchObject({ ORDER_DESK_SYNC_TICK_SECONDS: 60, ORDER_DESK_SYNC_MINUTE_PAUSE_SECONDS: 60 });
    expect(parseServerEnv({ ORDER_DESK_SYNC_TICK_SECONDS: '2', ORDER_DESK_SYNC_MINUTE_PAUSE_SECONDS: '5' })).toMatchObject({ ORDER_DESK_SYNC_TICK_SECONDS: 2, ORDER_DESK_SYNC_MINUTE_PAUSE_SECONDS: 5 });
    for (const name of ['ORDER_DESK_SYNC_TICK_SECONDS', 'ORDER_DESK_SYNC_MINUTE_PAUSE_SECONDS']) {
      for (const value of ['0', '61', '1.5', 'soon']) expect(problems({ [name]: value })[0], `${name}=${value}`).toMatch(new RegExp(`^${name}`));
    }
  });

  it('has working defaults in development', () => {
    const env = parseServerEnv({});
    expect(env).toMatchObject({ WECHAT_API_BASE: 'https://api.weixin.qq.com', WECHAT_TIMEOUT_MS: 10000, WECHAT_TOKEN_SOURCE: 'stable', ORDER_DESK_TIMEZONE: 'Asia/Shanghai' });
  });

  it('refuses to run in production without WeChat credentials, naming each setting', () => {
    const found = problems({ NODE_ENV: 'production' });
    for (const name of ['WECHAT_SP_APPID', 'WECHAT_SP_APPSECRET', 'WECHAT_SHOP_APPID', 'WECHAT_SHOP_APPSECRET']) {
      expect(found.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it('needs a session secret in production, and OIDC settings together', () => {
    expect(problems({ NODE_ENV: 'production' }).some((p) => p.startsWith('BETTER_AUTH_SECRET'))).toBe(true);
    expect(problems({ ORDER_DESK_OIDC_ISSUER: 'https://id.example.com' }).map((p) => p.split(' ')[0])).toEqual(['ORDER_DESK_OIDC_CLIENT_ID', 'ORDER_DESK_OIDC_CLIENT_SECRET']);
    expect(problems({ ORDER_DESK_LOCAL_SIGN_IN: '0' })[0]).toMatch(/^ORDER_DESK_OIDC_ISSUER/);
    expect(problems({ ORDER_DESK_ADMIN_EMAIL: 'ops@example.com' })[0]).toMatch(/^ORDER_DESK_ADMIN_PASSWORD/);
  });

  it('names malformed values', () => {
    expect(problems({ WECHAT_TIMEOUT_MS: 'soon' })[0]).toMatch(/^WECHAT_TIMEOUT_MS/);
    expect(problems({ WECHAT_API_BASE: 'not a url' })[0]).toMatch(/^WECHAT_API_BASE/);
    expect(problems({ ORDER_DESK_TIMEZONE: 'Mars/Olympus' })[0]).toMatch(/^ORDER_DESK_TIMEZONE/);
    expect(problems({ WECHAT_TOKEN_SOURCE: 'service' })[0]).toMatch(/^WECHAT_TOKEN_SERVICE_URL/);
    expect(problems({ WECHAT_SP_APPID: 'wx1' })[0]).toMatch(/^WECHAT_SP_APPSECRET/);
    expect(problems({ ORDER_DESK_METRICS_TOKEN: 'short' })[0]).toMatch(/^ORDER_DESK_METRICS_TOKEN must be at least 16 characters/);
    expect(problems({ ORDER_DESK_SHUTDOWN_GRACE_MS: '-1' })[0]).toMatch(/^ORDER_DESK_SHUTDOWN_GRACE_MS/);
  });

  it('checks the quota settings: a budget of ids a day, batches waiting per user, WeChat\'s daily calls and the share kept for people', () => {
    expect(parseServerEnv({})).toMatchObject({ ORDER_DESK_BATCH_IDS_PER_DAY: 20_000, ORDER_DESK_BATCHES_WAITING_PER_USER: 3, ORDER_DESK_WECHAT_DAILY_CALLS: 100_000, ORDER_DESK_RESERVED_FOR_PEOPLE_PERCENT: 20 });
    expect(problems({ ORDER_DESK_BATCH_IDS_PER_DAY: '0' })[0]).toMatch(/^ORDER_DESK_BATCH_IDS_PER_DAY/);
    expect(problems({ ORDER_DESK_BATCHES_WAITING_PER_USER: 'many' })[0]).toMatch(/^ORDER_DESK_BATCHES_WAITING_PER_USER/);
    expect(problems({ ORDER_DESK_WECHAT_DAILY_CALLS: '-5' })[0]).toMatch(/^ORDER_DESK_WECHAT_DAILY_CALLS/);
    expect(problems({ ORDER_DESK_RESERVED_FOR_PEOPLE_PERCENT: '100' })[0]).toMatch(/^ORDER_DESK_RESERVED_FOR_PEOPLE_PERCENT/);
    // A share that leaves batches no call at all is a mistake, not a setting.
    expect(problems({ ORDER_DESK_WECHAT_DAILY_CALLS: '3', ORDER_DESK_RESERVED_FOR_PEOPLE_PERCENT: '90' })[0]).toMatch(/^ORDER_DESK_RESERVED_FOR_PEOPLE_PERCENT .*no call/);
  });

  it('leaves metrics off and waits 10 s for in-flight requests at shutdown unless told otherwise', () => {
    expect(parseServerEnv({ ORDER_DESK_METRICS_TOKEN: ' ' })).toMatchObject({ ORDER_DESK_METRICS_TOKEN: undefined, ORDER_DESK_SHUTDOWN_GRACE_MS: 10_000 });
  });

  it('needs no AppSecret when a token service hands out tokens', () => {
    expect(
      problems({
        NODE_ENV: 'production',
        BETTER_AUTH_SECRET: 'x'.repeat(32),
        WECHAT_TOKEN_SOURCE: 'service',
        WECHAT_TOKEN_SERVICE_URL: 'http://tokens.internal/token',
        WECHAT_SP_APPID: 'a',
        WECHAT_SHOP_APPID: 'b',
      }),
    ).toEqual([]);
  });

  it('reads one shop from WECHAT_SHOP_APPID, or several from WECHAT_SHOPS, the first being the default', () => {
    expect(parseServerEnv({ WECHAT_SHOP_APPID: 'wx1', WECHAT_SHOP_APPSECRET: 's1' }).shops).toEqual([
      { id: 'default', name: 'default', appId: 'wx1', appSecret: 's1', settings: { appId: 'WECHAT_SHOP_APPID', appSecret: 'WECHAT_SHOP_APPSECRET' } },
    ]);
    const env = parseServerEnv({
      WECHAT_SHOPS: ' main, outlet_2 ',
      WECHAT_SHOP_MAIN_APPID: 'wxa',
      WECHAT_SHOP_MAIN_APPSECRET: 'sa',
      WECHAT_SHOP_MAIN_NAME: '旗舰店',
      WECHAT_SHOP_OUTLET_2_APPID: 'wxb',
      WECHAT_SHOP_OUTLET_2_APPSECRET: 'sb',
    });
    expect(env.shops.map(({ id, name, appId, appSecret }) => ({ id, name, appId, appSecret }))).toEqual([
      { id: 'main', name: '旗舰店', appId: 'wxa', appSecret: 'sa' },
      { id: 'outlet_2', name: 'outlet_2', appId: 'wxb', appSecret: 'sb' },
    ]);
  });

  it('names every bad shop setting', () => {
    expect(problems({ WECHAT_SHOPS: 'main', WECHAT_SHOP_MAIN_APPID: 'wxa' })).toEqual(["WECHAT_SHOP_MAIN_APPSECRET is required to fetch WECHAT_SHOP_MAIN_APPID's access token"]);
    expect(problems({ WECHAT_SHOPS: 'main' })[0]).toMatch(/^WECHAT_SHOP_MAIN_APPID is required/);
    expect(problems({ WECHAT_SHOPS: 'Main,a-b,main2,main2', WECHAT_SHOP_MAIN2_APPID: 'x', WECHAT_SHOP_MAIN2_APPSECRET: 'y' })).toEqual([
      'WECHAT_SHOPS has "Main", which is not a shop id: a lower-case letter, then up to 31 lower-case letters, digits or _',
      'WECHAT_SHOPS has "a-b", which is not a shop id: a lower-case letter, then up to 31 lower-case letters, digits or _',
      'WECHAT_SHOPS lists "main2" twice',
    ]);
    expect(problems({ WECHAT_SHOPS: 'main', WECHAT_SHOP_MAIN_APPID: 'a', WECHAT_SHOP_MAIN_APPSECRET: 'b', WECHAT_SHOP_APPID: 'c' })[0]).toMatch(/^WECHAT_SHOP_APPID is for a single shop/);
    expect(problems({ WECHAT_SHOPS: 'main', WECHAT_SHOP_MAIN_APPID: 'a', WECHAT_SHOP_MAIN_APPSECRET: 'b', WECHAT_SHOP_MAIN_NAME: 'x'.repeat(65) })).toEqual(['WECHAT_SHOP_MAIN_NAME must be at most 64 characters']);
    // In production each listed shop still needs its app; the single-shop settings are not asked for.
    const production = problems({ NODE_ENV: 'production', BETTER_AUTH_SECRET: 'x'.repeat(32), WECHAT_SP_APPID: 'a', WECHAT_SP_APPSECRET: 'b', WECHAT_SHOPS: 'main' });
    expect(production).toEqual(['WECHAT_SHOP_MAIN_APPID is required: WECHAT_SHOPS lists "main"', "WECHAT_SHOP_MAIN_APPSECRET is required to fetch WECHAT_SHOP_MAIN_APPID's access token"]);
  });

  it('refuses shops that could be taken for one another', () => {
    const two = (extra: Record<string, string>) => ({ WECHAT_SHOPS: 'main,outlet', WECHAT_SHOP_MAIN_APPID: 'wxa', WECHAT_SHOP_MAIN_APPSECRET: 's', WECHAT_SHOP_OUTLET_APPID: 'wxb', WECHAT_SHOP_OUTLET_APPSECRET: 's', ...extra });
    expect(problems(two({ WECHAT_SHOP_MAIN_NAME: 'Outlet' }))).toEqual(['WECHAT_SHOP_MAIN_NAME "Outlet" is the id of shop "outlet": a name may not be another shop\'s id']);
    expect(problems(two({ WECHAT_SHOP_MAIN_NAME: '旗舰店', WECHAT_SHOP_OUTLET_NAME: '旗舰店' }))).toEqual(['WECHAT_SHOP_OUTLET_NAME "旗舰店" names shop "main" too: each shop needs a name of its own']);
    expect(problems(two({ WECHAT_SHOP_OUTLET_APPID: 'wxa' }))).toEqual(['WECHAT_SHOP_OUTLET_APPID is the app of shop "main" too: each shop is a mini program of its own']);
    expect(problems(two({ WECHAT_SHOP_MAIN_NAME: 'two\nlines' }))).toEqual(['WECHAT_SHOP_MAIN_NAME must not contain control characters']);
    expect(problems(two({ WECHAT_SHOPS: 'main,outlet,' }))[0]).toBe('WECHAT_SHOPS has an empty entry (3 entries, number 3 empty)');
  });
});
