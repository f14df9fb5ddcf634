import { signOutAnswer } from '@/lib/auth/routes';
import { route } from '@/lib/server/route';

/** Public: signing out without a session changes nothing and still goes to /login. */
export const POST = route('public', ({ request }) => signOutAnswer(request));
