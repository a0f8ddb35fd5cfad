/**
 * The in-process clock: every minute (by default), run the due jobs at the current time. Each replica
 * runs its own; the slot table keeps them from repeating each other's work. A tick that is still
 * running when the next one fires makes that one a no-op (the next tick sees anything left over).
 */
import { schedule, validate } from 'node-cron';
import { processClaimant, runDueJobs, type RunDueJobsOptions, type RunSummary } from './runner.js';

export type SchedulerOptions = Omit<RunDueJobsOptions, 'now' | 'claimedBy'> & {
  /** node-cron expression of the ticks; the default is every minute. */
  cron?: string;
  claimedBy?: string;
  /** Tick once right away, so slots missed while the process was down go out without waiting. */
  runOnStart?: boolean;
  /** Called after each tick (monitoring, tests). */
  onTick?: (summary: RunSummary) => void;
};

export type RunningScheduler = {
  claimedBy: string;
  /** Stops ticking and waits for a tick in progress to finish. */
  stop(): Promise<void>;
};

export function startScheduler(options: SchedulerOptions): RunningScheduler {
  const { cron = '* * * * *', runOnStart = true, onTick, claimedBy = processClaimant(), ...runOptions } = options;
  const { logger } = runOptions;
  if (!validate(cron)) throw new Error(`Not a cron expression: "${cron}" (e.g. "* * * * *" for every minute)`);
  let running: Promise<void> | undefined;
  let stopped = false;

  const tick = (): void => {
    if (stopped) return;
    if (running) {
      logger.debug('scheduled jobs: previous tick still running, skipping this one');
      return;
    }
    running = runDueJobs({ ...runOptions, now: new Date(), claimedBy })
      .then(
        (summary) => {
          if (summary.ran > 0 || summary.failed > 0) logger.info(summary, 'scheduled jobs ran');
          onTick?.(summary);
        },
        (error: unknown) => logger.error({ err: error }, 'scheduled jobs tick failed'),
      )
      .finally(() => {
        running = undefined;
      });
  };

  const task = schedule(cron, tick, { name: `dealdesk-jobs-${claimedBy}` });
  if (runOnStart) tick();
  logger.info({ cron, claimedBy, jobs: runOptions.jobs.map((job) => job.name) }, 'scheduler started');
  return {
    claimedBy,
    async stop() {
      stopped = true;
      await task.destroy();
      await running;
    },
  };
}
