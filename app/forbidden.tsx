import { headers } from 'next/headers';
import { Forbidden } from '@/components/admin/forbidden';
import { sessionUser } from '@/lib/auth/access';

/** What `forbidden()` renders, with HTTP 403: the signed-in user's role does not allow the page. */
export default async function ForbiddenPage() {
  const user = await sessionUser(await headers());
  return <Forbidden role={user?.role ?? null} />;
}
