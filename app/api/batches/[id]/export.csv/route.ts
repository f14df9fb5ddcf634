import { batchExportAnswer } from '@/lib/batches/routes';
import { route } from '@/lib/server/route';

export const GET = route<RouteContext<'/api/batches/[id]/export.csv'>>('finance.batch', (args) => batchExportAnswer('csv', args));
