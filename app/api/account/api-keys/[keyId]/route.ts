import { jsonError, jsonOk } from '@/lib/api/responses';
import { requireApiUser } from '@/lib/auth/access';
import { revokeKey } from '@/lib/auth/api-keys';
import { requestInfo } from '@/lib/request-info';

/** Revokes one of the signed-in user's own keys; it stops working at once. Sessions only. */
export async function DELETE(request: Request, { params }: RouteContext<'/api/account/api-keys/[keyId]'>) {
  try {
    const user = await requireApiUser(request, 'apikey.manage');
    await revokeKey(user, (await params).keyId, request.headers, requestInfo(request.headers));
    return jsonOk({ revoked: true });
  } catch (error) {
    return jsonError(error);
  }
}
