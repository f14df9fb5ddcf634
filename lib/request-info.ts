import 'server-only';
import { clientAddress } from '@/lib/client-address';

/** What the audit trail and logs say about a request: who it came from and its id (set by proxy.ts). */
export interface RequestInfo {
  /** The connection's address, or the one ORDER_DESK_TRUSTED_PROXY_HOPS makes trustworthy (lib/client-address.ts). */
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export function requestInfo(headers: Headers): RequestInfo {
  return { ip: clientAddress(headers), userAgent: headers.get('user-agent'), requestId: headers.get('x-request-id') };
}
