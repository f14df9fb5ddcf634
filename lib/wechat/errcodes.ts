import { AppError, type Bilingual, type ErrorCode } from '@/lib/errors';

/** errcodes that mean WeChat rejected the access token: refresh once, then retry once. */
export const TOKEN_REJECTED_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/** WeChat's "system busy": safe to retry a read after a pause. */
export const BUSY_ERRCODE = -1;

interface Explained {
  code: ErrorCode;
  meaning: Bilingual;
  action: Bilingual;
  retriable?: boolean;
}

/** What each errcode means and what staff should do (docs/wechat-api.md, "Error codes"). */
const explained: Record<number, Explained> = {
  [-1]: {
    code: 'wechat_error',
    meaning: { en: 'WeChat is busy.', zh: '微信系统繁忙。' },
    action: { en: 'Retry in a few seconds.', zh: '请稍后重试。' },
    retriable: true,
  },
  40001: {
    code: 'wechat_error',
    meaning: { en: 'WeChat rejected the access token (invalid or not the latest), even after a refresh.', zh: '微信拒绝了 access_token（无效或不是最新），刷新后仍被拒绝。' },
    action: { en: 'Check the AppSecret in the configuration.', zh: '请检查配置中的 AppSecret。' },
    retriable: true,
  },
  40013: {
    code: 'misconfigured',
    meaning: { en: 'WeChat says the AppID is invalid.', zh: '微信提示 AppID 无效。' },
    action: { en: 'Check the AppID in the configuration.', zh: '请检查配置中的 AppID。' },
  },
  40014: {
    code: 'wechat_error',
    meaning: { en: 'WeChat says the access token is invalid, even after a refresh.', zh: '微信提示 access_token 无效，刷新后仍无效。' },
    action: { en: 'Retry; if it persists, check the token settings.', zh: '请重试；如仍出现，请检查令牌配置。' },
    retriable: true,
  },
  40125: {
    code: 'misconfigured',
    meaning: { en: 'WeChat says the AppSecret is invalid.', zh: '微信提示 AppSecret 无效。' },
    action: { en: 'Check the AppSecret in the configuration.', zh: '请检查配置中的 AppSecret。' },
  },
  40164: {
    code: 'wechat_error',
    meaning: { en: "This server's IP address is not on the account's IP whitelist.", zh: '本服务器的 IP 不在该账号的 IP 白名单中。' },
    action: { en: "Add the server's egress IP to the whitelist, or route calls through the fixed-IP proxy (WECHAT_PROXY_URL).", zh: '请将服务器出口 IP 加入白名单，或通过固定 IP 代理（WECHAT_PROXY_URL）调用。' },
  },
  41001: {
    code: 'internal',
    meaning: { en: 'The access token was missing from the request.', zh: '请求缺少 access_token。' },
    action: { en: 'This is a bug in Order Desk: tell the Order Desk team.', zh: '这是 Order Desk 的缺陷，请联系 Order Desk 团队。' },
  },
  42001: {
    code: 'wechat_error',
    meaning: { en: 'The access token expired and a refresh did not help.', zh: 'access_token 已过期，刷新后仍无效。' },
    action: { en: 'Retry; if it persists, check the token settings.', zh: '请重试；如仍出现，请检查令牌配置。' },
    retriable: true,
  },
  43002: {
    code: 'internal',
    meaning: { en: 'WeChat requires POST for this call.', zh: '该接口要求使用 POST 请求。' },
    action: { en: 'This is a bug in Order Desk: tell the Order Desk team.', zh: '这是 Order Desk 的缺陷，请联系 Order Desk 团队。' },
  },
  45009: {
    code: 'rate_limited',
    meaning: { en: "The account's daily API quota is used up.", zh: '该账号今日接口调用次数已达上限。' },
    action: { en: 'Wait for the daily reset, or ask an admin to reset the quota.', zh: '请等待每日重置，或请管理员重置调用次数。' },
  },
  45011: {
    code: 'rate_limited',
    meaning: { en: 'Too many calls this minute.', zh: '调用过于频繁（每分钟限额）。' },
    action: { en: 'Wait a minute and try again.', zh: '请等待一分钟后重试。' },
    retriable: true,
  },
  48001: {
    code: 'misconfigured',
    meaning: { en: 'This account is not authorised for this API.', zh: '该账号没有此接口的权限。' },
    action: { en: 'The token belongs to the wrong account: check the AppID for this order kind.', zh: '令牌属于错误的账号：请检查该订单类型对应的 AppID。' },
  },
  61004: {
    code: 'wechat_error',
    meaning: { en: "The caller's IP is not registered with the third-party platform.", zh: '调用方 IP 未在第三方平台登记。' },
    action: { en: "Register the server's egress IP.", zh: '请登记服务器出口 IP。' },
  },
  89503: {
    code: 'wechat_error',
    meaning: { en: 'WeChat flagged the calling IP as risky: an admin must approve the call.', zh: '微信将调用 IP 判定为风险 IP，需要管理员确认。' },
    action: { en: 'Ask the account admin to approve it, then retry.', zh: '请联系账号管理员确认后重试。' },
  },
  // The document names 10120002 only "parameter error"; it is also how WeChat answers an id it
  // cannot find for this account, as far as is known, hence 404 (docs/wechat-api.md).
  10120002: {
    code: 'not_found',
    meaning: {
      en: 'WeChat answered “parameter error” for this order id. As far as is known, that is how it reports an order it cannot find for this account.',
      zh: '微信对该订单号返回“参数错误”。据目前所知，这是微信对该账号下查不到的订单的答复。',
    },
    action: {
      en: 'Check the order id. If it is right, the order may belong to another service-provider account (a token of the wrong account is refused with 48001 instead).',
      zh: '请检查订单号。如订单号无误，该订单可能属于其他服务商账号（令牌所属账号错误时微信返回的是 48001）。',
    },
  },
  10120405: {
    code: 'internal',
    meaning: { en: 'WeChat says this HTTP method is not available for the call.', zh: '微信提示该请求方法不可用。' },
    action: { en: 'This is a bug in Order Desk: tell the Order Desk team.', zh: '这是 Order Desk 的缺陷，请联系 Order Desk 团队。' },
  },
};

/** The AppError for a non-zero errcode; any errcode not in the table is quoted as it came. */
export function errorForErrcode(errcode: number, errmsg: string): AppError {
  const known = explained[errcode];
  if (known) {
    return new AppError({
      code: known.code,
      message: known.meaning,
      action: known.action,
      retriable: known.retriable ?? false,
      errcode,
      errmsg,
    });
  }
  return new AppError({
    code: 'wechat_error',
    message: { en: `WeChat returned error ${errcode}.`, zh: `微信返回错误 ${errcode}。` },
    action: {
      en: `Retry later; if it persists, look up errcode ${errcode} in WeChat's documentation.`,
      zh: `请稍后重试；如仍出现，请在微信文档中查询错误码 ${errcode}。`,
    },
    retriable: true,
    errcode,
    errmsg,
  });
}

export const knownErrcodes = Object.keys(explained).map(Number);

/** "invalid args", "data format error" and the service provider's "invalid parameters". */
export const LIST_PARAMETER_ERRCODES: ReadonlySet<number> = new Set([40097, 47001, 10120002]);

/**
 * A list call's errcode: as for lookups, except the parameter refusals, which say nothing about
 * an order here. Order Desk checks the documented limits before sending, so WeChat refusing a
 * list request's parameters means a limit nobody documented, or an SPU id WeChat does not know.
 */
export function errorForListErrcode(errcode: number, errmsg: string): AppError {
  if (!LIST_PARAMETER_ERRCODES.has(errcode)) return errorForErrcode(errcode, errmsg);
  return new AppError({
    code: 'wechat_error',
    message: { en: `WeChat refused the order list request's parameters (errcode ${errcode}).`, zh: `微信拒绝了订单列表请求的参数（错误码 ${errcode}）。` },
    action: {
      en: 'Check the SPU ids (WECHAT_SP_SPU_IDS) and the shop settings; if they are right, tell the Order Desk team and quote this message.',
      zh: '请检查 SPU 编号（WECHAT_SP_SPU_IDS）和店铺配置；如无误，请将此信息告知 Order Desk 团队。',
    },
    errcode,
    errmsg,
  });
}
