import { inject } from 'vitest';
import type { SimStats } from '../../wechat-sim/server';
import { DEMO_ACCOUNTS } from '../../wechat-sim/server';

export const appUrl = () => inject('appUrl');
export const simUrl = () => inject('simUrl');

export async function api(path: string, base = appUrl()) {
  const response = await fetch(`${base}${path}`);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as Record<string, unknown> };
}

export async function simStats(base = simUrl()): Promise<SimStats> {
  return (await fetch(`${base}/__sim/stats`)).json() as Promise<SimStats>;
}

export async function simControl(action: 'reset' | 'invalidate-tokens', base = simUrl()) {
  const response = await fetch(`${base}/__sim/${action}`, { method: 'POST' });
  if (!response.ok) throw new Error(`simulator control ${action} failed`);
}

/** Values that must never leave the server. The simulator's tokens all start with SIM_. */
export const SECRET_VALUES = DEMO_ACCOUNTS.map((a) => a.secret);
export const TOKEN_PREFIX = 'SIM_';
