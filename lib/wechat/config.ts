import type { ServerEnv } from '@/lib/env/server';

/** One WeChat account whose access token we use: the service provider, or one shop. */
export interface WeChatAccount {
  /** Our name for the account, used in logs and errors: "service-provider" or "shop:<name>". */
  id: string;
  appId: string | undefined;
  appSecret: string | undefined;
  /** The settings a person fixes when this account is misconfigured. */
  settings: { appId: string; appSecret: string };
}

export type TokenSourceKind = 'stable' | 'legacy' | 'service';

export interface WeChatConfig {
  apiBase: string;
  timeoutMs: number;
  retries: number;
  tokenSource: TokenSourceKind;
  tokenServiceUrl: string | undefined;
  proxyUrl: string | undefined;
  serviceProvider: WeChatAccount;
  /** Shops by id (lib/env/server.ts: WECHAT_SHOPS), each a mini program with its own app and token. */
  shops: Record<string, WeChatAccount>;
  /** The shop a lookup without one asks: the first configured. */
  defaultShop: string;
}

export function configFromEnv(env: ServerEnv): WeChatConfig {
  return {
    apiBase: env.WECHAT_API_BASE.replace(/\/+$/, ''),
    timeoutMs: env.WECHAT_TIMEOUT_MS,
    retries: env.WECHAT_RETRIES,
    tokenSource: env.WECHAT_TOKEN_SOURCE,
    tokenServiceUrl: env.WECHAT_TOKEN_SERVICE_URL,
    proxyUrl: env.WECHAT_PROXY_URL,
    serviceProvider: {
      id: 'service-provider',
      appId: env.WECHAT_SP_APPID,
      appSecret: env.WECHAT_SP_APPSECRET,
      settings: { appId: 'WECHAT_SP_APPID', appSecret: 'WECHAT_SP_APPSECRET' },
    },
    shops: Object.fromEntries(env.shops.map((shop) => [shop.id, { id: `shop:${shop.id}`, appId: shop.appId, appSecret: shop.appSecret, settings: shop.settings }])),
    defaultShop: env.shops[0]!.id,
  };
}
