// Real OS processes against one database: what replicas and restarts actually are.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { repoRoot } from '../../src/store/migrations.js';
import { freshDatabase, ALL_PROVIDERS, describeOn, type FreshDatabase } from '../support/databases.js';
import { seedManagers } from './fixtures/test-jobs.js';

const T = '2026-11-23T08:30:00Z';
const SCRIPT = path.join(repoRoot, 'test', 'jobs', 'fixtures', 'run-jobs.ts');

type Finished = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

function startRunner(databaseUrl: string, args: string[]): { child: ChildProcess; done: Promise<Finished> } {
  // node with tsx's loader rather than the tsx CLI, which would run the script in a grandchild that a kill misses.
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

function deliveries(file: string): { memberId: string; text: string; pid: number }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { memberId: string; text: string; pid: number });
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`scheduled jobs in separate processes (${provider})`, () => {
    let fresh: FreshDatabase;
    let dir: string;
    beforeEach(async () => {
      fresh = await freshDatabase(provider);
      dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-jobs-'));
    });
    afterEach(async () => {
      await fresh.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('two processes running the same slot at once deliver it once', async () => {
      const { managers } = await seedManagers(
        fresh.db,
        Array.from({ length: 8 }, (_, index) => ({ handle: `m${index}` })),
        { timeZone: 'UTC' },
      );
      const out = path.join(dir, 'deliveries.jsonl');
      const args = ['--at', T, '--out', out, '--delay-ms', '200', '--start-at', String(Date.now() + 4000)];
      const runs = await Promise.all([startRunner(fresh.url, args).done, startRunner(fresh.url, args).done]);
      for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });
      const summaries = runs.map((run) => JSON.parse(run.stdout) as { ran: number; skipped: number; failed: number });
      expect(summaries.reduce((sum, summary) => sum + summary.ran, 0)).toBe(8);
      expect(summaries.reduce((sum, summary) => sum + summary.skipped, 0)).toBe(8);
      const sent = deliveries(out);
      expect(sent.map((delivery) => delivery.memberId).sort()).toEqual(managers.map((manager) => manager.id).sort());
      expect(await fresh.db.scheduleSlot.count({ where: { status: 'done' } })).toBe(8);
    });

    it('killing a process mid-run and restarting after the lease delivers the rest and repeats none', async () => {
      const { managers } = await seedManagers(
        fresh.db,
        Array.from({ length: 5 }, (_, index) => ({ handle: `m${index}` })),
        { timeZone: 'UTC' },
      );
      const out = path.join(dir, 'deliveries.jsonl');
      // One slot at a time, each delivery taking a second: kill it while the third is on its way.
      const first = startRunner(fresh.url, ['--at', T, '--out', out, '--delay-ms', '1000', '--concurrency', '1']);
      const inFlight = async () => {
        const counts = await fresh.db.scheduleSlot.groupBy({ by: ['status'], _count: true });
        return (
          counts.some((row) => row.status === 'done' && row._count === 2) &&
          counts.some((row) => row.status === 'claimed' && row._count === 1)
        );
      };
      for (let tries = 0; !(await inFlight()); tries++) {
        if (tries > 1500) throw new Error('the first process never had two slots done and a third under way');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      first.child.kill('SIGKILL');
      expect(await first.done).toMatchObject({ signal: 'SIGKILL' });
      expect(deliveries(out)).toHaveLength(2);
      expect(await fresh.db.scheduleSlot.groupBy({ by: ['status'], _count: true, orderBy: { status: 'asc' } })).toEqual([
        { status: 'claimed', _count: 1 },
        { status: 'done', _count: 2 },
      ]);

      // Restarted within the lease: the dead process's claim is left alone, the untouched slots go out.
      const soon = await startRunner(fresh.url, ['--at', '2026-11-23T08:31:00Z', '--out', out]).done;
      expect(soon, soon.stderr).toMatchObject({ code: 0 });
      expect(JSON.parse(soon.stdout)).toEqual({ ran: 2, skipped: 3, late: 0, failed: 0 });
      // After the lease (the wall clock 11 minutes on): the claimed slot is taken over and delivered, late.
      const later = await startRunner(fresh.url, ['--at', '2026-11-23T08:41:00Z', '--out', out, '--clock-offset-minutes', '11']).done;
      expect(later, later.stderr).toMatchObject({ code: 0 });
      expect(JSON.parse(later.stdout)).toEqual({ ran: 1, skipped: 4, late: 1, failed: 0 });

      const sent = deliveries(out);
      expect(sent.map((delivery) => delivery.memberId).sort()).toEqual(managers.map((manager) => manager.id).sort());
      expect(sent.filter((delivery) => delivery.text.endsWith('· late'))).toHaveLength(1);
      const rows = await fresh.db.scheduleSlot.findMany({ select: { status: true, attempts: true, late: true } });
      expect(rows.filter((row) => row.status === 'done')).toHaveLength(5);
      expect(rows.filter((row) => row.attempts === 2 && row.late)).toHaveLength(1);
    });
  });
}
