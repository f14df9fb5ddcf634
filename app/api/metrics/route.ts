import { metricsResponse } from '@/lib/ops/metrics-endpoint';

export function GET(request: Request) {
  return metricsResponse(request);
}
