import type { Role } from '../api/roles';

/** The demo sign-ins, ensured only with ORDER_DESK_DEMO_ACCOUNTS=1 (the demo command sets it). */
export const DEMO_PASSWORD = 'orderdesk-demo';
export const DEMO_ACCOUNTS: Array<{ email: string; name: string; role: Role }> = [
  { email: 'support@demo.local', name: 'Demo Support', role: 'support' },
  { email: 'finance@demo.local', name: 'Demo Finance', role: 'finance' },
  { email: 'admin@demo.local', name: 'Demo Admin', role: 'admin' },
];

/**
 * The finance demo user's API key, ensured with the demo accounts so the demo's printed curl
 * examples work as printed. Public by design, like the demo password: demo mode only.
 */
export const DEMO_API_KEY_OWNER = 'finance@demo.local';
export const DEMO_API_KEY = 'od_DemoOnlyFinanceKeyForTheLocalOrderDeskDemoNeverUseItInProduction';
