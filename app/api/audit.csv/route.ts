import { auditCsvAnswer } from '@/lib/audit/export';
import { route } from '@/lib/server/route';

export const GET = route('audit.view', ({ request }) => auditCsvAnswer(request));
