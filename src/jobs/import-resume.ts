/**
 * The import resume job: every minute, finishes imports that stopped. An import is run by the process
 * whose button press queued it (adapters/import-progress.ts, the shell); if that process dies, the job
 * is left `queued` (never taken) or `running` with a lease nobody renews. Once the lease has expired
 * (IMPORT_LEASE_MS), this job takes it over and runs it to the end from its last whole batch, then tells
 * the person who asked for it how it ended. The scheduler's slot (one per import per minute) and the
 * import's own lease make sure one process does it, however many replicas tick.
 */
import { stalledImportJobs } from '../store/imports.js';
import { loadWorkspaceContext } from '../store/workspaces.js';
import { loadActor } from '../store/members.js';
import { importResultScreen } from '../views/screens/import.js';
import { IMPORT_LEASE_MS, runImportJob } from './import-runner.js';
import { processClaimant } from './runner.js';
import type { JobDefinition } from './job.js';

export const IMPORT_RESUME_JOB_NAME = 'import.resume';

const MINUTE_MS = 60_000;

export const importResume: JobDefinition<{ importId: string; requestedById: string | null }> = {
  name: IMPORT_RESUME_JOB_NAME,
  async dueSlots({ db, now }) {
    const slotAt = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
    const stalled = await stalledImportJobs(db, now, IMPORT_LEASE_MS);
    return stalled.map((job) => ({
      recipientKey: `import:${job.id}`,
      slotAt,
      late: false,
      workspaceId: job.workspaceId,
      payload: { importId: job.id, requestedById: job.requestedById },
    }));
  },
  async run(slot, { db, now, deliver, logger }) {
    const { importId, requestedById } = slot.payload ?? { importId: '', requestedById: null };
    // The tick's instant, moving on as the batches are written (event times, leases).
    const startedAt = Date.now();
    const final = await runImportJob(db, importId, {
      workerId: `${processClaimant()}:import-resume`,
      now: () => new Date(now.getTime() + (Date.now() - startedAt)),
    });
    // Null: another process has it (its lease is live again), nothing to say.
    if (!final) return;
    logger.info({ importId, status: final.status, processedRows: final.processedRows }, 'resumed an import that had stopped');
    const workspace = await loadWorkspaceContext(db, final.workspaceId);
    const actor = workspace && requestedById !== null ? await loadActor(db, workspace, requestedById) : null;
    if (!actor) return;
    await deliver.deliver({ workspaceId: final.workspaceId, memberId: actor.id }, [importResultScreen(final, actor.locale)]);
  },
};
