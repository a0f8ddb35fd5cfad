import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../support/databases.js';
import { FIXED_NOW } from '../support/workspace.js';
import { matching } from '../support/matchers.js';
import { runShell } from '../../src/adapters/shell/run-shell.js';
import { repoRoot } from '../../src/store/migrations.js';

const exec = promisify(execFile);

/** `printf '…' | npm start` exactly as a newcomer would run it, on its own database file. */
async function npmStart(databaseUrl: string, input: string, args: string[] = []): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'npm',
      ['start', '--silent', '--', ...args],
      { cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, timeout: 60_000 },
      // Node's ExecFileException is typed without Error's prototype; the value is a real Error.
      (error, stdout, stderr) => (error instanceof Error ? reject(Object.assign(error, { stdout, stderr })) : resolve({ stdout, stderr })),
    );
    child.stdin?.end(input);
  });
}

describe('npm start (piped)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-shell-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds the demo, creates a deal, shows it in the pipeline, and keeps it after a restart', async () => {
    const url = `file:${path.join(dir, 'dealdesk.db')}`;
    const first = await npmStart(url, '/deal new Acme 50k proposal\n/pipeline\n');
    expect(first.stdout).toContain('Created a demo workspace with sample data');
    const id = /Created (D-\d+)\./.exec(first.stdout)?.[1];
    expect(id).toBe('D-201');
    const pipeline = first.stdout.slice(first.stdout.indexOf('> /pipeline'));
    // Alice's own pipeline: the new $50,000 proposal is in the Proposal row.
    expect(pipeline).toMatch(/Proposal 60%\s+\d+\s+\$[\d,]+\.\d\d/);
    const proposalRow = pipeline.split('\n').find((line) => line.startsWith('Proposal'));
    const total = Number(proposalRow?.split(/\s{2,}/)[2]?.replace(/[$,]/g, ''));
    expect(total).toBeGreaterThanOrEqual(50_000);

    const second = await npmStart(url, `/deal show ${id}\n`);
    expect(second.stdout).not.toContain('Created a demo workspace');
    expect(second.stdout).toContain(`${id} · Acme`);
    expect(second.stdout).toContain('$50,000.00');
  }, 120_000);

  it('starts empty with --no-demo and acts as the named member with --as', async () => {
    const url = `file:${path.join(dir, 'empty.db')}`;
    const { stdout } = await npmStart(url, '/pipeline all\n', ['--no-demo']);
    expect(stdout).not.toContain('demo workspace');
    expect(stdout).toMatch(/Total\s+0\s+\$0\.00/);
    const demoUrl = `file:${path.join(dir, 'as.db')}`;
    const asMike = await npmStart(demoUrl, '/quota\n', ['--as', 'mike']);
    expect(asMike.stdout).toContain('You are Mike Johnson (manager)');
    expect(asMike.stdout).toContain('Quota · North America');
  }, 120_000);

  it('stops with a message naming a wrong variable', async () => {
    await expect(
      exec('npm', ['start', '--silent'], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: 'mysql://x', PORT: 'abc' } }),
    ).rejects.toMatchObject({
      stderr: matching(/DATABASE_URL: must start with file: \(SQLite\) or postgres:\/\/[\s\S]*PORT: Expected number/),
    });
  }, 60_000);
});

describe('shell session', () => {
  let fresh: FreshDatabase;
  beforeAll(async () => {
    fresh = await freshDatabase('sqlite');
  });
  afterAll(() => fresh.cleanup());

  async function converse(lines: string[]): Promise<string> {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const done = runShell({ db: fresh.db, input, output, interactive: false, demo: true, clock: () => FIXED_NOW });
    input.end(lines.map((line) => `${line}\n`).join(''));
    await done;
    return text;
  }

  it('presses numbered buttons, asks for missing words, and switches member with /as', async () => {
    const text = await converse([
      '/deal new Acme 50k proposal',
      '!2',
      'call: walked through the quote',
      '!9',
      '/as mike',
      '/deal show Acme',
      '!5 Budget moved to next year',
      '/as nobody-here',
    ]);
    expect(text).toContain('What happened?');
    expect(text).toContain('Call logged on D-201');
    expect(text).toContain('There is no button !9 on the last answer');
    expect(text).toContain('You are now Mike Johnson (@mike, manager).');
    expect(text).toContain('D-201 moved from Proposal to Lost');
    expect(text).toMatch(/Nobody called “nobody-here” is in this workspace/);
    const deal = await fresh.db.deal.findFirstOrThrow({ where: { number: 201 } });
    expect([deal.stage, deal.lostReason]).toEqual(['lost', 'Budget moved to next year']);
  });
});
