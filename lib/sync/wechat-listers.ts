import 'server-only';
import { wechat } from '@/lib/wechat';
import type { Listers } from './listing';

/** Sync's two list calls over the process's WeChat client (lib/wechat: token, retries, proxy, limits checked before sending). */
export function wechatListers(): Listers {
  return {
    async shopPage(shop, request) {
      const page = await wechat().getShopOrderListPage(request, shop);
      return { tradeNos: page.tradeNos, hasMore: page.hasMore, lastIndex: page.lastIndex ?? null };
    },
    async serviceProviderPage(spuId, offset, limit) {
      const page = await wechat().getServiceProviderOrderListPage({ spuId, offset, limit });
      return { total: page.total, orders: page.orders, unreadable: page.unreadable.length, count: page.count };
    },
  };
}
