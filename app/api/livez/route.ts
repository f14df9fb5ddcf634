import { livenessResponse } from '@/lib/ops/health';
import { route } from '@/lib/server/route';

export const GET = route('public', () => livenessResponse());
