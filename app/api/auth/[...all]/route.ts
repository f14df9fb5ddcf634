import { toNextJsHandler } from 'better-auth/next-js';
import { jsonError } from '@/lib/api/responses';
import { auth } from '@/lib/auth/auth';
import { gateAuthRequest } from '@/lib/auth/http-gate';
import { databaseUnavailable } from '@/lib/errors';
import { withRequestLog } from '@/lib/log';
import { metDatabaseOutage } from '@/lib/request-scope';

/** better-auth's endpoints, only those the product offers (lib/auth/http-gate.ts): sign-in, and single sign-on when configured. */
export const { GET, POST } = toNextJsHandler((request: Request) =>
  withRequestLog(request, async () => {
    try {
      const response = await auth().handler(await gateAuthRequest(request));
      // better-auth answers a failure of its own 500; one that met an unreachable database is that outage.
      return response.status >= 500 && metDatabaseOutage() ? jsonError(databaseUnavailable()) : response;
    } catch (error) {
      return jsonError(error);
    }
  }),
);
