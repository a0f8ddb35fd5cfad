// A replica that dies mid-digest (SIGKILL, a real OS process): another one takes its slot over about a
// lease (a minute) later, not ten minutes, and sends only the messages the dead one had not sent.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { repoRoot } from '../../src/store/migrations.js';
import { logger } from '../../src/logger.js';
import { renderText } from '../../src/views/render/text.js';
import { runDueJobs } from '../../src/jobs/runner.js';
import type { Deliverer } from '../../src/jobs/job.js';
import { freshDatabase, ALL_PROVIDERS, describeOn, type FreshDatabase } from '../support/databases.js';
import { seedManagers } from './fixtures/test-jobs.js';
import { MULTI_MESSAGE_JOB_NAME, multiMessageJob } from './fixtures/multi-message.js';

/** Monday 2026-11-23 08:30 UTC: the digest of a manager in UTC is due. */
const T = new Date('2026-11-23T08:30:00Z');
const MESSAGES = 6;
const WORKER = path.join(repoRoot, 'test', 'jobs', 'fixtures', 'digest-worker.ts');

function startWorker(databaseUrl: string, out: string): { child: ChildProcess; exited: Promise<NodeJS.Signals | null> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', WORKER, '--at', T.toISOString(), '--out', out, '--messages', String(MESSAGES), '--stop-after', '2'],
    { cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, stdio: 'ignore' },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  return { child, exited };
}

const lines = (file: string): string[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { text: string }).text)
    : [];

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; !(await condition()); tries++) {
    if (tries > 600) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Records each message as a platform deliverer does: sent, then reported. */
function reportingDeliverer(sent: string[]): Deliverer {
  return {
    async deliver(_target, screens, progress) {
      for (const screen of screens) {
        sent.push(renderText(screen));
        await progress?.sent();
      }
    },
  };
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`taking over a dead replica's digest (${provider})`, () => {
    let fresh: FreshDatabase;
    let dir: string;
    beforeEach(async () => {
      fresh = await freshDatabase(provider);
      dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-takeover-'));
    });
    afterEach(async () => {
      await fresh.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('resumes at the first unsent message about a minute after the worker died: N messages in all, never N + 2', async () => {
      await seedManagers(fresh.db, [{ handle: 'solo' }], { timeZone: 'UTC' });
      const out = path.join(dir, 'sent.jsonl');
      const worker = startWorker(fresh.url, out);
      try {
        // The worker sent two messages, recorded both, and hangs on the third: kill -9 it there.
        await until(
          async () => (await fresh.db.scheduleSlot.findFirst({ where: { job: MULTI_MESSAGE_JOB_NAME } }))?.delivered === 2,
          'two delivered messages recorded',
        );
      } finally {
        worker.child.kill('SIGKILL');
      }
      expect(await worker.exited).toBe('SIGKILL');
      expect(lines(out)).toEqual([`Message 1 of ${MESSAGES}`, `Message 2 of ${MESSAGES}`]);
      const died = (await fresh.db.scheduleSlot.findFirstOrThrow({ where: { job: MULTI_MESSAGE_JOB_NAME } })).claimedAt.getTime();

      const sent: string[] = [];
      const rescue = (afterMs: number) =>
        runDueJobs({
          db: fresh.db,
          now: T,
          jobs: [multiMessageJob(MESSAGES)],
          deliver: reportingDeliverer(sent),
          claimedBy: 'rescuer',
          logger,
          clock: () => new Date(died + afterMs),
        });
      // Half a minute after its last sign of life the claim still stands; a little over a minute after, it is taken over.
      expect(await rescue(30_000)).toMatchObject({ ran: 0, skipped: 1 });
      expect(await rescue(70_000)).toMatchObject({ ran: 1, failed: 0 });
      expect(sent).toEqual(Array.from({ length: MESSAGES - 2 }, (_, index) => `Message ${index + 3} of ${MESSAGES}`));
      expect(lines(out).length + sent.length).toBe(MESSAGES);
      expect(await fresh.db.scheduleSlot.findMany({ where: { job: MULTI_MESSAGE_JOB_NAME } })).toMatchObject([
        { status: 'done', claimedBy: 'rescuer', attempts: 2, delivered: MESSAGES },
      ]);
      // Nothing more on later ticks.
      expect(await rescue(5 * 60_000)).toMatchObject({ ran: 0 });
      expect(sent).toHaveLength(MESSAGES - 2);
    });
  });
}
