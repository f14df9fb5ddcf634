import { z } from 'zod';
import type { WeChatShopPayOrder } from '@/lib/orders/wechat-shapes';
import { idText, int64, optional, timestamp } from './schema-parts';

const record = {
  amount: int64,
  create_time: optional(timestamp),
  finish_time: optional(timestamp),
  result: optional(z.string()),
  fail_reason: optional(z.string()),
};

/** The shop payment order, `order`: every time is seconds, every amount fen (docs/wechat-api.md). */
export const shopPayOrderSchema: z.ZodType<WeChatShopPayOrder, unknown> = z.object({
  trade_no: z.string().min(1),
  combine_trade_no: optional(z.string()),
  mchid: optional(idText),
  transaction_id: optional(z.string()),
  create_time: optional(timestamp),
  update_time: optional(timestamp),
  pay_time: optional(timestamp),
  expire_time: optional(timestamp),
  close_status: optional(z.number().int()),
  close_time: optional(timestamp),
  amount: int64,
  description: optional(z.string()),
  refund_list: optional(z.array(z.object({ refund_no: z.string(), refund_id: z.string(), ...record }))),
  profit_sharing_list: optional(
    z.array(z.object({ profit_sharing_no: z.string(), profit_sharing_id: z.string(), mchid: optional(idText), ...record })),
  ),
  profit_sharing_delay: optional(z.number().int()),
  profit_sharing_frozen: optional(z.number().int()),
});
