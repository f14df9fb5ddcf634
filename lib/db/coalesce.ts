/**
 * Group commit: `flush` gets everything submitted in the same turn of the event loop, or while the
 * previous flush was running, so under load many callers share one database statement, and a
 * caller who finds nothing running waits one turn at most. One flush runs at a time, with at
 * most `maxBatch` items; it answers one result per item, in order. Should a flush of several
 * items throw, each is flushed again alone, so an item the database refuses fails only its own
 * caller.
 *
 * The turn matters for PGlite, which runs each statement synchronously in this thread: nothing
 * else is submitted while it runs, but the requests whose answers arrived in the same turn are.
 */
export function coalesce<T, R>(flush: (items: T[]) => Promise<R[]>, maxBatch = 100): (item: T) => Promise<R> {
  interface Waiting {
    item: T;
    resolve: (result: R) => void;
    reject: (error: unknown) => void;
  }
  let queue: Waiting[] = [];
  let running = false;

  async function flushAlone(waiting: Waiting) {
    try {
      const [result] = await flush([waiting.item]);
      waiting.resolve(result!);
    } catch (error) {
      waiting.reject(error);
    }
  }

  async function drain() {
    running = true;
    while (queue.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      if (batch.length === 1) {
        await flushAlone(batch[0]!);
        continue;
      }
      try {
        const results = await flush(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(results[i]!));
      } catch {
        await Promise.all(batch.map(flushAlone));
      }
    }
    running = false;
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!running) void drain();
    });
}
