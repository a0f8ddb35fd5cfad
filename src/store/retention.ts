/**
 * Deleting rows that would otherwise pile up forever, a batch at a time: select a batch of ids, oldest
 * first, then delete those ids. Each statement is short, so it never holds locks for long, and a run
 * stops after `maxBatches` so one run is bounded too; whatever is left goes on the next run.
 */

export type BatchLimits = {
  /** Rows per statement. */
  batchSize?: number;
  /** Batches per call; the rest waits for the next call. */
  maxBatches?: number;
};

export type PurgeResult = {
  deleted: number;
  /** Stopped at `maxBatches` with a full last batch: more rows may be left for the next run. */
  reachedLimit: boolean;
};

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_MAX_BATCHES = 100;

/**
 * Runs `selectIds(batchSize)` then `deleteIds(ids)` until a batch comes back short or the limit is
 * reached. `deleteIds` should repeat the selection's conditions, so a row that changed in between stays.
 */
export async function deleteInBatches(
  selectIds: (take: number) => Promise<string[]>,
  deleteIds: (ids: string[]) => Promise<number>,
  limits: BatchLimits = {},
): Promise<PurgeResult> {
  const batchSize = limits.batchSize ?? DEFAULT_BATCH_SIZE;
  const maxBatches = limits.maxBatches ?? DEFAULT_MAX_BATCHES;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be an integer ≥ 1, got ${batchSize}`);
  if (!Number.isInteger(maxBatches) || maxBatches < 1) throw new RangeError(`maxBatches must be an integer ≥ 1, got ${maxBatches}`);
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const ids = await selectIds(batchSize);
    if (ids.length > 0) deleted += await deleteIds(ids);
    if (ids.length < batchSize) return { deleted, reachedLimit: false };
  }
  return { deleted, reachedLimit: true };
}
