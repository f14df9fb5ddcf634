/**
 * What an id looks like (docs/wechat-api.md). Route handlers refuse an id that is not safe to
 * send before any WeChat call; the search box uses `recognise` to tell staff what they pasted.
 */
export type OrderKind = 'service-provider' | 'shop';

/**
 * The document gives only an example service-provider id ("such as DD2981741311549200000"), not
 * a format: any id of letters, digits, `_` and `-` up to 64 characters is sent; nothing else is.
 */
export const SERVICE_PROVIDER_ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Ids like the document's example: `DD` and digits. Others are looked up, with a warning. */
const SERVICE_PROVIDER_EXAMPLE = /^DD\d{1,62}$/;
/** Merchant-chosen numbers: letters, digits and `_-|*`, 1 to 32 characters. */
export const MERCHANT_NUMBER = /^[A-Za-z0-9_\-|*]{1,32}$/;

export const orderIdPattern: Record<OrderKind, RegExp> = {
  'service-provider': SERVICE_PROVIDER_ORDER_ID,
  shop: MERCHANT_NUMBER,
};

export function isValidOrderId(kind: OrderKind, id: string): boolean {
  return orderIdPattern[kind].test(id);
}

export function looksLikeServiceProviderExample(id: string): boolean {
  return SERVICE_PROVIDER_EXAMPLE.test(id);
}

/** Trims whitespace, stray quotes and backticks that come along with a paste. */
export function cleanPastedId(input: string): string {
  return input.trim().replace(/^["'`“”‘’「」]+|["'`“”‘’「」]+$/g, '').trim();
}

/**
 * What staff paste from a chat app or a receipt, as an id: full-width digits and letters made
 * ASCII (NFKC), every kind of whitespace removed (ids are often grouped in fours), stray quotes dropped.
 */
export function normalisePastedId(input: string): string {
  return cleanPastedId(input.normalize('NFKC').replace(/[\s\u200b-\u200d\ufeff]+/gu, ''));
}

export type Recognised =
  | { kind: OrderKind; id: string }
  | { kind: 'transaction-id' | 'refund-id' | 'profit-sharing-id'; id: string }
  | { kind: 'empty' }
  | { kind: 'malformed'; id: string };

export function recognise(input: string): Recognised {
  const id = cleanPastedId(input);
  if (id === '') return { kind: 'empty' };
  if (SERVICE_PROVIDER_EXAMPLE.test(id)) return { kind: 'service-provider', id };
  // transaction_id is said to be 28 digits starting 42; the document's own example starts 43, so accept any 4.
  if (/^4\d{27}$/.test(id)) return { kind: 'transaction-id', id };
  if (/^50\d{27,30}$/.test(id)) return { kind: 'refund-id', id };
  // profit_sharing_id: the shop example has 29 digits, WeChat Pay's own examples 28.
  if (/^30\d{26,30}$/.test(id)) return { kind: 'profit-sharing-id', id };
  if (MERCHANT_NUMBER.test(id)) return { kind: 'shop', id };
  return { kind: 'malformed', id };
}

/** Shaped like one of WeChat Pay's own ids, which only the order index can lead from. */
export type PayIdShape = 'transaction-id' | 'refund-id' | 'profit-sharing-id';

/**
 * Every kind an id could be, in the order to try them (docs/wechat-api.md, "Ids have no
 * documented shape"): the examples order the guesses, they never refuse one. A 28-digit id
 * starting 4 is most likely a transaction id, yet a merchant may number shop orders so; `DD…`
 * is most likely a service-provider order, yet merchants number shop orders `DD…` too.
 */
export interface IdFits {
  /** The WeChat Pay id it is shaped like, if any: the index is asked first. */
  payId: PayIdShape | null;
  /** Like the service-provider document's example (`DD` and digits): asked as one. */
  serviceProvider: boolean;
  /** A merchant number: asked as a trade number of each shop. */
  tradeNumber: boolean;
}

export function idFits(id: string): IdFits {
  const seen = recognise(id).kind;
  return {
    payId: seen === 'transaction-id' || seen === 'refund-id' || seen === 'profit-sharing-id' ? seen : null,
    serviceProvider: SERVICE_PROVIDER_EXAMPLE.test(id),
    tradeNumber: MERCHANT_NUMBER.test(id),
  };
}

