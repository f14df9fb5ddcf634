import 'server-only';
import type { Reading } from '@/lib/orders/changes';
import { normaliseServiceProviderOrder } from '@/lib/orders/service-provider';
import { normaliseShopOrder } from '@/lib/orders/shop';
import { parseJsonExact } from '@/lib/wechat/http';
import { envelope } from '@/lib/wechat/schema-parts';
import { serviceProviderOrderSchema } from '@/lib/wechat/service-provider-order';
import { shopPayOrderSchema } from '@/lib/wechat/shop-pay-order';
import { listElementOf } from './store';

/**
 * A kept answer read again the way a lookup reads it (lib/wechat's schemas, lib/orders' reading),
 * as of the time it was received. `raw` is WeChat's `order` as sent (the raw changes name its fields
 * and values as they came), the reading is of the validated order. Null when it cannot be read (a version kept before a schema
 * changed, say): the raw bytes still stand. `request` is the version's call: a version whose body
 * is one element of a list answer (`query_list`) is the order itself, not `{errcode, order}`.
 */
export function readAnswer(kind: string, body: Uint8Array, receivedAt: Date, request: unknown): Reading | null {
  try {
    const json = parseJsonExact(new TextDecoder().decode(body));
    let order: unknown;
    if (listElementOf(request)) {
      order = json;
    } else {
      const parsed = envelope.safeParse(json);
      if (!parsed.success) return null;
      order = parsed.data.order;
    }
    const asOf = receivedAt.toISOString();
    if (kind === 'shop') {
      const raw = shopPayOrderSchema.safeParse(order);
      return raw.success ? { kind: 'shop', raw: order as typeof raw.data, order: normaliseShopOrder(raw.data, asOf) } : null;
    }
    const raw = serviceProviderOrderSchema.safeParse(order);
    return raw.success ? { kind: 'service-provider', raw: order as typeof raw.data, order: normaliseServiceProviderOrder(raw.data, asOf) } : null;
  } catch {
    return null;
  }
}
