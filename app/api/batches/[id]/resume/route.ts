import { resumeBatch } from '@/lib/batches';
import { batchActionAnswer } from '@/lib/batches/routes';
import { route } from '@/lib/server/route';

export const POST = route<RouteContext<'/api/batches/[id]/resume'>>('finance.batch', (args) => batchActionAnswer(resumeBatch, args));
