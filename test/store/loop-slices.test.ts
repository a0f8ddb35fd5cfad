import { afterEach, describe, expect, it } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freshDatabase } from '../support/databases.js';

// #13: better-sqlite3 runs each statement synchronously, so a long run of statements (an import's, a
// scheduled run's) must still let the event loop turn: a timer and an HTTP request that arrive meanwhile
// are served while the run goes on, not after it. The adapter waits for the loop's next turn every few
// milliseconds of such work (src/store/loop-slices.ts); Prisma's client also lets the loop turn between
// some statements of a transaction, so this asserts what a user sees, whichever of the two gives the turn.
describe('a long transaction on SQLite', () => {
  let cleanup: (() => Promise<void>) | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await cleanup?.();
  });

  it('lets a timer and an HTTP request in before it ends', async () => {
    const fresh = await freshDatabase('sqlite');
    cleanup = () => fresh.cleanup();
    const db = fresh.db;
    const STATEMENTS = 3_000;
    let done = 0;
    let doneWhenTimerRan: number | undefined;
    let doneWhenRequestServed: number | undefined;
    server = createServer((_req, res) => {
      doneWhenRequestServed = done;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    // The request is sent and the timer set before the run starts; neither can be served while it holds the loop.
    const answered = new Promise<void>((resolve, reject) =>
      request({ host: '127.0.0.1', port, path: '/' }, (res) => res.resume().on('end', resolve))
        .on('error', reject)
        .end(),
    );
    setTimeout(() => (doneWhenTimerRan = done), 0);
    await db.$transaction(
      async (tx) => {
        for (let i = 0; i < STATEMENTS; i += 1) {
          await tx.$queryRaw`SELECT 1`;
          done += 1;
        }
      },
      { timeout: 60_000 },
    );
    await answered;
    expect(doneWhenTimerRan).toBeDefined();
    expect(doneWhenTimerRan).toBeLessThan(STATEMENTS);
    expect(doneWhenRequestServed).toBeDefined();
    expect(doneWhenRequestServed).toBeLessThan(STATEMENTS);
  });
});
