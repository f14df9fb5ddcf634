import { batchesAnswer, newBatchAnswer, previewRefused } from '@/lib/batches/routes';
import { route } from '@/lib/server/route';

export const GET = route('finance.batch', ({ user }) => batchesAnswer(user));
export const POST = route('finance.batch', newBatchAnswer, { onError: previewRefused });
