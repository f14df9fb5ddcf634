import { getSessionCookie } from 'better-auth/cookies';
import { NextResponse, type NextRequest } from 'next/server';
import { serverOrigin } from '@/lib/client-address';

/**
 * Runs before every request: gives it an id, refuses cross-site state changes, sends pages without
 * a session cookie to /login (an optimistic check only: lib/auth/access.ts authorizes for real),
 * and sets the security headers, with a per-request CSP nonce (the Next.js guide).
 */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const PUBLIC_PAGES = ['/login'];

/**
 * A browser says where a request comes from (Sec-Fetch-Site); otherwise its Origin, scheme and
 * host, must be the origin the request was addressed to, as lib/client-address.ts reads it: the
 * forwarded headers count only behind ORDER_DESK_TRUSTED_PROXY_HOPS trusted proxies. A request
 * whose origin the server could not tell is refused.
 */
function crossSite(request: NextRequest): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  const expected = serverOrigin(request.headers);
  try {
    return expected === null || new URL(origin).origin !== expected;
  } catch {
    return true;
  }
}

/** Whether the path's percent-encoding is well formed: Next answers 500 for `/api/orders/shop/%zz`. */
function decodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function securityHeaders(headers: Headers, nonce: string, production: boolean) {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${production ? '' : " 'unsafe-eval'"}`,
    `style-src 'self' 'nonce-${nonce}'`,
    // React sets style attributes (the usage bar's width); they cannot carry a nonce.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  headers.set('content-security-policy', csp);
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  headers.set('x-frame-options', 'DENY');
  headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
  if (production) headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
}

export function proxy(request: NextRequest) {
  const production = process.env.NODE_ENV === 'production';
  const requestId = crypto.randomUUID();
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const { pathname, search } = request.nextUrl;

  let response: NextResponse;
  if (!decodable(pathname)) {
    response = NextResponse.json(
      { error: { code: 'invalid_request', message: 'The address is not valid: its percent-encoding is broken.', action: 'Check the link or the id and try again.', zh: { message: '地址无效：其中的百分号编码有误。', action: '请检查链接或编号后重试。' }, retriable: false } },
      { status: 400 },
    );
  } else if (STATE_CHANGING.has(request.method) && crossSite(request)) {
    response = NextResponse.json(
      { error: { code: 'forbidden', message: 'Cross-site requests may not change anything.', action: 'Use Order Desk itself.', zh: { message: '不允许跨站修改请求。', action: '请在 Order Desk 中操作。' }, retriable: false } },
      { status: 403 },
    );
  } else if (!pathname.startsWith('/api/') && !PUBLIC_PAGES.includes(pathname) && !getSessionCookie(request)) {
    const login = new URL('/login', request.url);
    login.searchParams.set('next', pathname + search);
    response = NextResponse.redirect(login);
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('x-request-id', requestId);
    requestHeaders.set('x-nonce', nonce);
    securityHeaders(requestHeaders, nonce, production);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  // The proxy's own refusals, like every API answer, are never cached (a route's answer sets its own).
  if (response.status >= 400) response.headers.set('cache-control', 'no-store');
  response.headers.set('x-request-id', requestId);
  securityHeaders(response.headers, nonce, production);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
