import { getBatch } from '@/lib/batches/routes';

export const GET = getBatch;
