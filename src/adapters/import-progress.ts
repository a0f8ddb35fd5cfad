import type { CommandContext } from '../commands/context.js';
import { importWorkerId, runImportJob } from '../jobs/import-runner.js';
import { findImportJob, progressOf, saveImportProgressTarget } from '../store/imports.js';
import { importProgressScreen, importResultScreen } from '../views/screens/import.js';
import type { Screen } from '../views/screen.js';
import { logger } from '../logger.js';

/** A chat message that shows an import's progress: posted once, then replaced as rows are written. */
export type ProgressMessage<Target extends Record<string, string>> = {
  /** Posts the first state; returns where the message is, or null when it could not be posted. */
  post(screen: Screen): Promise<Target | null>;
  update(target: Target, screen: Screen): Promise<void>;
};

/** Chat platforms limit how often a message may change; one update a second is well inside every limit. */
const UPDATE_EVERY_MS = 1000;

/**
 * Runs a queued import in the background and shows its progress in a message that updates in place,
 * ending with the result. Returns at once: the caller's request (a button press Slack or Teams waits
 * to see acknowledged) never waits for the import. Errors are logged; the job's own status says how it ended.
 */
export function followImport<Target extends Record<string, string>>(
  ctx: CommandContext,
  importId: string,
  message: ProgressMessage<Target>,
): void {
  void follow(ctx, importId, message).catch((error: unknown) => {
    logger.error({ err: error, importId, workspaceId: ctx.workspace.id }, 'import in the background failed');
  });
}

async function follow<Target extends Record<string, string>>(
  ctx: CommandContext,
  importId: string,
  message: ProgressMessage<Target>,
): Promise<void> {
  const locale = ctx.actor.locale;
  const job = await findImportJob(ctx.db, ctx.workspace.id, importId);
  if (!job) return;
  let target: Target | null = null;
  try {
    target = await message.post(importProgressScreen(progressOf(job), locale));
    if (target) await saveImportProgressTarget(ctx.db, importId, target);
  } catch (error) {
    // The import still runs; only its progress goes unseen.
    logger.warn({ err: error, importId }, 'import progress message not posted');
  }
  // Updates go out one after another, never overlapping, and never hold up the writing of rows.
  let shown: Promise<void> = Promise.resolve();
  const show = (screen: Screen): void => {
    const posted = target;
    if (!posted) return;
    shown = shown
      .then(() => message.update(posted, screen))
      .catch((error: unknown) => {
        logger.warn({ err: error, importId }, 'import progress message not updated');
      });
  };
  // The request's instant, moving on: event times and leases agree with the dry run and with each other.
  const startedAt = Date.now();
  const now = () => new Date(ctx.now.getTime() + (Date.now() - startedAt));
  let lastShownAt = startedAt;
  const final = await runImportJob(ctx.db, importId, {
    workerId: importWorkerId(),
    now,
    onProgress: (progress) => {
      if (progress.status !== 'running' || Date.now() - lastShownAt < UPDATE_EVERY_MS) return;
      lastShownAt = Date.now();
      show(importProgressScreen(progress, locale));
    },
  });
  if (final) show(importResultScreen(final, locale));
  await shown;
}
