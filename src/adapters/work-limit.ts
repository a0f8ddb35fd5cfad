/** Runs a piece of work once a place is free; see `createWorkLimit`. */
export type WorkLimit = { run<T>(task: () => Promise<T>): Promise<T> };

/**
 * At most `max` tasks run at once; the others wait their turn in the order they came (#14). Under a burst,
 * every acknowledged command running at once made each one slower (SQLite's calls hold the event loop,
 * PostgreSQL's pool is queued behind all of them) and delayed the acknowledgements of the next requests;
 * a cap of 2–4 keeps them fast while the queue is drained in order. A task that fails frees its place
 * like one that succeeds, and its error goes to its own caller only.
 */
export function createWorkLimit(max: number): WorkLimit {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`A work limit must be a whole number of at least 1, not ${String(max)}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  function release(): void {
    const next = waiting.shift();
    // The place passes straight to the next waiting task, so a task arriving meanwhile cannot take it first.
    if (next) next();
    else running -= 1;
  }
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running < max) running += 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
