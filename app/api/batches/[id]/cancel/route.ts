import { cancelBatch } from '@/lib/batches';
import { batchActionAnswer } from '@/lib/batches/routes';
import { route } from '@/lib/server/route';

export const POST = route<RouteContext<'/api/batches/[id]/cancel'>>('finance.batch', (args) => batchActionAnswer(cancelBatch, args));
