import { revokeApiKeyAnswer } from '@/lib/auth/routes';
import { route } from '@/lib/server/route';

export const DELETE = route<RouteContext<'/api/account/api-keys/[keyId]'>>('apikey.manage', ({ request, user, params }) => revokeApiKeyAnswer(request, user, params.keyId));
