import { isAPIError } from 'better-auth/api';
import { isForm, readBody } from '@/lib/api/input';
import { jsonError } from '@/lib/api/responses';
import { requireApiUser } from '@/lib/auth/access';
import { applyUserChange, userChangeSchema, type UserChangeProblem } from '@/lib/auth/user-admin';
import { AppError } from '@/lib/errors';
import { withRequestLog } from '@/lib/log';
import { requestInfo } from '@/lib/request-info';

/**
 * User management from /admin/users (plain form posts, or JSON): create, change role, disable,
 * enable, reset password. Answers a form with a redirect back (carrying a message key, never
 * text), JSON with JSON.
 */
export const POST = (request: Request) => withRequestLog(request, () => changeUser(request));

async function changeUser(request: Request) {
  const form = isForm(request);
  const back = (query: string) => new Response(null, { status: 303, headers: { location: `/admin/users?${query}`, 'cache-control': 'no-store' } });
  try {
    const admin = await requireApiUser(request, 'user.manage');
    const change = await readBody(request, userChangeSchema);
    await applyUserChange(change, admin, request.headers, requestInfo(request.headers));
    return form ? back('saved=1') : Response.json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    // isAPIError, not instanceof: Next's bundling can give the route its own copy of the class.
    const refused = isAPIError(error);
    const appError = refused
      ? new AppError({
          code: 'invalid_request',
          message: { en: error.message || 'The change was refused.', zh: error.message || '修改被拒绝。' },
          action: { en: 'Correct the form and try again.', zh: '请修改后重试。' },
        })
      : error;
    if (form && appError instanceof AppError && appError.code === 'invalid_request') {
      const problem: UserChangeProblem = refused ? (String(error.body?.code ?? '').startsWith('USER_ALREADY_EXISTS') ? 'exists' : 'refused') : 'invalid';
      return back(`error=${problem}`);
    }
    return jsonError(appError);
  }
}
