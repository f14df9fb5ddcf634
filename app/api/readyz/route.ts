import { readinessResponse } from '@/lib/ops/health';
import { route } from '@/lib/server/route';

export const GET = route('public', () => readinessResponse());
