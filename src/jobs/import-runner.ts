/**
 * Runs a confirmed CSV import in the background: claims the job (a lease, so two replicas never run
 * one job and a dead worker's job is taken over), re-checks the file against the database as it is now,
 * and writes it in batches, reporting progress after each.
 */
import { hostname } from 'node:os';
import type { Db } from '../store/db.js';
import { loadWorkspaceContext } from '../store/workspaces.js';
import {
  checkImport,
  claimImportJob,
  finishImportJob,
  findImportJob,
  importContent,
  isLeaseLost,
  loadImportWorld,
  writeDealBatch,
  writeOtherBatch,
  progressOf,
  type ImportProgress,
  type ImportPlan,
} from '../store/imports.js';
import { localTimeParts } from '../domain/calendar.js';
import { isDomainError } from '../domain/errors.js';
import { parsePresetName } from '../domain/import/presets.js';
import { logger } from '../logger.js';

export type { ImportProgress } from '../store/imports.js';

export type RunImportOptions = {
  /** The clock (leases, event times of changes); the system clock by default. */
  now?: Date | (() => Date);
  /** Unique per process; see importWorkerId(). */
  workerId: string;
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** Rows per transaction. */
  batchSize?: number;
  /** A lease older than this belongs to a dead worker. */
  leaseMs?: number;
  /** Stop (as a crash would) after this many batches: tests of resuming. */
  stopAfterBatches?: number;
};

export const IMPORT_LEASE_MS = 2 * 60_000;
const BATCH_SIZE = 500;

export function importWorkerId(): string {
  return `${hostname()}:${String(process.pid)}`;
}

/**
 * Runs the job if this worker can claim it; returns its progress at the end (done or failed), or null
 * when another worker has it. Idempotent: a resumed run starts after the last whole batch.
 */
export async function runImportJob(db: Db, importId: string, options: RunImportOptions): Promise<ImportProgress | null> {
  const clock =
    typeof options.now === 'function'
      ? options.now
      : (() => {
          const fixed = options.now;
          return () => fixed ?? new Date();
        })();
  const leaseMs = options.leaseMs ?? IMPORT_LEASE_MS;
  const job = await claimImportJob(db, importId, options.workerId, clock(), leaseMs);
  if (!job) return null;
  const report = async () => {
    const current = await findImportJob(db, job.workspaceId, importId);
    if (current) await options.onProgress?.(progressOf(current));
    return current;
  };
  try {
    const workspace = await loadWorkspaceContext(db, job.workspaceId);
    if (!workspace) throw new Error(`Workspace ${job.workspaceId} not found`);
    const world = await loadImportWorld(db, workspace);
    const today = localTimeParts(clock(), workspace.timeZone).date;
    const checked = await checkImport(db, world, await importContent(db, importId), { today, preset: parsePresetName(job.preset) });
    const plans = checked.plan.plans;
    const batchSize = options.batchSize ?? BATCH_SIZE;
    let batches = 0;
    for (let start = job.processedRows; start < plans.length; start += batchSize) {
      if (options.stopAfterBatches !== undefined && batches >= options.stopAfterBatches) return null;
      const ctx = { jobId: importId, workerId: options.workerId, world, now: clock(), checkedAt: job.createdAt };
      await writeBatch(db, ctx, job.requestedById, checked.plan, start, batchSize);
      batches += 1;
      await report();
    }
    await finishImportJob(db, importId, options.workerId, { status: 'done', now: clock(), report: checked.report });
  } catch (error) {
    if (isLeaseLost(error)) return null;
    logger.error({ err: error, importId }, 'import failed');
    const code = isDomainError(error) ? error.code : 'import.failed';
    await finishImportJob(db, importId, options.workerId, { status: 'failed', error: code, now: clock() });
  }
  const final = await report();
  return final ? progressOf(final) : null;
}

async function writeBatch(
  db: Db,
  ctx: Parameters<typeof writeDealBatch>[1],
  actorId: string | null,
  plan: ImportPlan,
  start: number,
  size: number,
): Promise<void> {
  const end = Math.min(start + size, plan.plans.length);
  if (plan.kind === 'deals') {
    await writeDealBatch(db, ctx, plan.plans.slice(start, end), end - start);
    return;
  }
  const slice = { ...plan, plans: plan.plans.slice(start, end) } as Exclude<ImportPlan, { kind: 'deals' }>;
  await writeOtherBatch(db, { ...ctx, actorId }, slice, end - start);
}
