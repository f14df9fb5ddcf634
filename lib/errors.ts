/**
 * One error contract from WeChat to the browser. Server code throws AppError; route handlers
 * turn it into `{ error: ErrorBody }` with `status`; the browser's fetcher rebuilds the same
 * shape, so a page can show the message, the errcode and what to do.
 */
export const errorStatus = {
  invalid_id: 400,
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  rate_limited: 429,
  wechat_error: 502,
  invalid_response: 502,
  upstream_unreachable: 502,
  internal: 500,
  misconfigured: 503,
  database_unavailable: 503,
  timeout: 504,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** A message in both languages staff read. */
export interface Bilingual {
  en: string;
  zh: string;
}

export interface ErrorBody {
  code: ErrorCode;
  /** English message, safe to show. */
  message: string;
  /** What staff should do next, in English. */
  action: string;
  /** The same message and action in Chinese. */
  zh: { message: string; action: string };
  retriable: boolean;
  errcode?: number;
  errmsg?: string;
}

export interface AppErrorInit {
  code: ErrorCode;
  message: Bilingual;
  action: Bilingual;
  retriable?: boolean;
  errcode?: number;
  errmsg?: string;
  /** When the refusal ends, in seconds: answered as `Retry-After` (lib/api/responses.ts). */
  retryAfterSec?: number;
  cause?: unknown;
}

/** Marks an AppError from any copy of this module (see `Symbol.hasInstance` below). */
const APP_ERROR = Symbol.for('order-desk.AppError');

export class AppError extends Error {
  /**
   * Next bundles pages and route handlers apart, each with its own copy of this module, while
   * process-wide objects on `globalThis` (the WeChat client) throw the copy of whoever made them
   * first: an AppError is recognised by its mark, not by which copy of the class made it.
   * Subclasses keep the ordinary check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== AppError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && APP_ERROR in value;
  }

  readonly code: ErrorCode;
  readonly status: number;
  readonly messages: Bilingual;
  readonly action: Bilingual;
  readonly retriable: boolean;
  readonly errcode: number | undefined;
  readonly errmsg: string | undefined;
  readonly retryAfterSec: number | undefined;

  constructor(init: AppErrorInit) {
    super(init.message.en, { cause: init.cause });
    this.name = 'AppError';
    this.code = init.code;
    this.status = errorStatus[init.code];
    this.messages = init.message;
    this.action = init.action;
    this.retriable = init.retriable ?? false;
    this.errcode = init.errcode;
    this.errmsg = init.errmsg;
    this.retryAfterSec = init.retryAfterSec;
    Object.defineProperty(this, APP_ERROR, { value: true });
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      message: this.messages.en,
      action: this.action.en,
      zh: { message: this.messages.zh, action: this.action.zh },
      retriable: this.retriable,
      ...(this.errcode === undefined ? {} : { errcode: this.errcode }),
      ...(this.errmsg === undefined ? {} : { errmsg: this.errmsg }),
    };
  }
}

export function internalError(cause: unknown): AppError {
  return new AppError({
    code: 'internal',
    message: { en: 'Order Desk hit an unexpected error.', zh: 'Order Desk 发生了意外错误。' },
    action: { en: 'Try again; if it persists, tell the Order Desk team.', zh: '请重试；如仍出现，请联系 Order Desk 团队。' },
    retriable: true,
    retryAfterSec: DATABASE_RETRY_AFTER_SECONDS,
    cause,
  });
}

/** Seconds a client is asked to wait (Retry-After) when the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The database cannot be reached (stopped, restarting, out of reach): an outage, not a bug of
 * Order Desk, so neither "unexpected error" nor a 500. The server carries on once it is back.
 */
export function databaseUnavailable(cause?: unknown): AppError {
  return new AppError({
    code: 'database_unavailable',
    message: { en: 'The database is unavailable; try again shortly.', zh: '数据库暂时无法访问，请稍后重试。' },
    action: {
      en: `Wait ${DATABASE_RETRY_AFTER_SECONDS} seconds or so and try again; if it lasts, tell the Order Desk team.`,
      zh: `请等待约 ${DATABASE_RETRY_AFTER_SECONDS} 秒后重试；如持续出现，请联系 Order Desk 团队。`,
    },
    retriable: true,
    cause,
  });
}
