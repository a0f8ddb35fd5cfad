import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../support/databases.js';
import { FIXED_NOW } from '../support/workspace.js';
import { runShell } from '../../src/adapters/shell/run-shell.js';

/** 1,200 open deals for the demo's reps, so the run takes three batches and prints progress between them. */
function bigFile(): string {
  const owners = ['@alice', '@brian', '@carmen', '@david'];
  const rows = ['account,title,owner,stage,amount,currency,close_date'];
  for (let i = 1; i <= 1200; i++)
    rows.push(
      `Shell Import Co ${String(i % 40)},Shell deal ${String(i)},${owners[i % 4] ?? '@alice'},qualified,${String(1000 + i)}.00,USD,2027-02-15`,
    );
  return rows.join('\n');
}

describe('/dealdesk import in the shell, with a path', () => {
  let fresh: FreshDatabase;
  let dir: string;
  beforeAll(async () => {
    fresh = await freshDatabase('sqlite');
    dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-import-shell-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await fresh.cleanup();
  });

  async function converse(lines: string[]): Promise<string> {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const done = runShell({ db: fresh.db, input, output, interactive: false, demo: true, as: 'dana', clock: () => FIXED_NOW });
    input.end(lines.map((line) => `${line}\n`).join(''));
    await done;
    return text;
  }

  it('checks the file at the path, imports it with !1, and prints progress after “Importing…”, then the result', async () => {
    const file = path.join(dir, 'my deals.csv');
    writeFileSync(file, bigFile());
    const text = await converse([`/dealdesk import ${file}`, '!1', '/dealdesk import ./no/such/file.csv']);
    expect(text).toMatch(/would be created\s+1,200/);
    const importing = text.indexOf('Importing… 1,200 rows from my deals.csv.');
    const firstProgress = text.indexOf('Importing my deals.csv: 500 of 1,200 rows');
    const secondProgress = text.indexOf('Importing my deals.csv: 1,000 of 1,200 rows');
    const result = text.indexOf('Imported my deals.csv: 1,200 created, 0 updated, 0 unchanged.');
    expect(importing).toBeGreaterThan(0);
    expect(firstProgress).toBeGreaterThan(importing);
    expect(secondProgress).toBeGreaterThan(firstProgress);
    expect(result).toBeGreaterThan(secondProgress);
    expect(text).toContain('There is no file at “./no/such/file.csv”.');
    expect(await fresh.db.deal.count({ where: { title: { startsWith: 'Shell deal ' } } })).toBe(1200);
    const job = await fresh.db.importJob.findFirstOrThrow({ where: { fileName: 'my deals.csv' } });
    expect([job.status, job.processedRows]).toEqual(['done', 1200]);
  });
});
