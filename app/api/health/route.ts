import { readinessResponse } from '@/lib/ops/health';

/** The first health check, kept for whoever still polls it: the same answer as /api/readyz. */
export function GET() {
  return readinessResponse();
}
