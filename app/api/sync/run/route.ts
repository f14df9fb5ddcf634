import { syncRunAnswer } from '@/lib/sync/routes';
import { route } from '@/lib/server/route';

export const POST = route('sync.run', syncRunAnswer);
