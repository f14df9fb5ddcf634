import { APIError } from 'better-auth/api';
import { ZodError } from 'zod';
import { jsonError } from '@/lib/api/responses';
import { requireApiUser } from '@/lib/auth/access';
import { applyUserChange, userChangeSchema } from '@/lib/auth/user-admin';
import { AppError } from '@/lib/errors';
import { requestInfo } from '@/lib/request-info';

/**
 * User management from /admin/users (plain form posts, or JSON): create, change role, disable,
 * enable, reset password. Answers a form with a redirect back, JSON with JSON.
 */
export async function POST(request: Request) {
  const isForm = (request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded');
  const back = (query: string) => new Response(null, { status: 303, headers: { location: `/admin/users?${query}`, 'cache-control': 'no-store' } });
  try {
    const admin = await requireApiUser(request, 'user.manage');
    const input: unknown = isForm ? Object.fromEntries(await request.formData()) : await request.json();
    const change = userChangeSchema.parse(input);
    await applyUserChange(change, admin, request.headers, requestInfo(request.headers));
    return isForm ? back('saved=1') : Response.json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    const appError =
      error instanceof ZodError
        ? new AppError({
            code: 'invalid_request',
            message: { en: `Check ${error.issues.map((i) => i.path.join('.')).join(', ')}.`, zh: `请检查 ${error.issues.map((i) => i.path.join('.')).join('、')}。` },
            action: { en: 'Correct the form and try again.', zh: '请修改后重试。' },
          })
        : error instanceof APIError
          ? new AppError({
              code: 'invalid_request',
              message: { en: error.message || 'The change was refused.', zh: error.message || '修改被拒绝。' },
              action: { en: 'Correct the form and try again.', zh: '请修改后重试。' },
            })
          : error;
    if (isForm && appError instanceof AppError && appError.status < 500 && appError.status !== 401 && appError.status !== 403) {
      return back(`error=${encodeURIComponent(appError.messages.en)}`);
    }
    return jsonError(appError);
  }
}
