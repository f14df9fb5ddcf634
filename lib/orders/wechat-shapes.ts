/**
 * The two WeChat order objects as the domain receives them, after lib/wechat has validated
 * them. Times are the raw numbers WeChat sends (which are seconds and which milliseconds is
 * decided in time.ts); 64-bit integers are decimal strings.
 */

/** The service-provider purchase order, `order` (docs/wechat-api.md, "Service-provider purchase order"). */
export interface WeChatServiceProviderOrder {
  orderId: string;
  status: number;
  /** milliseconds */
  createTime?: number | undefined;
  /** milliseconds */
  updateTime?: number | undefined;
  /** fen, 64-bit, decimal string */
  orderPrice: string;
  payInfo?:
    | {
        /** seconds */
        applyPayTime?: number | undefined;
        /** seconds; absent until paid */
        finishPayTime?: number | undefined;
      }
    | undefined;
  orderProductInfo?:
    | {
        spSpuId?: string | undefined;
        spSkuId?: string | undefined;
        spBizId?: number | undefined;
        spuName?: string | undefined;
        skuName?: string | undefined;
        skuCnt?: number | undefined;
        /** seconds */
        validityBeginTime?: number | undefined;
        /** seconds (the documents' example calls it `validity`) */
        validityEndTime?: number | undefined;
      }
    | undefined;
  invoiceInfo?:
    | {
        /** seconds */
        invoiceApplyTime?: number | undefined;
        invoiceStatus?: number | undefined;
      }
    | undefined;
  /** absent until paid; 64-bit decimal strings */
  usage?: { used: string; all: string } | undefined;
}

export interface WeChatRefundRecord {
  refund_no: string;
  refund_id: string;
  /** fen */
  amount: string;
  create_time?: number | undefined;
  finish_time?: number | undefined;
  result?: string | undefined;
  fail_reason?: string | undefined;
}

export interface WeChatProfitSharingRecord {
  profit_sharing_no: string;
  profit_sharing_id: string;
  /** The order's merchant (not the receiver); see docs/wechat-api.md. */
  mchid?: string | undefined;
  /** fen */
  amount: string;
  create_time?: number | undefined;
  finish_time?: number | undefined;
  result?: string | undefined;
  fail_reason?: string | undefined;
}

/** The shop payment order, `order`; every time is seconds, every amount fen (docs/wechat-api.md). */
export interface WeChatShopPayOrder {
  trade_no: string;
  combine_trade_no?: string | undefined;
  mchid?: string | undefined;
  transaction_id?: string | undefined;
  create_time?: number | undefined;
  update_time?: number | undefined;
  pay_time?: number | undefined;
  expire_time?: number | undefined;
  close_status?: number | undefined;
  close_time?: number | undefined;
  /** fen */
  amount: string;
  description?: string | undefined;
  refund_list?: WeChatRefundRecord[] | undefined;
  profit_sharing_list?: WeChatProfitSharingRecord[] | undefined;
  profit_sharing_delay?: number | undefined;
  profit_sharing_frozen?: number | undefined;
}
