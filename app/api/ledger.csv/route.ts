import { ledgerDownload } from '@/lib/ledger/routes';
import { route } from '@/lib/server/route';

export const GET = route('orders.list', ({ request, user }) => ledgerDownload('csv', request, user));
