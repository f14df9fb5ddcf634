import { readinessResponse } from '@/lib/ops/health';

export function GET() {
  return readinessResponse();
}
