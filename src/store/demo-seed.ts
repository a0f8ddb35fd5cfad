/**
 * The demo workspace a newcomer lands in with `npm start` and no chat credentials: three teams, a year
 * of deal history with every stage change recorded as an event, quotas for this quarter and the next.
 *
 * Generation is a pure function of (now, seed) — a seeded PRNG, no wall clock — so a demo, a screenshot
 * or a test sees the same numbers every time. Row ids are the only random part (they must not collide
 * with anything else in the database). Every generated row obeys the domain's invariants: closed deals
 * carry closedAt and forecast category "closed", lost deals a reason, each deal's event chain starts with
 * "created" and its stage events walk to the deal's current stage, and no time lies after `now`.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Prisma } from './db.js';
import { DEFAULT_STAGES } from '../domain/stages.js';
import { addDays, dateToUtcMidnight, daysBetween, localTimeParts, periodOf, type CalendarDate } from '../domain/calendar.js';
import type { ActivityKind, ForecastCategory, Grade, SourceChannel } from '../domain/deal.js';
import { normalizeKey } from '../domain/text-match.js';
import { dealSearchKey } from './deals.js';
import {
  ACTIVITY_TEXTS_EN,
  ACTIVITY_TEXTS_ZH,
  DEAL_PRODUCTS_EN,
  DEAL_PRODUCTS_ZH,
  DEMO_ADMIN,
  DEMO_TEAMS,
  DEMO_WORKSPACE_NAME,
  LOST_REASONS,
  NEXT_STEPS_EN,
  NEXT_STEPS_ZH,
  type DemoPerson,
  type DemoTeam,
} from './demo-data.js';

export type SeedDemoOptions = { now: Date; seed?: number };
export type SeedDemoResult = { workspaceId: string; defaultMemberId: string; dealCount: number };

export const DEMO_DEFAULT_SEED = 42;
export const DEMO_DEAL_COUNT = 200;
export const DEMO_PLATFORM = 'shell';
export const DEMO_TENANT = 'local';
/** The rep the shell acts as in the demo (the first rep of North America), also after a restart. */
export const DEMO_DEFAULT_HANDLE = 'alice';

const WORKSPACE_TIME_ZONE = 'America/New_York';
const WORKSPACE_CURRENCY = 'USD';
const FISCAL_YEAR_START_MONTH = 1;
/** Rough CNY per USD, only to size CNY deals and to count them toward USD quotas. */
const CNY_PER_USD = 7.2;

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const OPEN_STAGES = ['lead', 'qualified', 'needs_analysis', 'proposal', 'negotiation'] as const;
/** Products that come in phases ("phase 2"); a renewal or a training package does not. */
const PHASED_PRODUCTS: ReadonlySet<string> = new Set([
  'CRM rollout',
  'Analytics platform',
  'Data migration',
  'ERP integration',
  'Regional rollout',
  'CRM系统部署',
  '数据分析平台',
  '数据迁移项目',
  'ERP集成项目',
  '区域推广',
]);
const ACTIVITY_KIND_LIST: readonly ActivityKind[] = ['call', 'meeting', 'email', 'note'];

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: tiny, fast and good enough for sample data; the same seed gives the same sequence. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** Uniform in [0, 1). */
  unit(): number {
    return this.next();
  }
  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new RangeError('pick from an empty list');
    return last[0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }
}

function repeat<T>(value: T, count: number): T[] {
  return Array.from({ length: count }, () => value);
}

// ---------------------------------------------------------------------------------------------
// The plan: every row of the demo workspace, built without touching the database

export type DemoWorkspaceRows = {
  workspace: Prisma.WorkspaceCreateManyInput & { id: string; nextDealNumber: number };
  stages: Prisma.StageCreateManyInput[];
  teams: (Prisma.TeamCreateManyInput & { id: string; managerId: string })[];
  /** Managers and the admin: rows the reps' managerId points at. */
  leads: (Prisma.MemberCreateManyInput & { id: string })[];
  reps: (Prisma.MemberCreateManyInput & { id: string })[];
  identities: Prisma.PlatformIdentityCreateManyInput[];
  installation: Prisma.ChatInstallationCreateManyInput;
  accounts: (Prisma.AccountCreateManyInput & { id: string })[];
  deals: (Prisma.DealCreateManyInput & { id: string })[];
  events: Prisma.DealEventCreateManyInput[];
  activities: Prisma.ActivityCreateManyInput[];
  quotas: Prisma.QuotaCreateManyInput[];
  defaultMemberId: string;
};

type RepRow = { id: string; handle: string; team: DemoTeam; teamIndex: number; teamId: string };
type AccountRow = { id: string; name: string; grade: Grade; channel: SourceChannel; teamIndex: number };

type StepSpec = { type: 'stage_changed'; stage: string };
type ExtraSpec =
  | { type: 'amount_changed' }
  | { type: 'close_date_changed' }
  | { type: 'category_changed' }
  | { type: 'next_step_changed' }
  | { type: 'note'; kind: ActivityKind; text: string };
type EventSpec = StepSpec | ExtraSpec;

type OpenFlag = 'new' | 'stale' | 'recent' | 'normal';
type Outcome = 'won' | 'lost' | 'open';

const GRADE_USD: Record<Grade, { min: number; max: number; unit: number }> = {
  A: { min: 60_000, max: 300_000, unit: 1_000 },
  B: { min: 15_000, max: 80_000, unit: 500 },
  C: { min: 2_000, max: 20_000, unit: 100 },
};

function roundTo(value: number, unit: number): number {
  return Math.max(unit, Math.round(value / unit) * unit);
}

/**
 * Strictly increasing instants in (start, end], the last exactly at `end`, whole seconds apart at least.
 * The caller guarantees the span holds `count` seconds.
 */
function spreadTimes(rng: Rng, start: number, end: number, count: number): number[] {
  if (count === 0) return [];
  const span = end - start;
  const times = Array.from({ length: count - 1 }, () => start + Math.floor(rng.between(0, span) / SECOND) * SECOND).sort((a, b) => a - b);
  times.push(end);
  for (let i = 0; i < times.length; i++) {
    const floor = (i === 0 ? start : (times[i - 1] as number)) + SECOND;
    if ((times[i] as number) < floor) times[i] = floor;
  }
  times[count - 1] = end;
  for (let i = count - 2; i >= 0; i--) {
    const ceiling = (times[i + 1] as number) - SECOND;
    if ((times[i] as number) > ceiling) times[i] = ceiling;
  }
  return times;
}

/** Builds every row of the demo workspace from `now` and `seed` alone (ids come from `newId`). */
export function buildDemoWorkspace(now: Date, seed: number = DEMO_DEFAULT_SEED, newId: () => string = randomUUID): DemoWorkspaceRows {
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError('seedDemoWorkspace: `now` is not a valid Date');
  const rng = new Rng(seed);
  /** An instant `msAgo` before now, on a whole second, never after now. */
  const ago = (msAgo: number): number => Math.floor((nowMs - Math.max(0, msAgo)) / SECOND) * SECOND;
  const localDate = (ms: number, timeZone: string): CalendarDate => localTimeParts(new Date(ms), timeZone).date;

  const setupAt = new Date(ago(370 * DAY));
  const workspaceId = newId();
  const today = localDate(nowMs, WORKSPACE_TIME_ZONE);
  const thisQuarter = periodOf('quarter', today, FISCAL_YEAR_START_MONTH);
  const nextQuarter = periodOf('quarter', addDays(thisQuarter.end, 1), FISCAL_YEAR_START_MONTH);
  const quarterAfter = periodOf('quarter', addDays(nextQuarter.end, 1), FISCAL_YEAR_START_MONTH);

  const stages: Prisma.StageCreateManyInput[] = DEFAULT_STAGES.map((stage) => ({ workspaceId, ...stage }));

  // --- people and teams
  const member = (
    person: DemoPerson,
    role: string,
    extra: Partial<Prisma.MemberCreateManyInput>,
  ): Prisma.MemberCreateManyInput & { id: string } => ({
    id: newId(),
    workspaceId,
    name: person.name,
    handle: person.handle,
    email: `${person.handle}@example.com`,
    role,
    createdAt: setupAt,
    updatedAt: setupAt,
    ...extra,
  });
  const admin = member(DEMO_ADMIN, 'admin', {});
  const teams: DemoWorkspaceRows['teams'] = [];
  const leads: DemoWorkspaceRows['leads'] = [admin];
  const reps: DemoWorkspaceRows['reps'] = [];
  const repRows: RepRow[] = [];
  DEMO_TEAMS.forEach((team, teamIndex) => {
    const teamId = newId();
    const personal = { teamId, locale: team.memberLocale, timeZone: team.memberTimeZone };
    const manager = member(team.manager, 'manager', personal);
    leads.push(manager);
    teams.push({
      id: teamId,
      workspaceId,
      name: team.name,
      nameKey: normalizeKey(team.name),
      region: team.region,
      managerId: manager.id,
      timeZone: team.timeZone,
      createdAt: setupAt,
      updatedAt: setupAt,
    });
    for (const person of team.reps) {
      const rep = member(person, 'rep', { ...personal, managerId: manager.id });
      reps.push(rep);
      repRows.push({ id: rep.id, handle: rep.handle, team, teamIndex, teamId });
    }
  });
  const everyone = [...leads, ...reps];
  const identities: Prisma.PlatformIdentityCreateManyInput[] = everyone.map((m) => ({
    workspaceId,
    platform: DEMO_PLATFORM,
    externalTenantId: DEMO_TENANT,
    externalUserId: m.handle,
    memberId: m.id,
    createdAt: setupAt,
  }));

  // --- accounts: per team 20% A, 30% B, 50% C
  const accountRows: AccountRow[] = [];
  DEMO_TEAMS.forEach((team, teamIndex) => {
    const count = team.accounts.length;
    const aCount = Math.round(count * 0.2);
    const bCount = Math.round(count * 0.3);
    const grades = rng.shuffle<Grade>([
      ...repeat<Grade>('A', aCount),
      ...repeat<Grade>('B', bCount),
      ...repeat<Grade>('C', count - aCount - bCount),
    ]);
    team.accounts.forEach((name, i) => {
      const [direct, partner, online] = team.channelMix;
      const channel = rng.weighted<SourceChannel>([
        ['direct', direct],
        ['partner', partner],
        ['online', online],
      ]);
      accountRows.push({ id: newId(), name, grade: grades[i] ?? 'C', channel, teamIndex });
    });
  });
  const accounts: DemoWorkspaceRows['accounts'] = accountRows.map((a) => ({
    id: a.id,
    workspaceId,
    name: a.name,
    nameKey: normalizeKey(a.name),
    grade: a.grade,
    region: DEMO_TEAMS[a.teamIndex]?.region ?? null,
    channel: a.channel,
    createdAt: setupAt,
    updatedAt: setupAt,
  }));

  // --- deals
  const outcomes = rng.shuffle<Outcome>([...repeat<Outcome>('won', 60), ...repeat<Outcome>('lost', 40), ...repeat<Outcome>('open', 100)]);
  const openFlags = rng.shuffle<OpenFlag>([
    ...repeat<OpenFlag>('new', 5),
    ...repeat<OpenFlag>('stale', 15),
    ...repeat<OpenFlag>('recent', 12),
    ...repeat<OpenFlag>('normal', 68),
  ]);
  const wonRecent = rng.shuffle([...repeat(true, 3), ...repeat(false, 57)]);
  const lostRecent = rng.shuffle([...repeat(true, 2), ...repeat(false, 38)]);
  const counters = { open: 0, won: 0, lost: 0 };

  type PlannedDeal = {
    createdMs: number;
    order: number;
    deal: Omit<Prisma.DealCreateManyInput, 'number'> & { id: string };
    events: Prisma.DealEventCreateManyInput[];
    activities: Prisma.ActivityCreateManyInput[];
    wonUsd: number;
  };
  const planned: PlannedDeal[] = [];

  for (let order = 0; order < DEMO_DEAL_COUNT; order++) {
    const rep = repRows[order % repRows.length] as RepRow;
    const team = rep.team;
    const zh = team.chinese;
    const ownerToday = localDate(nowMs, team.timeZone);
    const teamAccounts = accountRows.filter((a) => a.teamIndex === rep.teamIndex);
    const account = rng.weighted(teamAccounts.map((a) => [a, a.grade === 'A' ? 2 : a.grade === 'B' ? 1.5 : 1] as const));
    const outcome = outcomes[order] ?? 'open';
    const flag: OpenFlag = outcome === 'open' ? (openFlags[counters.open++] ?? 'normal') : 'normal';
    const recentClose =
      outcome === 'won' ? wonRecent[counters.won++] === true : outcome === 'lost' ? lostRecent[counters.lost++] === true : false;

    // Amount, in the deal's currency.
    const currency = zh && rng.chance(0.15) ? 'CNY' : 'USD';
    const size = GRADE_USD[account.grade];
    const usd = rng.between(size.min, size.max);
    const major = currency === 'CNY' ? roundTo(usd * rng.between(6.9, 7.4), size.unit * 10) : roundTo(usd, size.unit);
    const finalAmount = major * 100;

    const product = rng.pick(zh ? DEAL_PRODUCTS_ZH : DEAL_PRODUCTS_EN);
    const title = PHASED_PRODUCTS.has(product) && rng.chance(0.25) ? (zh ? `${product}二期` : `${product} phase 2`) : product;
    const sourceChannel: SourceChannel = rng.chance(0.9) ? account.channel : rng.pick<SourceChannel>(['direct', 'partner', 'online']);

    // Stage path: the stages the deal walks through, one step at a time.
    const initialIndex: number = rng.weighted([
      [0, 60],
      [1, 25],
      [2, 15],
    ] as const);
    let path: string[];
    if (outcome === 'won') {
      path = [...OPEN_STAGES.slice(initialIndex), 'won'];
    } else if (outcome === 'lost') {
      const lostFrom = Math.max(
        initialIndex,
        rng.weighted([
          [0, 10],
          [1, 25],
          [2, 25],
          [3, 25],
          [4, 15],
        ] as const),
      );
      path = [...OPEN_STAGES.slice(initialIndex, lostFrom + 1), 'lost'];
    } else {
      // A deal logged in the last day has not moved yet.
      const finalIndex =
        flag === 'new'
          ? initialIndex
          : Math.max(
              initialIndex,
              rng.weighted([
                [0, 20],
                [1, 22],
                [2, 22],
                [3, 20],
                [4, 16],
              ] as const),
            );
      path = OPEN_STAGES.slice(initialIndex, finalIndex + 1);
    }
    const initialStage = path[0] as string;
    const finalStage = path[path.length - 1] as string;

    // Timeline: created at `start`, last event at `end`.
    let start: number;
    let end: number;
    if (outcome !== 'open') {
      const closedAgo = recentClose
        ? rng.between(1 * HOUR, 22 * HOUR)
        : rng.chance(0.35)
          ? rng.between(1 * DAY, 90 * DAY)
          : rng.between(1 * DAY, 330 * DAY);
      const createdAgo = closedAgo + rng.between(10 * DAY, Math.max(10 * DAY, Math.min(120 * DAY, 364 * DAY - closedAgo)));
      start = ago(createdAgo);
      end = ago(closedAgo);
    } else if (flag === 'new') {
      start = ago(rng.between(1 * HOUR, 20 * HOUR));
      end = start;
    } else if (flag === 'stale') {
      const createdAgo = rng.between(40 * DAY, 220 * DAY);
      start = ago(createdAgo);
      end = ago(rng.between(22 * DAY, Math.min(120 * DAY, createdAgo - 2 * DAY)));
    } else if (flag === 'recent') {
      start = ago(rng.between(5 * DAY, 150 * DAY));
      end = ago(rng.between(0.5 * HOUR, 22 * HOUR));
    } else {
      const createdAgo = rng.between(3 * DAY, 180 * DAY);
      start = ago(createdAgo);
      end = ago(rng.between(1.05 * DAY, Math.min(12 * DAY, createdAgo - 1 * DAY)));
    }
    const createdDate = localDate(start, WORKSPACE_TIME_ZONE);

    // Close date: the day it closed, or the day it is expected to.
    let finalCloseDate: CalendarDate;
    if (outcome !== 'open') {
      finalCloseDate = localDate(end, WORKSPACE_TIME_ZONE);
    } else {
      const maxSlip = daysBetween(createdDate, today) - 1;
      const roll = rng.unit();
      if (flag !== 'new' && maxSlip >= 1 && roll < 0.12) finalCloseDate = addDays(today, -rng.int(1, Math.min(30, maxSlip)));
      else if (roll < 0.6) finalCloseDate = addDays(today, rng.int(0, daysBetween(today, thisQuarter.end)));
      else if (roll < 0.95) finalCloseDate = addDays(nextQuarter.start, rng.int(0, daysBetween(nextQuarter.start, nextQuarter.end)));
      else finalCloseDate = addDays(quarterAfter.start, rng.int(0, daysBetween(quarterAfter.start, quarterAfter.end)));
    }

    // Forecast category of an open deal follows its stage; won deals are closed, lost ones omitted (as /deal move sets them).
    let category: ForecastCategory = outcome === 'lost' ? 'omit' : 'closed';
    if (outcome === 'open') {
      if (finalStage === 'negotiation') category = rng.chance(0.8) ? 'commit' : 'best';
      else if (finalStage === 'proposal') category = rng.chance(0.3) ? 'commit' : 'best';
      else if (finalStage === 'needs_analysis') category = rng.chance(0.3) ? 'best' : 'pipeline';
      else category = 'pipeline';
    }

    // Changes besides stage moves.
    let initialAmount = finalAmount;
    let initialCloseDate = finalCloseDate;
    let nextStep: string | null = null;
    let nextStepDue: CalendarDate | null = null;
    const extras: ExtraSpec[] = [];
    if (flag !== 'new') {
      if (rng.chance(0.12)) {
        const factor = rng.between(0.75, 1.35);
        const before = roundTo(major / factor, currency === 'CNY' ? size.unit * 10 : size.unit) * 100;
        if (before !== finalAmount) {
          initialAmount = before;
          extras.push({ type: 'amount_changed' });
        }
      }
      if (outcome === 'open' && rng.chance(0.2)) {
        const before = addDays(finalCloseDate, -rng.int(14, 45));
        if (before >= createdDate) {
          initialCloseDate = before;
          extras.push({ type: 'close_date_changed' });
        }
      }
      if (outcome === 'open' && rng.chance(flag === 'stale' ? 0.5 : 0.45)) {
        nextStep = rng.pick(zh ? NEXT_STEPS_ZH : NEXT_STEPS_EN);
        if (flag === 'stale') nextStepDue = addDays(localDate(end, team.timeZone), rng.int(3, 10));
        else {
          const when = rng.weighted([
            ['today', 30],
            ['overdue', 35],
            ['future', 35],
          ] as const);
          nextStepDue =
            when === 'today' ? ownerToday : when === 'overdue' ? addDays(ownerToday, -rng.int(1, 6)) : addDays(ownerToday, rng.int(1, 10));
        }
        extras.push({ type: 'next_step_changed' });
      }
      const noteCount = rng.chance(0.25) ? rng.int(1, 2) : outcome === 'open' && path.length === 1 && extras.length === 0 ? 1 : 0;
      for (let n = 0; n < noteCount; n++) {
        const kind = rng.pick(ACTIVITY_KIND_LIST);
        extras.push({ type: 'note', kind, text: rng.pick((zh ? ACTIVITY_TEXTS_ZH : ACTIVITY_TEXTS_EN)[kind]) });
      }
    }

    // Order: stage steps in sequence; other changes anywhere between; the closing step last.
    const steps: StepSpec[] = path.slice(1).map((stage) => ({ type: 'stage_changed', stage }));
    const closing = outcome === 'open' ? undefined : steps.pop();
    const sequence: EventSpec[] = [...steps];
    if (outcome === 'open' && category !== 'pipeline') sequence.push({ type: 'category_changed' });
    for (const extra of extras) sequence.splice(rng.int(0, sequence.length), 0, extra);
    if (closing) sequence.push(closing);
    if (sequence.length === 0) end = start;
    // Leave room for one second per event (only "new" deals have short histories, and they have none).
    if (end - start < sequence.length * SECOND) start = end - sequence.length * SECOND;
    const times = spreadTimes(rng, start, end, sequence.length);

    // Replay the sequence into events, tracking the deal's state after each.
    const dealId = newId();
    const ownerId = rep.id;
    let stage = initialStage;
    let amount = initialAmount;
    let closeDate = initialCloseDate;
    let stageEnteredAt = start;
    const lostReason = outcome === 'lost' ? rng.pick(LOST_REASONS) : null;
    const base = { workspaceId, dealId, actorId: ownerId, currency };
    const events: Prisma.DealEventCreateManyInput[] = [
      {
        ...base,
        type: 'created',
        at: new Date(start),
        toStage: initialStage,
        amountMinor: amount,
        after: { title, account: account.name, closeDate, category: 'pipeline' },
      },
    ];
    const activities: Prisma.ActivityCreateManyInput[] = [];
    sequence.forEach((spec, i) => {
      const at = new Date(times[i] as number);
      switch (spec.type) {
        case 'stage_changed':
          events.push({
            ...base,
            type: 'stage_changed',
            at,
            fromStage: stage,
            toStage: spec.stage,
            amountMinor: amount,
            after: { reason: spec.stage === 'lost' ? lostReason : null },
          });
          stage = spec.stage;
          stageEnteredAt = at.getTime();
          break;
        case 'amount_changed':
          events.push({
            ...base,
            type: 'amount_changed',
            at,
            amountMinor: finalAmount,
            before: { amountMinor: amount, currency },
            after: { amountMinor: finalAmount, currency },
          });
          amount = finalAmount;
          break;
        case 'close_date_changed':
          events.push({
            ...base,
            type: 'close_date_changed',
            at,
            amountMinor: amount,
            before: { closeDate },
            after: { closeDate: finalCloseDate },
          });
          closeDate = finalCloseDate;
          break;
        case 'category_changed':
          events.push({
            ...base,
            type: 'category_changed',
            at,
            amountMinor: amount,
            before: { category: 'pipeline' },
            after: { category },
          });
          break;
        case 'next_step_changed':
          events.push({
            ...base,
            type: 'next_step_changed',
            at,
            amountMinor: amount,
            before: { nextStep: null, due: null },
            after: { nextStep, due: nextStepDue },
          });
          break;
        case 'note': {
          activities.push({ workspaceId, dealId, memberId: ownerId, kind: spec.kind, text: spec.text, at });
          events.push({ ...base, type: 'note', at, amountMinor: amount, after: { kind: spec.kind, text: spec.text } });
          break;
        }
      }
    });
    if (stage !== finalStage || amount !== finalAmount || closeDate !== finalCloseDate) {
      throw new Error(
        `demo seed: deal ${order} replay ended at ${stage}/${amount}/${closeDate}, planned ${finalStage}/${finalAmount}/${finalCloseDate}`,
      );
    }

    const accountName = account.name;
    planned.push({
      createdMs: start,
      order,
      wonUsd: outcome === 'won' ? (currency === 'CNY' ? finalAmount / CNY_PER_USD : finalAmount) : 0,
      events,
      activities,
      deal: {
        id: dealId,
        workspaceId,
        title,
        searchKey: dealSearchKey(title, accountName),
        accountId: account.id,
        ownerId,
        teamId: rep.teamId,
        amountMinor: finalAmount,
        currency,
        listAmountMinor: finalAmount,
        discountBps: 0,
        stage: finalStage,
        forecastCategory: category,
        closeDate: dateToUtcMidnight(finalCloseDate),
        nextStep,
        nextStepDue: nextStepDue === null ? null : dateToUtcMidnight(nextStepDue),
        sourceChannel,
        lostReason,
        closedAt: outcome === 'open' ? null : new Date(end),
        stageEnteredAt: new Date(stageEnteredAt),
        lastActivityAt: new Date(end),
        createdAt: new Date(start),
        updatedAt: new Date(end),
        version: 1,
      },
    });
  }

  // Numbers follow creation order, as they would have been handed out.
  planned.sort((a, b) => a.createdMs - b.createdMs || a.order - b.order);
  const deals = planned.map((p, i) => ({ ...p.deal, number: i + 1 }));

  // --- quotas: a rep's quarter is about a quarter of last year's wins plus growth, set before the quarter began
  const quotas: Prisma.QuotaCreateManyInput[] = [];
  const quotaSetAt = new Date(Math.min(ago(0), dateToUtcMidnight(addDays(thisQuarter.start, -3)).getTime()));
  const quotaFor = (repId: string, growth: number): number => {
    const yearly = planned.filter((p) => p.deal.ownerId === repId).reduce((sum, p) => sum + p.wonUsd, 0);
    return Math.max(100_000_00, Math.ceil(((yearly / 4) * growth) / 25_000_00) * 25_000_00);
  };
  for (const [period, growth] of [
    [thisQuarter, 1.2],
    [nextQuarter, 1.3],
  ] as const) {
    const bounds = { periodKey: period.key, periodStart: dateToUtcMidnight(period.start), periodEnd: dateToUtcMidnight(period.end) };
    const common = {
      workspaceId,
      ...bounds,
      currency: WORKSPACE_CURRENCY,
      setById: admin.id,
      createdAt: quotaSetAt,
      updatedAt: quotaSetAt,
    };
    teams.forEach((team) => {
      let teamTotal = 0;
      for (const rep of reps.filter((r) => r.teamId === team.id)) {
        const amount = quotaFor(rep.id, growth);
        teamTotal += amount;
        quotas.push({ ...common, scopeKey: `member:${rep.id}`, memberId: rep.id, amountMinor: amount });
      }
      quotas.push({ ...common, scopeKey: `team:${team.id}`, teamId: team.id, amountMinor: teamTotal });
    });
  }

  const northAmerica = DEMO_TEAMS.findIndex((t) => t.name === 'North America');
  const defaultMember = repRows.find((r) => r.teamIndex === northAmerica) ?? repRows[0];
  if (!defaultMember) throw new Error('demo seed: no reps');
  if (defaultMember.handle !== DEMO_DEFAULT_HANDLE)
    throw new Error(`demo seed: the default rep is @${defaultMember.handle}, not @${DEMO_DEFAULT_HANDLE}`);

  return {
    workspace: {
      id: workspaceId,
      name: DEMO_WORKSPACE_NAME,
      isDemo: true,
      currency: WORKSPACE_CURRENCY,
      locale: 'en',
      timeZone: WORKSPACE_TIME_ZONE,
      fiscalYearStartMonth: FISCAL_YEAR_START_MONTH,
      nextDealNumber: deals.length + 1,
      createdAt: setupAt,
      updatedAt: setupAt,
    },
    stages,
    teams,
    leads,
    reps,
    identities,
    installation: { workspaceId, platform: DEMO_PLATFORM, externalTenantId: DEMO_TENANT, installedAt: setupAt, updatedAt: setupAt },
    accounts,
    deals,
    events: planned.flatMap((p) => p.events),
    activities: planned.flatMap((p) => p.activities),
    quotas,
    defaultMemberId: defaultMember.id,
  };
}

// ---------------------------------------------------------------------------------------------
// Writing it

/**
 * Creates the demo workspace, its shell installation (platform "shell", tenant "local") and a shell
 * identity per member, all in one transaction. Fails, writing nothing, when a shell installation exists.
 */
export async function seedDemoWorkspace(db: Db, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const rows = buildDemoWorkspace(options.now, options.seed ?? DEMO_DEFAULT_SEED);
  const existing = await db.chatInstallation.findUnique({
    where: { platform_externalTenantId: { platform: DEMO_PLATFORM, externalTenantId: DEMO_TENANT } },
    select: { workspaceId: true },
  });
  if (existing)
    throw new Error(
      `A ${DEMO_PLATFORM}/${DEMO_TENANT} installation already exists (workspace ${existing.workspaceId}); the demo workspace is not seeded twice.`,
    );

  // Teams and their managers point at each other: teams first, members, then each team's manager.
  await db.$transaction([
    db.workspace.create({ data: rows.workspace }),
    db.stage.createMany({ data: rows.stages }),
    db.team.createMany({ data: rows.teams.map(({ managerId: _managerId, ...team }) => team) }),
    db.member.createMany({ data: rows.leads }),
    db.member.createMany({ data: rows.reps }),
    ...rows.teams.map((team) => db.team.update({ where: { id: team.id }, data: { managerId: team.managerId, updatedAt: team.updatedAt } })),
    db.platformIdentity.createMany({ data: rows.identities }),
    db.chatInstallation.create({ data: rows.installation }),
    db.account.createMany({ data: rows.accounts }),
    db.deal.createMany({ data: rows.deals }),
    db.dealEvent.createMany({ data: rows.events }),
    db.activity.createMany({ data: rows.activities }),
    db.quota.createMany({ data: rows.quotas }),
  ]);
  return { workspaceId: rows.workspace.id, defaultMemberId: rows.defaultMemberId, dealCount: rows.deals.length };
}
