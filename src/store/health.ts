import type { Db } from './db.js';

/** Resolves when the database answers a trivial query; rejects with the driver's error when it does not. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.$queryRawUnsafe('SELECT 1');
}
