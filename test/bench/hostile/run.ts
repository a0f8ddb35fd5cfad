// Hostile-input benchmark (#13, point 3 "Bounded work per request"): DealDesk's real server (server-child.ts:
// src/main.ts in Slack HTTP mode on a temp SQLite database with the demo workspace, its event loop measured
// with monitorEventLoopDelay) as a child process; a fake Slack in this process receives its API calls and
// response_url posts. While a steady stream of normal signed commands runs (5/s, `/deal show D-1` and
// `/deal list` in turn), 200 hostile ones are sent in eight phases of 25: 4,000-character texts, 1 MB signed
// bodies, `__proto__`/`constructor` as period or date, NUL bytes, RTL text, 150 mentions, 1,990-character
// texts just under the limit (typed, or as a button's command), and payloads nested 40,000 (form) or
// 120,000 (JSON) deep. Writes the "Hostile input under steady load" section of test/bench/RESULTS.md.
//
//   tsx test/bench/hostile/run.ts                           # about a minute and a half
//   BENCH_HOSTILE_PROFILE=1 tsx test/bench/hostile/run.ts   # the server under node --cpu-prof; prints where CPU went
//   BENCH_HOSTILE_KEEP=1 tsx test/bench/hostile/run.ts      # keep the server's log, the database and the profile
//   BENCH_HOSTILE_ONLY=5 tsx test/bench/hostile/run.ts      # only the fifth phase (RTL text); nothing is recorded
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';
import { blockActionPayload, signSlackRequest, slashCommandBody, FORM } from '../../support/slack-requests.js';
import { recordSection } from '../support/results.js';
import { npmStart, prepareDatabase, TEAM, USER } from '../load/setup.js';
import { t } from '../../../src/i18n/index.js';
import { TYPED_LINE_MAX } from '../../../src/domain/text-match.js';
import { percentile } from '../load/driver.js';
import { freePort, startServerProcess, summariseProfile, monotonicMicros, type ServerProcess } from '../load/processes.js';
import type { LoopFigures, LoopRecord } from './server-child.js';

const PROFILE = process.env.BENCH_HOSTILE_PROFILE === '1';
/** Phases to run, by number (1–8, comma-separated), e.g. to profile one kind; all by default. */
const ONLY = process.env.BENCH_HOSTILE_ONLY?.split(',').map(Number);
const SECRET = 'hostile-bench-signing-secret';
const SLACK_ACK_LIMIT_MS = 3000;
const LOOP_LIMIT_MS = 50;
const STEADY_PER_SECOND = 5;
const PER_KIND = 25;
/** Hostile requests in flight at once within a phase. */
const HOSTILE_CONCURRENCY = 5;
/** Each phase lasts at least this long, so the steady stream runs beside every kind. */
const PHASE_MIN_MS = 3000;
/** The steady stream alone first, as long as the hostile phases together: what the server does without them. */
const REFERENCE_MS = Number(process.env.BENCH_HOSTILE_REFERENCE_SECONDS ?? '24') * 1000;
/** How long an answer through response_url may take before it counts as missing. */
const ANSWER_WAIT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 30_000;
const MB = 2 ** 20;

// ---------------------------------------------------------------- requests

type Reply = { status: number; ackMs: number; body: string };

/** One signed POST; `chunked` sends the body without a Content-Length, in 64 KB pieces. */
function post(agent: Agent, url: URL, body: string, options: { contentType?: string; chunked?: boolean } = {}): Promise<Reply> {
  const bytes = Buffer.from(body);
  const headers: Record<string, string> = { 'Content-Type': options.contentType ?? FORM, ...signSlackRequest(SECRET, body) };
  if (options.chunked !== true) headers['Content-Length'] = String(bytes.length);
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (status: number, text: string) => {
      resolve({ status, ackMs: performance.now() - started, body: text });
    };
    const req = request({ agent, hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        done(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
      });
      res.on('error', () => {
        done(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
      });
    });
    req.on('error', () => {
      done(0, '');
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy());
    if (options.chunked === true) {
      for (let at = 0; at < bytes.length; at += 64 * 1024) req.write(bytes.subarray(at, at + 64 * 1024));
      req.end();
    } else req.end(bytes);
  });
}

function slash(fake: FakeSlack, text: string, id: string): string {
  return slashCommandBody({ command: '/deal', text, user_id: USER, team_id: TEAM, response_url: fake.responseUrl(id) });
}

function press(fake: FakeSlack, command: string, id: string, extra: Record<string, unknown> = {}): string {
  const payload = {
    ...blockActionPayload({
      user: USER,
      team: TEAM,
      actions: [{ action_id: 'dd.run', value: JSON.stringify({ c: command, id: 'bench' }) }],
      response_url: fake.responseUrl(id),
      channel: { id: 'C0GENERAL' },
    }),
    ...extra,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

// ---------------------------------------------------------------- the hostile corpus

/** What the server answered: its HTTP acknowledgement and, when it answers later, its response_url post. */
type Outcome = { status: number; ack: string; answer: string | undefined };
type Kind = {
  label: string;
  /** Request `index` of this kind (0–24); the id names its response_url. */
  build: (fake: FakeSlack, index: number, id: string) => { body: string; chunked?: boolean; contentType?: string };
  /** Whether an answer comes through response_url (false: the acknowledgement is all there is). */
  answers: boolean;
  /** Undefined when the outcome is the expected one, else what was wrong. */
  check: (outcome: Outcome) => string | undefined;
  expected: string;
};

const internal = t('en', 'error.internal');
const longText = (length: number): string => 'acme robotics '.repeat(Math.ceil(length / 14)).slice(0, length);
const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const MENTIONS = Array.from({ length: 150 }, (_, i) => `<@U${String(100000 + i)}>`).join(' ');

/** An answer in words that is not the internal-error sentence. */
function aSentence(outcome: Outcome): string | undefined {
  if (outcome.status !== 200) return `HTTP ${String(outcome.status)}`;
  const text = outcome.answer ?? outcome.ack;
  if (text.trim() === '') return 'no answer';
  if (text.includes(internal)) return 'the internal-error sentence';
  return undefined;
}

function containing(fragment: string): (outcome: Outcome) => string | undefined {
  return (outcome) => aSentence(outcome) ?? ((outcome.answer ?? outcome.ack).includes(fragment) ? undefined : `no “${fragment}”`);
}

function status(expected: number): (outcome: Outcome) => string | undefined {
  return (outcome) => (outcome.status === expected ? undefined : `HTTP ${String(outcome.status)}`);
}

const ALL_KINDS: Kind[] = [
  {
    label: '4,000-character `/deal show`',
    build: (fake, _i, id) => ({ body: slash(fake, `show ${longText(4000)}`, id) }),
    answers: false,
    check: containing(`DealDesk reads at most ${String(TYPED_LINE_MAX)}`),
    expected: 'the length limit in English and Chinese, in the acknowledgement',
  },
  {
    label: '1 MB signed body (half of them chunked)',
    build: (fake, i, id) => ({ body: slash(fake, `show ${'x'.repeat(MB)}`, id), chunked: i % 2 === 1 }),
    answers: false,
    check: status(413),
    expected: 'HTTP 413',
  },
  {
    label: '`__proto__` / `constructor` as period or date',
    build: (fake, i, id) => {
      const texts = ['__proto__', 'list __proto__', 'update D-1 close constructor', 'list constructor', 'update D-1 close __proto__'];
      return { body: slash(fake, texts[i % texts.length] ?? '', id) };
    },
    answers: true,
    check: aSentence,
    expected: 'a sentence (not the internal error)',
  },
  {
    label: 'NUL bytes',
    build: (fake, i, id) => ({ body: slash(fake, i % 2 === 0 ? 'show D-1\u0000' : 'note D-1 call: CFO\u0000 wants\u0000 a price', id) }),
    answers: true,
    check: containing('D-1'),
    expected: 'the D-1 card, or “Call logged on D-1”',
  },
  {
    label: 'RTL text',
    build: (fake, i, id) => ({
      body: slash(fake, i % 2 === 0 ? 'show \u202Eأكمي روبوتيكس\u202C' : `show ${'שלום עולם \u200F'.repeat(20)}`, id),
    }),
    answers: true,
    check: aSentence,
    expected: 'a sentence (no such deal)',
  },
  {
    label: '150 mentions',
    build: (fake, i, id) => ({ body: slash(fake, i % 2 === 0 ? `list ${MENTIONS}` : `update D-1 owner ${MENTIONS}`, id) }),
    answers: true,
    check: aSentence,
    expected: 'a sentence',
  },
  {
    label: '1,990-character texts (just under the limit), typed or on a button',
    build: (fake, i, id) =>
      i % 3 === 2
        ? { body: press(fake, `deal show ${longText(1980)}`, id) }
        : { body: slash(fake, `${i % 3 === 0 ? 'show' : 'search'} ${longText(1990 - 7)}`, id) },
    answers: true,
    check: (outcome) => (outcome.answer === undefined && outcome.status === 200 ? undefined : aSentence(outcome)),
    expected: 'a sentence (no such deal / too long to search); a button whose value is too long is acknowledged and ignored',
  },
  {
    label: 'payloads nested 40,000 deep (form) or 120,000 deep (JSON), about 240 KB each',
    build: (fake, i, id) => {
      const payload = (deep: string) =>
        JSON.stringify({
          ...(JSON.parse(new URLSearchParams(press(fake, 'deal list', id)).get('payload') ?? '{}') as object),
          deep: 'x',
        }).replace('"x"', deep);
      if (i % 2 === 0) return { body: new URLSearchParams({ payload: payload(nested(40_000)) }).toString() };
      return { body: payload(nested(120_000)), contentType: 'application/json' };
    },
    answers: false,
    check: status(400),
    expected: 'HTTP 400',
  },
];

const KINDS = ALL_KINDS.filter((_kind, index) => ONLY === undefined || ONLY.includes(index + 1));

// ---------------------------------------------------------------- the run

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

function answerOf(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const { text, blocks } = body as { text?: unknown; blocks?: unknown };
  return `${typeof text === 'string' ? text : ''} ${blocks === undefined ? '' : JSON.stringify(blocks)}`.trim();
}

async function waitForAnswers(fake: FakeSlack, ids: readonly string[], ms: number): Promise<Map<string, string>> {
  const wanted = new Set(ids);
  const until = Date.now() + ms;
  for (;;) {
    const found = new Map(fake.responses.filter((r) => wanted.has(r.id)).map((r) => [r.id, answerOf(r.body)]));
    if (found.size >= wanted.size || Date.now() > until) return found;
    await sleep(100);
  }
}

type Steady = { id: string; text: string; sentAt: number; reply: Reply };

/** `/deal show D-1` and `/deal list` in turn, STEADY_PER_SECOND a second (open loop: one is sent on time even if the last is unanswered). */
function steadyStream(fake: FakeSlack, url: URL, prefix: string): { stop: () => Promise<Steady[]> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const sent: Promise<Steady>[] = [];
  let counter = 0;
  const timer = setInterval(() => {
    counter += 1;
    const id = `${prefix}${String(counter)}`;
    const text = counter % 2 === 0 ? 'list' : 'show D-1';
    const sentAt = Date.now();
    sent.push(post(agent, url, slash(fake, text, id)).then((reply) => ({ id, text, sentAt, reply })));
  }, 1000 / STEADY_PER_SECOND);
  return {
    async stop() {
      clearInterval(timer);
      const all = await Promise.all(sent);
      agent.destroy();
      return all;
    },
  };
}

type KindResult = { kind: Kind; outcomes: Outcome[]; wrong: string[]; ackP99: number; loop: LoopFigures | undefined };

async function runKind(fake: FakeSlack, url: URL, kind: Kind, prefix: string): Promise<{ ids: string[]; replies: Reply[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: HOSTILE_CONCURRENCY });
  const ids: string[] = [];
  const replies: Reply[] = [];
  let next = 0;
  const worker = async () => {
    while (next < PER_KIND) {
      const index = next;
      next += 1;
      const id = `${prefix}${String(index)}`;
      const { body, chunked, contentType } = kind.build(fake, index, id);
      ids[index] = id;
      replies[index] = await post(agent, url, body, { chunked: chunked === true, ...(contentType ? { contentType } : {}) });
    }
  };
  await Promise.all(Array.from({ length: HOSTILE_CONCURRENCY }, worker));
  agent.destroy();
  return { ids, replies };
}

function loopRecords(file: string): LoopRecord[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LoopRecord);
  } catch {
    return [];
  }
}

/** Marks a phase boundary in the child and waits until it has written the phase's figures. */
async function markPhase(server: ServerProcess, file: string, expectedPhases: number): Promise<void> {
  server.child.kill('SIGUSR2');
  const until = Date.now() + 10_000;
  while (loopRecords(file).filter((r) => r.kind === 'phase').length < expectedPhases && Date.now() < until) await sleep(20);
}

async function untilAcknowledged(server: ServerProcess, fake: FakeSlack, url: URL): Promise<void> {
  const agent = new Agent({ keepAlive: false });
  const started = Date.now();
  try {
    for (let attempt = 1; ; attempt += 1) {
      const id = `first-${String(attempt)}`;
      const reply = await post(agent, url, slash(fake, 'show D-1', id));
      if (reply.status === 200) {
        const answer = await fake.waitForResponse(id, 30_000);
        if (!answerOf(answer.body).includes('D-1'))
          throw new Error(`DealDesk's answer to /deal show D-1 is not the card:\n${answerOf(answer.body)}`);
        return;
      }
      if (server.child.exitCode !== null) throw new Error(`the server stopped while starting; see ${server.log}`);
      if (Date.now() - started > 90_000) throw new Error(`the server did not acknowledge a command within 90 s; see ${server.log}`);
      await sleep(250);
    }
  } finally {
    agent.destroy();
  }
}

type SteadyFigures = {
  sent: number;
  acked: number;
  withinLimit: number;
  ackMax: number;
  ackP99: number;
  answered: number;
  wrongAnswers: number;
};
type Report = {
  /** Normal commands sent while the hostile phases ran. */
  steady: SteadyFigures;
  /** Normal commands sent during the reference, before any hostile request. */
  steadyAlone: SteadyFigures;
  kinds: KindResult[];
  run: LoopFigures | undefined;
  /** The steady stream alone, before the first hostile phase. */
  reference: LoopFigures | undefined;
  /** After the last phase until every answer was sent. */
  tail: LoopFigures | undefined;
  processWhole: LoopFigures | undefined;
  crashed: boolean;
  /** The server's resident memory high-water mark (VmHWM). */
  peakRss: number;
};

async function measure(dir: string, fake: FakeSlack): Promise<{ report: Report; server: ServerProcess; from: number; to: number }> {
  const databaseUrl = await prepareDatabase(dir, 'hostile.db');
  const loopFile = path.join(dir, 'event-loop.jsonl');
  const port = await freePort();
  const server = startServerProcess({
    args: ['test/bench/hostile/server-child.ts'],
    // npm start's node flags (its garbage collector settings), under tsx: the child that measures the loop is TypeScript.
    nodeArgs: [
      ...npmStart().filter((arg) => arg.startsWith('--')),
      '--import',
      'tsx',
      ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(dir, 'profile')}`] : []),
    ],
    name: 'dealdesk',
    logDir: dir,
    env: {
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-hostile-bench',
      SLACK_API_URL: fake.apiUrl,
      HOSTILE_LOOP_REPORT: loopFile,
    },
  });
  const url = new URL(`http://127.0.0.1:${String(port)}/slack/events`);
  await untilAcknowledged(server, fake, url);
  // Warm-up: one of each kind and two seconds of the steady stream, so first-use compilation is not measured.
  const warm = steadyStream(fake, url, 'warm-steady-');
  for (const [k, kind] of KINDS.entries()) {
    for (const index of [0, 1, 2]) {
      const { body, chunked, contentType } = kind.build(fake, index, `warm-${String(k)}-${String(index)}`);
      await post(new Agent(), url, body, { chunked: chunked === true, ...(contentType ? { contentType } : {}) });
    }
  }
  await sleep(2000);
  await warm.stop();
  await sleep(1000);
  fake.reset();
  server.child.kill('SIGUSR2'); // the run starts
  const from = monotonicMicros();
  const steady = steadyStream(fake, url, 'steady-');
  // The reference: the steady stream alone.
  await sleep(REFERENCE_MS);
  await markPhase(server, loopFile, 1);
  const hostileFrom = Date.now();
  const phases: { kind: Kind; ids: string[]; replies: Reply[] }[] = [];
  for (const [k, kind] of KINDS.entries()) {
    const started = Date.now();
    const { ids, replies } = await runKind(fake, url, kind, `hostile-${String(k)}-`);
    await sleep(PHASE_MIN_MS - (Date.now() - started));
    phases.push({ kind, ids, replies });
    await markPhase(server, loopFile, k + 2);
    process.stdout.write(`hostile: ${kind.label} sent (${new Date(started).toISOString()} to ${new Date().toISOString()})\n`);
  }
  const steadySent = await steady.stop();
  const hostileIds = phases.flatMap((p) => (p.kind.answers ? p.ids : []));
  const answers = await waitForAnswers(
    fake,
    [...hostileIds, ...steadySent.filter((s) => s.reply.status === 200).map((s) => s.id)],
    ANSWER_WAIT_MS,
  );
  // The tail (answers still being sent after the last phase) ends the run; shutdown is not part of it.
  await markPhase(server, loopFile, KINDS.length + 2);
  const to = monotonicMicros();
  const crashed = server.child.exitCode !== null;
  const peakRss = server.memory().peak;
  await server.stop(30_000);
  const records = loopRecords(loopFile);
  const phaseLoops = records.filter((r) => r.kind === 'phase');
  const kinds = phases.map(({ kind, ids, replies }, k): KindResult => {
    const outcomes = replies.map((reply, i) => ({
      status: reply.status,
      ack: reply.body,
      answer: kind.answers ? answers.get(ids[i] ?? '') : undefined,
    }));
    const wrong = outcomes.flatMap((o) => kind.check(o) ?? []);
    return {
      kind,
      outcomes,
      wrong,
      ackP99: percentile(
        replies.map((r) => r.ackMs),
        99,
      ),
      loop: phaseLoops[k + 1],
    };
  });
  const card = (s: Steady, text: string) => (s.text === 'list' ? !text.includes(internal) && text !== '' : text.includes('D-1 ·'));
  const figuresOf = (list: Steady[]): SteadyFigures => {
    const acks = list.map((s) => (s.reply.status === 200 ? s.reply.ackMs : Number.POSITIVE_INFINITY));
    return {
      sent: list.length,
      acked: list.filter((s) => s.reply.status === 200).length,
      withinLimit: acks.filter((a) => a <= SLACK_ACK_LIMIT_MS).length,
      ackMax: Math.max(...acks),
      ackP99: percentile(acks, 99),
      answered: list.filter((s) => answers.has(s.id)).length,
      wrongAnswers: list.filter((s) => answers.has(s.id) && !card(s, answers.get(s.id) ?? '')).length,
    };
  };
  const report: Report = {
    steady: figuresOf(steadySent.filter((s) => s.sentAt >= hostileFrom)),
    steadyAlone: figuresOf(steadySent.filter((s) => s.sentAt < hostileFrom)),
    kinds,
    run: records.filter((r) => r.kind === 'run').at(-1),
    reference: phaseLoops[0],
    tail: phaseLoops[KINDS.length + 1],
    processWhole: records.find((r) => r.kind === 'process'),
    crashed,
    peakRss,
  };
  return { report, server, from, to };
}

// ---------------------------------------------------------------- the section

const msText = (value: number | undefined): string =>
  value === undefined || Number.isNaN(value)
    ? '–'
    : Number.isFinite(value)
      ? `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')} ms`
      : 'never';
const verdict = (met: boolean): string => (met ? '**met**' : '**missed**');

const loopText = (loop: LoopFigures | undefined): string =>
  loop === undefined ? '–' : `${msText(loop.maxMs)} / ${msText(loop.p99Ms)} | ${msText(loop.busyMaxMs)} | ${msText(loop.gcMaxMs)}`;

function section(report: Report): string {
  const { steady, steadyAlone: alone, kinds, run, reference } = report;
  const loopMet = run !== undefined && run.maxMs <= LOOP_LIMIT_MS;
  const ackMet = steady.sent > 0 && steady.withinLimit === steady.sent;
  const lines = [
    `DealDesk's server (\`src/main.ts\` under tsx with \`npm start\`'s node flags, Slack HTTP mode, SQLite with the demo workspace, scheduler on) as a child process ` +
      `whose event loop is measured with \`monitorEventLoopDelay\` (10 ms resolution, so 10 ms is the floor of every figure) from the end of ` +
      `warm-up until every answer was sent (shutdown not included). A steady stream of ${String(STEADY_PER_SECOND)} signed commands a second ` +
      `(\`/deal show D-1\` and \`/deal list\` in turn) runs alone for ${String(REFERENCE_MS / 1000)} s (the reference: the same server without hostile input), then ` +
      `throughout while ${String(KINDS.length * PER_KIND)} hostile requests are sent in ${String(KINDS.length)} phases of ${String(PER_KIND)}, ` +
      `${String(HOSTILE_CONCURRENCY)} at a time, each phase at least ${String(PHASE_MIN_MS / 1000)} s; a fake Slack in the benchmark's process ` +
      'takes the API calls and `response_url` posts. The machine is shared (the load average is below), so a ' +
      'late timer may mean the process waited for a core: *CPU-backed stall* is the longest stall of a 10 ms timer during which the process ' +
      'also used at least as much CPU (all its threads, so it can overstate), the part its own work can explain; *GC pause* is the longest ' +
      'garbage collection (PerformanceObserver).',
    '',
    `Load average when the run ended: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} (1 / 5 / 15 min) on ${String(cpus().length)} cores.`,
    '',
    '| | figure | target |',
    '|---|---|---|',
    `| event loop delay while the hostile phases ran: max / p99 / mean | ${msText(run?.maxMs)} / ${msText(run?.p99Ms)} / ${msText(run?.meanMs)} | ≤ ${String(LOOP_LIMIT_MS)} ms: ${verdict(loopMet)} |`,
    `| the same for the reference (normal commands alone): max / p99 / mean | ${msText(reference?.maxMs)} / ${msText(reference?.p99Ms)} / ${msText(reference?.meanMs)} | |`,
    `| longest CPU-backed stall / garbage-collection pause: hostile phases; reference | ${msText(run?.busyMaxMs)} / ${msText(run?.gcMaxMs)}; ${msText(reference?.busyMaxMs)} / ${msText(reference?.gcMaxMs)} | (diagnosis) |`,
    `| normal commands acknowledged within 3 s while the hostile phases ran | ${String(steady.withinLimit)} of ${String(steady.sent)} (acked ${String(steady.acked)}) | all: ${verdict(ackMet)} |`,
    `| normal commands' acknowledgement, max / p99: hostile phases; reference | ${msText(steady.ackMax)} / ${msText(steady.ackP99)}; ${msText(alone.ackMax)} / ${msText(alone.ackP99)} | |`,
    `| normal commands answered correctly through \`response_url\`: hostile phases; reference | ${String(steady.answered - steady.wrongAnswers)} of ${String(steady.acked)}; ${String(alone.answered - alone.wrongAnswers)} of ${String(alone.acked)} | |`,
    `| server still running at the end; its peak RSS | ${report.crashed ? 'no' : 'yes'}; ${String(Math.round(report.peakRss / MB))} MB | |`,
    '',
    '| phase (25 hostile requests beside the steady stream) | expected answer | as expected | acknowledgement p99 | event loop max / p99 | CPU-backed stall | GC pause |',
    '|---|---|---|---|---|---|---|',
    `| reference: the steady stream alone | | | | ${loopText(reference)} |`,
  ];
  for (const { kind, wrong, ackP99, loop } of kinds) {
    lines.push(
      `| ${kind.label} | ${kind.expected} | ${String(PER_KIND - wrong.length)} of ${String(PER_KIND)}${wrong.length > 0 ? ` (${[...new Set(wrong)].join('; ')})` : ''} | ` +
        `${msText(ackP99)} | ${loopText(loop)} |`,
    );
  }
  lines.push(`| after the last phase, until every answer was sent | | | | ${loopText(report.tail)} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-hostile-'));
  const fake = await startFakeSlack({
    team: { id: TEAM, name: 'Acme Sales' },
    users: { [USER]: { name: 'alice', real_name: 'Alice Carter', tz: 'America/New_York', locale: 'en-US' } },
  });
  try {
    const { report, from, to } = await measure(dir, fake);
    const text = section(report);
    if (PROFILE) {
      // Node writes one profile per thread (tsx's loader runs in one of its own); the main thread's is thread 0.
      const profileDir = path.join(dir, 'profile');
      for (const name of readdirSync(profileDir)) if (!/\.\d+\.0\.\d+\.cpuprofile$/.test(name)) rmSync(path.join(profileDir, name));
      const profile = summariseProfile(profileDir, { from, to });
      process.stdout.write(`${text}\n\n(profiled: not recorded)\n${JSON.stringify(profile, null, 2)}\n`);
    } else if (ONLY !== undefined) {
      process.stdout.write(`${text}\n\n(some phases only: not recorded)\n`);
    } else {
      recordSection('Hostile input under steady load', text);
      process.stdout.write(`${text}\n`);
    }
  } finally {
    await fake.close();
    if (process.env.BENCH_HOSTILE_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
    else process.stdout.write(`log, database and event-loop records kept in ${dir}\n`);
  }
}

await main();
