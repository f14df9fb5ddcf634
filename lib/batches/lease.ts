/**
 * The longest one lookup can take, in whole seconds, and so how long a claim on an item or a pacing
 * slot lasts before another server may take it (batches and sync): a token fetched on the way and
 * the order call, each every attempt timing out (`retries` + 1 of them) with the WeChat client's
 * backoff between them (at most 8 × `backoffMs` a pause), and 5 s for the database around it.
 * It used to be the attempts of one call plus a flat 30 s, which left a dead server's claims held
 * 33 s where its lookups could take 12.
 */
export function leaseSecondsFor({ timeoutMs, retries, backoffMs }: { timeoutMs: number; retries: number; backoffMs: number }): number {
  const oneCallMs = timeoutMs * (retries + 1) + retries * 8 * backoffMs;
  return Math.ceil((2 * oneCallMs) / 1000) + 5;
}
