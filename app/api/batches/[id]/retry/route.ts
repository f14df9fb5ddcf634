import { retryFailed } from '@/lib/batches';
import { batchActionAnswer } from '@/lib/batches/routes';
import { route } from '@/lib/server/route';

export const POST = route<RouteContext<'/api/batches/[id]/retry'>>('finance.batch', (args) => batchActionAnswer(retryFailed, args));
