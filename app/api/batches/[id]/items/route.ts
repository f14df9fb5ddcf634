import { batchItemsAnswer } from '@/lib/batches/routes';
import { route } from '@/lib/server/route';

export const GET = route<RouteContext<'/api/batches/[id]/items'>>('finance.batch', batchItemsAnswer);
