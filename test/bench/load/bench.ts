// Load benchmark (#14): DealDesk's real server (src/main.ts, Slack HTTP mode, a temp SQLite database with the
// demo workspace) beside a bare Bolt app whose handler only acknowledges, both as child processes, driven with
// signed slash commands at 1 and 50 connections; a fake Slack in this process receives the response_url
// posts. Writes the "Load against bare Bolt" section of test/bench/RESULTS.md.
//
//   npm run bench                                   # all benchmarks; this one takes about 2–3 minutes
//   BENCH_LOAD_SECONDS=30 tsx test/bench/load/run.ts  # longer load per row
//   BENCH_LOAD_PROFILE=1 tsx test/bench/load/run.ts   # DealDesk under node --cpu-prof: where its CPU goes
//   BENCH_LOAD_ONLY='list' tsx test/bench/load/run.ts # only the rows whose label has this text; prints, records nothing
//   BENCH_LOAD_HEAP=1 tsx test/bench/load/run.ts      # DealDesk's heap at the end of each load, by constructor
//   BENCH_LOAD_KEEP=1 tsx test/bench/load/run.ts      # keep the servers' logs, the database and the profiles
//   BENCH_LOAD_COMMIT=HEAD tsx test/bench/load/run.ts # a committed version, not the working tree (snapshot.ts)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';
import { slashCommandBody } from '../../support/slack-requests.js';
import { recordSection } from '../support/results.js';
import { t } from '../../../src/i18n/index.js';
import { driveLoad, percentile, sendCommand, type LoadRun } from './driver.js';
import { npmStart, prepareDatabase, SECRET, TEAM, USER } from './setup.js';
import { awaitSnapshot, heapSnapshotArgs, summariseHeap } from './heap.js';
import { freePort, monotonicMicros, startServerProcess, summariseProfile, type ProfileSummary, type ServerProcess } from './processes.js';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? '10');
const PROFILE = process.env.BENCH_LOAD_PROFILE === '1';
const HEAP = process.env.BENCH_LOAD_HEAP === '1';
const ONLY = process.env.BENCH_LOAD_ONLY;
const WARM_UP_SECONDS = 1;
/** How long DealDesk may take, after the load stops, to answer what it acknowledged; later answers count as missing. */
const DRAIN_MS = Math.max(15, SECONDS) * 1000;
const SLACK_ACK_LIMIT_MS = 3000;
const MB = 2 ** 20;

type Scenario = { label: string; text: string; connections: number };
const SCENARIOS: Scenario[] = [
  { label: '`/deal show D-1`, 1 connection', text: 'show D-1', connections: 1 },
  { label: '`/deal show D-1`, 50 connections', text: 'show D-1', connections: 50 },
  { label: '`/deal list`, 50 connections', text: 'list', connections: 50 },
];

type Measured = {
  seconds: number;
  sent: number;
  acks: number;
  /** Acknowledged after Slack's 3 s or not at all (errors, non-200). */
  late: number;
  failed: number;
  ackP50: number;
  ackP99: number;
  idleRss: number;
  peakRss: number;
};
type Answered = {
  /** Correct answers received while the load ran. */
  inWindow: number;
  correct: number;
  wrong: number;
  missing: number;
  p50: number;
  p99: number;
};

function commandBody(fake: FakeSlack, text: string): (id: string) => string {
  return (id) => slashCommandBody({ command: '/deal', text, user_id: USER, team_id: TEAM, response_url: fake.responseUrl(id) });
}

function answerText(body: unknown): string | undefined {
  return typeof body === 'object' && body !== null && 'text' in body && typeof body.text === 'string' ? body.text : undefined;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sends one command until the server acknowledges it (it may still be starting up); returns its response_url id. */
async function firstCommand(server: ServerProcess, fake: FakeSlack, text: string, name: string): Promise<string> {
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    const id = `${name}-first-${String(attempt)}`;
    const status = await sendCommand(`http://127.0.0.1:${String(server.port)}/slack/events`, SECRET, commandBody(fake, text)(id));
    if (status === 200) return id;
    if (server.child.exitCode !== null) throw new Error(`the server stopped while starting; see ${server.log}`);
    if (Date.now() - started > 90_000) throw new Error(`the server did not acknowledge a command within 90 s; see ${server.log}`);
    await sleep(250);
  }
}

/** Waits until every id has a response_url post, or `ms` have passed. */
async function drain(fake: FakeSlack, ids: ReadonlySet<string>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    let answered = 0;
    for (const response of fake.responses) if (ids.has(response.id)) answered += 1;
    if (answered >= ids.size) return;
    await sleep(100);
  }
}

function measureAcks(run: LoadRun, server: ServerProcess, idleRss: number): Measured {
  const acked = run.sent.filter((s) => s.status === 200);
  const ackTimes = run.sent.map((s) => (s.status === 200 ? s.ackMs : Number.POSITIVE_INFINITY));
  const seconds = (run.endedAt - run.startedAt) / 1000;
  return {
    seconds,
    sent: run.sent.length,
    acks: acked.length / seconds,
    late: run.sent.filter((s) => s.status !== 200 || s.ackMs > SLACK_ACK_LIMIT_MS).length,
    failed: run.sent.length - acked.length,
    ackP50: percentile(ackTimes, 50),
    ackP99: percentile(ackTimes, 99),
    idleRss,
    peakRss: server.memory().peak,
  };
}

function measureAnswers(run: LoadRun, fake: FakeSlack, expected: string): Answered {
  const received = new Map(fake.responses.map((r) => [r.id, r]));
  const latencies: number[] = [];
  let inWindow = 0;
  let correct = 0;
  let wrong = 0;
  let missing = 0;
  for (const sent of run.sent) {
    if (sent.status !== 200) continue;
    const response = received.get(sent.id);
    if (response === undefined) {
      missing += 1;
      latencies.push(Number.POSITIVE_INFINITY);
    } else if (answerText(response.body) !== expected) {
      wrong += 1;
      latencies.push(Number.POSITIVE_INFINITY);
    } else {
      correct += 1;
      latencies.push(response.at - sent.sentAt);
      if (response.at <= run.endedAt) inWindow += 1;
    }
  }
  const seconds = (run.endedAt - run.startedAt) / 1000;
  return { inWindow: inWindow / seconds, correct, wrong, missing, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** The heap of DealDesk right after the load, while its acknowledged work is still queued. */
async function printHeap(server: ServerProcess, dir: string, label: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  server.child.kill('SIGUSR2');
  const file = await awaitSnapshot(dir, 300_000);
  if (file === undefined) throw new Error(`no heap snapshot from DealDesk in ${dir}`);
  const heap = summariseHeap(file);
  const lines = heap.kinds.map((k) => `  ${String(k.count).padStart(8)} ${megabytes(k.bytes).padStart(7)}  ${k.name}`);
  process.stdout.write(`heap of DealDesk after ${label}: ${megabytes(heap.totalBytes)}\n${lines.join('\n')}\n`);
}

type Row = { scenario: Scenario; deal: Measured; answers: Answered; profile?: ProfileSummary | undefined };
/** A row with its reference (a profiling run has none: it measures DealDesk alone). */
type Compared = Row & { bare: Measured };

async function runScenario(
  kind: 'bare' | 'deal',
  scenario: Scenario,
  index: number,
  context: { fake: FakeSlack; dir: string; databaseUrl: string },
): Promise<{ measured: Measured; answers?: Answered; profile?: ProfileSummary | undefined }> {
  const { fake, dir } = context;
  const port = await freePort();
  const name = `${kind}-${String(index)}`;
  const profileDir = path.join(dir, `profile-${name}`);
  const server = startServerProcess({
    args: kind === 'bare' ? ['--import', 'tsx', 'test/bench/load/run.ts'] : npmStart(),
    name,
    logDir: dir,
    nodeArgs: [
      ...(PROFILE && kind === 'deal' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      ...(HEAP && kind === 'deal' ? heapSnapshotArgs(profileDir) : []),
    ],
    env: {
      PORT: String(port),
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-load-bench',
      SLACK_API_URL: fake.apiUrl,
      ...(kind === 'deal' ? { DATABASE_URL: context.databaseUrl } : { BENCH_LOAD_ROLE: 'bare-bolt' }),
    },
  });
  try {
    fake.reset();
    const firstId = await firstCommand(server, fake, scenario.text, name);
    let expected = '';
    if (kind === 'deal') {
      const first = await fake.waitForResponse(firstId, 30_000);
      expected = answerText(first.body) ?? '';
      const internal = t('en', 'error.internal');
      if (expected === '' || expected.includes(internal) || (scenario.text.includes('D-1') && !expected.includes('D-1'))) {
        throw new Error(`DealDesk's answer to /deal ${scenario.text} is not the expected one:\n${expected}`);
      }
    }
    // Warm up (JIT, caches, connections) without measuring, then let DealDesk finish that work.
    const warm = await driveLoad({
      url: `http://127.0.0.1:${String(port)}/slack/events`,
      secret: SECRET,
      connections: Math.min(4, scenario.connections),
      seconds: WARM_UP_SECONDS,
      idPrefix: `${name}-warm-`,
      body: commandBody(fake, scenario.text),
    });
    if (kind === 'deal') await drain(fake, new Set(warm.sent.map((s) => s.id)), DRAIN_MS);
    fake.reset();
    const idleRss = server.memory().rss;
    const from = monotonicMicros();
    const run = await driveLoad({
      url: `http://127.0.0.1:${String(port)}/slack/events`,
      secret: SECRET,
      connections: scenario.connections,
      seconds: SECONDS,
      idPrefix: `${name}-`,
      body: commandBody(fake, scenario.text),
    });
    const measured = measureAcks(run, server, idleRss);
    if (kind === 'bare') return { measured };
    if (HEAP) await printHeap(server, profileDir, scenario.label);
    await drain(fake, new Set(run.sent.filter((s) => s.status === 200).map((s) => s.id)), DRAIN_MS);
    const answers = measureAnswers(run, fake, expected);
    const to = monotonicMicros();
    await server.stop(PROFILE ? 120_000 : 15_000);
    return {
      measured: { ...measured, peakRss: Math.max(measured.peakRss, server.memory().peak) },
      answers,
      profile: PROFILE ? summariseProfile(profileDir, { from, to }) : undefined,
    };
  } finally {
    await server.stop(PROFILE ? 120_000 : 15_000);
  }
}

// ---------------------------------------------------------------- the table

const perSecond = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–');
function ms(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '–' : `> ${String(DRAIN_MS / 1000)} s`;
  return value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
}
const withUnit = (value: number): string => (Number.isFinite(value) ? `${ms(value)} ms` : ms(value));
const ratio = (value: number, reference: number): string =>
  Number.isFinite(value) && reference > 0
    ? `${value / reference < 0.1 ? (value / reference).toFixed(2) : (value / reference).toFixed(1)}x`
    : '–';
const megabytes = (bytes: number): string => `${String(Math.round(bytes / MB))} MB`;
const verdict = (met: boolean): string => (met ? '**met**' : '**missed**');

function figuresTable(rows: Compared[]): string {
  const lines = [
    '| | bare Bolt acks/s | DealDesk acks/s | DealDesk answered/s | bare ack p50 / p99 (ms) | DealDesk ack p50 / p99 (ms) | DealDesk answer p50 / p99 (ms) | late or failed acks | missing or wrong answers | peak RSS bare / DealDesk (idle before load) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { scenario, bare, deal, answers } of rows) {
    lines.push(
      `| ${scenario.label} | ${perSecond(bare.acks)} | ${perSecond(deal.acks)} (${ratio(deal.acks, bare.acks)}) | ` +
        `${perSecond(answers.inWindow)} (${ratio(answers.inWindow, bare.acks)}) | ${ms(bare.ackP50)} / ${ms(bare.ackP99)} | ` +
        `${ms(deal.ackP50)} / ${ms(deal.ackP99)} (p99 ${ratio(deal.ackP99, bare.ackP99)}) | ${ms(answers.p50)} / ${ms(answers.p99)} | ` +
        `${String(bare.late)} / ${String(deal.late)} of ${perSecond(bare.sent)} / ${perSecond(deal.sent)} | ` +
        `${String(answers.missing)} / ${String(answers.wrong)} of ${perSecond(deal.sent - deal.failed)} | ` +
        `${megabytes(bare.peakRss)} / ${megabytes(deal.peakRss)} (${megabytes(deal.idleRss)}) |`,
    );
  }
  return lines.join('\n');
}

function targetsTable(rows: Compared[]): string {
  const lines = ['| | answered/s ≥ 0.5x bare acks/s | ack p99 ≤ 2x bare | answer p99 < 1 s | peak RSS < 300 MB |', '|---|---|---|---|---|'];
  for (const { scenario, bare, deal, answers } of rows) {
    const atFifty = scenario.connections >= 50;
    const cell = (met: boolean, figure: string): string => (atFifty ? `${verdict(met)} (${figure})` : figure);
    lines.push(
      `| ${scenario.label} | ${cell(answers.inWindow >= 0.5 * bare.acks, ratio(answers.inWindow, bare.acks))} | ` +
        `${cell(deal.ackP99 <= 2 * bare.ackP99, ratio(deal.ackP99, bare.ackP99))} | ${cell(answers.p99 < 1000, withUnit(answers.p99))} | ` +
        `${verdict(deal.peakRss < 300 * MB)} (${megabytes(deal.peakRss)}) |`,
    );
  }
  return lines.join('\n');
}

function profileText(rows: Row[]): string {
  const parts: string[] = [];
  for (const { scenario, answers, profile } of rows) {
    if (profile === undefined) continue;
    const per = (value: number) => `${(value / Math.max(1, answers.correct)).toFixed(2)} ms`;
    parts.push(
      `### ${scenario.label}: ${profile.busyMs.toFixed(0)} ms of CPU ${profile.windowed ? 'while loaded and answering' : 'in the whole run (start-up included)'}, ${per(profile.busyMs)} per answered command`,
      '',
      '| where (self time) | per answered command |',
      '|---|---|',
      ...profile.places.map((p) => `| ${p.place} | ${per(p.ms)} |`),
      '',
      '| function (self time) | per answered command |',
      '|---|---|',
      ...profile.functions.map((f) => `| \`${f.name}\` | ${per(f.ms)} |`),
      '',
    );
  }
  return parts.join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-load-'));
  const fake = await startFakeSlack({
    team: { id: TEAM, name: 'Acme Sales' },
    users: { [USER]: { name: 'alice', real_name: 'Alice Carter', tz: 'America/New_York', locale: 'en-US' } },
  });
  try {
    const databaseUrl = await prepareDatabase(dir);
    const rows: Compared[] = [];
    const profiled: Row[] = [];
    for (const [index, scenario] of SCENARIOS.entries()) {
      if (ONLY !== undefined && !scenario.label.includes(ONLY)) continue;
      // Profiling measures DealDesk alone: the figures beside bare Bolt come from a run without the profiler.
      const bare = PROFILE ? undefined : await runScenario('bare', scenario, index, { fake, dir, databaseUrl });
      const deal = await runScenario('deal', scenario, index, { fake, dir, databaseUrl });
      if (deal.answers === undefined) throw new Error('no answers measured');
      const row = { scenario, deal: deal.measured, answers: deal.answers, profile: deal.profile };
      if (bare === undefined) profiled.push(row);
      else rows.push({ ...row, bare: bare.measured });
      process.stdout.write(`load: ${scenario.label} done\n`);
    }
    const about =
      `Each row: ${String(SECONDS)} s of signed slash commands from one closed-loop keep-alive client (after ${String(WARM_UP_SECONDS)} s of warm-up), ` +
      'first to a bare Bolt app (HTTPReceiver, a handler that only acknowledges), then to DealDesk (started as `npm start` starts it, Slack HTTP mode, ' +
      'SQLite with the demo workspace, scheduler on), each a fresh child process; a fake Slack API in the load process receives the ' +
      '`response_url` posts. Answered/s counts answers with the expected text received while the load ran; answer latency is from ' +
      `sending the command to the post arriving (unanswered after ${String(DRAIN_MS / 1000)} s counts as slower than that). ` +
      'Ratios in brackets are DealDesk over bare Bolt. Peak RSS is the process high-water mark (VmHWM). Targets (#14) apply at 50 connections; memory in every row.';
    if (ONLY !== undefined) {
      // With the profiler there are no figures beside bare Bolt, only where DealDesk's CPU went.
      const text = PROFILE ? profileText(profiled) : `${figuresTable(rows)}\n\n${targetsTable(rows)}`;
      process.stdout.write(`${text}\n(BENCH_LOAD_ONLY: nothing recorded)\n`);
    } else if (PROFILE) {
      const text = profileText(profiled);
      recordSection(
        'Load against bare Bolt: CPU profile of DealDesk',
        `The rows of the load benchmark, DealDesk alone under \`node --cpu-prof\` (slower than without it); self time of each place and function, divided by the commands answered.\n\n${text}`,
      );
      process.stdout.write(text);
    } else {
      recordSection('Load against bare Bolt', `${about}\n\n${figuresTable(rows)}\n\nTargets:\n\n${targetsTable(rows)}`);
      process.stdout.write(`${figuresTable(rows)}\n\n${targetsTable(rows)}\n`);
    }
  } finally {
    await fake.close();
    if (process.env.BENCH_LOAD_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
    else process.stdout.write(`logs, database and profiles kept in ${dir}\n`);
  }
}

await main();
