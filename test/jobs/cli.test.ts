import { execFile } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../../src/store/db.js';
import { repoRoot } from '../../src/store/migrations.js';
import { parseInstant, parseJobsArgs, UsageError } from '../../src/jobs/cli-args.js';
import { emptyDatabaseUrl, ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { JOBS } from '../../src/jobs/registry.js';

type Outcome = { code: number; stdout: string; stderr: string };

/** `npm run jobs -- …` as an operator would type it. */
function npmRunJobs(databaseUrl: string, args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', 'jobs', '--silent', '--', ...args],
      { cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('jobs CLI arguments', () => {
  it('reads run and --at', () => {
    expect(parseJobsArgs(['run', '--at', '2026-12-01T08:30:00Z'])).toEqual({ command: 'run', at: new Date('2026-12-01T08:30:00Z') });
    expect(parseJobsArgs(['run', '--at=2026-12-01T09:30:00.250+01:00'])).toEqual({
      command: 'run',
      at: new Date('2026-12-01T08:30:00.250Z'),
    });
    expect(parseJobsArgs(['run'])).toEqual({ command: 'run', at: undefined });
    expect(parseJobsArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseInstant('2026-12-01T08:30Z')).toEqual(new Date('2026-12-01T08:30:00Z'));
  });

  it('refuses anything else with a sentence saying what to type', () => {
    const refusal = (args: string[]) => {
      try {
        parseJobsArgs(args);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error(`accepted ${args.join(' ')}`);
    };
    for (const bad of [
      '2026-12-01T08:30:00',
      '2026-12-01',
      '2026-02-30T08:30:00Z',
      '2026-12-01T24:00:00Z',
      '2026-12-01T08:30:00+25:00',
      'tomorrow',
      '',
    ]) {
      expect(refusal(['run', '--at', bad])).toContain(
        `--at must be an ISO 8601 instant with a time zone offset, e.g. 2026-12-01T08:30:00Z`,
      );
    }
    expect(refusal([])).toMatch(/^usage: npm run jobs -- run/);
    expect(refusal(['start'])).toMatch(/^unknown command "start"\nusage:/);
    expect(refusal(['run', 'now'])).toMatch(/^unexpected argument "now"/);
    expect(refusal(['run', '--when', 'x'])).toMatch(/Unknown option '--when'/);
    expect(refusal(['run', '--at'])).toMatch(/argument missing/);
  });
});

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`npm run jobs (${provider})`, () => {
    let drop: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await drop?.();
      drop = undefined;
    });

    it('migrates a new database, runs what is due, and is idempotent', async () => {
      const empty = await emptyDatabaseUrl(provider);
      drop = empty.drop;
      const summary = `Jobs at 2026-12-01T08:30:00.000Z: 0 delivered (0 late), 0 failed, 0 already done or taken; ${JOBS.length} job(s).\n`;
      for (let run = 0; run < 2; run++) {
        const outcome = await npmRunJobs(empty.url, ['run', '--at', '2026-12-01T08:30:00Z']);
        expect(outcome).toMatchObject({ code: 0, stdout: summary });
      }
      const db = createDb(empty.url);
      try {
        expect(await db.scheduleSlot.count()).toBe(0);
      } finally {
        await db.$disconnect();
      }
    });

    it('exits 2 with the reason on a bad instant', async () => {
      const empty = await emptyDatabaseUrl(provider);
      drop = empty.drop;
      const outcome = await npmRunJobs(empty.url, ['run', '--at', '2026-12-01 08:30']);
      expect(outcome.code).toBe(2);
      expect(outcome.stdout).toBe('');
      expect(outcome.stderr).toContain(
        '--at must be an ISO 8601 instant with a time zone offset, e.g. 2026-12-01T08:30:00Z or 2026-12-01T09:30:00+01:00 (got "2026-12-01 08:30")',
      );
    });
  });
}
