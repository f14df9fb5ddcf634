import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce';

/** A flush that records each batch it gets and finishes only when told. */
function recorder() {
  const batches: number[][] = [];
  const finish: (() => void)[] = [];
  const flush = (items: number[]) =>
    new Promise<string[]>((resolve) => {
      batches.push(items);
      finish.push(() => resolve(items.map((i) => `done ${i}`)));
    });
  return { batches, flush, finishNext: () => finish.shift()!() };
}

/** Turns of the event loop: a lone caller's flush begins on the second; three let a finished flush's batch end and the next one begin. */
const tick = async (turns = 1) => {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
};

describe('coalesce', () => {
  it('sends what is submitted in one turn together, and everything that came while it ran in one batch next', async () => {
    const { batches, flush, finishNext } = recorder();
    const submit = coalesce(flush);
    const first = [submit(1), submit(2)];
    expect(batches).toEqual([]);
    await tick(2);
    expect(batches).toEqual([[1, 2]]);
    const rest = [submit(3), submit(4), submit(5)];
    await tick();
    expect(batches).toEqual([[1, 2]]);
    finishNext();
    expect(await Promise.all(first)).toEqual(['done 1', 'done 2']);
    await tick(3);
    expect(batches).toEqual([[1, 2], [3, 4, 5]]);
    finishNext();
    expect(await Promise.all(rest)).toEqual(['done 3', 'done 4', 'done 5']);
  });

  it('waits one more turn for a lone caller, and gathers callers arriving turn after turn for up to four turns', async () => {
    const { batches, flush, finishNext } = recorder();
    const submit = coalesce(flush);
    const alone = submit(9);
    await tick();
    expect(batches).toEqual([]);
    await tick(2);
    expect(batches).toEqual([[9]]);
    finishNext();
    await alone;

    // One caller a turn, as requests reach their statement under load: the first ones share a
    // batch, and the flush does not wait for ever.
    const arriving = [];
    for (let i = 1; i <= 8; i++) {
      arriving.push(submit(i));
      await tick();
    }
    const gathered = batches[1]!;
    expect(gathered.length).toBeGreaterThanOrEqual(3);
    expect(gathered.length).toBeLessThan(8);
    expect(gathered).toEqual([1, 2, 3, 4, 5, 6, 7, 8].slice(0, gathered.length));
    while (batches.length < 3 || batches.flat().length < 9) {
      finishNext();
      await tick(3);
    }
    finishNext();
    expect(await Promise.all(arriving)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `done ${i}`));
    expect(batches.flat()).toEqual([9, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('flushes after one turn with gatherTurns 1, for callers who each wait for their answer before the next', async () => {
    const { batches, flush, finishNext } = recorder();
    const submit = coalesce(flush, 100, 1);
    const first = submit(1);
    await tick();
    expect(batches).toEqual([[1]]);
    const second = submit(2);
    finishNext();
    await first;
    await tick(2);
    expect(batches).toEqual([[1], [2]]);
    finishNext();
    await second;
  });

  it('keeps batches within maxBatch', async () => {
    const { batches, flush, finishNext } = recorder();
    const submit = coalesce(flush, 2);
    const all = [1, 2, 3, 4, 5].map(submit);
    for (let i = 0; i < 3; i++) {
      await tick(3);
      finishNext();
    }
    await Promise.all(all);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('tries each item of a failed batch alone, so only the one the database refuses fails', async () => {
    const batches: number[][] = [];
    const submit = coalesce(async (items: number[]) => {
      batches.push(items);
      await tick();
      if (items.includes(13)) throw new Error(`refused: ${items.join(',')}`);
      return items.map((i) => i * 2);
    });
    const first = submit(1);
    await tick(3);
    const together = [submit(2), submit(13), submit(4)];
    expect(await first).toBe(2);
    const settled = await Promise.allSettled(together);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([4, 'refused: 13', 8]);
    expect(batches).toEqual([[1], [2, 13, 4], [2], [13], [4]]);
    expect(await submit(5)).toBe(10);
  });

  it('fails every caller when the database refuses them all', async () => {
    const submit = coalesce(async (items: number[]) => {
      await tick();
      if (items[0] !== 0) throw new Error('database gone');
      return items;
    });
    const first = submit(0);
    await tick(3);
    const rest = [submit(1), submit(2), submit(3)];
    await first;
    for (const result of await Promise.allSettled(rest)) expect(result).toEqual({ status: 'rejected', reason: new Error('database gone') });
  });
});
