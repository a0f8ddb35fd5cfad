// A generated year of sales (issue #15): about 2,500 deals created over the year before GENERATED_NOW,
// written in bulk with the scale benchmark's writer (a few statements per table), for tests that check
// every report figure against plain SQL on a dataset too big to build through the commands.
// - an April fiscal year, the workspace in Shanghai and reporting in USD; deals in USD, CNY and EUR
//   (monthly rates into USD) and GBP (no rate at all, so reports name it);
// - five teams: two in Shanghai (APAC), two in New York (AMER), one with neither region nor time zone;
//   five reps each; a rep deactivated two months ago (his deals stay with his team) and a rep moved from
//   North China to New York four months ago (deals created before stay in North China);
// - deals from every source channel, moving forward through the funnel and sometimes back, won or lost
//   (lost with a reason, or none), some won on the edge of a quarter: 23:30 on its last day and 00:30 on
//   the next one's first, in Shanghai and in New York;
// - calls, meetings, e-mails and notes (some by the team's manager), discounts on a quarter of the won
//   deals, one or two competitors on a third of the deals (and lost to one of them on some lost ones),
//   an after-sales call-back 30 days after each win, scored on most of those due (1 to 5), some not;
// - a USD quota per rep (one rep without) for the quarters before and after the fiscal year's edge.
//
//   const data = await generatedDataset('sqlite');
//   const ctx = await data.contextFor('ada');
//
// Everything follows from the seed, so each run writes the same rows.
import { freshDatabaseUrl } from './databases.js';
import { openWriter, rngOf, type Table } from '../bench/scale/generate.js';
import { createDb, type Db, type Provider } from '../../src/store/db.js';
import { loadWorkspaceContext } from '../../src/store/workspaces.js';
import { loadActor } from '../../src/store/members.js';
import type { CommandContext } from '../../src/commands/context.js';
import { DEFAULT_STAGES } from '../../src/domain/stages.js';
import { addDays, dateToUtcMidnight, periodOf, zonedTimeToUtc, type CalendarDate } from '../../src/domain/calendar.js';

const DAY = 86_400_000;

/** Monday 2026-04-20 10:00 in Shanghai, still Sunday 22:00 in New York: three weeks into FY2027. */
export const GENERATED_NOW = new Date('2026-04-20T02:00:00Z');
export const GENERATED_FISCAL_START = 4;
export const GENERATED_TIME_ZONE = 'Asia/Shanghai';
export const AFTER_SALES_DAYS = 30;
export const GENERATED_DEALS = 2_500;
/** Competitors named on deals. */
const COMPETITORS = ['Oracle', 'SAP', 'Salesforce', '金蝶', '用友', 'Workday'];
const LOST_REASONS = ['price', 'timing', 'no budget', 'went with a competitor', '价格', null];
const OPEN = DEFAULT_STAGES.filter((stage) => stage.kind === 'open');
/** Into USD; GBP has none. */
const RATES: Record<string, number> = { CNY: 0.1378, EUR: 1.08 };

export const GENERATED_TEAMS = [
  { key: 'east', name: 'East China', region: 'APAC', timeZone: 'Asia/Shanghai' },
  { key: 'north', name: 'North China', region: 'APAC', timeZone: 'Asia/Shanghai' },
  { key: 'ny', name: 'New York', region: 'AMER', timeZone: 'America/New_York' },
  { key: 'boston', name: 'Boston', region: 'AMER', timeZone: 'America/New_York' },
  { key: 'channel', name: 'Channel Partners', region: null, timeZone: null },
] as const;

/** The rep deactivated (60 days before now) and the rep moved from North China to New York (120 days before). */
export const GENERATED_INACTIVE = 'rep09';
export const GENERATED_MOVED = 'rep12';
const DEACTIVATED_AT = GENERATED_NOW.getTime() - 60 * DAY;
const MOVED_AT = GENERATED_NOW.getTime() - 120 * DAY;

export type GeneratedDataset = {
  provider: Provider;
  db: Db;
  workspaceId: string;
  /** Team name → id, handle → member id. */
  teamIds: Record<string, string>;
  memberIds: Record<string, string>;
  contextFor(handle: string): Promise<CommandContext>;
  cleanup(): Promise<void>;
};

const table = (name: string, columns: readonly (readonly [string, Table['columns'][number][1]])[]): Table => ({ name, columns });

const T = {
  workspace: table('Workspace', [
    ['id', 'text'],
    ['name', 'text'],
    ['currency', 'text'],
    ['timeZone', 'text'],
    ['fiscalYearStartMonth', 'int'],
    ['afterSalesDays', 'int'],
    ['nextDealNumber', 'int'],
    ['createdAt', 'ts'],
    ['updatedAt', 'ts'],
  ]),
  stage: table('Stage', [
    ['id', 'text'],
    ['workspaceId', 'text'],
    ['key', 'text'],
    ['position', 'int'],
    ['probability', 'int'],
    ['kind', 'text'],
    ['nameEn', 'text'],
    ['nameZh', 'text'],
  ]),
  team: table('Team', [
    ['id', 'text'],
    ['workspaceId', 'text'],
    ['name', 'text'],
    ['nameKey', 'text'],
    ['region', 'text'],
    ['timeZone', 'text'],
    ['createdAt', 'ts'],
    ['updatedAt', 'ts'],
  ]),
  member: table('Member', [
    ['id', 'text'],
    ['workspaceId', 'text'],
    ['name', 'text'],
    ['handle', 'text'],
    ['role', 'text'],
    ['managerId', 'text'],
    ['teamId', 'text'],
    ['timeZone', 'text'],
    ['active', 'bool'],
    ['createdAt', 'ts'],
    ['updatedAt', 'ts'],
  ]),
  account: table('Account', [
    ['id', 'text'],
    ['workspaceId', 'text'],
    ['name', 'text'],
    ['nameKey', 'text'],
    ['grade', 'text'],
    ['channel', 'text'],
    ['createdAt', 'ts'],
    ['updatedAt', 'ts'],
  ]),
  competitor: table('Competitor', [
    ['id', 'text'],
    ['workspaceId', 'text'],
    ['name', 'text'],
    ['nameKey', 'text'],
    ['createdAt', 'ts'],
  ]),
  deal: table('Deal', [
    ['id', 'text'],
    ['workspaceId', 'text'],
    ['number', 'int'],
    ['title', 'text'],
    ['searchKey', 'text'],
    ['accountId', 'text'],
    ['ownerId', 'text'],
    ['teamId', 'text'],
    ['amountMinor', 'bigint'],
    ['currency', 'text'],
    ['listAmountMinor', 'bigint'],
    ['discountBps', 'int'],
    ['stage', 'text'],
    ['forecastCategory', 'text'],
    ['closeDate', 'ts'],
    ['sourceChannel', 'text'],
    ['lostReason', 'text'],
    ['lostToId', 'text'],
    ['closedAt', 'ts'],
    ['stageEnteredAt', 'ts'],
    ['lastActivityAt', 'ts'],
    ['createdAt', 'ts'],
    ['updatedAt', 'ts'],
    ['version', 'int'],
  ]),
  event: table('DealEvent', [
    ['id', 'text'],
    ['workspaceId', 'text'],
    ['dealId', 'text'],
    ['actorId', 'text'],
    ['type', 'text'],
    ['at', 'ts'],
    ['fromStage', 'text'],
    ['toStage', 'text'],
    ['amountMinor', 'bigint'],
    ['currency', 'text'],
    ['after', 'json'],
  ]),
  dealCompetitor: table('DealCompetitor', [
    ['dealId', 'text'],
    ['competitorId', 'text'],
    ['createdAt', 'ts'],
  ]),
  activity: table('Activity', [
    ['id', 'text'],
    ['workspaceId', 'text'],
    ['dealId', 'text'],
    ['memberId', 'text'],
    ['kind', 'text'],
    ['text', 'text'],
    ['at', 'ts'],
  ]),
  followUp: table('AfterSalesFollowUp', [
    ['id', 'text'],
    ['workspaceId', 'text'],
    ['dealId', 'text'],
    ['ownerId', 'text'],
    ['dueOn', 'ts'],
    ['score', 'int'],
    ['recordedAt', 'ts'],
    ['createdAt', 'ts'],
    ['updatedAt', 'ts'],
  ]),
  quota: table('Quota', [
    ['id', 'text'],
    ['workspaceId', 'text'],
    ['scopeKey', 'text'],
    ['memberId', 'text'],
    ['periodKey', 'text'],
    ['periodStart', 'ts'],
    ['periodEnd', 'ts'],
    ['amountMinor', 'bigint'],
    ['currency', 'text'],
    ['createdAt', 'ts'],
    ['updatedAt', 'ts'],
  ]),
  rate: table('ExchangeRate', [
    ['id', 'text'],
    ['workspaceId', 'text'],
    ['currency', 'text'],
    ['quoteCurrency', 'text'],
    ['rate', 'text'],
    ['effectiveDate', 'ts'],
    ['createdAt', 'ts'],
  ]),
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const seconds = (ms: number) => Math.floor(ms / 1000) * 1000;

/** The calendar day of an instant in a zone. */
function dayIn(ms: number, timeZone: string): CalendarDate {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(ms));
}
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Instants on both sides of the quarter edges around the report periods, in a zone: 23:30 the last day, 00:30 the first. */
function edgeInstants(timeZone: string): number[] {
  return ['2026-01-01', '2026-04-01'].flatMap((first) => [
    zonedTimeToUtc(addDays(first, -1), '23:30', timeZone).getTime(),
    zonedTimeToUtc(first, '00:30', timeZone).getTime(),
  ]);
}

type Rep = { id: string; handle: string; teamKey: string; formerTeamKey?: string; active: boolean };

/** A new database holding the generated workspace, with a client. */
export async function generatedDataset(provider: Provider, seed = 15): Promise<GeneratedDataset> {
  const { url, drop } = await freshDatabaseUrl(provider);
  try {
    const ids = await writeDataset(url, seed);
    const db = createDb(url);
    let done: Promise<void> | undefined;
    return {
      provider,
      db,
      ...ids,
      async contextFor(handle) {
        const workspace = await loadWorkspaceContext(db, ids.workspaceId);
        const memberId = ids.memberIds[handle];
        if (!workspace || memberId === undefined) throw new Error(`No member @${handle}`);
        const actor = await loadActor(db, workspace, memberId);
        if (!actor) throw new Error(`@${handle} is inactive`);
        return { db, workspace, actor, now: GENERATED_NOW, platform: 'shell' };
      },
      cleanup: () =>
        (done ??= (async () => {
          try {
            await db.$disconnect();
          } finally {
            await drop();
          }
        })()),
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

async function writeDataset(url: string, seed: number): Promise<Pick<GeneratedDataset, 'workspaceId' | 'teamIds' | 'memberIds'>> {
  const rng = rngOf(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  const between = (min: number, max: number) => min + rng() * (max - min);
  const nowMs = GENERATED_NOW.getTime();
  const setupAt = nowMs - 400 * DAY;
  const ws = 'ws-generated';
  const writer = await openWriter(url);
  try {
    writer.add(T.workspace, [
      ws,
      'Generated Sales',
      'USD',
      GENERATED_TIME_ZONE,
      GENERATED_FISCAL_START,
      AFTER_SALES_DAYS,
      GENERATED_DEALS + 1,
      setupAt,
      setupAt,
    ]);
    for (const s of DEFAULT_STAGES) writer.add(T.stage, [`s-${s.key}`, ws, s.key, s.position, s.probability, s.kind, s.nameEn, s.nameZh]);
    const teamIds: Record<string, string> = {};
    const zoneOf: Record<string, string> = {};
    const managerOf: Record<string, string> = {};
    for (const team of GENERATED_TEAMS) {
      const id = `t-${team.key}`;
      teamIds[team.name] = id;
      zoneOf[team.key] = team.timeZone ?? GENERATED_TIME_ZONE;
      writer.add(T.team, [id, ws, team.name, team.name.toLowerCase(), team.region, team.timeZone, setupAt, setupAt]);
    }
    // The admin sells nothing and lives in New York, so her "today" is a day behind Shanghai's at GENERATED_NOW.
    const memberIds: Record<string, string> = { ada: 'm-ada' };
    writer.add(T.member, ['m-ada', ws, 'Ada Admin', 'ada', 'admin', null, null, 'America/New_York', true, setupAt, setupAt]);
    for (const team of GENERATED_TEAMS) {
      const id = `m-mgr-${team.key}`;
      managerOf[team.key] = id;
      memberIds[`mgr-${team.key}`] = id;
      writer.add(T.member, [
        id,
        ws,
        `Manager ${team.name}`,
        `mgr-${team.key}`,
        'manager',
        null,
        `t-${team.key}`,
        null,
        true,
        setupAt,
        setupAt,
      ]);
    }
    const reps: Rep[] = [];
    for (let r = 0; r < GENERATED_TEAMS.length * 5; r++) {
      const handle = `rep${pad(r + 1, 2)}`;
      const home = GENERATED_TEAMS[r % GENERATED_TEAMS.length]?.key ?? 'east';
      const moved = handle === GENERATED_MOVED;
      const rep: Rep = {
        id: `m-${handle}`,
        handle,
        teamKey: moved ? 'ny' : home,
        ...(moved ? { formerTeamKey: home } : {}),
        active: handle !== GENERATED_INACTIVE,
      };
      reps.push(rep);
      memberIds[handle] = rep.id;
      const team = rep.teamKey;
      writer.add(T.member, [
        rep.id,
        ws,
        `Rep ${pad(r + 1, 2)}`,
        handle,
        'rep',
        managerOf[team] ?? null,
        `t-${team}`,
        null,
        rep.active,
        setupAt,
        setupAt,
      ]);
    }
    const accounts = 300;
    for (let a = 0; a < accounts; a++) {
      const name = `Account ${pad(a + 1, 3)}`;
      writer.add(T.account, [
        `a-${pad(a, 3)}`,
        ws,
        name,
        name.toLowerCase(),
        pick(['A', 'B', 'C']),
        pick(['direct', 'partner', 'online']),
        setupAt,
        setupAt,
      ]);
    }
    for (const [c, name] of COMPETITORS.entries()) writer.add(T.competitor, [`c-${String(c)}`, ws, name, name.toLowerCase(), setupAt]);

    const created = Array.from({ length: GENERATED_DEALS }, () => seconds(nowMs - between(0, 365 * DAY))).sort((a, b) => a - b);
    for (let i = 0; i < GENERATED_DEALS; i++) {
      const createdAt = created[i] ?? nowMs;
      const id = `d-${pad(i, 5)}`;
      // The deactivated rep gets no deal in his last weeks.
      let rep = pick(reps);
      while (!rep.active && createdAt > DEACTIVATED_AT - 30 * DAY) rep = pick(reps);
      const teamKey = rep.formerTeamKey !== undefined && createdAt < MOVED_AT ? rep.formerTeamKey : rep.teamKey;
      const zone = zoneOf[teamKey] ?? GENERATED_TIME_ZONE;
      const roll = rng();
      const currency = roll < 0.72 ? 'USD' : roll < 0.86 ? 'CNY' : roll < 0.96 ? 'EUR' : 'GBP';
      const amountMinor = Math.round(between(2_000, 150_000)) * (currency === 'CNY' ? 700 : 100);
      const age = nowMs - createdAt;
      const outcomeRoll = rng();
      const outcome = age > 7 * DAY ? (outcomeRoll < 0.35 ? 'won' : outcomeRoll < 0.6 ? 'lost' : 'open') : 'open';
      // When the history ends: its close, or its last move for an open deal; some closes on a quarter's edge.
      let endMs = outcome === 'open' ? seconds(nowMs - between(0, Math.min(age, 45 * DAY))) : seconds(createdAt + between(DAY, age));
      if (!rep.active) endMs = Math.min(endMs, seconds(DEACTIVATED_AT - between(DAY, 20 * DAY)));
      if (outcome !== 'open' && i % 23 === 0) {
        const edges = edgeInstants(zone).filter((edge) => edge - createdAt > 3 * DAY && edge < nowMs);
        if (edges.length > 0) endMs = edges[(i / 23) % edges.length] ?? endMs;
      }
      endMs = Math.max(endMs, createdAt + 60_000);
      // The path: forward from Lead (or Qualified), sometimes back one stage and on again.
      const first = rng() < 0.8 ? 0 : 1;
      const last = first + Math.floor(rng() * (OPEN.length - first));
      const path: string[] = [];
      for (let s = first; s <= last; s++) path.push(OPEN[s]?.key ?? 'lead');
      if (last - first >= 2 && rng() < 0.2) path.push(path[path.length - 2] ?? 'lead', path[path.length - 1] ?? 'lead');
      const closedAt = outcome === 'open' ? null : endMs;
      const steps = path.length - 1 + (outcome === 'open' ? 0 : 1);
      const step = steps > 0 ? Math.max(1000, seconds((endMs - createdAt) / steps)) : 0;
      let eventNo = 0;
      let at = createdAt;
      const event = (type: string, from: string | null, to: string | null, when: number, after: string) =>
        writer.add(T.event, [`e-${pad(i, 5)}-${String(eventNo++)}`, ws, id, rep.id, type, when, from, to, amountMinor, currency, after]);
      event('created', null, path[0] ?? 'lead', createdAt, JSON.stringify({ title: `Deal ${String(i + 1)}` }));
      let stage = path[0] ?? 'lead';
      for (const to of path.slice(1)) {
        at += step;
        event('stage_changed', stage, to, at, '{"reason":null}');
        stage = to;
      }
      let lostReason: string | null = null;
      let lostToId: string | null = null;
      const competitor = () => Math.floor(rng() * COMPETITORS.length);
      const named = rng() < 1 / 3 ? [...new Set([competitor(), ...(rng() < 0.3 ? [competitor()] : [])])] : [];
      if (closedAt !== null) {
        // The final move comes last, after every other.
        const closeAt = Math.max(closedAt, at + 1000);
        lostReason = outcome === 'lost' ? pick(LOST_REASONS) : null;
        if (outcome === 'lost' && named.length > 0 && rng() < 0.6) lostToId = `c-${String(pick(named))}`;
        event('stage_changed', stage, outcome, closeAt, JSON.stringify({ reason: lostReason }));
        stage = outcome;
        at = closeAt;
      }
      const finalClosedAt = closedAt === null ? null : at;
      for (const c of named) writer.add(T.dealCompetitor, [id, `c-${String(c)}`, createdAt]);
      const closeDate =
        finalClosedAt === null
          ? dateToUtcMidnight(dayIn(nowMs + between(-30, 150) * DAY, zone)).getTime()
          : dateToUtcMidnight(dayIn(finalClosedAt, zone)).getTime();
      // Follow-ups, some by the team's manager (they count for whoever logged them).
      const notes = Math.floor(rng() * 5);
      let lastActivityAt = at;
      for (let n = 0; n < notes; n++) {
        const noteAt = seconds(between(createdAt, finalClosedAt ?? nowMs));
        const kind = pick(['call', 'meeting', 'email', 'note']);
        const by = rng() < 0.15 ? (managerOf[teamKey] ?? rep.id) : rep.id;
        lastActivityAt = Math.max(lastActivityAt, noteAt);
        writer.add(T.activity, [`ac-${pad(i, 5)}-${String(n)}`, ws, id, by, kind, `${kind} on deal ${String(i + 1)}`, noteAt]);
      }
      let listAmountMinor: number | null = null;
      let discountBps: number | null = null;
      if (outcome === 'won' && rng() < 0.25) {
        discountBps = pick([500, 750, 1000, 1250, 2000]);
        listAmountMinor = Math.round((amountMinor * 10_000) / (10_000 - discountBps));
      }
      if (outcome === 'won' && finalClosedAt !== null) {
        const dueOn = dateToUtcMidnight(addDays(dayIn(finalClosedAt, zone), AFTER_SALES_DAYS)).getTime();
        const answered = dueOn + DAY < nowMs && rng() < 0.75;
        const score = answered ? pick([1, 2, 3, 3, 4, 4, 4, 5, 5, 5]) : null;
        const recordedAt = answered ? seconds(dueOn + between(0, Math.min(10 * DAY, nowMs - dueOn - 1000))) : null;
        writer.add(T.followUp, [`f-${pad(i, 5)}`, ws, id, rep.id, dueOn, score, recordedAt, finalClosedAt, recordedAt ?? finalClosedAt]);
      }
      const account = Math.floor(rng() * accounts);
      writer.add(T.deal, [
        id,
        ws,
        i + 1,
        `Deal ${String(i + 1)}`,
        `deal ${String(i + 1)} account ${pad(account + 1, 3)}`,
        `a-${pad(account, 3)}`,
        rep.id,
        `t-${teamKey}`,
        amountMinor,
        currency,
        listAmountMinor,
        discountBps,
        stage,
        outcome === 'open' ? pick(['pipeline', 'best', 'commit']) : 'closed',
        closeDate,
        pick(['direct', 'partner', 'online']),
        lostReason,
        lostToId,
        finalClosedAt,
        at,
        lastActivityAt,
        createdAt,
        lastActivityAt,
        1,
      ]);
    }
    // Quotas in USD for each rep (but one) for the quarters either side of the fiscal year's edge.
    for (const date of ['2026-02-15', '2026-05-15'] as const) {
      const period = periodOf('quarter', date, GENERATED_FISCAL_START);
      for (const rep of reps.slice(1)) {
        writer.add(T.quota, [
          `q-${period.key}-${rep.handle}`,
          ws,
          `member:${rep.id}`,
          rep.id,
          period.key,
          dateToUtcMidnight(period.start).getTime(),
          dateToUtcMidnight(period.end).getTime(),
          Math.round(between(200, 600)) * 1_000_00,
          'USD',
          setupAt,
          setupAt,
        ]);
      }
    }
    // Rates on the first of each month, from 14 months back.
    for (const [currency, base] of Object.entries(RATES)) {
      for (let month = 0; month <= 14; month++) {
        const d = new Date(nowMs);
        const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - month, 1);
        const rate = (base * (1 + ((month * 7) % 11) / 200)).toFixed(4);
        writer.add(T.rate, [`r-${currency}-${String(month)}`, ws, currency, 'USD', rate, first, setupAt]);
      }
    }
    await writer.flush();
    await writer.exec(`UPDATE "Team" SET "managerId" = 'm-mgr-' || substr("id", 3) WHERE "workspaceId" = '${ws}'`);
    return { workspaceId: ws, teamIds, memberIds };
  } finally {
    await writer.close();
  }
}
