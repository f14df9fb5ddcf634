import 'server-only';
import { withSharedLock } from '@/lib/db';
import { serverEnv } from '@/lib/env/server';
import { createWeChatClient, type WeChatClient } from './client';
import { configFromEnv } from './config';

export type { CallOptions, Fetched, Received, WeChatClient } from './client';

const globalForClient = globalThis as unknown as { orderDeskWeChat?: WeChatClient };

/** The process's one WeChat client (one token cache and connection pool per server). */
export function wechat(): WeChatClient {
  if (!globalForClient.orderDeskWeChat) {
    const env = serverEnv();
    globalForClient.orderDeskWeChat = createWeChatClient(configFromEnv(env), {
      proxy: { httpsProxy: env.HTTPS_PROXY, httpProxy: env.HTTP_PROXY, noProxy: env.NO_PROXY },
      // Servers sharing one PostgreSQL take turns to recover a rejected token: one forced refresh between them.
      forcedRefreshLock: (appId, work) => withSharedLock(`wechat-token:${appId}`, work),
    });
  }
  return globalForClient.orderDeskWeChat;
}
