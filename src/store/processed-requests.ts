import type { Db } from './db.js';
import { deleteInBatches, type BatchLimits, type PurgeResult } from './retention.js';

/**
 * Exactly-once handling of chat requests. A platform retry, a duplicated activity or a double-submitted
 * form carries the same key; only the first caller gets `true`. Backed by a primary-key insert, so it
 * holds across processes and replicas sharing the database.
 */
export async function claimRequest(db: Db, key: string, workspaceId?: string): Promise<boolean> {
  try {
    await db.processedRequest.create({ data: { key, workspaceId: workspaceId ?? null }, select: { key: true } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Gives a claim back when the request was refused without writing anything (the user may fix and resend). */
export async function releaseRequest(db: Db, key: string): Promise<void> {
  await db.processedRequest.deleteMany({ where: { key } });
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';
}

/**
 * Deletes request records created before `before`, in batches (see deleteInBatches). The caller keeps
 * `before` well behind the platforms' retry windows (minutes), or a late retry would run twice.
 */
export async function deleteProcessedRequestsBefore(db: Db, before: Date, limits?: BatchLimits): Promise<PurgeResult> {
  const old = { createdAt: { lt: before } };
  return deleteInBatches(
    async (take) =>
      (await db.processedRequest.findMany({ where: old, orderBy: { createdAt: 'asc' }, take, select: { key: true } })).map(
        (row) => row.key,
      ),
    async (keys) => (await db.processedRequest.deleteMany({ where: { key: { in: keys }, ...old } })).count,
    limits,
  );
}
