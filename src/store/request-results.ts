import type { Db } from './db.js';

/**
 * What a claimed request answered (see processed-requests.ts), kept on its record so that a duplicate
 * of the request can answer the same. The result is any JSON object the adapter chooses.
 */

/** Gives up the claim on `key` if it was made before `before`; true when there was such a claim. */
export async function releaseRequestClaimedBefore(db: Db, key: string, before: Date): Promise<boolean> {
  const stale = await db.processedRequest.deleteMany({ where: { key, createdAt: { lt: before } } });
  return stale.count > 0;
}

export async function saveRequestResult(db: Db, keys: readonly string[], result: object): Promise<void> {
  await db.processedRequest.updateMany({ where: { key: { in: [...keys] } }, data: { result } });
}

/** The request's record: whether it is still claimed (`claimed`), and its result once saved. */
export async function requestResult(db: Db, key: string): Promise<{ claimed: boolean; result: unknown }> {
  const row = await db.processedRequest.findUnique({ where: { key }, select: { result: true } });
  return { claimed: row !== null, result: row?.result ?? undefined };
}

/**
 * Gives up a claim made before `before` that never got its result: the process holding it died in the
 * middle of the work (which was rolled back). True when there was such a claim.
 */
export async function releaseAbandonedClaim(db: Db, key: string, before: Date): Promise<boolean> {
  const released =
    await db.$executeRaw`DELETE FROM "ProcessedRequest" WHERE "key" = ${key} AND "result" IS NULL AND "createdAt" < ${before}`;
  return released > 0;
}
