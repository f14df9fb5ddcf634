import { resumeBatch } from '@/lib/batches';
import { batchAction } from '@/lib/batches/routes';

export const POST = batchAction(resumeBatch);
