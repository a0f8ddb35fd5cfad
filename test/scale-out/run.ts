// Scale-out (#13): two DealDesk processes behind nginx sharing one PostgreSQL database. A burst of 200
// signed `/deal new` slash commands and some button presses goes through nginx while one replica is
// stopped mid-burst: with SIGKILL (scenario A) and with SIGTERM (scenario B), each on fresh processes and
// a fresh database. Then it checks that every acknowledged command was done exactly once and answered,
// that no request was left pending, and that a digest slot run on two processes at once was delivered once.
//
//   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5544/postgres npm run test:scale-out
//   SCALE_OUT_KEEP=1 …   keep the logs (replicas, nginx) in the temp dir it prints
//
// Run by .ci/run after `npm test` (not by `npm test`); needs nginx (apt-get install -y nginx). Prints a
// summary table and exits 1 on any violation. Takes about 4 minutes: most of it is waiting for the
// surviving replica to take over what the stopped one acknowledged (a 45 s lease, looked at every 15 s).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'node:http';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { FORM, blockActionBody, signSlackRequest, slashCommandBody } from '../support/slack-requests.js';
import { buttonsIn, type Button } from '../support/block-kit-buttons.js';
import { freePort, startServerProcess, type ServerProcess } from '../bench/load/processes.js';
import { startNginx, type Nginx } from './nginx.js';
import { prepareDatabase, TEAM, type ScaleOutDatabase, type SlackMember } from './workspace.js';
import { runDigestTwice, type DigestCheck } from './digest.js';
import { npmStart } from '../bench/load/setup.js';

const SECRET = 'scale-out-signing-secret';
const BOT_TOKEN = 'xoxb-scale-out';
const COMMANDS = 200;
/** 40 commands a second: the burst lasts 5 s, and the replica is stopped 2.5 s in. */
const INTERVAL_MS = 25;
const STOP_AFTER = 100;
/** A button press after every this many commands. */
const PRESS_EVERY = 10;
/** Past the lease (45 s), a resumer look (every 15 s) and the answer grace (60 s), with room to spare. */
const SETTLE_MS = 150_000;

type Scenario = { name: string; signal: 'SIGKILL' | 'SIGTERM' };
const SCENARIOS: Scenario[] = [
  { name: 'A: kill -9 mid-burst', signal: 'SIGKILL' },
  { name: 'B: SIGTERM mid-burst', signal: 'SIGTERM' },
];

type Sent = { kind: 'command' | 'press'; id: string; status: number; body: string; title?: string; dealNumber?: number };

type Outcome = {
  scenario: Scenario;
  sent: number;
  acknowledged: number;
  /** Not acknowledged as accepted: the "could not take" sentence, an HTTP error (nginx's 502/503/504), or no answer. */
  refused: { sentence: number; httpError: number; noAnswer: number };
  /** Acknowledged commands without their deal, or with more than one. */
  lost: number;
  doneTwice: number;
  /** Refused commands that were still done (recorded before the replica died): allowed once, never twice. */
  refusedButDone: number;
  unanswered: number;
  answeredTwice: number;
  pressesAcknowledged: number;
  pressesLost: number;
  pressesDoneTwice: number;
  pending: number;
  /** Requests the surviving replica took over from the stopped one (their record counts an attempt). */
  resumed: number;
  /** Requests nginx passed on to the other replica (the first refused, reset or answered 503). */
  passedOn: number;
  settleSeconds: number;
  digest?: DigestCheck;
  violations: string[];
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function post(agent: Agent, url: string, body: string): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  const headers = { 'Content-Type': FORM, 'Content-Length': String(Buffer.byteLength(body)), ...signSlackRequest(SECRET, body) };
  return new Promise((resolve) => {
    const req = request({ agent, hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve({ status: 0, body: '' }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    // Slack gives up after 3 s; nginx may take a little longer when it passes a request on.
    req.setTimeout(15_000, () => req.destroy());
    req.end(body);
  });
}

/** `npm start` as node arguments (compiled JavaScript, built first if src/ changed), as the load benchmark starts it. */
const START = npmStart();

async function waitReady(server: ServerProcess): Promise<void> {
  const until = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${String(server.port)}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (server.child.exitCode !== null) throw new Error(`a replica stopped while starting; see ${server.log}`);
    if (Date.now() > until) throw new Error(`a replica was not ready within 2 minutes; see ${server.log}`);
    await sleep(250);
  }
}

/** A letters-only account name per number (digits would read as an amount). */
function accountName(n: number): string {
  let letters = '';
  let rest = n;
  do {
    letters = String.fromCharCode(97 + (rest % 26)) + letters;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return `Scale ${letters.charAt(0).toUpperCase()}${letters.slice(1)}x`;
}

function commandBody(fake: FakeSlack, user: SlackMember, tag: string, n: number): { id: string; title: string; body: string } {
  const id = `${tag}-cmd-${String(n)}`;
  const title = `Burst ${tag} ${String(n)}`;
  const body = slashCommandBody({
    command: '/deal',
    text: `new ${accountName(n)} ${String(5 + (n % 40))}k ${title}`,
    user_id: user.userId,
    team_id: TEAM,
    trigger_id: `${tag}.${String(n)}.${String(Date.now())}`,
    response_url: fake.responseUrl(id),
  });
  return { id, title, body };
}

type Press = { dealNumber: number; owner: SlackMember; button: Button };

/**
 * Cards to press buttons on: `/deal show` of open deals, each by its owner, answered with its card. The
 * button pressed is the card's "Won" (the one that writes without asking for more words): done twice, the
 * deal would have two stage changes.
 */
async function cardsToPress(fake: FakeSlack, agent: Agent, url: string, db: ScaleOutDatabase, count: number): Promise<Press[]> {
  const deals = await db.db.deal.findMany({
    where: { workspaceId: db.workspaceId, closedAt: null, owner: { role: 'rep', active: true } },
    select: { number: true, owner: { select: { id: true } } },
    orderBy: { number: 'asc' },
  });
  const found: Press[] = [];
  for (const deal of deals) {
    if (found.length >= count) break;
    const owner = db.members.find((m) => m.memberId === deal.owner.id);
    if (!owner) continue;
    const id = `card-${String(deal.number)}`;
    const body = slashCommandBody({
      command: '/deal',
      text: `show D-${String(deal.number)}`,
      user_id: owner.userId,
      team_id: TEAM,
      response_url: fake.responseUrl(id),
    });
    const ack = await post(agent, url, body);
    if (ack.status !== 200) throw new Error(`/deal show was not acknowledged (${String(ack.status)})`);
    const answer = await fake.waitForResponse(id, 30_000);
    const button = buttonsIn((answer.body as { blocks?: unknown }).blocks).find((b) => isWon(b.value));
    if (button) found.push({ dealNumber: deal.number, owner, button });
  }
  if (found.length < count) throw new Error(`only ${String(found.length)} deal cards with a Won button (wanted ${String(count)})`);
  return found;
}

/** A button's value is the command it stands for (`c`) and, for one that opens a form first, the form (`f`). */
function isWon(value: string): boolean {
  try {
    const decoded = JSON.parse(value) as { c?: unknown; f?: unknown };
    return decoded.f === undefined && typeof decoded.c === 'string' && decoded.c.endsWith(' won');
  } catch {
    return false;
  }
}

async function runScenario(scenario: Scenario, server: string, root: string, index: number): Promise<Outcome> {
  const tag = `s${String(index)}`;
  const dir = path.join(root, tag);
  const db = await prepareDatabase(server);
  const fake = await startFakeSlack({ team: { id: TEAM, name: 'Acme Sales' }, users: db.fakeUsers });
  const replicas: ServerProcess[] = [];
  let nginx: Nginx | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  try {
    for (const name of ['replica-1', 'replica-2']) {
      replicas.push(
        startServerProcess({
          args: START,
          name: `${tag}-${name}`,
          logDir: root,
          env: {
            PORT: String(await freePort()),
            DATABASE_URL: db.url,
            SLACK_SIGNING_SECRET: SECRET,
            SLACK_BOT_TOKEN: BOT_TOKEN,
            SLACK_API_URL: fake.apiUrl,
          },
        }),
      );
    }
    await Promise.all(replicas.map(waitReady));
    nginx = await startNginx({ dir, port: await freePort(), upstreams: replicas.map((r) => r.port) });
    const url = `${nginx.url}/slack/events`;
    const user = db.members.find((m) => m.handle === 'alice') ?? db.members[0];
    if (!user) throw new Error('the demo workspace has no members');
    const presses = await cardsToPress(fake, agent, url, db, COMMANDS / PRESS_EVERY);
    const [victim] = replicas;
    if (!victim) throw new Error('no replica');

    // The burst: one command every INTERVAL_MS (not waiting for answers), a press after every PRESS_EVERY.
    const sending: Promise<Sent>[] = [];
    const started = Date.now();
    for (let n = 0; n < COMMANDS; n++) {
      const wait = started + n * INTERVAL_MS - Date.now();
      if (wait > 0) await sleep(wait);
      if (n === STOP_AFTER) victim.child.kill(scenario.signal);
      const command = commandBody(fake, user, tag, n);
      sending.push(post(agent, url, command.body).then((r) => ({ kind: 'command', id: command.id, title: command.title, ...r })));
      const press = presses[Math.floor(n / PRESS_EVERY)];
      if (n % PRESS_EVERY === PRESS_EVERY / 2 && press) {
        const id = `${tag}-press-${String(press.dealNumber)}`;
        const body = blockActionBody({
          user: press.owner.userId,
          team: TEAM,
          actions: [{ action_id: press.button.action_id, block_id: press.button.block_id, value: press.button.value }],
          response_url: fake.responseUrl(id),
          channel: { id: 'C0GENERAL' },
          container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0GENERAL', is_ephemeral: true },
        });
        sending.push(post(agent, url, body).then((r) => ({ kind: 'press', id, dealNumber: press.dealNumber, ...r })));
      }
    }
    const sent = await Promise.all(sending);
    const acknowledged = (s: Sent) => s.status === 200 && s.body === '';
    const commands = sent.filter((s) => s.kind === 'command');
    const ackedCommands = commands.filter(acknowledged);
    const pressesSent = sent.filter((s) => s.kind === 'press');

    // Wait until every acknowledged command has its deal and its answer, and nothing is pending.
    const titles = commands.map((c) => c.title ?? '');
    const dealsByTitle = async () => {
      const rows = await db.db.deal.groupBy({ by: ['title'], where: { workspaceId: db.workspaceId, title: { in: titles } }, _count: true });
      return new Map(rows.map((r) => [r.title, r._count]));
    };
    const answers = () => {
      const count = new Map<string, number>();
      for (const response of fake.responses) count.set(response.id, (count.get(response.id) ?? 0) + 1);
      return count;
    };
    const settleStart = Date.now();
    let pending = 0;
    for (;;) {
      const deals = await dealsByTitle();
      const answered = answers();
      pending = await db.db.processedRequest.count({ where: { state: 'pending' } });
      const settled = ackedCommands.every((c) => deals.get(c.title ?? '') !== undefined && (answered.get(c.id) ?? 0) > 0) && pending === 0;
      if (settled || Date.now() - settleStart > SETTLE_MS) break;
      await sleep(1_000);
    }
    const settleSeconds = Math.round((Date.now() - settleStart) / 1000);
    const deals = await dealsByTitle();
    const answered = answers();
    const violations: string[] = [];
    let lost = 0;
    let doneTwice = 0;
    let refusedButDone = 0;
    let unanswered = 0;
    let answeredTwice = 0;
    for (const c of commands) {
      const count = deals.get(c.title ?? '') ?? 0;
      if (count > 1) {
        doneTwice++;
        violations.push(`"${c.title ?? ''}" was done ${String(count)} times`);
      }
      if (acknowledged(c)) {
        if (count === 0) {
          lost++;
          violations.push(`"${c.title ?? ''}" was acknowledged and never done`);
        }
        const times = answered.get(c.id) ?? 0;
        if (times === 0) {
          unanswered++;
          violations.push(`"${c.title ?? ''}" was acknowledged and never answered`);
        }
        // Answered twice is allowed, and counted: a replica that dies after its work committed and after
        // its answer reached Slack, but before it recorded that (markAnswered), leaves a saved answer that
        // looks undelivered; the resumer delivers it again a minute later. Slack shows the same message twice.
        if (times > 1) answeredTwice++;
      } else if (count === 1) refusedButDone++;
    }
    // Presses: the deal moved exactly one stage on from where it was before the burst.
    let pressesLost = 0;
    let pressesDoneTwice = 0;
    for (const p of pressesSent) {
      const card = presses.find((c) => c.dealNumber === p.dealNumber);
      if (!card) continue;
      const moves = await db.db.dealEvent.count({
        where: { workspaceId: db.workspaceId, deal: { number: card.dealNumber }, type: 'stage_changed', at: { gte: new Date(started) } },
      });
      if (moves > 1) {
        pressesDoneTwice++;
        violations.push(`the press on D-${String(card.dealNumber)} moved it ${String(moves)} times`);
      }
      if (acknowledged(p) && moves === 0) {
        pressesLost++;
        violations.push(`the press on D-${String(card.dealNumber)} was acknowledged and never done`);
      }
    }
    if (pending > 0) violations.push(`${String(pending)} request(s) still pending after ${String(settleSeconds)} s`);
    if (ackedCommands.length < COMMANDS / 4)
      violations.push(`only ${String(ackedCommands.length)} commands acknowledged: nginx did not pass them on`);

    const resumed = await db.db.processedRequest.count({ where: { attempts: { gt: 0 } } });
    const passedOn = nginx.passedOn();
    // The replicas are stopped before the digest, so only the two jobs runs send anything.
    await Promise.all(replicas.map((r) => r.stop(30_000)));
    await nginx.stop();
    let digest: DigestCheck | undefined;
    if (index === 0) {
      digest = await runDigestTwice({ db, fake, root, start: START, env: { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: BOT_TOKEN } });
      violations.push(...digest.violations);
    }
    return {
      scenario,
      sent: sent.length,
      acknowledged: ackedCommands.length,
      refused: {
        sentence: commands.filter((c) => c.status === 200 && c.body !== '').length,
        httpError: commands.filter((c) => c.status !== 200 && c.status !== 0).length,
        noAnswer: commands.filter((c) => c.status === 0).length,
      },
      lost,
      doneTwice,
      refusedButDone,
      unanswered,
      answeredTwice,
      pressesAcknowledged: pressesSent.filter(acknowledged).length,
      pressesLost,
      pressesDoneTwice,
      pending,
      resumed,
      passedOn,
      settleSeconds,
      ...(digest ? { digest } : {}),
      violations,
    };
  } finally {
    agent.destroy();
    await nginx?.stop();
    await Promise.all(replicas.map((r) => r.stop(5_000)));
    await fake.close();
    await db.drop();
  }
}

function table(outcomes: Outcome[]): string {
  const rows: [string, (o: Outcome) => string][] = [
    ['commands sent', (o) => `${String(COMMANDS)} (+${String(o.sent - COMMANDS)} presses)`],
    ['commands acknowledged', (o) => String(o.acknowledged)],
    [
      'commands refused: sentence / HTTP error / no answer',
      (o) => `${String(o.refused.sentence)} / ${String(o.refused.httpError)} / ${String(o.refused.noAnswer)}`,
    ],
    ['acknowledged and lost', (o) => String(o.lost)],
    ['done twice', (o) => String(o.doneTwice)],
    ['refused but done once (recorded before the stop)', (o) => String(o.refusedButDone)],
    ['acknowledged and unanswered', (o) => String(o.unanswered)],
    ['answered twice (crash between answer and its record)', (o) => String(o.answeredTwice)],
    [
      'presses acknowledged / lost / done twice',
      (o) => `${String(o.pressesAcknowledged)} / ${String(o.pressesLost)} / ${String(o.pressesDoneTwice)}`,
    ],
    ['requests left pending', (o) => String(o.pending)],
    ['passed on by nginx to the other replica', (o) => String(o.passedOn)],
    ['taken over by the other replica (resumer)', (o) => String(o.resumed)],
    ['seconds until all done and answered', (o) => String(o.settleSeconds)],
    [
      'digest slots / messages (two jobs runs at once)',
      (o) =>
        o.digest ? `${String(o.digest.slots)} slots, ${String(o.digest.messages)} messages, ${String(o.digest.repeated)} repeated` : '–',
    ],
    ['violations', (o) => String(o.violations.length)],
  ];
  const lines = [`| | ${outcomes.map((o) => o.scenario.name).join(' | ')} |`, `|---|${outcomes.map(() => '---').join('|')}|`];
  for (const [label, cell] of rows) lines.push(`| ${label} | ${outcomes.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) {
    process.stderr.write('scale-out: TEST_POSTGRES_URL is not set (postgres://user@host:port/postgres); .ci/run sets it\n');
    return 2;
  }
  const root = mkdtempSync(path.join(tmpdir(), 'dealdesk-scale-out-'));
  const outcomes: Outcome[] = [];
  let failed = false;
  try {
    for (const [index, scenario] of SCENARIOS.entries()) {
      process.stdout.write(`scale-out: ${scenario.name}…\n`);
      const outcome = await runScenario(scenario, server, root, index);
      outcomes.push(outcome);
      for (const violation of outcome.violations.slice(0, 20)) process.stdout.write(`  violation: ${violation}\n`);
    }
  } catch (error) {
    failed = true;
    process.stderr.write(`scale-out: could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  if (outcomes.length > 0) process.stdout.write(`\n${table(outcomes)}\n\n`);
  const violations = outcomes.reduce((sum, o) => sum + o.violations.length, 0);
  if (failed || violations > 0 || process.env.SCALE_OUT_KEEP) process.stdout.write(`scale-out: logs kept in ${root}\n`);
  else rmSync(root, { recursive: true, force: true });
  if (failed) return 1;
  process.stdout.write(violations === 0 ? 'scale-out: no violations\n' : `scale-out: ${String(violations)} violation(s)\n`);
  return violations === 0 ? 0 : 1;
}

process.exitCode = await main();
