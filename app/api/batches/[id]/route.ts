import { batchAnswer } from '@/lib/batches/routes';
import { route } from '@/lib/server/route';

export const GET = route<RouteContext<'/api/batches/[id]'>>('finance.batch', batchAnswer);
