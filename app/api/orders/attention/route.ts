import { attentionAnswer } from '@/lib/order-index/route';
import { route } from '@/lib/server/route';

export const GET = route('orders.list', ({ request, user }) => attentionAnswer(request, user));
