import 'server-only';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import type { WeChatAccount, WeChatConfig } from './config';
import { errorForErrcode } from './errcodes';
import { errcodeOf, invalidResponse, requestJson, type HttpSettings } from './http';
import type { FetchedToken } from './token-cache';

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
});

/**
 * Fetches an access token the configured way:
 * - stable: POST /cgi-bin/stable_token (default; the same token for every server while valid);
 * - legacy: GET /cgi-bin/token (each call replaces the previous token: one server only);
 * - service: GET the company's central token service, `?appid=…[&force_refresh=1]`, which
 *   answers like WeChat: `{"access_token","expires_in"}`.
 */
export async function fetchAccessToken(
  config: WeChatConfig,
  account: WeChatAccount,
  forceRefresh: boolean,
  http: HttpSettings,
): Promise<FetchedToken> {
  const appId = required(account.appId, account.settings.appId);
  const label = `token:${account.id}`;
  let body: unknown;
  if (config.tokenSource === 'service') {
    const url = new URL(required(config.tokenServiceUrl, 'WECHAT_TOKEN_SERVICE_URL'));
    url.searchParams.set('appid', appId);
    if (forceRefresh) url.searchParams.set('force_refresh', '1');
    body = await requestJson({ method: 'GET', url, label }, http);
  } else {
    const secret = required(account.appSecret, account.settings.appSecret);
    if (config.tokenSource === 'stable') {
      const url = new URL(`${config.apiBase}/cgi-bin/stable_token`);
      const payload = { grant_type: 'client_credential', appid: appId, secret, force_refresh: forceRefresh };
      body = await requestJson({ method: 'POST', url, body: payload, label }, http);
    } else {
      const url = new URL(`${config.apiBase}/cgi-bin/token`);
      url.search = new URLSearchParams({ grant_type: 'client_credential', appid: appId, secret }).toString();
      body = await requestJson({ method: 'GET', url, label }, http);
    }
  }
  const errcode = errcodeOf(body);
  if (errcode !== 0) {
    const errmsg = typeof body === 'object' && body && 'errmsg' in body ? String(body.errmsg) : '';
    throw errorForErrcode(errcode, errmsg);
  }
  const parsed = tokenAnswer.safeParse(body);
  if (!parsed.success) throw invalidResponse('the access-token answer has no access_token or expires_in');
  return { token: parsed.data.access_token, expiresInSec: parsed.data.expires_in };
}

export function required(value: string | undefined, setting: string): string {
  if (value) return value;
  throw new AppError({
    code: 'misconfigured',
    message: { en: `Order Desk is not configured: ${setting} is not set.`, zh: `Order Desk 配置不完整：未设置 ${setting}。` },
    action: { en: `Ask an administrator to set ${setting}.`, zh: `请管理员设置 ${setting}。` },
  });
}
