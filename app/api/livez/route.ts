import { livenessResponse } from '@/lib/ops/health';

export function GET() {
  return livenessResponse();
}
