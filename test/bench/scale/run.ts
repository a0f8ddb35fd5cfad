// Reports and digests at 10k–1M deals (issue #14): `npm run bench:scale`. For each database (SQLite, and
// PostgreSQL when TEST_POSTGRES_URL is set) and size (10k and 100k; 1M too with BENCH_SCALE_1M=1), fills a
// new database with generate.ts, starts it as the app does (applyMigrations), then times /pipeline, /quota,
// /forecast and /funnel for a rep, a team and the workspace, each beside one hand-written SQL aggregate
// over the same rows (its floor), the same three people's /deal list (beside one SELECT of its first
// page; not held to the reports' targets), and the morning digest run for every manager beside one GROUP BY over
// all teams' open deals. Each figure is the median of a few runs, taken in turns with its floor so that
// both see the same load. Writes test/bench/RESULTS.md (section "Reports at scale"), with the targets
// marked met or missed; BENCH_SCALE_BASELINE=1 also keeps the table as the "before" the next runs show.
//
// Options for working on one part (a run with SIZES, ONLY or PROVIDERS records nothing in RESULTS.md):
//   BENCH_SCALE_KEEP=/tmp/scale     keep each generated database (SQLite: a file in that folder; PostgreSQL: a
//                                   database named dealdesk_scale_keep_<size>) and reuse it on the next run
//                                   instead of generating it again (100k takes minutes); the digest's slots
//                                   of an earlier run are cleared first
//   BENCH_SCALE_SIZES=100000        only these sizes (comma-separated)
//   BENCH_SCALE_ONLY=digest,funnel  only these parts: pipeline, quota, forecast, funnel, list, digest, memory
//   BENCH_SCALE_PROVIDERS=sqlite    only these databases (sqlite, postgresql)
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { generateScaleData, SCALE_FISCAL_START, SCALE_NOW, type ScaleWorkspace } from './generate.js';
import { recordSection } from '../support/results.js';
import { shellPeakMb } from './memory.js';
import { applyMigrations, quoteIdent, withDatabaseName, withPgClient } from '../../../src/store/migrations.js';
import { createDb, type Db, type Provider } from '../../../src/store/db.js';
import { Prisma } from '../../../src/store/generated/sqlite/client.js';
import { loadWorkspaceContext } from '../../../src/store/workspaces.js';
import { loadActor } from '../../../src/store/members.js';
import type { CommandContext } from '../../../src/commands/context.js';
import { execute, matchCommand } from '../../../src/commands/execute.js';
import { runDueJobs } from '../../../src/jobs/runner.js';
import { managerDigest } from '../../../src/jobs/digest.js';
import type { Deliverer } from '../../../src/jobs/job.js';
import { logger } from '../../../src/logger.js';
import { DEFAULT_STAGES } from '../../../src/domain/stages.js';
import { dateToUtcMidnight, periodOf, todayIn } from '../../../src/domain/calendar.js';
import { DomainError } from '../../../src/domain/errors.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BASELINE = path.join(HERE, 'baseline.md');
/** The run before the digest's reads per workspace and /forecast's single read of won deals (#14). */
const PREVIOUS = path.join(HERE, 'previous.md');
const BEFORE_SCOPE = path.join(HERE, 'before-scope.md');
const TITLE = 'Reports at scale';
const OPEN = DEFAULT_STAGES.filter((s) => s.kind === 'open').map((s) => s.key);
const WON = DEFAULT_STAGES.filter((s) => s.kind === 'won').map((s) => s.key);

type Who = 'rep' | 'team' | 'workspace';
/** `list`: a deal list, shown beside the reports but not one of them (the 3× and growth targets are the reports'). */
type Figure = { name: string; ms: number; floorMs: number; error?: string; list?: boolean };
type Run = {
  provider: Provider;
  size: number;
  data: ScaleWorkspace;
  figures: Figure[];
  digest: { ms: number; floorMs: number; managers: number; messages: number };
  /** Peak RSS (MB) of `npm start`'s shell answering the workspace reports (memory.ts). */
  shellPeakMb?: number;
};

const listOf = (name: string): string[] | null =>
  process.env[name]
    ? (process.env[name] ?? '')
        .split(',')
        .map((word) => word.trim())
        .filter(Boolean)
    : null;
const sizes = listOf('BENCH_SCALE_SIZES')?.map(Number) ?? [10_000, 100_000, ...(process.env.BENCH_SCALE_1M === '1' ? [1_000_000] : [])];
const providers: Provider[] = (['sqlite', ...(process.env.TEST_POSTGRES_URL ? (['postgresql'] as const) : [])] as Provider[]).filter(
  (provider) => listOf('BENCH_SCALE_PROVIDERS')?.includes(provider) ?? true,
);
const only = listOf('BENCH_SCALE_ONLY');
const wanted = (part: string) => only?.includes(part) ?? true;
const keep = process.env.BENCH_SCALE_KEEP;
/** A run of some parts, sizes or databases only is for working on them: it records nothing (kept databases hold the same rows). */
const partial = [only, listOf('BENCH_SCALE_SIZES'), listOf('BENCH_SCALE_PROVIDERS')].some((option) => option);
const quiet = logger.child({}, { level: 'silent' });

type Database = { url: string; drop: () => Promise<void>; data?: ScaleWorkspace; save?: (data: ScaleWorkspace) => void };

/** A kept database of this size (BENCH_SCALE_KEEP), with what generate.ts said of it when it is filled already. */
async function keptDatabase(provider: Provider, size: number, folder: string): Promise<Database> {
  mkdirSync(folder, { recursive: true });
  const described = path.join(folder, `${provider}-${String(size)}.json`);
  const data = existsSync(described) ? (JSON.parse(readFileSync(described, 'utf8')) as ScaleWorkspace) : undefined;
  const save = (filled: ScaleWorkspace) => writeFileSync(described, JSON.stringify(filled));
  const drop = () => Promise.resolve();
  // Without its description the database was left part-filled (a stopped run): it starts again empty.
  if (provider === 'sqlite') {
    const file = path.join(folder, `scale-${String(size)}.db`);
    if (!data) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
    return { url: `file:${file}`, drop, save, ...(data ? { data } : {}) };
  }
  const server = process.env.TEST_POSTGRES_URL ?? '';
  const name = `dealdesk_scale_keep_${String(size)}`;
  const exists = await withPgClient(server, (client) => client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
  if (exists.rowCount && data) return { url: withDatabaseName(server, name), drop, save, data };
  await withPgClient(server, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  });
  return { url: withDatabaseName(server, name), drop, save };
}

async function newDatabase(provider: Provider, size: number): Promise<Database> {
  if (keep) return keptDatabase(provider, size, keep);
  if (provider === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-scale-'));
    return { url: `file:${path.join(dir, 'scale.db')}`, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const server = process.env.TEST_POSTGRES_URL ?? '';
  const name = `dealdesk_scale_${randomBytes(4).toString('hex')}`;
  await withPgClient(server, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return {
    url: withDatabaseName(server, name),
    drop: () =>
      withPgClient(server, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

/** An instant or a calendar day as the column stores it (see store/imports.ts). */
function at(provider: Provider, date: Date): Prisma.Sql {
  const iso = date.toISOString();
  return provider === 'sqlite' ? Prisma.sql`${iso.replace('Z', '+00:00')}` : Prisma.sql`CAST(${iso.slice(0, -1)} AS timestamp(3))`;
}

const inList = (values: readonly string[]) => Prisma.join(values.map((value) => Prisma.sql`${value}`));

/** The hand-written aggregates: what a report could cost if it were one GROUP BY and nothing else. */
function floors(provider: Provider, workspaceId: string, scope: Prisma.Sql) {
  const today = todayIn({ now: SCALE_NOW, timeZone: 'UTC', fiscalYearStartMonth: SCALE_FISCAL_START });
  const quarter = periodOf('quarter', today, SCALE_FISCAL_START);
  const [from, to] = [at(provider, dateToUtcMidnight(quarter.start)), at(provider, dateToUtcMidnight(quarter.end))];
  const where = Prisma.sql`d."workspaceId" = ${workspaceId} ${scope}`;
  return {
    pipeline: Prisma.sql`SELECT d."stage", d."currency", COUNT(*) AS n, SUM(d."amountMinor") AS total, MIN(d."stageEnteredAt") AS oldest
      FROM "Deal" d WHERE ${where} AND d."stage" IN (${inList(OPEN)}) GROUP BY d."stage", d."currency"`,
    quota: Prisma.sql`SELECT d."ownerId", d."stage", d."currency", COUNT(*) AS n, SUM(d."amountMinor") AS total
      FROM "Deal" d WHERE ${where} AND d."stage" IN (${inList([...WON, ...OPEN])}) AND d."closeDate" >= ${from} AND d."closeDate" <= ${to}
      GROUP BY d."ownerId", d."stage", d."currency"`,
    forecast: Prisma.sql`SELECT d."forecastCategory", d."stage", d."currency", COUNT(*) AS n, SUM(d."amountMinor") AS total
      FROM "Deal" d WHERE ${where} AND d."stage" IN (${inList([...WON, ...OPEN])}) AND d."closeDate" >= ${from} AND d."closeDate" <= ${to}
      GROUP BY d."forecastCategory", d."stage", d."currency"`,
    funnel: Prisma.sql`SELECT e."toStage", COUNT(*) AS n FROM "DealEvent" e JOIN "Deal" d ON d."id" = e."dealId"
      WHERE ${where} AND e."workspaceId" = ${workspaceId} AND e."type" IN ('created', 'stage_changed') AND e."at" >= ${at(provider, new Date(SCALE_NOW.getTime() - 90 * 86_400_000))}
      AND e."at" < ${at(provider, SCALE_NOW)} GROUP BY e."toStage"`,
    // The list's first page: its ten open deals by close date (none last), then number, every column.
    list: Prisma.sql`SELECT d.* FROM "Deal" d WHERE ${where} AND d."stage" IN (${inList(OPEN)})
      ORDER BY d."closeDate" ASC NULLS LAST, d."number" ASC LIMIT 10`,
    digest: Prisma.sql`SELECT d."teamId", d."stage", d."currency", COUNT(*) AS n, SUM(d."amountMinor") AS total
      FROM "Deal" d WHERE d."workspaceId" = ${workspaceId} AND d."stage" IN (${inList(OPEN)}) GROUP BY d."teamId", d."stage", d."currency"`,
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * A report that answers in a few milliseconds is timed more often: its median over three runs is mostly
 * one garbage collection or one late timeslice of the shared machine. Runs continue in turns, past
 * `times`, until the report's runs add up to this much (at most MAX_RUNS runs).
 */
const SHORT_REPORT_BUDGET_MS = 250;
const MAX_RUNS = 50;

/**
 * Median of the runs of the report and of its floor, in turns, after one warm-up of each: `times` runs,
 * or more for a short report (SHORT_REPORT_BUDGET_MS).
 */
async function pair(
  times: number,
  report: () => Promise<unknown>,
  floor: () => Promise<unknown>,
): Promise<{ ms: number; floorMs: number; runs: number }> {
  await floor();
  await report();
  const [mine, theirs]: [number[], number[]] = [[], []];
  let spent = 0;
  while (mine.length < times || (spent < SHORT_REPORT_BUDGET_MS && mine.length < MAX_RUNS)) {
    theirs.push(await timed(floor));
    const ms = await timed(report);
    mine.push(ms);
    spent += ms;
  }
  return { ms: median(mine), floorMs: median(theirs), runs: mine.length };
}

async function contextOf(db: Db, workspaceId: string, handle: string): Promise<CommandContext> {
  const workspace = await loadWorkspaceContext(db, workspaceId);
  const member = await db.member.findFirst({ where: { workspaceId, handle }, select: { id: true } });
  if (!workspace || !member) throw new Error(`no @${handle}`);
  const actor = await loadActor(db, workspace, member.id);
  if (!actor) throw new Error(`@${handle} inactive`);
  return { db, workspace, actor, now: SCALE_NOW, platform: 'shell' };
}

async function measure(provider: Provider, size: number): Promise<Run> {
  const database = await newDatabase(provider, size);
  try {
    let data = database.data;
    if (data) console.error(`${provider} ${String(size)}: reusing the kept database`);
    else {
      await applyMigrations(database.url);
      const generating = performance.now();
      data = await generateScaleData(database.url, size);
      database.save?.(data);
      console.error(`${provider} ${String(size)}: generated in ${((performance.now() - generating) / 1000).toFixed(1)} s`);
    }
    // What every start does after loading data: migrations (none left to apply) and what follows them.
    // PostgreSQL's autovacuum would have analysed a bulk load within a minute or so; the run does not wait for it.
    await applyMigrations(database.url);
    if (provider === 'postgresql') await withPgClient(database.url, (client) => client.query('ANALYZE'));
    const db = createDb(database.url);
    try {
      const times = size >= 1_000_000 ? 1 : Number(process.env.BENCH_SCALE_RUNS ?? '3');
      const teamId = (
        await db.team.findFirstOrThrow({ where: { workspaceId: data.workspaceId, name: data.teamName }, select: { id: true } })
      ).id;
      const repId = (
        await db.member.findFirstOrThrow({ where: { workspaceId: data.workspaceId, handle: data.repHandle }, select: { id: true } })
      ).id;
      const managerHandle = 'mgr001';
      const actors: Record<Who, { ctx: CommandContext; words: string; scope: Prisma.Sql }> = {
        rep: { ctx: await contextOf(db, data.workspaceId, data.repHandle), words: '', scope: Prisma.sql`AND d."ownerId" = ${repId}` },
        team: { ctx: await contextOf(db, data.workspaceId, managerHandle), words: ' team', scope: Prisma.sql`AND d."teamId" = ${teamId}` },
        workspace: { ctx: await contextOf(db, data.workspaceId, data.adminHandle), words: ' all', scope: Prisma.empty },
      };
      const reports: ('pipeline' | 'quota' | 'forecast' | 'funnel' | 'list')[] = [
        'pipeline' as const,
        'quota' as const,
        'forecast' as const,
        ...(matchCommand(['funnel']) instanceof DomainError ? [] : (['funnel'] as const)),
        'list' as const,
      ].filter((report) => wanted(report));
      const figures: Figure[] = [];
      for (const report of reports) {
        for (const who of ['rep', 'team', 'workspace'] as const) {
          const { ctx, words, scope } = actors[who];
          const floor = floors(provider, data.workspaceId, scope)[report];
          const command = report === 'list' ? 'deal list' : report;
          let result: { ms: number; floorMs: number; runs?: number; error?: string };
          try {
            result = await pair(
              times,
              async () => {
                // A new context per run, as every request has: what a command reads once per context (its
                // scope's people and teams, scope.ts) is read in each run, not kept from the one before.
                const answer = await execute(`${command}${words}`, { ...ctx });
                const error = answer.screen.blocks.find((block) => block.type === 'text' && block.tone === 'error');
                if (error) throw new Error(error.type === 'text' ? error.text : 'error');
              },
              () => db.$queryRaw(floor),
            );
          } catch (error) {
            // A report that fails at this size is a finding, not the end of the run.
            result = { ms: Number.NaN, floorMs: Number.NaN, error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
          }
          figures.push({ name: `/${command}${words || ' (rep)'}`, ...result, ...(report === 'list' ? { list: true } : {}) });
          console.error(
            `${provider} ${String(size)} /${command}${words}: ${result.ms.toFixed(1)} ms (floor ${result.floorMs.toFixed(1)} ms, ${String(result.runs ?? 0)} runs)`,
          );
        }
      }
      // The morning digest for every manager, as the scheduler runs it (claims included), once.
      let messages = 0;
      const deliver: Deliverer = {
        deliver: (_target, screens) => {
          messages += screens.length;
          return Promise.resolve();
        },
      };
      const digestFloor = floors(provider, data.workspaceId, Prisma.empty).digest;
      const floorMs = median([
        await timed(() => db.$queryRaw(digestFloor)),
        await timed(() => db.$queryRaw(digestFloor)),
        await timed(() => db.$queryRaw(digestFloor)),
      ]);
      // Its own process, as it runs in production: the database is the only thing shared with the runs above.
      const memory = wanted('memory') ? { shellPeakMb: await shellPeakMb(database.url, data) } : {};
      if (memory.shellPeakMb !== undefined)
        console.error(`${provider} ${String(size)} shell peak RSS: ${memory.shellPeakMb.toFixed(0)} MB`);
      if (!wanted('digest'))
        return { provider, size, data, figures, digest: { ms: Number.NaN, floorMs, managers: 0, messages: 0 }, ...memory };
      // A kept database holds the slots of its last run, which would make this one skip every digest.
      await db.scheduleSlot.deleteMany({ where: { job: managerDigest.name } });
      let summary = { ran: 0, failed: 0 };
      const ms = await timed(async () => {
        summary = await runDueJobs({ db, now: SCALE_NOW, jobs: [managerDigest], deliver, claimedBy: 'bench-scale', logger: quiet });
      });
      if (summary.failed > 0 || summary.ran !== data.teams)
        throw new Error(`digest run: ${JSON.stringify(summary)} for ${String(data.teams)} managers`);
      console.error(
        `${provider} ${String(size)} digest for ${String(summary.ran)} managers: ${ms.toFixed(0)} ms, ${String(messages)} messages`,
      );
      return { provider, size, data, figures, digest: { ms, floorMs, managers: summary.ran, messages }, ...memory };
    } finally {
      await db.$disconnect();
    }
  } finally {
    await database.drop();
  }
}

const k = (size: number) => (size >= 1_000_000 ? `${String(size / 1_000_000)}M` : `${String(size / 1_000)}k`);
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const mark = (met: boolean) => (met ? 'met' : '**missed**');
const peakCell = (mb: number | undefined) => (mb === undefined ? '' : `${mb.toFixed(0)} MB`);

function table(runs: readonly Run[]): string {
  const lines: string[] = [];
  for (const provider of providers) {
    const mine = runs.filter((run) => run.provider === provider);
    if (mine.length === 0) continue;
    const first = mine[0] as Run;
    lines.push(`### ${provider === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`, '');
    lines.push(`| report | ${mine.map((run) => `${k(run.size)}: ms (floor ms) ratio`).join(' | ')} |`);
    lines.push(`|---|${mine.map(() => '---:').join('|')}|`);
    for (const [i, figure] of first.figures.entries()) {
      const cells = mine.map((run) => {
        const f = run.figures[i] as Figure;
        return f.error ? `fails: ${f.error}` : `${ms(f.ms)} (${ms(f.floorMs)}) ${(f.ms / f.floorMs).toFixed(1)}×`;
      });
      lines.push(`| ${figure.name} | ${cells.join(' | ')} |`);
    }
    lines.push(
      `| digest run, every manager | ${mine.map((run) => `${ms(run.digest.ms)} (${ms(run.digest.floorMs)}) ${(run.digest.ms / run.digest.floorMs).toFixed(0)}×, ${String(run.digest.managers)} managers`).join(' | ')} |`,
    );
    if (mine.some((run) => run.shellPeakMb !== undefined))
      lines.push(
        `| peak RSS of \`npm start\` answering the four workspace reports | ${mine.map((run) => peakCell(run.shellPeakMb)).join(' | ')} |`,
      );
    lines.push('');
    lines.push(...targets(mine), '');
  }
  return lines.join('\n');
}

function targets(runs: readonly Run[]): string[] {
  const out: string[] = [];
  const at100k = runs.find((run) => run.size === 100_000);
  const measured = at100k?.figures.filter((f) => !f.error && !f.list) ?? [];
  // A run of some parts only (BENCH_SCALE_ONLY=digest) may have no report figure.
  if (at100k && measured.length > 0) {
    const worst = measured.reduce((a, b) => (b.ms / b.floorMs > a.ms / a.floorMs ? b : a));
    const over = at100k.figures.filter((f) => !f.list && (f.error !== undefined || f.ms > 3 * f.floorMs)).map((f) => f.name);
    out.push(
      `- Each report at 100k within 3× its floor: ${mark(over.length === 0)} (worst ${worst.name} ${(worst.ms / worst.floorMs).toFixed(1)}×${over.length ? `; over: ${over.join(', ')}` : ''}).`,
    );
  }
  if (at100k) {
    out.push(
      `- Digest for ${String(at100k.digest.managers)} managers at 100k under 5 s: ${mark(at100k.digest.ms < 5_000)} (${(at100k.digest.ms / 1000).toFixed(2)} s).`,
    );
  }
  const largest = runs.filter((run) => run.shellPeakMb !== undefined).at(-1);
  if (largest?.shellPeakMb !== undefined)
    out.push(
      `- Peak RSS under 300 MB with ${k(largest.size)} deals in the database (\`npm start\` answering the workspace reports): ${mark(largest.shellPeakMb < 300)} (${largest.shellPeakMb.toFixed(0)} MB).`,
    );
  const small = runs[0];
  const large = runs[runs.length - 1];
  if (small && large && large.size > small.size) {
    const factor = large.size / small.size;
    const growth = [
      ...small.figures.flatMap((f, i) => (f.list ? [] : [{ name: f.name, grew: (large.figures[i]?.ms ?? 0) / f.ms }])),
      { name: 'digest run', grew: large.digest.ms / small.digest.ms },
    ];
    const worse = growth.filter((g) => !(g.grew <= factor));
    const worst = growth.reduce((a, b) => (b.grew > a.grew ? b : a));
    out.push(
      `- Growth no worse than linear, ${k(small.size)}→${k(large.size)} (×${String(factor)} deals): ${mark(worse.length === 0)} (largest ×${worst.grew.toFixed(1)}, ${worst.name}${worse.length ? `; over: ${worse.map((g) => g.name).join(', ')}` : ''}).`,
    );
  }
  return out;
}

const runs: Run[] = [];
/** Other work on the machine slows every figure: the record says how busy it was. */
const loadAtStart = os.loadavg()[0] ?? 0;
const before = existsSync(BASELINE) && process.env.BENCH_SCALE_BASELINE !== '1' ? readFileSync(BASELINE, 'utf8') : null;
const previous = existsSync(PREVIOUS) ? readFileSync(PREVIOUS, 'utf8') : null;
const beforeScope = existsSync(BEFORE_SCOPE) ? readFileSync(BEFORE_SCOPE, 'utf8') : null;

/** Writes the section with the runs so far: a run stopped part-way (PostgreSQL at 100k is slow) still leaves its figures. */
function record(): string {
  const shape = runs
    .filter((run, i, all) => all.findIndex((other) => other.size === run.size) === i)
    .map(
      (run) =>
        `${k(run.size)}: ${run.data.events.toLocaleString('en')} events, ${String(run.data.reps)} reps in ${String(run.data.teams)} teams`,
    )
    .join('; ');
  const now = table(runs);
  recordSection(
    TITLE,
    [
      '`npm run bench:scale` (test/bench/scale/): reports for a rep, a team (10 reps) and the workspace, each the median',
      'of `BENCH_SCALE_RUNS` runs (3 unless set; one at 1M; a report under 250 ms is run until its runs add up to 250 ms, at most 50 times) beside its floor, one hand-written GROUP BY over the same rows; the',
      "digest run is every manager's Monday digest through the scheduler, beside one GROUP BY of all teams' open deals.",
      "The deal lists (the same three people's `/deal list`: their open deals by close date, ten a page) stand beside one SELECT of",
      "the first page's rows; they are not held to the reports' targets (3× and growth).",
      "Each run is a new command context, as each request is (the asker and the workspace's settings loaded before, as a request's first",
      'statement loads them), so the people and teams a command reads once per context are read in every run: until 2026-12-02 (d9f31c4 and',
      'before) one context served every run, and those reads were left out of the figures.',
      'Peak RSS: DealDesk started as `npm start` starts it (node flags, compiled JavaScript) on the database, with no chat',
      "platform (the local shell, as the workspace's admin), answering /pipeline all, /quota all, /forecast all and /funnel all in turn.",
      `Data: ${shape}. Load average (1 min) at the start and the end of the run: ${loadAtStart.toFixed(1)}, ${os.loadavg()[0]?.toFixed(1) ?? '?'} (on 2 cores, shared).`,
      "Where a floor is a millisecond or so (a rep's or a team's rows, read through an index), the ratio mostly measures",
      'what every command costs whatever the data (who is asking, rates, scope, the screen), not the aggregate; a failing',
      "report's cause is in the run's log.",
      '',
      now,
      ...(beforeScope
        ? ['', '#### Before a report read only its scope (test/bench/scale/before-scope.md)', '', beforeScope.replaceAll('### ', '##### ')]
        : []),
      ...(previous
        ? ['', '#### Before the digest read per workspace (test/bench/scale/previous.md)', '', previous.replaceAll('### ', '##### ')]
        : []),
      ...(before ? ['', '#### Before the fixes (test/bench/scale/baseline.md)', '', before.replaceAll('### ', '##### ')] : []),
    ].join('\n'),
  );
  return now;
}

for (const provider of providers) {
  for (const size of sizes) {
    runs.push(await measure(provider, size));
    if (!partial) record();
  }
}
if (partial) console.error(table(runs));
else {
  const final = record();
  if (process.env.BENCH_SCALE_BASELINE === '1') writeFileSync(BASELINE, final);
  console.error(final);
}
