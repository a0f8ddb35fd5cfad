import { performance } from 'node:perf_hooks';

/** How long synchronous database work may run before the event loop gets a turn. */
const SLICE_MS = 8;

let sliceStartedAt: number | undefined;

/**
 * Lets the event loop turn when database work has held it for a while (#13: no request may block the loop
 * for more than 50 ms). better-sqlite3 runs each statement synchronously and Prisma chains a command's
 * statements with promises, so without this a command's whole transaction (and the next one's) ran
 * without a timer or an HTTP request getting in. The first statement of a slice notes the time and
 * schedules a marker that ends the slice when the loop has turned; a statement that comes SLICE_MS after
 * the slice started waits for the loop's next turn, so the timers and I/O waiting run first.
 *
 * Both wait with setImmediate, which runs after the loop's poll for I/O (and before the next turn's
 * timers), not with a timer: a timer waits a millisecond at least, so back-to-back work (a busy server,
 * a scheduled run) sat idle for about one millisecond in nine (#14: 10–20% of a few-millisecond report).
 */
export async function yieldWhenLong(): Promise<void> {
  const now = performance.now();
  if (sliceStartedAt === undefined) {
    sliceStartedAt = now;
    setImmediate(endSlice);
    return;
  }
  if (now - sliceStartedAt < SLICE_MS) return;
  await new Promise((resolve) => setImmediate(resolve));
}

function endSlice(): void {
  sliceStartedAt = undefined;
}
