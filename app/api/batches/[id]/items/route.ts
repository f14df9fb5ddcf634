import { getBatchItems } from '@/lib/batches/routes';

export const GET = getBatchItems;
