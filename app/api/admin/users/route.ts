import { userChangeAnswer, userChangeRefused } from '@/lib/auth/routes';
import { route } from '@/lib/server/route';

export const POST = route('user.manage', ({ request, user }) => userChangeAnswer(request, user), { onError: userChangeRefused });
