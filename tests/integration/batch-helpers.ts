import { expect } from 'vitest';
import type { BatchItemView as ItemView, BatchView } from '../../lib/api/contract';

/** Talking to the batch API as a script or the pages would. */
export function batchClient(base: string, cookie: string) {
  const headers = { cookie, origin: base };
  const json = async <T>(response: Response) => ({ status: response.status, body: (await response.json().catch(() => ({}))) as T });
  return {
    create: (ids: string[], options: { kind?: string; dryRun?: boolean } = {}) =>
      fetch(`${base}/api/batches${options.dryRun ? '?dryRun=1' : ''}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ ids, kind: options.kind ?? 'auto' }),
      }).then((r) => json<{ batch: BatchView; ids: number; duplicates: number; invalid: Array<{ raw: string; row: number; reason: { en: string; zh: string } }>; error: { code: string; message: string } }>(r)),
    upload: (name: string, bytes: Uint8Array, fields: Record<string, string> = {}, options: { dryRun?: boolean } = {}) => {
      const form = new FormData();
      form.set('file', new Blob([Buffer.from(bytes)]), name);
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      return fetch(`${base}/api/batches${options.dryRun ? '?dryRun=1' : ''}`, { method: 'POST', headers, body: form }).then((r) =>
        json<{ batch: BatchView; ids: number; duplicates: number; invalid: Array<{ raw: string; row: number }>; error: { code: string; message: string } }>(r),
      );
    },
    get: (id: string) => fetch(`${base}/api/batches/${id}`, { headers }).then((r) => json<{ batch: BatchView; error: { code: string } }>(r)),
    list: () => fetch(`${base}/api/batches`, { headers }).then((r) => json<{ batches: BatchView[] }>(r)),
    items: (id: string, query = '') => fetch(`${base}/api/batches/${id}/items${query}`, { headers }).then((r) => json<{ items: ItemView[]; nextCursor: number | null }>(r)),
    act: (id: string, action: 'cancel' | 'retry' | 'resume') => fetch(`${base}/api/batches/${id}/${action}`, { method: 'POST', headers }).then((r) => json<{ batch: BatchView; error: { code: string } }>(r)),
    download: (id: string, format: 'csv' | 'xlsx') => fetch(`${base}/api/batches/${id}/export.${format}`, { headers }),
    /** Polls until the batch is in one of `statuses`. */
    async until(id: string, statuses: BatchView['status'][], timeoutMs = 60_000, pollMs = 100): Promise<BatchView> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { status, body } = await this.get(id);
        expect(status).toBe(200);
        if (statuses.includes(body.batch.status)) return body.batch;
        if (Date.now() > deadline) throw new Error(`batch ${id} still ${body.batch.status} (${body.batch.done}/${body.batch.total}) after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, pollMs));
      }
    },
    /** Every item, following the cursor. */
    async allItems(id: string, outcome?: string): Promise<ItemView[]> {
      const all: ItemView[] = [];
      let cursor: number | null = null;
      do {
        const query = new URLSearchParams({ limit: '500', ...(outcome ? { outcome } : {}), ...(cursor === null ? {} : { cursor: String(cursor) }) });
        const page = await this.items(id, `?${query}`);
        expect(page.status).toBe(200);
        all.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      return all;
    },
  };
}

/** Ids the simulator was asked more than once, from its per-id counts. */
export function askedTwice(orderIds: Record<string, number>, prefix = ''): string[] {
  return Object.entries(orderIds)
    .filter(([key, n]) => key.includes(prefix) && n > 1)
    .map(([key]) => key);
}
