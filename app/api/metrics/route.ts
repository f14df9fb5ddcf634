import { metricsResponse } from '@/lib/server/metrics-endpoint';
import { route } from '@/lib/server/route';

/** Public to the wrapper: the metrics answer a bearer token of their own (lib/server/metrics-endpoint.ts). */
export const GET = route('public', ({ request }) => metricsResponse(request));
