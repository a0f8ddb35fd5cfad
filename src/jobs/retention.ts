/**
 * The retention job: once a day, at 03:15 UTC, delete what would otherwise grow forever — processed
 * request ids (a Teams row holds a whole reply card) and settled schedule slots — older than
 * RETENTION_DAYS. It delivers nothing; like every job it runs once per day across replicas (its own
 * slot row), and `npm run jobs -- run --at <instant>` runs it when due at that instant.
 */
import { loadConfig } from '../config/env.js';
import { deleteProcessedRequestsBefore } from '../store/processed-requests.js';
import { deleteSettledSlotsBefore } from '../store/schedule-slots.js';
import type { BatchLimits } from '../store/retention.js';
import type { JobDefinition } from './job.js';
import { dailySlotsDue } from './schedule.js';

export const RETENTION_JOB_NAME = 'retention';

export type RetentionSettings = BatchLimits & {
  /** Rows older than this many days go; at least 1, well past the platforms' retry windows (minutes). */
  days: number;
};

/**
 * Settled slots are kept at least this long whatever `days` says: a slot deleted while its job may
 * still find it due would run again, and the longest catch-up window is the escalations' (7 days;
 * digests use the workspace's, 4 hours by default).
 */
export const MIN_SLOT_RETENTION_DAYS = 8;

const RUN_AT_UTC = '03:15';
/** A run missed while every replica was down (or by an hourly system cron) still happens that morning. */
const CATCH_UP_MINUTES = 4 * 60;
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const DAY_MS = 86_400_000;

/** `settings` is read on each run, so the registered job follows the configuration of the process running it. */
export function createRetentionJob(settings: () => RetentionSettings): JobDefinition {
  return {
    name: RETENTION_JOB_NAME,
    dueSlots: ({ now }) =>
      Promise.resolve(
        dailySlotsDue({ now, timeZone: 'UTC', localTime: RUN_AT_UTC, weekdays: EVERY_DAY, catchUpMinutes: CATCH_UP_MINUTES }).map(
          ({ slotAt, late }) => ({ recipientKey: 'database', slotAt, late, workspaceId: null }),
        ),
      ),
    async run(_slot, { db, now, logger }) {
      const { days, ...limits } = settings();
      if (!Number.isInteger(days) || days < 1) throw new RangeError(`retention days must be an integer ≥ 1, got ${days}`);
      // Never later than the real clock allows: a run for a future --at must not reach into the retry window.
      const from = Math.min(now.getTime(), Date.now());
      const requestsBefore = new Date(from - days * DAY_MS);
      const slotsBefore = new Date(from - Math.max(days, MIN_SLOT_RETENTION_DAYS) * DAY_MS);
      const requests = await deleteProcessedRequestsBefore(db, requestsBefore, limits);
      const slots = await deleteSettledSlotsBefore(db, slotsBefore, limits);
      logger.info(
        {
          processedRequests: requests.deleted,
          requestsBefore: requestsBefore.toISOString(),
          scheduleSlots: slots.deleted,
          slotsBefore: slotsBefore.toISOString(),
          moreLeft: requests.reachedLimit || slots.reachedLimit,
        },
        'retention: deleted old rows',
      );
    },
  };
}

export const retention = createRetentionJob(() => ({ days: loadConfig().RETENTION_DAYS }));
