import { exportRoute } from '@/lib/batches/routes';

export const GET = exportRoute('xlsx');
