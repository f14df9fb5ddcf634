import 'server-only';
import { serverEnv } from '@/lib/env/server';
import { shops } from '@/lib/shops';

/**
 * What sync lists orders from: each configured shop (`shop:<id>`), and the service provider when
 * WECHAT_SP_SPU_IDS names SPUs (no API lists them). All off unless ORDER_DESK_SYNC=on.
 */
export interface SyncSourceDef {
  source: string;
  name: string;
  kind: 'shop' | 'service-provider';
  /** The shop's id; null for the service provider. */
  shop: string | null;
  enabled: boolean;
  /** The WeChat app whose pacing and daily share it takes (lib/batches/pacing.ts). */
  account: string;
}

const SERVICE_PROVIDER_SOURCE = 'service-provider';

export function spuIds(): string[] {
  return (serverEnv().WECHAT_SP_SPU_IDS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

export function syncOn(): boolean {
  return serverEnv().ORDER_DESK_SYNC === 'on';
}

export function syncSources(): SyncSourceDef[] {
  const on = syncOn();
  return [
    ...shops().map((shop): SyncSourceDef => ({ source: `shop:${shop.id}`, name: shop.name, kind: 'shop', shop: shop.id, enabled: on, account: `shop:${shop.id}` })),
    { source: SERVICE_PROVIDER_SOURCE, name: 'Service provider', kind: 'service-provider', shop: null, enabled: on && spuIds().length > 0, account: 'service-provider' },
  ];
}

export function findSource(source: string): SyncSourceDef | undefined {
  return syncSources().find((s) => s.source === source);
}
