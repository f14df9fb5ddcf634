import { readBody } from '@/lib/api/input';
import { jsonError, jsonOk, NO_STORE } from '@/lib/api/responses';
import { requireApiUser } from '@/lib/auth/access';
import { createKey, listKeys, newKeySchema } from '@/lib/auth/api-keys';
import { requestInfo } from '@/lib/request-info';

/** Small on purpose: a name and a lifetime. */
const MAX_BODY_BYTES = 1024;

/** The signed-in user's own API keys (never the keys themselves). Sessions only: a key cannot list keys. */
export async function GET(request: Request) {
  try {
    await requireApiUser(request, 'apikey.manage');
    return jsonOk({ keys: await listKeys(request.headers) });
  } catch (error) {
    return jsonError(error);
  }
}

/** Creates a key: `{"name", "expiresInDays": 1–366 | null}` → 201 with the key, shown this once. */
export async function POST(request: Request) {
  try {
    const user = await requireApiUser(request, 'apikey.manage');
    const input = await readBody(request, newKeySchema, { maxBytes: MAX_BODY_BYTES });
    const created = await createKey(user, input, request.headers, requestInfo(request.headers));
    return Response.json({ key: created }, { status: 201, headers: NO_STORE });
  } catch (error) {
    return jsonError(error);
  }
}
