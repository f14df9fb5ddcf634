import { batchExportAnswer } from '@/lib/batches/routes';
import { route } from '@/lib/server/route';

export const GET = route<RouteContext<'/api/batches/[id]/export.xlsx'>>('finance.batch', (args) => batchExportAnswer('xlsx', args));
