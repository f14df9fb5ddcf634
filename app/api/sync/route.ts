import { syncAnswer } from '@/lib/sync/routes';
import { route } from '@/lib/server/route';

export const GET = route('sync.view', () => syncAnswer());
