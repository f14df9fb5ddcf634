/**
 * Who may do what. `support` looks up single orders; `finance` also gets finance features
 * (batch lookups and exports); `admin` gets everything, plus users and the audit trail.
 */
export const roles = ['support', 'finance', 'admin'] as const;
export type Role = (typeof roles)[number];

/**
 * `batch.all`: see and act on everyone's batches, not only one's own. `orders.list`: the orders
 * Order Desk has seen (/orders), what needs attention, and their export. `sync.view` / `sync.run`:
 * sync's state (/sync) and "Sync now"; `sync.backfill`: a run from a chosen date.
 */
export type Permission = 'order.lookup' | 'orders.list' | 'finance.batch' | 'batch.all' | 'audit.view' | 'user.manage' | 'apikey.manage' | 'sync.view' | 'sync.run' | 'sync.backfill';

const granted: Record<Role, ReadonlySet<Permission>> = {
  support: new Set(['order.lookup', 'apikey.manage']),
  finance: new Set(['order.lookup', 'orders.list', 'finance.batch', 'apikey.manage', 'sync.view', 'sync.run']),
  admin: new Set(['order.lookup', 'orders.list', 'finance.batch', 'batch.all', 'audit.view', 'user.manage', 'apikey.manage', 'sync.view', 'sync.run', 'sync.backfill']),
};

/**
 * What only a signed-in person may do, never a script with an API key: whoever holds a leaked
 * key must not be able to mint more keys (which would outlive revoking the leaked one) or create
 * accounts and reset passwords (which would outlive revoking every key).
 */
export const SIGNED_IN_ONLY: ReadonlySet<Permission> = new Set(['user.manage', 'apikey.manage']);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export function can(role: string | null | undefined, permission: Permission): boolean {
  return isRole(role) && granted[role].has(permission);
}
