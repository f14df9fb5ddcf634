/** `GET /api/search`: `shop` narrows a trade number to one shop; `asTradeNumber` is the kind switch. */
export function searchApiPath(q: string, { shop, asTradeNumber }: { shop?: string | null; asTradeNumber?: boolean } = {}): string {
  return `/api/search?q=${encodeURIComponent(q)}${shop ? `&shop=${encodeURIComponent(shop)}` : ''}${asTradeNumber ? '&kind=shop' : ''}`;
}
