import 'server-only';
import type { SessionUser } from '@/lib/auth/access';
import { recordAudit } from '@/lib/audit/record';
import type { AppError } from '@/lib/errors';
import type { RequestInfo } from '@/lib/request-info';
import type { ReadBatchRequest } from './request';

/**
 * A preview (`?dryRun=1`) reads what finance pasted or uploaded as a batch would, and starts
 * nothing; it is audited all the same (`batch.preview`), what it read or why it was refused, since
 * reading a file is work done for that user, as a batch is.
 */
export async function auditPreview(user: SessionUser, request: RequestInfo, outcome: ReadBatchRequest | AppError): Promise<void> {
  const actor = { id: user.id, email: user.email, role: user.role, apiKey: user.apiKey };
  if ('prepared' in outcome) {
    const { prepared, source, kind, shop, sheet } = outcome;
    await recordAudit({
      action: 'batch.preview',
      actor,
      request,
      status: 200,
      detail: { source, kind, shop, ...(sheet === undefined ? {} : { sheet }), ids: prepared.valid.length, invalid: prepared.invalid.length, duplicates: prepared.duplicates },
    });
  } else {
    await recordAudit({ action: 'batch.preview', actor, request, status: outcome.status, detail: { code: outcome.code, refused: outcome.messages.en } });
  }
}
