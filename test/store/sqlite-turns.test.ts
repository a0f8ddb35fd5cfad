import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/databases.js';
import type { Db } from '../../src/store/db.js';
import { ConnectionTurns } from '../../src/store/connection-turns.js';

// SQLite has one connection per process: a statement from another request must never run inside a
// transaction that is open at the time, or a rollback of that transaction undoes it too.
describe('SQLite connection turns', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  it('keeps a statement issued during another transaction when that transaction rolls back', async () => {
    const fresh = await freshDatabase('sqlite');
    cleanup = () => fresh.cleanup();
    const db: Db = fresh.db;
    let outsideWrite: Promise<unknown> | undefined;
    await expect(
      db.$transaction(async (tx) => {
        await tx.processedRequest.create({ data: { key: 'inside' } });
        // Another request writes while this transaction is open…
        outsideWrite = db.$executeRaw`INSERT INTO "ProcessedRequest" ("key", "createdAt") VALUES ('outside', CURRENT_TIMESTAMP)`.then(
          // A Prisma query starts when it is awaited or given a callback: start it now.
          () => undefined,
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('the first request fails');
      }),
    ).rejects.toThrow('the first request fails');
    await outsideWrite;
    // …and its write survives the rollback of the first.
    const keys = (await db.processedRequest.findMany({ select: { key: true } })).map((row) => row.key);
    expect(keys).toEqual(['outside']);
  });

  it('lets statements and transactions from many requests all finish', async () => {
    const fresh = await freshDatabase('sqlite');
    cleanup = () => fresh.cleanup();
    const db: Db = fresh.db;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? db.$transaction(async (tx) => {
              await tx.processedRequest.create({ data: { key: `tx-${String(i)}` } });
              await tx.processedRequest.count();
            })
          : db.processedRequest.create({ data: { key: `plain-${String(i)}` } }),
      ),
    );
    expect(await db.processedRequest.count()).toBe(40);
  });
});

describe('ConnectionTurns', () => {
  it('serves a waiting statement before a waiting transaction, and a waiting transaction after a run of statements', async () => {
    const turns = new ConnectionTurns();
    const order: string[] = [];
    const endOpen = await turns.take('transaction');
    const queued = [
      turns.take('transaction').then((end) => {
        order.push('transaction');
        end();
      }),
      ...Array.from({ length: 20 }, (_, i) =>
        turns.take('statement').then((end) => {
          order.push(`statement ${String(i)}`);
          end();
        }),
      ),
    ];
    endOpen();
    await Promise.all(queued);
    // The request records (statements) go first, but the transaction is not starved by a stream of them.
    expect(order.indexOf('transaction')).toBe(16);
    expect(order.filter((entry) => entry.startsWith('statement'))).toHaveLength(20);
  });

  it('lets the event loop turn between queued turns, so a queue of synchronous SQLite work never holds it', async () => {
    const turns = new ConnectionTurns();
    const order: string[] = [];
    const endOpen = await turns.take('transaction');
    const queued = Array.from({ length: 3 }, (_, i) =>
      turns.take('transaction').then((end) => {
        order.push(`turn ${String(i)}`);
        // Something else arrives (an HTTP request, a timer) while this turn holds the connection…
        setImmediate(() => order.push(`other work after turn ${String(i)}`));
        end();
      }),
    );
    endOpen();
    await Promise.all(queued);
    // …and runs before the next turn, instead of after every queued one.
    expect(order).toEqual(['turn 0', 'other work after turn 0', 'turn 1', 'other work after turn 1', 'turn 2']);
  });
});
