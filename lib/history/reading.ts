import 'server-only';
import type { Reading } from '@/lib/orders/changes';
import { normaliseServiceProviderOrder } from '@/lib/orders/service-provider';
import { normaliseShopOrder } from '@/lib/orders/shop';
import { parseJsonExact } from '@/lib/wechat/http';
import { envelope } from '@/lib/wechat/schema-parts';
import { serviceProviderOrderSchema } from '@/lib/wechat/service-provider-order';
import { shopPayOrderSchema } from '@/lib/wechat/shop-pay-order';

/**
 * A kept answer read again the way a lookup reads it (lib/wechat's schemas, lib/orders' reading),
 * as of the time it was received. `raw` is WeChat's `order` as sent (the raw changes name its fields
 * and values as they came), the reading is of the validated order. Null when it cannot be read (a version kept before a schema
 * changed, say): the raw bytes still stand.
 */
export function readAnswer(kind: string, body: Uint8Array, receivedAt: Date): Reading | null {
  try {
    const parsed = envelope.safeParse(parseJsonExact(new TextDecoder().decode(body)));
    if (!parsed.success) return null;
    const asOf = receivedAt.toISOString();
    if (kind === 'shop') {
      const raw = shopPayOrderSchema.safeParse(parsed.data.order);
      return raw.success ? { kind: 'shop', raw: parsed.data.order as typeof raw.data, order: normaliseShopOrder(raw.data, asOf) } : null;
    }
    const raw = serviceProviderOrderSchema.safeParse(parsed.data.order);
    return raw.success ? { kind: 'service-provider', raw: parsed.data.order as typeof raw.data, order: normaliseServiceProviderOrder(raw.data, asOf) } : null;
  } catch {
    return null;
  }
}
