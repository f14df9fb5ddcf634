import 'server-only';
import { withSharedLock } from '@/lib/db';
import { serverEnv } from '@/lib/env/server';
import { createWeChatClient, type WeChatClient } from './client';
import { configFromEnv } from './config';

export type { CallOptions, Fetched, WeChatClient } from './client';
export { ListRequestRefused } from './list-request';
export { SHOP_ORDER_LIST_MAX_PAGE_SIZE, SHOP_ORDER_LIST_MAX_WINDOW_SEC, type ShopOrderListPage, type ShopOrderListQuery } from './shop-order-list';
export { SP_ORDER_LIST_MAX_LIMIT, type ServiceProviderOrderListPage, type ServiceProviderOrderListQuery } from './service-provider-order-list';

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
