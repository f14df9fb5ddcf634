/**
 * Who is asking: the signed-in user or the owner of an API key, built in one place from a user
 * row, and the audit trail's actor made from it (the key included, when one was used).
 */
import type { Actor } from '@/lib/audit/record';

/** Which key a request was made with, as the audit trail records it. */
export interface KeyRef {
  id: string;
  start: string | null;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: string | null;
  /** Set when the request was made with an API key (lib/auth/api-keys.ts), not a session. */
  apiKey?: KeyRef;
}

/** The fields of a user row a principal is made of. */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  role?: string | null;
}

/** The principal a user row stands for; `apiKey` when the request carried one. */
export function principalOf(row: UserRow, apiKey?: KeyRef): SessionUser {
  return { id: row.id, email: row.email, name: row.name, role: row.role ?? null, ...(apiKey ? { apiKey } : {}) };
}

/** The audit trail's actor for a principal, with the key it used, if any. */
export function actorOf(user: Pick<SessionUser, 'id' | 'email' | 'role' | 'apiKey'>): Actor {
  return { id: user.id, email: user.email, role: user.role, ...(user.apiKey ? { apiKey: user.apiKey } : {}) };
}
