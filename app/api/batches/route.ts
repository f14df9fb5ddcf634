import { jsonError, NO_STORE, toAppError } from '@/lib/api/responses';
import { requireApiUser, type SessionUser } from '@/lib/auth/access';
import { batchesFor, createBatch } from '@/lib/batches';
import { auditPreview } from '@/lib/batches/preview';
import { isDryRun, readBatchRequest } from '@/lib/batches/request';
import { batchJson } from '@/lib/batches/routes';
import { asUpload } from '@/lib/batches/upload';
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

/**
 * A new batch from pasted ids or a file; `?dryRun=1` answers the preview and starts nothing (and
 * is audited, whatever it answers). A file is read in a worker thread, within the user's upload
 * allowance (lib/batches/upload.ts).
 */
export async function POST(request: Request) {
  const dryRun = isDryRun(request);
  let user: SessionUser | undefined;
  try {
    user = await requireApiUser(request, 'finance.batch');
    const upload = (request.headers.get('content-type') ?? '').startsWith('multipart/form-data');
    const input = upload ? await asUpload(user, () => readBatchRequest(request)) : await readBatchRequest(request);
    if (dryRun) {
      await auditPreview(user, requestInfo(request.headers), input);
      const { valid, duplicates, invalid } = input.prepared;
      return Response.json({ ids: valid.length, duplicates, invalid, ...(input.sheet === undefined ? {} : { sheet: input.sheet }) }, { headers: NO_STORE });
    }
    return batchJson(await createBatch(user, requestInfo(request.headers), input), 201);
  } catch (error) {
    if (!user || !dryRun) return jsonError(error);
    const refusal = toAppError(error);
    try {
      await auditPreview(user, requestInfo(request.headers), refusal);
    } catch (auditError) {
      return jsonError(auditError);
    }
    return jsonError(refusal);
  }
}
