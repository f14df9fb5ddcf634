import { readinessResponse } from '@/lib/server/health';
import { route } from '@/lib/server/route';

/** The first health check, kept for whoever still polls it: the same answer as /api/readyz. */
export const GET = route('public', () => readinessResponse());
