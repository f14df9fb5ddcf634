import { toNextJsHandler } from 'better-auth/next-js';
import { auth } from '@/lib/auth/auth';

/** better-auth's endpoints: sign-in (password and OIDC), session, and the admin plugin. */
export const { GET, POST } = toNextJsHandler((request: Request) => auth().handler(request));
