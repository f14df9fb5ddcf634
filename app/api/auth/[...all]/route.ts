import { authEndpointAnswer } from '@/lib/auth/routes';
import { route } from '@/lib/server/route';

/** better-auth's endpoints, only those the product offers (lib/auth/http-gate.ts): sign-in, and single sign-on when configured. */
export const GET = route('public', ({ request }) => authEndpointAnswer(request));
export const POST = GET;
