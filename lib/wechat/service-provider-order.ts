import { z } from 'zod';
import type { WeChatServiceProviderOrder } from '@/lib/orders/wechat-shapes';
import { idText, int64, optional, timestamp } from './schema-parts';

/** The service-provider purchase order, `order`: fields and units in docs/wechat-api.md. */
export const serviceProviderOrderSchema: z.ZodType<WeChatServiceProviderOrder, unknown> = z.object({
  orderId: z.string().min(1),
  status: z.number().int(),
  createTime: optional(timestamp),
  updateTime: optional(timestamp),
  orderPrice: int64,
  payInfo: optional(
    z.object({
      applyPayTime: optional(timestamp),
      finishPayTime: optional(timestamp),
    }),
  ),
  orderProductInfo: optional(
    z
      .object({
        spSpuId: optional(idText),
        spSkuId: optional(idText),
        spBizId: optional(z.number().int()),
        spuName: optional(z.string()),
        skuName: optional(z.string()),
        skuCnt: optional(z.number().int()),
        validityBeginTime: optional(timestamp),
        validityEndTime: optional(timestamp),
        // The documents' example calls the end `validity`; read it only when the real name is missing.
        validity: optional(timestamp),
      })
      .transform(({ validity, ...product }) => ({ ...product, validityEndTime: product.validityEndTime ?? validity })),
  ),
  invoiceInfo: optional(
    z.object({
      invoiceApplyTime: optional(timestamp),
      invoiceStatus: optional(z.number().int()),
    }),
  ),
  usage: optional(z.object({ used: int64, all: int64 })),
});
