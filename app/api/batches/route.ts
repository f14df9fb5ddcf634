import { jsonError, NO_STORE } from '@/lib/api/responses';
import { requireApiUser } from '@/lib/auth/access';
import { batchesFor, createBatch } from '@/lib/batches';
import { isDryRun, readBatchRequest } from '@/lib/batches/request';
import { batchJson } from '@/lib/batches/routes';
import { requestInfo } from '@/lib/request-info';

/** The user's batches (an admin's: everyone's), newest first. */
export async function GET(request: Request) {
  try {
    const user = await requireApiUser(request, 'finance.batch');
    return Response.json({ batches: await batchesFor(user) }, { headers: NO_STORE });
  } catch (error) {
    return jsonError(error);
  }
}

/** A new batch from pasted ids or a file; `?dryRun=1` answers the preview and starts nothing. */
export async function POST(request: Request) {
  try {
    const user = await requireApiUser(request, 'finance.batch');
    const input = await readBatchRequest(request);
    if (isDryRun(request)) {
      const { valid, duplicates, invalid } = input.prepared;
      return Response.json({ ids: valid.length, duplicates, invalid }, { headers: NO_STORE });
    }
    return batchJson(await createBatch(user, requestInfo(request.headers), input), 201);
  } catch (error) {
    return jsonError(error);
  }
}
