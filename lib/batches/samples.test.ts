import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_IDS, prepareBatch } from './input';
import { readUpload } from './upload-reader';

/** The demo's sample files (scripts/batch-samples.ts) read as a finance user's upload would be. */
describe.each(['batch-ids.csv', 'batch-ids.xlsx'])('samples/%s', (name) => {
  it('holds 206 ids to look up (a transaction id among them), one duplicate and an Excel-mangled number', async () => {
    const bytes = new Uint8Array(await readFile(new URL(`../../samples/${name}`, import.meta.url)));
    const batch = prepareBatch((await readUpload({ name, bytes })).entries, { kind: 'auto', maxIds: DEFAULT_MAX_IDS });
    expect(batch.valid).toHaveLength(206);
    expect(batch.duplicates).toBe(1);
    // The transaction id may be a trade number: it is looked up, not refused (issue 20, item 5).
    expect(batch.invalid.map((i) => i.reason.en)).toEqual([expect.stringContaining('Format the id column as Text')]);
    expect(batch.valid.filter((v) => v.kind === 'service-provider')).toHaveLength(102);
    expect(batch.valid.slice(0, 2).map((v) => v.id)).toEqual(['522346', 'DD2981741311549200000']);
  });
});
