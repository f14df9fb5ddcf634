import { randomUUID } from 'node:crypto';
import { Server, type IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The address a request came from, decided where the connection is still visible.
 *
 * A route handler sees headers only, and Next fills `X-Forwarded-For` from the socket only when
 * the request has none, so by then a client's forged header cannot be told from a proxy's.
 * `tagClientAddresses()` (called once from instrumentation.ts, so `npm start` stays the one way
 * to start) wraps the HTTP server's `request` event: it reads the connection's own address,
 * walks `ORDER_DESK_TRUSTED_PROXY_HOPS` entries back through `X-Forwarded-For` (as Express's
 * `trust proxy` does), and writes the answer into a header of its own, overwriting whatever a
 * client sent. The value carries a token known only to this process, so a request that arrived
 * before the wrapping (during start-up) cannot pass off a header of its own: it has no address.
 */
export const CLIENT_ADDRESS_HEADER = 'x-order-desk-client-address';

const globalForAddress = globalThis as unknown as { orderDeskAddressToken?: string };

/**
 * Express's rule: the connection's address, then the `X-Forwarded-For` entries from the right;
 * with `hops` trusted proxies, the entry `hops` steps back (or the farthest one there is).
 */
export function clientAddressFrom(peer: string | undefined, forwardedFor: string | string[] | undefined, hops: number): string | null {
  if (!peer) return null;
  const forwarded = [forwardedFor ?? []].flat().join(',');
  const chain = [peer, ...forwarded.split(',').map((a) => a.trim()).filter(Boolean).reverse()];
  const chosen = chain[Math.min(hops, chain.length - 1)]!;
  return isIP(chosen) ? chosen : peer;
}

export function tagClientAddresses(hops: number): void {
  if (globalForAddress.orderDeskAddressToken) return;
  const token = randomUUID();
  globalForAddress.orderDeskAddressToken = token;
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const request = args[0] as IncomingMessage;
      const address = clientAddressFrom(request.socket.remoteAddress, request.headers['x-forwarded-for'], hops);
      request.headers[CLIENT_ADDRESS_HEADER] = `${token} ${address ?? ''}`;
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof Server.prototype.emit;
}

/** The address tagClientAddresses found for this request, or null when it did not see it. */
export function clientAddress(headers: Headers): string | null {
  const token = globalForAddress.orderDeskAddressToken;
  const value = headers.get(CLIENT_ADDRESS_HEADER);
  if (!token || !value?.startsWith(`${token} `)) return null;
  return value.slice(token.length + 1) || null;
}
