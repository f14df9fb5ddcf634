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

/**
 * The origin (scheme and host) the request was addressed to, for the cross-site check (proxy.ts),
 * by the same rule as the address: without trusted proxies, the connection's own scheme and the
 * Host header, whatever `X-Forwarded-Host`/`-Proto` a client sends; with `hops` of them, the
 * forwarded entries `hops` steps back from the right (the nearest proxy's, even when a proxy
 * appends to what the client sent), or the farthest there is. Null when they make no origin.
 */
export function serverOriginFrom(
  connection: { encrypted: boolean; host: string | undefined },
  forwarded: { host: string | string[] | undefined; proto: string | string[] | undefined },
  hops: number,
): string | null {
  const trusted = (own: string | undefined, header: string | string[] | undefined) => {
    const chain = [own, ...[header ?? []].flat().join(',').split(',').map((v) => v.trim()).filter(Boolean).reverse()];
    return chain[Math.min(hops, chain.length - 1)];
  };
  const scheme = trusted(connection.encrypted ? 'https' : 'http', forwarded.proto)?.toLowerCase();
  const host = trusted(connection.host, forwarded.host);
  if ((scheme !== 'http' && scheme !== 'https') || !host || /[/\\?#@\s]/.test(host)) return null;
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
}

/** The origin serverOriginFrom found for a request, in a header of its own (like the address). */
export const SERVER_ORIGIN_HEADER = 'x-order-desk-origin';

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
      const connection = { encrypted: 'encrypted' in request.socket && request.socket.encrypted === true, host: request.headers.host };
      const origin = serverOriginFrom(connection, { host: request.headers['x-forwarded-host'], proto: request.headers['x-forwarded-proto'] }, hops);
      request.headers[SERVER_ORIGIN_HEADER] = `${token} ${origin ?? ''}`;
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof Server.prototype.emit;
}

/** What tagClientAddresses wrote in `header` for this request, or null when it did not see it. */
function tagged(headers: Headers, header: string): string | null {
  const token = globalForAddress.orderDeskAddressToken;
  const value = headers.get(header);
  if (!token || !value?.startsWith(`${token} `)) return null;
  return value.slice(token.length + 1) || null;
}

/** The address tagClientAddresses found for this request, or null when it did not see it. */
export function clientAddress(headers: Headers): string | null {
  return tagged(headers, CLIENT_ADDRESS_HEADER);
}

/** The origin tagClientAddresses found for this request, or null when it did not see it. */
export function serverOrigin(headers: Headers): string | null {
  return tagged(headers, SERVER_ORIGIN_HEADER);
}
