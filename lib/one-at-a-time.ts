/**
 * Runs `work` once every task queued before it under the same key has settled (whether it
 * succeeded or not): tasks of one key one after another, of different keys side by side. A key's
 * queue is forgotten once it empties.
 */
export function oneAtATime<T>(queues: Map<string, Promise<unknown>>, key: string, work: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(work, work);
  const settled = run.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}
