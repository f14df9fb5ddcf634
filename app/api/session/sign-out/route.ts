import { sessionUser } from '@/lib/auth/access';
import { auth } from '@/lib/auth/auth';
import { forgetSession } from '@/lib/auth/session-cache';
import { recordAudit } from '@/lib/audit/record';
import { withRequestLog } from '@/lib/log';
import { requestInfo } from '@/lib/request-info';

/** A plain form POST (no JavaScript needed): revokes the session, records it, goes to /login. */
export const POST = (request: Request) => withRequestLog(request, () => signOut(request));

async function signOut(request: Request) {
  const user = await sessionUser(request.headers);
  const answer = await auth().api.signOut({ headers: request.headers, asResponse: true });
  forgetSession(request.headers);
  if (user) {
    await recordAudit({ action: 'auth.sign-out', actor: { id: user.id, email: user.email, role: user.role }, request: requestInfo(request.headers), status: 200 });
  }
  const headers = new Headers({ location: '/login', 'cache-control': 'no-store' });
  for (const cookie of answer.headers.getSetCookie()) headers.append('set-cookie', cookie);
  return new Response(null, { status: 303, headers });
}
