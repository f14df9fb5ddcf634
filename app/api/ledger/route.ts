import { ledgerAnswer } from '@/lib/ledger/routes';
import { route } from '@/lib/server/route';

export const GET = route('orders.list', ({ request, user }) => ledgerAnswer(request, user));
