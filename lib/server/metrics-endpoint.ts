import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { jsonError } from '@/lib/api/responses';
import { serverEnv } from '@/lib/env/server';
import { AppError } from '@/lib/errors';
import { metrics } from '@/lib/ops/metrics';

/**
 * GET /api/metrics: the registry in Prometheus text format, for a scraper that sends
 * `Authorization: Bearer $ORDER_DESK_METRICS_TOKEN`. Without that setting the route is not
 * there: a plain 404 that names nothing (not the setting, not that metrics exist), as any address
 * without a page answers. A missing or wrong token is a 401.
 */
export async function metricsResponse(request: Request): Promise<Response> {
  const expected = serverEnv().ORDER_DESK_METRICS_TOKEN;
  if (!expected) {
    return jsonError(
      new AppError({
        code: 'not_found',
        message: { en: 'There is nothing at this address.', zh: '此地址没有内容。' },
        action: { en: 'Check the address.', zh: '请检查地址。' },
      }),
    );
  }
  if (!sameSecret(bearerOf(request.headers.get('authorization')), expected)) {
    const refused = jsonError(
      new AppError({
        code: 'unauthorized',
        message: { en: 'Metrics need the metrics bearer token.', zh: '读取监控指标需要指标令牌。' },
        action: { en: 'Send Authorization: Bearer with ORDER_DESK_METRICS_TOKEN.', zh: '请以 Authorization: Bearer 发送 ORDER_DESK_METRICS_TOKEN。' },
      }),
    );
    refused.headers.set('www-authenticate', 'Bearer');
    return refused;
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    status: 200,
    headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
  });
}

function bearerOf(header: string | null): string {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1] ?? '';
}

/** Compares digests of equal length, so the time taken says nothing about the token. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
