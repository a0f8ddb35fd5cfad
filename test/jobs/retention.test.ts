import { execFile } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/store/db.js';
import { repoRoot } from '../../src/store/migrations.js';
import { logger } from '../../src/logger.js';
import { ConfigError, loadConfig } from '../../src/config/env.js';
import { runDueJobs } from '../../src/jobs/runner.js';
import { RecordingDeliverer } from '../../src/jobs/deliverers.js';
import { JOBS } from '../../src/jobs/registry.js';
import { createRetentionJob, RETENTION_JOB_NAME, type RetentionSettings } from '../../src/jobs/retention.js';
import { ALL_PROVIDERS, describeOn, freshDatabase, freshDatabaseUrl, type FreshDatabase } from '../support/databases.js';

/** Monday 2026-11-23 03:15 UTC: the retention job's daily time. */
const T = new Date('2026-11-23T03:15:00Z');
const MINUTE = 60_000;
const DAY = 86_400_000;
const ago = (ms: number, from: Date = T) => new Date(from.getTime() - ms);

type SlotSeed = { name: string; ageDays: number; status: 'claimed' | 'done' | 'failed'; final?: boolean; job?: string };

async function seedRequests(db: Db, requests: { key: string; age: number; card?: boolean }[]): Promise<void> {
  await db.processedRequest.createMany({
    data: requests.map(({ key, age, card }) => ({
      key,
      createdAt: ago(age),
      // Teams dedupe rows hold the whole reply card.
      result: card ? { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x'.repeat(2000) }] } : undefined,
    })),
  });
}

/** Slots that ran `ageDays` ago: done or failed (final: given up) finished a minute after their time. */
async function seedSlots(db: Db, slots: SlotSeed[]): Promise<void> {
  await db.scheduleSlot.createMany({
    data: slots.map(({ name, ageDays, status, final, job }) => {
      const slotAt = ago(ageDays * DAY);
      const settled = status === 'done' || (status === 'failed' && final === true);
      return {
        job: job ?? 'digest.manager',
        recipientKey: name,
        slotAt,
        status,
        claimedBy: 'host#1#seed',
        claimedAt: slotAt,
        completedAt: settled ? new Date(slotAt.getTime() + MINUTE) : null,
        error: status === 'failed' ? 'DeliveryError: 503' : null,
      };
    }),
  });
}

const requestKeys = async (db: Db) =>
  (await db.processedRequest.findMany({ orderBy: { key: 'asc' }, select: { key: true } })).map((r) => r.key);
const otherSlots = async (db: Db) =>
  (
    await db.scheduleSlot.findMany({
      where: { job: { not: RETENTION_JOB_NAME } },
      orderBy: { recipientKey: 'asc' },
      select: { recipientKey: true },
    })
  ).map((slot) => slot.recipientKey);
const retentionSlots = (db: Db) =>
  db.scheduleSlot.findMany({
    where: { job: RETENTION_JOB_NAME },
    orderBy: { slotAt: 'asc' },
    select: { slotAt: true, status: true, late: true, recipientKey: true },
  });

function tick(db: Db, now: Date, settings: RetentionSettings, claimedBy = 'runner-1') {
  return runDueJobs({
    db,
    now,
    jobs: [createRetentionJob(() => settings)],
    deliver: new RecordingDeliverer(),
    claimedBy,
    logger,
    clock: () => now,
  });
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`retention job (${provider})`, () => {
    let fresh: FreshDatabase;
    const extra: Db[] = [];
    beforeEach(async () => {
      fresh = await freshDatabase(provider);
    });
    afterEach(async () => {
      await Promise.all(extra.splice(0).map((db) => db.$disconnect()));
      await fresh.cleanup();
    });

    it('deletes request ids and settled slots older than the age, and keeps newer ones and open slots', async () => {
      await seedRequests(fresh.db, [
        { key: 'slack:T1:old', age: 31 * DAY },
        { key: 'teams:act-old', age: 40 * DAY, card: true },
        { key: 'slack:T1:29-days', age: 29 * DAY },
        { key: 'teams:act-new', age: 5 * MINUTE, card: true },
      ]);
      await seedSlots(fresh.db, [
        { name: 'done-40-days', ageDays: 40, status: 'done' },
        { name: 'given-up-35-days', ageDays: 35, status: 'failed', final: true },
        { name: 'retry-pending-35-days', ageDays: 35, status: 'failed' },
        { name: 'claimed-35-days', ageDays: 35, status: 'claimed' },
        { name: 'done-10-days', ageDays: 10, status: 'done' },
        { name: 'given-up-10-days', ageDays: 10, status: 'failed', final: true },
      ]);

      expect(await tick(fresh.db, T, { days: 30 })).toEqual({ ran: 1, skipped: 0, late: 0, failed: 0 });

      expect(await requestKeys(fresh.db)).toEqual(['slack:T1:29-days', 'teams:act-new']);
      expect(await otherSlots(fresh.db)).toEqual(['claimed-35-days', 'done-10-days', 'given-up-10-days', 'retry-pending-35-days']);
      expect(await retentionSlots(fresh.db)).toEqual([{ slotAt: T, status: 'done', late: false, recipientKey: 'database' }]);
    });

    it('keeps settled slots for at least 8 days, past every catch-up window, even with a 1-day age', async () => {
      await seedRequests(fresh.db, [
        { key: 'slack:2-days', age: 2 * DAY },
        { key: 'slack:1-hour', age: 60 * MINUTE },
        { key: 'slack:23-hours', age: 23 * 60 * MINUTE },
      ]);
      await seedSlots(fresh.db, [
        { name: 'escalation-3-days', ageDays: 3, status: 'done', job: 'approval.escalate' },
        { name: 'escalation-7.5-days', ageDays: 7.5, status: 'done', job: 'approval.escalate' },
        { name: 'escalation-9-days', ageDays: 9, status: 'done', job: 'approval.escalate' },
      ]);

      expect(await tick(fresh.db, T, { days: 1 })).toMatchObject({ ran: 1, failed: 0 });

      expect(await requestKeys(fresh.db)).toEqual(['slack:1-hour', 'slack:23-hours']);
      expect(await otherSlots(fresh.db)).toEqual(['escalation-3-days', 'escalation-7.5-days']);
    });

    it('deletes more rows than one batch over several batches, and leaves the rest to the next day past its limit', async () => {
      const old = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
      await seedRequests(fresh.db, [...old('slack:old', 130).map((key) => ({ key, age: 60 * DAY })), { key: 'slack:new', age: DAY }]);
      await seedSlots(fresh.db, [
        ...old('old', 130).map((name) => ({ name, ageDays: 60, status: 'done' as const })),
        { name: 'new', ageDays: 1, status: 'done' },
      ]);

      // Three batches of 50 per table: all old rows go in one run.
      expect(await tick(fresh.db, T, { days: 30, batchSize: 50 })).toMatchObject({ ran: 1, failed: 0 });
      expect(await requestKeys(fresh.db)).toEqual(['slack:new']);
      expect(await otherSlots(fresh.db)).toEqual(['new']);

      await seedRequests(
        fresh.db,
        old('teams:old', 130).map((key) => ({ key, age: 60 * DAY, card: true })),
      );
      await seedSlots(
        fresh.db,
        old('older', 130).map((name) => ({ name, ageDays: 60, status: 'done' as const })),
      );
      const limited = { days: 30, batchSize: 50, maxBatches: 2 };

      // At most two batches per table per run: 100 go on Tuesday, the last 30 on Wednesday.
      expect(await tick(fresh.db, new Date(T.getTime() + DAY), limited)).toMatchObject({ ran: 1, failed: 0 });
      expect(await fresh.db.processedRequest.count()).toBe(1 + 30);
      expect(await fresh.db.scheduleSlot.count({ where: { job: { not: RETENTION_JOB_NAME } } })).toBe(1 + 30);

      expect(await tick(fresh.db, new Date(T.getTime() + 2 * DAY), limited)).toMatchObject({ ran: 1, failed: 0 });
      expect(await requestKeys(fresh.db)).toEqual(['slack:new']);
      expect(await otherSlots(fresh.db)).toEqual(['new']);
      expect((await retentionSlots(fresh.db)).map((slot) => slot.status)).toEqual(['done', 'done', 'done']);
    });

    it('two runners at the same slot: it runs once and leaves one slot row', async () => {
      await seedRequests(fresh.db, [
        { key: 'slack:old', age: 31 * DAY },
        { key: 'slack:new', age: DAY },
      ]);
      await seedSlots(fresh.db, [
        { name: 'old', ageDays: 31, status: 'done' },
        { name: 'new', ageDays: 1, status: 'done' },
      ]);
      const second = createDb(fresh.url);
      extra.push(second);
      const summaries = await Promise.all([tick(fresh.db, T, { days: 30 }, 'runner-1'), tick(second, T, { days: 30 }, 'runner-2')]);

      expect(summaries.map((summary) => summary.ran).sort()).toEqual([0, 1]);
      expect(summaries.map((summary) => summary.skipped).sort()).toEqual([0, 1]);
      expect(await requestKeys(fresh.db)).toEqual(['slack:new']);
      expect(await otherSlots(fresh.db)).toEqual(['new']);
      expect(await retentionSlots(fresh.db)).toEqual([{ slotAt: T, status: 'done', late: false, recipientKey: 'database' }]);
    });

    it('runs at 03:15 UTC once a day; a run missed by up to 4 hours happens late, a later one waits for the next day', async () => {
      await seedRequests(fresh.db, [{ key: 'slack:old', age: 40 * DAY }]);
      const days = { days: 30 };

      expect(await tick(fresh.db, ago(MINUTE), days)).toEqual({ ran: 0, skipped: 0, late: 0, failed: 0 });
      expect(await requestKeys(fresh.db)).toEqual(['slack:old']);
      expect(await tick(fresh.db, T, days)).toEqual({ ran: 1, skipped: 0, late: 0, failed: 0 });
      expect(await requestKeys(fresh.db)).toEqual([]);
      expect(await tick(fresh.db, new Date(T.getTime() + MINUTE), days)).toEqual({ ran: 0, skipped: 1, late: 0, failed: 0 });

      // Tuesday: every replica down from 03:00 to 07:00.
      expect(await tick(fresh.db, new Date(T.getTime() + DAY + 225 * MINUTE), days)).toEqual({ ran: 1, skipped: 0, late: 1, failed: 0 });
      // Wednesday: down until 08:30, past the catch-up window; Thursday's run does the work.
      expect(await tick(fresh.db, new Date(T.getTime() + 2 * DAY + 315 * MINUTE), days)).toEqual({
        ran: 0,
        skipped: 0,
        late: 0,
        failed: 0,
      });

      expect(await retentionSlots(fresh.db)).toEqual([
        { slotAt: T, status: 'done', late: false, recipientKey: 'database' },
        { slotAt: new Date(T.getTime() + DAY), status: 'done', late: true, recipientKey: 'database' },
      ]);
    });

    it('never deletes requests inside the last day of the real clock, even for a future instant', async () => {
      const now = new Date();
      await fresh.db.processedRequest.createMany({
        data: [
          { key: 'slack:just-now', createdAt: ago(MINUTE, now) },
          { key: 'slack:3-days', createdAt: ago(3 * DAY, now) },
        ],
      });
      const future = new Date(Date.UTC(now.getUTCFullYear() + 1, 0, 10, 3, 15));
      expect(await tick(fresh.db, future, { days: 1 })).toMatchObject({ ran: 1, failed: 0 });
      expect(await requestKeys(fresh.db)).toEqual(['slack:just-now']);
    });
  });
}

describe('RETENTION_DAYS', () => {
  const problem = (value: string) => {
    try {
      loadConfig({ RETENTION_DAYS: value });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error(`accepted RETENTION_DAYS=${value}`);
  };

  it('defaults to 30 days and accepts a whole number of days from 1', () => {
    expect(loadConfig({}).RETENTION_DAYS).toBe(30);
    expect(loadConfig({ RETENTION_DAYS: '1' }).RETENTION_DAYS).toBe(1);
    expect(loadConfig({ RETENTION_DAYS: ' 90 ' }).RETENTION_DAYS).toBe(90);
  });

  it('refuses a value that would forget requests still being retried, or is not a number of days, naming the variable', () => {
    expect(problem('0')).toContain('RETENTION_DAYS: must be at least 1: Slack and Teams retry a request for minutes');
    expect(problem('-5')).toContain('RETENTION_DAYS: must be at least 1');
    expect(problem('0.5')).toContain('RETENTION_DAYS: must be a whole number of days (got "0.5")');
    expect(problem('a month')).toMatch(/RETENTION_DAYS: .*number.*\(got "a month"\)/);
    expect(problem('100000')).toContain('RETENTION_DAYS: must be at most 3650');
  });

  it('is registered with the scheduled jobs', () => {
    expect(JOBS.map((job) => job.name)).toContain(RETENTION_JOB_NAME);
  });
});

type Outcome = { code: number; stdout: string; stderr: string };

/** `npm run jobs -- …` as an operator would type it. */
function npmRunJobs(databaseUrl: string, args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', 'jobs', '--silent', '--', ...args],
      { cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`retention through npm run jobs (${provider})`, () => {
    it('two processes at 03:15 UTC delete once, with RETENTION_DAYS from the environment', async () => {
      const database = await freshDatabaseUrl(provider);
      const { url } = database;
      const db = createDb(url);
      try {
        await seedRequests(db, [
          { key: 'slack:11-days', age: 11 * DAY },
          { key: 'slack:9-days', age: 9 * DAY },
        ]);
        await seedSlots(db, [
          { name: 'done-11-days', ageDays: 11, status: 'done' },
          { name: 'done-9-days', ageDays: 9, status: 'done' },
        ]);
        const at = T.toISOString();
        const runs = await Promise.all([0, 1].map(() => npmRunJobs(url, ['run', '--at', at], { RETENTION_DAYS: '10' })));
        for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });
        const summaries = runs.map((run) => run.stdout).sort();
        expect(summaries[0]).toBe(`Jobs at ${at}: 0 delivered (0 late), 0 failed, 1 already done or taken; ${JOBS.length} job(s).\n`);
        expect(summaries[1]).toBe(`Jobs at ${at}: 1 delivered (0 late), 0 failed, 0 already done or taken; ${JOBS.length} job(s).\n`);
        expect(await requestKeys(db)).toEqual(['slack:9-days']);
        expect(await otherSlots(db)).toEqual(['done-9-days']);
        expect(await retentionSlots(db)).toEqual([{ slotAt: T, status: 'done', late: false, recipientKey: 'database' }]);

        const refused = await npmRunJobs(url, ['run', '--at', at], { RETENTION_DAYS: '0' });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain('RETENTION_DAYS: must be at least 1');
      } finally {
        await db.$disconnect();
        await database.drop();
      }
    }, 120_000);
  });
}
