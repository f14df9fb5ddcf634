import type { JsonRequest } from './http';

/** An answer as received, and what was asked for it (without the token): an order's version (lib/history). */
export interface Received {
  /** The answer's body, byte for byte. */
  bytes: Uint8Array;
  /**
   * The call: method, the API's URL without the token, and the body sent; for an order listed by
   * `query_list`, `element` says these bytes are that element of the answer's list, not the answer.
   */
  request: { method: JsonRequest['method']; url: string; body?: unknown; element?: { list: string; index: number } };
  /** The app that asked. */
  appId: string | null;
}
