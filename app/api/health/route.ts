import { jsonOk } from '@/lib/api/responses';

export function GET() {
  return jsonOk({ ok: true });
}
