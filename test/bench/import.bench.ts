// How long a 50,000-deal import takes (#12: under a minute on the 2-core build machine), on a fresh
// SQLite database with the demo's people: the dry run an admin waits for, and the background run
// through runImportJob (batches of 500 rows, each one transaction with its deal events).
// Run with `npx vitest bench --run test/bench/import.bench.ts`; numbers are for comparison, not pass/fail.
import { bench, describe } from 'vitest';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { execute } from '../../src/commands/execute.js';
import { runImportJob } from '../../src/jobs/import-runner.js';

const ROWS = 50_000;
const OWNERS = ['@alice', '@brian', '@carmen', '@david', '@oliver', '@emma', '@lukas', '@priya', '@wei.zhang', '@fang.wang'];
const OPEN = ['lead', 'qualified', 'needs_analysis', 'proposal', 'negotiation'];
const CURRENCIES = ['USD', 'USD', 'USD', 'EUR', 'CNY'];

/** DealDesk's own deal columns: open deals, and Won and Lost deals closed in the past. */
function dealsFile(): Uint8Array {
  const lines = [
    'deal,external_id,account,account_grade,title,owner,stage,amount,currency,close_date,forecast_category,source_channel,lost_reason,created_at',
  ];
  for (let i = 1; i <= ROWS; i++) {
    const kind = i % 10;
    const stage = kind === 0 ? 'won' : kind === 1 ? 'lost' : (OPEN[i % OPEN.length] ?? 'lead');
    const closed = stage === 'won' || stage === 'lost';
    const month = String(1 + (i % 12)).padStart(2, '0');
    const close = closed ? `2026-${String(1 + (i % 10)).padStart(2, '0')}-15` : `2027-${month}-20`;
    lines.push(
      [
        '',
        `BENCH-${String(i)}`,
        `Bench Account ${String(i % 2000)}`,
        'ABC'[i % 3],
        `Bench deal ${String(i)}`,
        OWNERS[i % OWNERS.length],
        stage,
        `${String(1000 + (i % 90_000))}.00`,
        CURRENCIES[i % CURRENCIES.length],
        close,
        closed ? '' : 'pipeline',
        ['direct', 'partner', 'online'][i % 3],
        stage === 'lost' ? 'Chose a competitor' : '',
        `2025-${month}-01T09:00:00.000Z`,
      ].join(','),
    );
  }
  return new TextEncoder().encode(lines.join('\n'));
}

const file = dealsFile();
let demo: DemoWorkspace | undefined;
let importId = '';

async function freshWorkspace(): Promise<DemoWorkspace> {
  await demo?.cleanup();
  demo = await demoWorkspace('sqlite');
  return demo;
}

async function dryRun(workspace: DemoWorkspace): Promise<string> {
  const ctx = await workspace.contextFor('dana');
  await execute('dealdesk import', { ...ctx, attachedFiles: () => Promise.resolve([{ name: 'bench.csv', content: file }]) });
  const job = await workspace.db.importJob.findFirstOrThrow({
    where: { workspaceId: workspace.workspaceId },
    orderBy: { createdAt: 'desc' },
  });
  const report = job.report as { counts: { create: number }; bad: unknown[] };
  if (report.counts.create !== ROWS || report.bad.length > 0) throw new Error(`dry run: ${JSON.stringify(report).slice(0, 500)}`);
  return job.id;
}

const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 } as const;

describe(`import of ${ROWS.toLocaleString('en')} DealDesk deal rows into a fresh SQLite database`, () => {
  bench(
    'dry run (/dealdesk import: parse, validate, match, report)',
    async () => {
      if (!demo) throw new Error('no workspace');
      await dryRun(demo);
    },
    {
      ...once,
      setup: async () => {
        await freshWorkspace();
      },
    },
  );

  bench(
    'run (runImportJob: every row written, with its events)',
    async () => {
      if (!demo) throw new Error('no workspace');
      const done = await runImportJob(demo.db, importId, { workerId: 'bench', now: demo.now });
      if (done?.status !== 'done' || done.createdRows !== ROWS) throw new Error(`run ended ${JSON.stringify(done)}`);
    },
    {
      ...once,
      setup: async () => {
        const workspace = await freshWorkspace();
        importId = await dryRun(workspace);
        await workspace.run(`dealdesk import run ${importId}`, 'dana');
      },
      teardown: async () => {
        await demo?.cleanup();
        demo = undefined;
      },
    },
  );
});
