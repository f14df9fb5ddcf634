import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { bump, type Endpoint, type SimAccount, type SimContext, type SimRequest } from '../context';
import type { JsonObject } from '../fixtures';
import { parseJsonObject, send } from '../http-io';

/** The two token endpoints (`cgi-bin/stable_token`, `cgi-bin/token`) and the token check every API call makes. */
function issue(ctx: SimContext, appid: string, ttlSec = ctx.tokenTtlSec): string {
  const token = `${ctx.tokenPrefix}${randomBytes(24).toString('base64url')}`;
  ctx.tokens.set(token, { appid, expiresAt: Date.now() + ttlSec * 1000, revoked: false, stale: false });
  return token;
}

function credentialError(ctx: SimContext, appid: unknown, secret: unknown): JsonObject | undefined {
  const account = ctx.accounts.find((a) => a.appid === appid);
  if (!account) return { errcode: 40013, errmsg: 'invalid appid' };
  if (account.secret !== secret) return { errcode: 40125, errmsg: 'invalid appsecret' };
  return undefined;
}

function stable(ctx: SimContext, body: JsonObject): JsonObject {
  if (body.grant_type !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' };
  const bad = credentialError(ctx, body.appid, body.secret);
  if (bad) return bad;
  const appid = String(body.appid);
  bump(ctx.stats.stableTokens, appid);
  const current = ctx.stableToken.get(appid);
  const live = current ? ctx.tokens.get(current) : undefined;
  if (body.force_refresh === true) {
    bump(ctx.stats.forcedRefreshes, appid);
    if (live) live.revoked = true;
  } else if (live && (!live.revoked || live.stale) && live.expiresAt > Date.now()) {
    return { access_token: current!, expires_in: Math.floor((live.expiresAt - Date.now()) / 1000) };
  }
  const token = issue(ctx, appid);
  ctx.stableToken.set(appid, token);
  return { access_token: token, expires_in: ctx.tokenTtlSec };
}

function legacy(ctx: SimContext, query: URLSearchParams): JsonObject {
  if (query.get('grant_type') !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' };
  const bad = credentialError(ctx, query.get('appid'), query.get('secret'));
  if (bad) return bad;
  const appid = query.get('appid')!;
  bump(ctx.stats.legacyTokens, appid);
  // Each call hands out a new token; the previous ones stop working five minutes later.
  for (const t of ctx.tokens.values()) if (t.appid === appid) t.expiresAt = Math.min(t.expiresAt, Date.now() + 300_000);
  return { access_token: issue(ctx, appid), expires_in: ctx.tokenTtlSec };
}

/** Why this token may not call this API, or undefined when it may. */
export function tokenError(ctx: SimContext, token: string | null, api: SimAccount['api']): JsonObject | undefined {
  if (!token) return { errcode: 41001, errmsg: 'access_token missing' };
  const t = ctx.tokens.get(token);
  if (!t || t.revoked) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
  if (t.expiresAt <= Date.now()) return { errcode: 42001, errmsg: 'access_token expired' };
  if (ctx.accounts.find((a) => a.appid === t.appid)?.api !== api) return { errcode: 48001, errmsg: 'api unauthorized' };
  return undefined;
}

/** The account a token that passed `tokenError` belongs to. */
export function accountOf(ctx: SimContext, token: string): SimAccount {
  const appid = ctx.tokens.get(token)!.appid;
  return ctx.accounts.find((a) => a.appid === appid)!;
}

export const stableTokenEndpoint: Endpoint = (ctx, req, res) => {
  if (req.method !== 'POST') return send(res, { errcode: 43002, errmsg: 'require POST method' });
  const json = parseJsonObject(req.body);
  send(res, json ? stable(ctx, json) : { errcode: 47001, errmsg: 'data format error' });
};

export const legacyTokenEndpoint: Endpoint = (ctx, req, res) => {
  if (req.method !== 'GET') return send(res, { errcode: 43001, errmsg: 'require GET method' });
  send(res, legacy(ctx, req.url.searchParams));
};

/**
 * What every API call checks first: the HTTP method (else `wrongMethod`), then a token of this
 * API. Answers and gives undefined when either fails; otherwise the token's account and the body
 * read as a JSON object (undefined unless sent as application/json).
 */
export function acceptCall(
  ctx: SimContext,
  req: SimRequest,
  res: ServerResponse,
  call: { api: SimAccount['api']; method: 'GET' | 'POST'; wrongMethod: JsonObject },
): { account: SimAccount; json: JsonObject | undefined } | undefined {
  if (req.method !== call.method) return void send(res, call.wrongMethod);
  const token = req.url.searchParams.get('access_token');
  const bad = tokenError(ctx, token, call.api);
  if (bad) return void send(res, bad);
  const json = (req.headers['content-type'] ?? '').startsWith('application/json') ? parseJsonObject(req.body) : undefined;
  return { account: accountOf(ctx, token!), json };
}
