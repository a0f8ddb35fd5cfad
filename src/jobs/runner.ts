/**
 * One tick of scheduled work: take over claims of processes that died, then for every job claim each
 * due slot and run it, recording done or failed right after. Any number of replicas may tick at once
 * against one database; each slot is delivered by exactly one of them (see schedule-slots.ts for the
 * one crash window where a message can repeat).
 *
 * While a slot runs, its claim is renewed every third of the lease, and each message the platform
 * accepts is recorded; so a process that dies is taken over about a lease later (a minute), and the
 * takeover sends only the messages that had not gone out.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import pRetry from 'p-retry';
import type { Db } from '../store/db.js';
import type { Logger } from '../logger.js';
import {
  claimSlot,
  completeSlot,
  failSlot,
  findSlotStates,
  reclaimStaleSlots,
  recordDelivered,
  renewClaim,
  takeOverSlot,
  type ClaimedSlot,
  type SlotClaim,
  type SlotKey,
  type SlotState,
} from '../store/schedule-slots.js';
import { isRetryableError, LeaseLostError, type Deliverer, type DeliveryProgress, type DueSlot, type JobDefinition } from './job.js';
import { isLate } from './schedule.js';

export type RunDueJobsOptions = {
  db: Db;
  /** The instant the schedules are evaluated at (the tick). */
  now: Date;
  jobs: readonly JobDefinition[];
  deliver: Deliverer;
  /** Unique per process, e.g. processClaimant(). */
  claimedBy: string;
  logger: Logger;
  /**
   * Wall clock for leases and retry backoff, which are about processes rather than schedules; so a
   * run for a past `now` (the CLI's --at) does not look like a dead claim to a live replica. Defaults
   * to the system clock.
   */
  clock?: () => Date;
  /**
   * A claim not renewed for this long belongs to a dead or hung process. A running slot renews its
   * claim every third of it, so it must be longer than any one platform call (with its retries).
   */
  leaseMinutes?: number;
  /** Attempts per slot before a retryable failure is given up (a job may set its own). */
  maxAttempts?: number;
  /** Wait before retrying a failed attempt; doubles with each attempt, up to an hour. */
  retryAfterMinutes?: number;
  /** Slots run at the same time. */
  concurrency?: number;
};

/** ran: delivered (late: how many of those were late); skipped: settled or owned by another process; failed: ended failed. */
export type RunSummary = { ran: number; skipped: number; late: number; failed: number };

/** A minute: longer than one platform call's worst case (Slack: 3 tries of 10 s), short enough for a quick takeover. */
export const DEFAULT_LEASE_MINUTES = 1;
export const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_RETRY_WAIT_MINUTES = 60;
const MINUTE_MS = 60_000;
/** Recording a delivered slot: three tries, 200 ms then 400 ms apart (a briefly busy or reconnecting database). */
const RECORD_RETRIES = { retries: 2, minTimeout: 200, factor: 2, maxTimeout: 400, randomize: false } as const;

/** A claimant id naming this process: host, pid and a random part (pids repeat across restarts). */
export function processClaimant(): string {
  return `${hostname()}#${process.pid}#${randomBytes(4).toString('hex')}`;
}

export async function runDueJobs(options: RunDueJobsOptions): Promise<RunSummary> {
  const { db, now, jobs, deliver, claimedBy, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const leaseMs = (options.leaseMinutes ?? DEFAULT_LEASE_MINUTES) * MINUTE_MS;
  const retryAfterMs = (options.retryAfterMinutes ?? 1) * MINUTE_MS;
  const maxAttemptsOf = (job: JobDefinition): number => job.maxAttempts ?? options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const names = jobs.map((job) => job.name);
  if (new Set(names).size !== names.length) throw new Error(`Job names must be unique: ${names.join(', ')}`);
  const summary: RunSummary = { ran: 0, skipped: 0, late: 0, failed: 0 };

  /** Runs a slot this process owns and records the outcome; never throws. */
  async function runOwned(job: JobDefinition, slot: DueSlot & { late: boolean }, owner: SlotClaim & { delivered?: number }): Promise<void> {
    const ref: SlotKey = { job: job.name, recipientKey: slot.recipientKey, slotAt: slot.slotAt };
    const log = logger.child({
      job: job.name,
      recipientKey: slot.recipientKey,
      slotAt: slot.slotAt.toISOString(),
      attempt: owner.attempts,
    });
    const tracked = trackDeliveries(deliver, owner.delivered ?? 0, async (delivered) => {
      const recorded = await pRetry(() => recordDelivered(db, ref, owner, delivered, clock()), RECORD_RETRIES).catch((failure: unknown) => {
        // Not fatal: at worst a takeover after a crash repeats the messages since the last record.
        log.error({ err: failure, delivered }, 'could not record a delivered message');
        return true;
      });
      if (!recorded) throw new LeaseLostError();
    });
    const renewal = keepClaimed(ref, owner, log);
    try {
      await job.run(slot, { db, now, deliver: tracked.deliverer, logger: log, attempt: owner.attempts });
    } catch (error) {
      if (error instanceof LeaseLostError) {
        // Another process has the slot and sends the rest; what this one sent is recorded.
        log.warn({ sent: tracked.sentNow() }, 'lost the slot to another process mid-run: it sends the rest');
        if (tracked.sentNow() > 0) summary.ran++;
        else summary.skipped++;
        return;
      }
      const retryable = isRetryableError(error) && owner.attempts < maxAttemptsOf(job);
      log.warn({ err: error, retryable, delivered: tracked.deliveredSoFar() }, 'scheduled job failed');
      summary.failed++;
      await failSlot(db, ref, describe(error), { retryable, owner, now: clock() }).catch((failure: unknown) =>
        log.error({ err: failure }, 'could not record the failure'),
      );
      return;
    } finally {
      renewal.stop();
    }
    // Delivered, and every message already counted: a takeover after a crash from here on sends nothing again.
    summary.ran++;
    if (slot.late) summary.late++;
    const recorded = await pRetry(() => completeSlot(db, ref, { owner, now: clock(), late: slot.late }), RECORD_RETRIES).catch(
      (failure: unknown) => {
        log.error({ err: failure }, 'delivered but could not record it; a takeover after the lease will close it');
        return true;
      },
    );
    if (!recorded) log.warn('delivered after the lease ran out and another process took the slot over: it may have been delivered twice');
  }

  /** Renews the claim every third of the lease until stopped, while it is still this owner's. */
  function keepClaimed(ref: SlotKey, owner: SlotClaim, log: Logger): { stop(): void } {
    let renewing = false;
    const timer = setInterval(() => {
      if (renewing) return;
      renewing = true;
      renewClaim(db, ref, owner, clock())
        .then((renewed) => {
          if (!renewed) log.warn('could not renew the claim: another process took the slot over');
        })
        .catch((error: unknown) => log.warn({ err: error }, 'could not renew the claim'))
        .finally(() => {
          renewing = false;
        });
    }, leaseMs / 3);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }

  /** Closes a slot this process took over without running it. */
  async function giveUp(slot: ClaimedSlot, reason: string): Promise<void> {
    logger.warn(
      { job: slot.job, recipientKey: slot.recipientKey, slotAt: slot.slotAt.toISOString() },
      `scheduled slot not delivered: ${reason}`,
    );
    await failSlot(db, slot.id, reason, { retryable: false, owner: slot, now: clock() });
    summary.failed++;
  }

  /** A failed attempt whose wait is over, or a claim past its lease. */
  function canTakeOver(state: SlotState, job: JobDefinition): boolean {
    const age = clock().getTime() - state.claimedAt.getTime();
    if (state.status === 'claimed') return age > leaseMs;
    if (state.status !== 'failed' || state.completedAt !== null || state.attempts >= maxAttemptsOf(job)) return false;
    return age >= Math.min(retryAfterMs * 2 ** (state.attempts - 1), MAX_RETRY_WAIT_MINUTES * MINUTE_MS);
  }

  /** A database error while claiming or closing fails that slot only; the tick goes on. */
  const guarded = (job: JobDefinition, task: () => Promise<void>) => async (): Promise<void> => {
    try {
      await task();
    } catch (error) {
      summary.failed++;
      logger.error({ err: error, job: job.name }, 'could not claim or record a scheduled slot');
    }
  };

  // Claims of processes that died: ours now, run below if still due.
  const takeoverAt = clock();
  const reclaimed = new Map<string, ClaimedSlot>();
  for (const slot of await reclaimStaleSlots(db, {
    olderThan: new Date(takeoverAt.getTime() - leaseMs),
    claimedBy,
    now: takeoverAt,
    jobs: names,
  })) {
    reclaimed.set(slotKey(slot), slot);
  }
  if (reclaimed.size > 0) logger.info({ count: reclaimed.size }, 'took over scheduled slots whose process died');

  const work: (() => Promise<void>)[] = [];
  const unavailable = new Set<string>();
  for (const job of jobs) {
    let due: DueSlot[];
    let states: Map<string, SlotState>;
    try {
      due = uniqueDue(await job.dueSlots({ db, now }), now);
      states = new Map((await findSlotStates(db, job.name, due)).map((state) => [slotKey(state), state]));
    } catch (error) {
      unavailable.add(job.name);
      logger.error({ err: error, job: job.name }, 'could not compute the due slots of a job');
      continue;
    }
    for (const dueSlot of due) {
      const slot = { ...dueSlot, late: dueSlot.late ?? isLate(dueSlot.slotAt, now) };
      const key = slotKey({ job: job.name, ...slot });
      const mine = reclaimed.get(key);
      const state = states.get(key);
      if (mine) {
        reclaimed.delete(key);
        // A slot whose every run died with its process (it crashes the process, or outlives the lease).
        if (mine.attempts > maxAttemptsOf(job))
          work.push(guarded(job, () => giveUp(mine, `gave up after ${mine.attempts - 1} attempts that did not finish`)));
        else work.push(guarded(job, () => runOwned(job, slot, mine)));
      } else if (!state) {
        work.push(
          guarded(job, async () => {
            const claimed = await claimSlot(db, {
              job: job.name,
              recipientKey: slot.recipientKey,
              slotAt: slot.slotAt,
              workspaceId: slot.workspaceId,
              claimedBy,
              late: slot.late,
              now: clock(),
            });
            if (claimed) await runOwned(job, slot, { claimedBy, attempts: 1 });
            else summary.skipped++;
          }),
        );
      } else if (canTakeOver(state, job)) {
        work.push(
          guarded(job, async () => {
            const taken = await takeOverSlot(db, state, { claimedBy, late: slot.late, now: clock() });
            if (taken) await runOwned(job, slot, taken);
            else summary.skipped++;
          }),
        );
      } else {
        summary.skipped++;
      }
    }
  }
  // Taken over but no longer due (past the catch-up window, recipient gone): close them for good.
  for (const slot of reclaimed.values()) {
    const job = jobs.find((candidate) => candidate.name === slot.job);
    if (job && !unavailable.has(job.name))
      work.push(guarded(job, () => giveUp(slot, 'no longer due when taken over from a process that died')));
  }

  await inPool(work, options.concurrency ?? 4);
  return summary;
}

/**
 * Wraps a deliverer for one slot's run: the first `alreadyDelivered` messages of the run (sent by an
 * earlier attempt) are skipped, and each one the platform accepts is passed to `record` with the
 * count so far. Messages are counted across the run's calls, in order.
 */
function trackDeliveries(
  inner: Deliverer,
  alreadyDelivered: number,
  record: (delivered: number) => Promise<void>,
): { deliverer: Deliverer; deliveredSoFar(): number; sentNow(): number } {
  let position = 0; // messages of this run so far, skipped ones included
  let sentNow = 0;
  const deliverer: Deliverer = {
    async deliver(target, screens) {
      const skip = Math.min(screens.length, Math.max(0, alreadyDelivered - position));
      position += skip;
      if (skip > 0 && skip === screens.length) return;
      const rest = screens.slice(skip);
      let acknowledged = 0;
      const progress: DeliveryProgress = {
        async sent() {
          if (acknowledged >= rest.length) return;
          acknowledged++;
          position++;
          sentNow++;
          await record(position);
        },
      };
      await inner.deliver(target, rest, progress);
      if (acknowledged < rest.length) {
        // The deliverer does not report each message: count what it was given.
        position += rest.length - acknowledged;
        sentNow += rest.length - acknowledged;
        acknowledged = rest.length;
        await record(position);
      }
    },
  };
  return { deliverer, deliveredSoFar: () => Math.max(position, alreadyDelivered), sentNow: () => sentNow };
}

function slotKey(slot: SlotKey): string {
  return `${slot.job}\u0000${slot.recipientKey}\u0000${slot.slotAt.getTime()}`;
}

/** A job's slots at or before `now`, each once. */
function uniqueDue(due: DueSlot[], now: Date): DueSlot[] {
  const seen = new Set<string>();
  return due.filter((slot) => {
    const key = slotKey({ job: '', ...slot });
    if (slot.slotAt.getTime() > now.getTime() || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function inPool(tasks: readonly (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let task = tasks[next++]; task; task = tasks[next++]) await task();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, worker));
}
