import { retryFailed } from '@/lib/batches';
import { batchAction } from '@/lib/batches/routes';

export const POST = batchAction(retryFailed);
