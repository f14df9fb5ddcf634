import { toNextJsHandler } from 'better-auth/next-js';
import { jsonError } from '@/lib/api/responses';
import { auth } from '@/lib/auth/auth';
import { gateAuthRequest } from '@/lib/auth/http-gate';
import { withRequestLog } from '@/lib/log';

/** better-auth's endpoints, only those the product offers (lib/auth/http-gate.ts): sign-in, and single sign-on when configured. */
export const { GET, POST } = toNextJsHandler((request: Request) =>
  withRequestLog(request, async () => {
    try {
      return await auth().handler(await gateAuthRequest(request));
    } catch (error) {
      return jsonError(error);
    }
  }),
);
