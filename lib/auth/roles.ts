/**
 * Who may do what. `support` looks up single orders; `finance` also gets finance features
 * (batch lookups and exports); `admin` gets everything, plus users and the audit trail.
 */
export const roles = ['support', 'finance', 'admin'] as const;
export type Role = (typeof roles)[number];

/** `batch.all`: see and act on everyone's batches, not only one's own. */
export type Permission = 'order.lookup' | 'finance.batch' | 'batch.all' | 'audit.view' | 'user.manage';

const granted: Record<Role, ReadonlySet<Permission>> = {
  support: new Set(['order.lookup']),
  finance: new Set(['order.lookup', 'finance.batch']),
  admin: new Set(['order.lookup', 'finance.batch', 'batch.all', 'audit.view', 'user.manage']),
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export function can(role: string | null | undefined, permission: Permission): boolean {
  return isRole(role) && granted[role].has(permission);
}
