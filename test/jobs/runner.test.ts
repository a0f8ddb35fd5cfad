import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/store/db.js';
import { logger } from '../../src/logger.js';
import { localTimeParts } from '../../src/domain/calendar.js';
import { renderText } from '../../src/views/render/text.js';
import { runDueJobs, type RunDueJobsOptions } from '../../src/jobs/runner.js';
import { ConsoleDeliverer, RecordingDeliverer, createDeliverer } from '../../src/jobs/deliverers.js';
import { DeliveryError, isRetryableError, type Deliverer, type DeliveryTarget } from '../../src/jobs/job.js';
import { claimSlot, completeSlot } from '../../src/store/schedule-slots.js';
import { loadConfig } from '../../src/config/env.js';
import { freshDatabase, ALL_PROVIDERS, describeOn, type FreshDatabase } from '../support/databases.js';
import { seedManagers, testDailyJob, testDigestScreen, TEST_DAILY_JOB_NAME } from './fixtures/test-jobs.js';
import { multiMessageJob } from './fixtures/multi-message.js';
import { createWorkspace } from '../../src/store/workspaces.js';

/** Monday 2026-11-23 08:30 UTC. */
const T = new Date('2026-11-23T08:30:00Z');
const at = (minutes: number, from: Date = T) => new Date(from.getTime() + minutes * 60_000);

/** One tick at `now`, with the wall clock at `now` too (leases and backoff follow the simulation). */
function tick(db: Db, now: Date, deliver: Deliverer, options: Partial<RunDueJobsOptions> = {}) {
  return runDueJobs({ db, now, jobs: [testDailyJob()], deliver, claimedBy: 'runner-1', logger, clock: () => now, ...options });
}

const recipients = (deliverer: RecordingDeliverer) => deliverer.deliveries.map((delivery) => delivery.target.memberId ?? '?');
const texts = (deliverer: RecordingDeliverer) => deliverer.deliveries.map((delivery) => delivery.screens.map(renderText).join('\n'));

/** A deliverer that parks each delivery until released, like a platform call that hangs. */
function hangingDeliverer(inner: Deliverer) {
  const waiting: (() => void)[] = [];
  const deliverer: Deliverer = {
    async deliver(target, screens) {
      await new Promise<void>((resolve) => waiting.push(resolve));
      await inner.deliver(target, screens);
    },
  };
  return { deliverer, waiting };
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let tries = 0; !(await condition()); tries++) {
    if (tries > 500) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`runDueJobs (${provider})`, () => {
    let fresh: FreshDatabase;
    const extra: Db[] = [];
    const client = () => {
      const db = createDb(fresh.url);
      extra.push(db);
      return db;
    };
    beforeEach(async () => {
      fresh = await freshDatabase(provider);
    });
    afterEach(async () => {
      await Promise.all(extra.splice(0).map((db) => db.$disconnect()));
      await fresh.cleanup();
    });

    const slotRows = () => fresh.db.scheduleSlot.findMany({ orderBy: [{ slotAt: 'asc' }, { recipientKey: 'asc' }] });

    // A simulated week of one-minute ticks: every minute around each digest, plus random minutes in between.
    for (const [week, from, expected] of [
      [
        'the spring-forward week',
        '2026-03-04T00:00:00Z',
        {
          ny: [
            '2026-03-04T13:30:00.000Z',
            '2026-03-05T13:30:00.000Z',
            '2026-03-06T13:30:00.000Z',
            '2026-03-09T12:30:00.000Z',
            '2026-03-10T12:30:00.000Z',
          ],
          sh: [
            '2026-03-04T00:30:00.000Z',
            '2026-03-05T00:30:00.000Z',
            '2026-03-06T00:30:00.000Z',
            '2026-03-09T00:30:00.000Z',
            '2026-03-10T00:30:00.000Z',
          ],
        },
      ],
      [
        'the fall-back week',
        '2026-10-28T00:00:00Z',
        {
          ny: [
            '2026-10-28T12:30:00.000Z',
            '2026-10-29T12:30:00.000Z',
            '2026-10-30T12:30:00.000Z',
            '2026-11-02T13:30:00.000Z',
            '2026-11-03T13:30:00.000Z',
          ],
          sh: [
            '2026-10-28T00:30:00.000Z',
            '2026-10-29T00:30:00.000Z',
            '2026-10-30T00:30:00.000Z',
            '2026-11-02T00:30:00.000Z',
            '2026-11-03T00:30:00.000Z',
          ],
        },
      ],
    ] as const) {
      it(`gives a New York and a Shanghai manager each weekday digest once, at 08:30 local, over ${week}`, async () => {
        const { managers } = await seedManagers(fresh.db, [
          { handle: 'nyc', timeZone: 'America/New_York' },
          { handle: 'sha', timeZone: 'Asia/Shanghai' },
        ]);
        const start = new Date(from).getTime();
        const slots = [...expected.ny, ...expected.sh].map((iso) => new Date(iso).getTime());
        const ticks = new Set<number>();
        for (const slot of slots) for (let offset = -3; offset <= 3; offset++) ticks.add(slot + offset * 60_000);
        let seed = 42;
        for (let random = 0; random < 60; random++) {
          seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
          ticks.add(start + (seed % (7 * 24 * 60)) * 60_000);
        }
        const sent: { memberId: string; at: number }[] = [];
        const deliverer: Deliverer = {
          deliver(target) {
            sent.push({ memberId: target.memberId ?? '?', at: now.getTime() });
            return Promise.resolve();
          },
        };
        let now = new Date(start);
        for (const ms of [...ticks].filter((ms) => ms >= start && ms < start + 7 * 86_400_000).sort((a, b) => a - b)) {
          now = new Date(ms);
          await tick(fresh.db, now, deliverer);
        }
        const byManager = (handle: string) =>
          sent
            .filter((delivery) => delivery.memberId === managers.find((manager) => manager.handle === handle)?.id)
            .map((delivery) => new Date(delivery.at).toISOString());
        expect(byManager('nyc')).toEqual(expected.ny);
        expect(byManager('sha')).toEqual(expected.sh);
        for (const [handle, timeZone] of [
          ['nyc', 'America/New_York'],
          ['sha', 'Asia/Shanghai'],
        ] as const) {
          for (const iso of byManager(handle)) expect(localTimeParts(new Date(iso), timeZone)).toMatchObject({ hour: 8, minute: 30 });
        }
        const rows = await slotRows();
        expect(rows).toHaveLength(10);
        expect(rows.every((row) => row.status === 'done' && !row.late && row.attempts === 1)).toBe(true);
      });
    }

    it('delivers each slot once when two replicas run the same instant concurrently', async () => {
      const { managers } = await seedManagers(
        fresh.db,
        Array.from({ length: 20 }, (_, index) => ({ handle: `m${index}` })),
        { timeZone: 'UTC' },
      );
      const [second, third] = [client(), client()];
      const deliverers = [new RecordingDeliverer(), new RecordingDeliverer(), new RecordingDeliverer()];
      for (const now of [T, at(1), at(24 * 60)]) {
        const summaries = await Promise.all(
          [fresh.db, second, third].map((db, index) =>
            runDueJobs({
              db,
              now,
              jobs: [testDailyJob()],
              deliver: deliverers[index] ?? new RecordingDeliverer(),
              claimedBy: `replica-${index}`,
              logger,
              concurrency: 3,
            }),
          ),
        );
        expect(summaries.reduce((sum, summary) => sum + summary.ran + summary.skipped, 0)).toBe(3 * 20);
        expect(summaries.every((summary) => summary.failed === 0)).toBe(true);
      }
      const all = deliverers.flatMap(recipients);
      expect(all).toHaveLength(40); // Monday and Tuesday for each of 20 managers; the second tick Monday added none
      expect(new Set(deliverers.flatMap(texts)).size).toBe(40);
      for (const manager of managers) expect(all.filter((id) => id === manager.id)).toHaveLength(2);
    });

    it('after a crash mid-run, a restart past the lease delivers the rest and repeats nothing', async () => {
      const { managers } = await seedManagers(
        fresh.db,
        Array.from({ length: 6 }, (_, index) => ({ handle: `m${index}` })),
        { timeZone: 'UTC' },
      );
      // The process that crashed had claimed every slot and delivered (and recorded) two of them.
      for (const manager of managers)
        await claimSlot(fresh.db, {
          job: TEST_DAILY_JOB_NAME,
          recipientKey: `member:${manager.id}`,
          slotAt: T,
          claimedBy: 'crashed',
          now: T,
        });
      const delivered = managers.slice(0, 2);
      for (const manager of delivered)
        await completeSlot(fresh.db, { job: TEST_DAILY_JOB_NAME, recipientKey: `member:${manager.id}`, slotAt: T });

      const restarted = new RecordingDeliverer();
      // The lease is a minute: 30 s after the crash the claims still stand; 5 minutes after, they are taken over.
      expect(await tick(fresh.db, at(0.5), restarted, { claimedBy: 'restarted' })).toEqual({ ran: 0, skipped: 6, late: 0, failed: 0 });
      expect(await tick(fresh.db, at(5), restarted, { claimedBy: 'restarted' })).toEqual({ ran: 4, skipped: 2, late: 4, failed: 0 });
      expect(await tick(fresh.db, at(6), restarted, { claimedBy: 'restarted' })).toEqual({ ran: 0, skipped: 6, late: 0, failed: 0 });
      expect(recipients(restarted).sort()).toEqual(
        managers
          .slice(2)
          .map((manager) => manager.id)
          .sort(),
      );
      expect(texts(restarted).every((text) => text.endsWith('· late'))).toBe(true);
      const rows = await slotRows();
      expect(rows.every((row) => row.status === 'done')).toBe(true);
      expect(rows.filter((row) => row.claimedBy === 'restarted').map((row) => [row.attempts, row.late])).toEqual(Array(4).fill([2, true]));
    });

    it('closes a dead claim that is no longer due, and one whose runs keep dying, without delivering', async () => {
      const [a, b] = (await seedManagers(fresh.db, [{ handle: 'a' }, { handle: 'b' }], { timeZone: 'UTC' })).managers;
      const claim = (memberId: string | undefined) =>
        claimSlot(fresh.db, { job: TEST_DAILY_JOB_NAME, recipientKey: `member:${memberId}`, slotAt: T, claimedBy: 'crashed', now: T });
      await claim(a?.id);
      await claim(b?.id);
      await fresh.db.scheduleSlot.updateMany({ where: { recipientKey: `member:${b?.id}` }, data: { attempts: 5 } }); // died on every attempt
      const sent = new RecordingDeliverer();
      expect(await tick(fresh.db, at(30), sent)).toEqual({ ran: 1, skipped: 0, late: 1, failed: 1 });
      expect(await slotRows()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ recipientKey: `member:${a?.id}`, status: 'done', attempts: 2 }),
          expect.objectContaining({
            recipientKey: `member:${b?.id}`,
            status: 'failed',
            attempts: 6,
            error: 'gave up after 5 attempts that did not finish',
          }),
        ]),
      );
      // Tuesday's claims die too, and the bot is back only after the catch-up window.
      const tuesday = at(24 * 60);
      await claimSlot(fresh.db, {
        job: TEST_DAILY_JOB_NAME,
        recipientKey: `member:${a?.id}`,
        slotAt: tuesday,
        claimedBy: 'crashed',
        now: tuesday,
      });
      expect(await tick(fresh.db, at(300, tuesday), sent)).toEqual({ ran: 0, skipped: 0, late: 0, failed: 1 });
      expect(await fresh.db.scheduleSlot.findFirst({ where: { slotAt: tuesday } })).toMatchObject({
        status: 'failed',
        error: 'no longer due when taken over from a process that died',
      });
      expect(recipients(sent)).toEqual([a?.id]);
    });

    it('takes over from a process that hangs mid-run, and the hung process cannot record over it', async () => {
      const [manager] = (await seedManagers(fresh.db, [{ handle: 'solo' }], { timeZone: 'UTC' })).managers;
      const sent = new RecordingDeliverer();
      const hung = hangingDeliverer(sent);
      const stuck = runDueJobs({
        db: client(),
        now: T,
        jobs: [testDailyJob()],
        deliver: hung.deliverer,
        claimedBy: 'hung',
        logger,
        clock: () => T,
      });
      await until(() => hung.waiting.length === 1);
      expect(await tick(fresh.db, at(11), sent, { claimedBy: 'rescuer' })).toMatchObject({ ran: 1, late: 1 });
      hung.waiting[0]?.(); // the platform call returns at last
      expect(await stuck).toMatchObject({ ran: 1 });
      // A call that hangs past the lease and then succeeds is the one way to deliver twice.
      expect(sent.deliveries).toHaveLength(2);
      expect(await slotRows()).toMatchObject([
        { recipientKey: `member:${manager?.id}`, status: 'done', claimedBy: 'rescuer', attempts: 2, late: true },
      ]);
    });

    it('renews the claim while a slot runs, so a live replica keeps its slot past the lease', async () => {
      await seedManagers(fresh.db, [{ handle: 'slow' }], { timeZone: 'UTC' });
      const leaseMinutes = 0.05; // 3 s, renewed every second
      const sent = new RecordingDeliverer();
      const slow = hangingDeliverer(sent);
      const running = runDueJobs({
        db: client(),
        now: T,
        jobs: [testDailyJob()],
        deliver: slow.deliverer,
        claimedBy: 'slow',
        logger,
        leaseMinutes,
      });
      await until(() => slow.waiting.length === 1);
      const claimedAt = async () => (await fresh.db.scheduleSlot.findFirstOrThrow()).claimedAt.getTime();
      const first = await claimedAt();
      // Wait until the claim has been renewed to beyond the lease of the first claim.
      for (let tries = 0; (await claimedAt()) - first <= leaseMinutes * 60_000; tries++) {
        if (tries > 300) throw new Error('the claim was not renewed');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(
        await runDueJobs({ db: fresh.db, now: T, jobs: [testDailyJob()], deliver: sent, claimedBy: 'other', logger, leaseMinutes }),
      ).toEqual({
        ran: 0,
        skipped: 1,
        late: 0,
        failed: 0,
      });
      slow.waiting[0]?.();
      expect(await running).toMatchObject({ ran: 1, failed: 0 });
      expect(sent.deliveries).toHaveLength(1);
      expect(await slotRows()).toMatchObject([{ status: 'done', claimedBy: 'slow', attempts: 1, delivered: 1 }]);
    });

    it('retries a digest that failed after two of its messages from the third, and stops sending once another process has the slot', async () => {
      await seedManagers(fresh.db, [{ handle: 'a' }], { timeZone: 'UTC' });
      const sent: string[] = [];
      let failAt = 3;
      const flaky: Deliverer = {
        async deliver(_target, screens, progress) {
          for (const screen of screens) {
            const text = renderText(screen);
            if (text === `Message ${failAt} of 5`) {
              failAt = 0;
              throw new DeliveryError('Slack answered 503', { retryable: true });
            }
            sent.push(text);
            await progress?.sent();
          }
        },
      };
      const job = multiMessageJob(5);
      const run = (now: Date, deliver: Deliverer, claimedBy = 'runner-1') =>
        runDueJobs({ db: fresh.db, now: T, jobs: [job], deliver, claimedBy, logger, clock: () => now });
      expect(await run(T, flaky)).toMatchObject({ ran: 0, failed: 1 });
      expect(await slotRows()).toMatchObject([{ status: 'failed', delivered: 2, attempts: 1 }]);
      expect(await run(at(2), flaky)).toMatchObject({ ran: 1, failed: 0 });
      expect(sent).toEqual([1, 2, 3, 4, 5].map((n) => `Message ${n} of 5`));
      expect(await slotRows()).toMatchObject([{ status: 'done', delivered: 5, attempts: 2 }]);

      // Tuesday: a process whose slot was taken over while its call hung stops after that call.
      const tuesday = at(24 * 60);
      const stale: string[] = [];
      const hung: (() => void)[] = [];
      const slow: Deliverer = {
        async deliver(_target, screens, progress) {
          for (const screen of screens) {
            if (stale.length === 1) await new Promise<void>((resolve) => hung.push(resolve));
            stale.push(renderText(screen));
            await progress?.sent();
          }
        },
      };
      const staleRun = runDueJobs({
        db: client(),
        now: tuesday,
        jobs: [job],
        deliver: slow,
        claimedBy: 'stale',
        logger,
        clock: () => tuesday,
      });
      await until(() => hung.length === 1);
      const rescued: string[] = [];
      const rescuer: Deliverer = {
        async deliver(_target, screens, progress) {
          for (const screen of screens) {
            rescued.push(renderText(screen));
            await progress?.sent();
          }
        },
      };
      expect(
        await runDueJobs({
          db: fresh.db,
          now: tuesday,
          jobs: [job],
          deliver: rescuer,
          claimedBy: 'rescuer',
          logger,
          clock: () => at(5, tuesday),
        }),
      ).toMatchObject({ ran: 1 });
      expect(rescued).toEqual([2, 3, 4, 5].map((n) => `Message ${n} of 5`));
      hung[0]?.();
      await staleRun;
      // The stale process sent the message its hung call carried, then nothing more.
      expect(stale).toEqual(['Message 1 of 5', 'Message 2 of 5']);
      expect(await fresh.db.scheduleSlot.findFirstOrThrow({ where: { slotAt: tuesday } })).toMatchObject({
        status: 'done',
        claimedBy: 'rescuer',
        delivered: 5,
      });
    });

    it('delivers a slot missed while down late within catchUpMinutes, and never beyond', async () => {
      await seedManagers(fresh.db, [{ handle: 'sha', timeZone: 'Asia/Shanghai' }], { catchUpMinutes: 240 });
      const sent = new RecordingDeliverer();
      const monday = new Date('2026-11-23T00:30:00Z'); // 08:30 in Shanghai
      expect(await tick(fresh.db, at(45, monday), sent)).toEqual({ ran: 1, skipped: 0, late: 1, failed: 0 });
      expect(texts(sent)).toEqual([renderText(testDigestScreen('sha', monday, true))]);
      expect(await slotRows()).toMatchObject([{ slotAt: monday, late: true, status: 'done' }]);
      expect(await tick(fresh.db, at(46, monday), sent)).toMatchObject({ ran: 0, skipped: 1 });
      // Tuesday the bot is down from before 08:30 until 4 h 1 min later: that digest is skipped.
      const tuesday = at(24 * 60, monday);
      expect(await tick(fresh.db, at(241, tuesday), sent)).toEqual({ ran: 0, skipped: 0, late: 0, failed: 0 });
      expect(sent.deliveries).toHaveLength(1);
      expect(await fresh.db.scheduleSlot.count()).toBe(1);
    });

    it('honours catchUpMinutes 0: on time or not at all', async () => {
      await seedManagers(fresh.db, [{ handle: 'utc' }], { timeZone: 'UTC', catchUpMinutes: 0 });
      const sent = new RecordingDeliverer();
      expect(await tick(fresh.db, at(5), sent)).toMatchObject({ ran: 0 });
      expect(await tick(fresh.db, at(24 * 60 + 1), sent)).toMatchObject({ ran: 1, late: 0 });
    });

    it('retries a retryable delivery failure on a later tick, once it has waited, without duplicating', async () => {
      await seedManagers(fresh.db, [{ handle: 'a' }, { handle: 'b' }], { timeZone: 'UTC' });
      const sent = new RecordingDeliverer();
      let calls = 0;
      let failNext = 1;
      const flaky: Deliverer = {
        async deliver(target: DeliveryTarget, screens) {
          calls++;
          if (target.memberId && failNext > 0 && !sent.deliveries.some((delivery) => delivery.target.memberId === target.memberId)) {
            failNext--;
            throw Object.assign(new Error('ratelimited'), { statusCode: 429 });
          }
          await sent.deliver(target, screens);
        },
      };
      expect(await tick(fresh.db, T, flaky, { concurrency: 1 })).toEqual({ ran: 1, skipped: 0, late: 0, failed: 1 });
      const failed = (await slotRows()).find((row) => row.status === 'failed');
      expect(failed).toMatchObject({ error: 'Error: ratelimited', completedAt: null, attempts: 1 });
      expect(await tick(fresh.db, new Date(T.getTime() + 30_000), flaky)).toEqual({ ran: 0, skipped: 2, late: 0, failed: 0 }); // waits a minute first
      // Two replicas reach the retry at once: one delivers.
      const [first, second] = await Promise.all([tick(fresh.db, at(2), flaky), tick(client(), at(2), flaky, { claimedBy: 'runner-2' })]);
      expect(first.ran + second.ran).toBe(1);
      expect(await tick(fresh.db, at(3), flaky)).toMatchObject({ ran: 0, failed: 0 });
      expect(calls).toBe(3);
      expect(recipients(sent).sort()).toEqual([...new Set(recipients(sent))].sort());
      expect(sent.deliveries).toHaveLength(2);
      expect((await slotRows()).map((row) => [row.status, row.attempts, row.error])).toEqual(
        expect.arrayContaining([
          ['done', 1, null],
          ['done', 2, null],
        ]),
      );
    });

    it('records a delivery whose first record fails on a second try, so it is not delivered again', async () => {
      await seedManagers(fresh.db, [{ handle: 'a' }], { timeZone: 'UTC' });
      let recordFailures = 1;
      // The database refuses the first "done" write once, as a busy or reconnecting database would.
      const flakyDb = fresh.db.$extends({
        query: {
          scheduleSlot: {
            async updateMany({ args, query }) {
              if (args.data.status === 'done' && recordFailures > 0) {
                recordFailures--;
                throw new Error('database is locked');
              }
              return query(args);
            },
          },
        },
      }) as unknown as Db;
      const sent = new RecordingDeliverer();
      expect(await tick(flakyDb, T, sent)).toEqual({ ran: 1, skipped: 0, late: 0, failed: 0 });
      expect(recordFailures).toBe(0);
      expect(await slotRows()).toMatchObject([{ status: 'done', attempts: 1, error: null }]);
      // Past the lease, nothing is taken over and delivered again.
      expect(await tick(fresh.db, at(60), sent)).toMatchObject({ ran: 0 });
      expect(sent.deliveries).toHaveLength(1);
    });

    it('gives up after maxAttempts with backoff, and never retries a failure that is not retryable', async () => {
      await seedManagers(fresh.db, [{ handle: 'a' }], { timeZone: 'UTC' });
      let retryableCalls = 0;
      const down: Deliverer = {
        deliver() {
          retryableCalls++;
          return Promise.reject(new DeliveryError('Slack answered 503', { retryable: true }));
        },
      };
      for (let minute = 0; minute <= 30; minute++) await tick(fresh.db, at(minute), down, { maxAttempts: 3 });
      expect(retryableCalls).toBe(3); // at 0, after 1 minute, after 2 more
      expect(await slotRows()).toMatchObject([{ status: 'failed', attempts: 3, error: 'DeliveryError: Slack answered 503' }]);
      expect((await slotRows())[0]?.completedAt).not.toBeNull();

      let brokenCalls = 0;
      const broken: Deliverer = {
        deliver() {
          brokenCalls++;
          return Promise.reject(new TypeError('cannot read properties of undefined'));
        },
      };
      const tuesday = at(24 * 60);
      for (let minute = 0; minute <= 10; minute++) await tick(fresh.db, at(minute, tuesday), broken);
      expect(brokenCalls).toBe(1);
    });

    it('skips due slots of a job that failed to list them, and runs the other jobs', async () => {
      await seedManagers(fresh.db, [{ handle: 'a' }], { timeZone: 'UTC' });
      const sent = new RecordingDeliverer();
      const broken = testDailyJob({
        name: 'test.broken',
        dueSlots() {
          return Promise.reject(new Error('query failed'));
        },
      });
      const summary = await runDueJobs({ db: fresh.db, now: T, jobs: [broken, testDailyJob()], deliver: sent, claimedBy: 'p', logger });
      expect(summary).toEqual({ ran: 1, skipped: 0, late: 0, failed: 0 });
      await expect(
        runDueJobs({ db: fresh.db, now: T, jobs: [testDailyJob(), testDailyJob()], deliver: sent, claimedBy: 'p', logger }),
      ).rejects.toThrow(/unique/);
    });
  });
}

describe('deliverers', () => {
  it('prints deliveries as the shell shows them', async () => {
    let printed = '';
    const printer = new ConsoleDeliverer({ write: (text: string) => (printed += text) });
    await printer.deliver({ workspaceId: 'w1', memberId: 'm1' }, [testDigestScreen('Mia', T, true)]);
    expect(printed).toBe(`→ member m1 · workspace w1\n${renderText(testDigestScreen('Mia', T, true))}\n\n`);
  });

  it('sends each workspace’s messages to the platform it is installed on, and prints the others', async () => {
    const fresh = await freshDatabase('sqlite');
    try {
      const slackWs = await createWorkspace(fresh.db, { name: 'On Slack' }, { platform: 'slack', externalTenantId: 'T1' });
      const shellWs = await createWorkspace(fresh.db, { name: 'Local' }, { platform: 'shell', externalTenantId: 'local' });
      const slack = new RecordingDeliverer();
      let printed = '';
      const deliverer = createDeliverer(loadConfig({}), fresh.db, {
        logger,
        platforms: { slack },
        output: { write: (text: string) => (printed += text) },
      });
      const screen = { kind: 'message' as const, title: 'Hello', blocks: [{ type: 'text' as const, text: 'Hello there' }] };
      await deliverer.deliver({ workspaceId: slackWs, memberId: 'm1' }, [screen]);
      await deliverer.deliver({ workspaceId: shellWs, memberId: 'm2' }, [screen]);
      expect(slack.deliveries.map((d) => d.target.workspaceId)).toEqual([slackWs]);
      expect(printed).toContain('Hello there');
      expect(printed).toContain(shellWs);
    } finally {
      await fresh.cleanup();
    }
  });

  it('tells retryable failures from the others', () => {
    expect(isRetryableError(new DeliveryError('x', { retryable: true }))).toBe(true);
    expect(isRetryableError(new DeliveryError('x', { retryable: false }))).toBe(false);
    expect(isRetryableError(Object.assign(new Error('x'), { statusCode: 503 }))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('x'), { status: 429 }))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('x'), { statusCode: 404 }))).toBe(false);
    expect(isRetryableError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryableError(new Error('bug'))).toBe(false);
    expect(isRetryableError('string')).toBe(false);
  });
});
