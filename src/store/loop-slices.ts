import { performance } from 'node:perf_hooks';

/** How long synchronous database work may run before the event loop gets a turn. */
const SLICE_MS = 8;

let sliceStartedAt: number | undefined;

/**
 * Lets the event loop turn when database work has held it for a while (#13: no request may block the loop
 * for more than 50 ms). better-sqlite3 runs each statement synchronously and Prisma chains a command's
 * statements with promises, so without this a command's whole transaction (and the next one's) ran
 * without a timer or an HTTP request getting in. The first statement of a slice notes the time and
 * schedules a marker timer that ends the slice when the loop reaches its timers; a statement that comes
 * SLICE_MS after the slice started waits for a timer of its own, so everything waiting runs first.
 */
export async function yieldWhenLong(): Promise<void> {
  const now = performance.now();
  if (sliceStartedAt === undefined) {
    sliceStartedAt = now;
    setTimeout(endSlice, 0);
    return;
  }
  if (now - sliceStartedAt < SLICE_MS) return;
  await new Promise((resolve) => setTimeout(resolve, 0));
}

function endSlice(): void {
  sliceStartedAt = undefined;
}
