import { apiKeysAnswer, newApiKeyAnswer } from '@/lib/auth/routes';
import { route } from '@/lib/server/route';

/** Sessions only (`apikey.manage`): a key can neither list nor make keys. */
export const GET = route('apikey.manage', ({ request }) => apiKeysAnswer(request));
export const POST = route('apikey.manage', ({ request, user }) => newApiKeyAnswer(request, user));
