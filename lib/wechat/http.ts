import 'server-only';
import { isSafeNumber, parse as parseLosslessJson } from 'lossless-json';
import pRetry, { AbortError } from 'p-retry';
import { Agent, EnvHttpProxyAgent, ProxyAgent, request as httpRequest, type Dispatcher } from 'undici';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { metrics, secondsSince } from '@/lib/ops/metrics';
import { BUSY_ERRCODE } from './errcodes';
import { redactUrl } from './redact';

export interface HttpSettings {
  timeoutMs: number;
  retries: number;
  /** First backoff pause; doubles each retry up to 8x (WECHAT_BACKOFF_MS unless a caller says). */
  backoffMs: number;
  dispatcher: Dispatcher;
}

export interface ProxySettings {
  proxyUrl?: string | undefined;
  httpsProxy?: string | undefined;
  httpProxy?: string | undefined;
  noProxy?: string | undefined;
}

/** Far beyond any order answer: a bigger one is refused rather than read into memory. */
/** The first pause between attempts of a call (then doubled, at most 8 ×, randomised up to 2 ×). */
export const WECHAT_BACKOFF_MS = 200;

export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** A WeChat-specific proxy wins; otherwise the standard HTTP(S)_PROXY / NO_PROXY apply. */
export function createDispatcher(proxy: ProxySettings): Dispatcher {
  const keepAlive = { keepAliveTimeout: 30_000, connections: 128, maxResponseSize: MAX_ANSWER_BYTES };
  if (proxy.proxyUrl) return new ProxyAgent({ uri: proxy.proxyUrl, ...keepAlive });
  if (proxy.httpsProxy || proxy.httpProxy) {
    return new EnvHttpProxyAgent({ httpsProxy: proxy.httpsProxy, httpProxy: proxy.httpProxy, noProxy: proxy.noProxy, maxResponseSize: MAX_ANSWER_BYTES });
  }
  return new Agent(keepAlive);
}

export interface JsonRequest {
  method: 'GET' | 'POST';
  url: URL;
  body?: unknown;
  /** For logs: which account and call this is. */
  label: string;
}

/**
 * Parses JSON without losing digits: an integer beyond 2^53 stays a decimal string instead of
 * becoming a rounded number.
 */
export function parseJsonExact(text: string): unknown {
  return parseLosslessJson(text, undefined, (value) => (isSafeNumber(value) ? Number(value) : value));
}

const unreachable = (cause: unknown, detail: string) =>
  new AppError({
    code: 'upstream_unreachable',
    message: { en: `WeChat could not be reached (${detail}).`, zh: `无法连接微信（${detail}）。` },
    action: { en: 'Retry shortly; if it persists, check the network or proxy settings.', zh: '请稍后重试；如仍出现，请检查网络或代理设置。' },
    retriable: true,
    cause,
  });

const timedOut = (timeoutMs: number) =>
  new AppError({
    code: 'timeout',
    message: { en: `WeChat did not answer within ${timeoutMs} ms.`, zh: `微信未在 ${timeoutMs} 毫秒内响应。` },
    action: { en: 'Retry; WeChat may be slow right now.', zh: '请重试；微信当前可能响应较慢。' },
    retriable: true,
  });

/** undici refused an answer beyond maxResponseSize. */
const tooLarge = (error: unknown) => (error as { code?: unknown } | null)?.code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE';
const tooLargeAnswer = () => new AbortError(invalidResponse(`the answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB`));

/** The timeout fired, whether while waiting for the headers or while reading the body. */
function isTimeout(error: unknown, signal: AbortSignal): boolean {
  const name = error instanceof Error ? error.name : '';
  return signal.aborted || name === 'TimeoutError' || name === 'AbortError';
}

/**
 * One JSON call with the timeout, retried with capped exponential backoff on network errors,
 * HTTP 5xx and errcode -1 (both WeChat calls are reads, so a retry is safe). A timeout, while
 * waiting for the headers or while reading the body, is not retried: staff have already waited
 * the full timeout once.
 */
export async function requestJson(request: JsonRequest, settings: HttpSettings): Promise<unknown> {
  return (await requestAnswer(request, settings)).body;
}

/** WeChat's answer: parsed, and the body's bytes exactly as received (kept as an order's version, lib/history). */
export interface Answer {
  body: unknown;
  bytes: Uint8Array;
}

/** `requestJson`, keeping the body's bytes as received beside the parsed body. */
export async function requestAnswer(request: JsonRequest, settings: HttpSettings): Promise<Answer> {
  const safeUrl = redactUrl(request.url);
  let attempt = 0;
  return pRetry(
    async () => {
      attempt += 1;
      const started = performance.now();
      const observe = (outcome: 'answered' | 'http_error' | 'timeout' | 'unreachable') =>
        metrics().wechatRequestDuration.observe({ api: request.url.pathname, outcome }, secondsSince(started));
      // One timeout for the whole answer, headers and body: a body that stalls is a timeout too.
      const signal = AbortSignal.timeout(settings.timeoutMs);
      // undici's request, not fetch: the same connection pool and errors, without the WHATWG
      // streams and headers fetch builds for every call (about half a millisecond of CPU each).
      let response;
      try {
        response = await httpRequest(request.url, {
          method: request.method,
          dispatcher: settings.dispatcher,
          signal,
          // request, unlike fetch, does not decompress: ask for the answer as it is.
          headers: { 'accept-encoding': 'identity', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: request.body === undefined ? null : JSON.stringify(request.body),
        });
      } catch (error) {
        if (tooLarge(error)) throw tooLargeAnswer();
        log.warn({ call: request.label, url: safeUrl, attempt, error: error instanceof Error ? error.name : '' }, 'wechat request failed');
        observe(isTimeout(error, signal) ? 'timeout' : 'unreachable');
        if (isTimeout(error, signal)) throw new AbortError(timedOut(settings.timeoutMs));
        throw unreachable(error, 'network error');
      }

      const encoding = response.headers['content-encoding'];
      if (encoding !== undefined && encoding !== 'identity') {
        void response.body.dump().catch(() => undefined);
        throw new AbortError(invalidResponse(`the answer came compressed (${String(encoding).slice(0, 32)}), which was not asked for`));
      }
      const bytes = await response.body.bytes().catch((error: unknown) => {
        if (tooLarge(error)) throw tooLargeAnswer();
        log.warn({ call: request.label, url: safeUrl, attempt, error: error instanceof Error ? error.name : '' }, 'wechat answer not read');
        observe(isTimeout(error, signal) ? 'timeout' : 'unreachable');
        if (isTimeout(error, signal)) throw new AbortError(timedOut(settings.timeoutMs));
        throw unreachable(error, 'connection dropped while reading the answer');
      });
      const ms = Math.round(performance.now() - started);
      observe(response.statusCode === 200 ? 'answered' : 'http_error');
      if (response.statusCode >= 500) {
        log.warn({ call: request.label, url: safeUrl, attempt, status: response.statusCode, ms }, 'wechat http error');
        throw unreachable(undefined, `HTTP ${response.statusCode}`);
      }
      if (response.statusCode !== 200) {
        throw new AbortError(invalidResponse(`HTTP ${response.statusCode}`));
      }
      let body: unknown;
      try {
        body = parseJsonExact(new TextDecoder().decode(bytes));
      } catch {
        throw new AbortError(invalidResponse('the answer is not valid JSON'));
      }
      const errcode = errcodeOf(body);
      log.info({ call: request.label, url: safeUrl, attempt, status: response.statusCode, errcode, ms }, 'wechat call');
      if (errcode === BUSY_ERRCODE && attempt <= settings.retries) throw new BusyError(body);
      return { body, bytes };
    },
    {
      retries: settings.retries,
      factor: 2,
      minTimeout: settings.backoffMs,
      maxTimeout: settings.backoffMs * 8,
      randomize: true,
    },
  );
}

/** errcode -1 while retries remain; on the last attempt the body itself is returned. */
class BusyError extends Error {
  constructor(readonly body: unknown) {
    super('WeChat system busy');
  }
}

export function errcodeOf(body: unknown): number {
  if (typeof body !== 'object' || body === null || !('errcode' in body)) return 0;
  const value = (body as { errcode: unknown }).errcode;
  return typeof value === 'number' ? value : Number.NaN;
}

export function invalidResponse(detail: string, cause?: unknown): AppError {
  return new AppError({
    code: 'invalid_response',
    message: { en: `WeChat sent an answer Order Desk cannot read: ${detail}.`, zh: `微信返回了无法解析的响应：${detail}。` },
    action: { en: 'Retry; if it persists, tell the Order Desk team and quote this message.', zh: '请重试；如仍出现，请将此信息告知 Order Desk 团队。' },
    retriable: true,
    cause,
  });
}
