/**
 * Finishes acknowledged requests whose process stopped (#13). Every replica runs it every few seconds;
 * the record's lease (store/requests.ts takeRequest) gives each abandoned request to one of them:
 *   - pending past its lease: done again from its payload by the adapter it came from, then answered;
 *   - done but not answered a minute after the commit: its saved answer is delivered (a delivery that
 *     fails is tried again on a later look);
 *   - out of attempts, or too old for its answer channel (Slack's response_url lives 30 minutes):
 *     given up, and the person told.
 * Requests this process is still working on are left alone.
 */
import type { Db } from '../store/db.js';
import { claimAnswer, markFailed, releaseAnswer, requestsToResume, takeRequest, type StoredRequest } from '../store/requests.js';
import type { Logger } from '../logger.js';
import type { DurableRequests } from './durable-requests.js';

/** What an adapter does with its own abandoned requests. */
export type PlatformResumer = {
  /** Does the request's work and answers it (as runSlackRequest does for a live one). */
  redo(key: string, payload: unknown): Promise<void>;
  /** Delivers the answer saved with the committed work. */
  deliver(key: string, payload: unknown, reply: unknown): Promise<void>;
  /** Tells the person the request was given up. */
  giveUp(payload: unknown): Promise<void>;
};

export type ResumerOptions = {
  db: Db;
  clock: () => Date;
  logger: Logger;
  requests: DurableRequests;
  resumers: Partial<Record<string, PlatformResumer>>;
  /** How often to look (default 15 s, so a dead replica's requests are taken over within about a minute). */
  intervalMs?: number;
};

export const RESUME_LIMITS = {
  /** Tries after the first, each after a lease has passed. */
  maxAttempts: 5,
  /** Past this, Slack's response_url (30 minutes) may be gone: the request is given up. */
  maxAgeMs: 25 * 60_000,
  /** A committed request's own process has this long to deliver its answer. */
  answerGraceMs: 60_000,
  batch: 50,
};

export type RunningResumer = {
  /** One look now (at `now`, default the clock's time): tests and operators need not wait for the interval. */
  tick(now?: Date): Promise<void>;
  stop(): Promise<void>;
};

export function startRequestResumer(options: ResumerOptions): RunningResumer {
  const { db, logger, requests } = options;
  let running: Promise<void> | undefined;

  async function redo(record: StoredRequest, resumer: PlatformResumer, now: Date): Promise<void> {
    const tooOld = now.getTime() - record.createdAt.getTime() > RESUME_LIMITS.maxAgeMs;
    if (tooOld || record.attempts >= RESUME_LIMITS.maxAttempts) {
      if (await markFailed(db, record.key, now, tooOld ? 'too old to answer' : 'out of attempts')) {
        logger.warn({ key: record.key, attempts: record.attempts }, 'gave up a request');
        await resumer.giveUp(record.payload).catch((error: unknown) => logger.warn({ err: error, key: record.key }, 'could not say so'));
      }
      return;
    }
    if (!(await takeRequest(db, record.key, now))) return;
    logger.info({ key: record.key, attempt: record.attempts + 1 }, 'resuming a request its process did not finish');
    await requests.process(
      record.key,
      () => resumer.redo(record.key, record.payload),
      () => resumer.giveUp(record.payload),
    );
  }

  async function deliver(record: StoredRequest, resumer: PlatformResumer, now: Date): Promise<void> {
    if (!(await claimAnswer(db, record.key, now))) return;
    logger.info({ key: record.key }, 'delivering the answer of a request its process did not answer');
    await resumer.deliver(record.key, record.payload, record.reply).catch(async (error: unknown) => {
      // Tried again on a later look while its answer channel lives (Slack's response_url: 30 minutes).
      const retry = now.getTime() - record.createdAt.getTime() <= RESUME_LIMITS.maxAgeMs;
      logger.warn({ err: error, key: record.key, retry }, 'could not deliver a saved answer');
      if (retry) await releaseAnswer(db, record.key, now).catch(() => undefined);
    });
  }

  async function tick(now: Date): Promise<void> {
    const { abandoned, unanswered } = await requestsToResume(db, now, {
      answerGraceMs: RESUME_LIMITS.answerGraceMs,
      limit: RESUME_LIMITS.batch,
    });
    const work: Promise<void>[] = [];
    for (const record of abandoned) {
      const resumer = options.resumers[record.platform];
      if (resumer && !requests.inFlight.has(record.key)) work.push(redo(record, resumer, now));
    }
    for (const record of unanswered) {
      const resumer = options.resumers[record.platform];
      if (resumer && !requests.inFlight.has(record.key)) work.push(deliver(record, resumer, now));
    }
    await Promise.all(work);
  }

  function safeTick(now = options.clock()): Promise<void> {
    // One look at a time: a slow one is not overtaken by the next.
    running ??= tick(now)
      .catch((error: unknown) => logger.warn({ err: error }, 'request resumer could not look'))
      .finally(() => (running = undefined));
    return running;
  }

  const timer = setInterval(() => void safeTick(), options.intervalMs ?? 15_000);
  timer.unref();
  return {
    tick: (now) => safeTick(now),
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
