import { toNextJsHandler } from 'better-auth/next-js';
import { jsonError } from '@/lib/api/responses';
import { auth, isOfferedAuthEndpoint } from '@/lib/auth/auth';
import { AppError } from '@/lib/errors';

const notOffered = () =>
  jsonError(
    new AppError({
      code: 'not_found',
      message: { en: 'Order Desk does not offer this.', zh: 'Order Desk 不提供此功能。' },
      action: { en: 'Use the dashboard’s own pages.', zh: '请使用控制台页面操作。' },
    }),
  );

/** better-auth's endpoints, only those the product offers (isOfferedAuthEndpoint): sign-in, and single sign-on when configured. */
export const { GET, POST } = toNextJsHandler(async (request: Request) => {
  const path = new URL(request.url).pathname.replace(/^\/api\/auth/, '');
  return isOfferedAuthEndpoint(request.method, path) ? auth().handler(request) : notOffered();
});
