/**
 * The queries behind the manager digest and the rep nudge. Each is one statement (a `findMany` with
 * a bounded `take`, a `count` or a `groupBy`) over a whole scope, so a digest costs the same number
 * of queries however many deals a team has.
 */
import { providerOfDb, type Db, type Prisma } from './db.js';
import { instant } from './raw-values.js';
import { Prisma as PrismaValues } from './generated/sqlite/client.js';
import { dealSelect, ownershipWhere, toDealRecord, type DealRecord } from './deals.js';
import {
  openPipelineByStage,
  openPipelineByTeam,
  ownerSums,
  type OpenPipelineOptions,
  type OwnerSums,
  type PeriodStages,
  type ReportScope,
  type StageCurrencyRow,
} from './reports.js';
import { closedFunnel, stageFlow, type ClosedFunnel, type ClosedOptions, type FlowOptions, type StageFlowRow } from './funnel.js';
import { channelSums, type ChannelSumRow } from './slices.js';
import { groupRows, toSafeNumber } from '../domain/reports.js';
import { dateToUtcMidnight, utcMidnightToDate, type CalendarDate } from '../domain/calendar.js';
import type { DigestMember } from '../domain/digest-schedule.js';
import type { DigestEvent } from '../domain/digest-figures.js';

export type { DigestMember } from '../domain/digest-schedule.js';
export type { DigestEvent } from '../domain/digest-figures.js';

function ownedWhere(scope: ReportScope): Prisma.DealWhereInput {
  return { workspaceId: scope.workspaceId, ...ownershipWhere(scope) };
}

// ---------------------------------------------------------------------------------------------
// Who gets a digest or a nudge, with everything their schedule depends on

const digestMemberSelect = {
  id: true,
  workspaceId: true,
  role: true,
  timeZone: true,
  digestTime: true,
  team: { select: { id: true, timeZone: true, digestTime: true } },
  managedTeams: {
    select: { id: true, name: true, nameKey: true, timeZone: true, digestTime: true, digestTarget: true },
    orderBy: { name: 'asc' },
  },
  workspace: { select: { timeZone: true, digestTime: true, digestDays: true, catchUpMinutes: true } },
} as const satisfies Prisma.MemberSelect;

/**
 * Active members who have not opted out: `managers` are those who manage a team, `reps` those with
 * the rep role; `memberId` picks one member whatever their role or opt-out (for `/dealdesk digest now`).
 */
export async function digestMembers(
  db: Db,
  filter: { kind: 'managers' } | { kind: 'reps' } | { kind: 'member'; memberId: string },
): Promise<DigestMember[]> {
  const where: Prisma.MemberWhereInput =
    filter.kind === 'member'
      ? { id: filter.memberId, active: true }
      : { active: true, digestOptOut: false, ...(filter.kind === 'managers' ? { managedTeams: { some: {} } } : { role: 'rep' }) };
  return db.member.findMany({ where, select: digestMemberSelect, orderBy: { id: 'asc' } });
}

// ---------------------------------------------------------------------------------------------
// What changed in a window

export type DealEventType = 'created' | 'stage_changed' | 'amount_changed' | 'close_date_changed';

/** Events of the scope's deals in (from, to], oldest first; at most `limit`. */
export async function eventsBetween(
  db: Db,
  scope: ReportScope,
  window: { from: Date; to: Date },
  types: readonly DealEventType[],
  limit: number,
): Promise<DigestEvent[]> {
  const rows = await db.dealEvent.findMany({
    where: {
      workspaceId: scope.workspaceId,
      type: { in: [...types] },
      at: { gt: window.from, lte: window.to },
      deal: ownedWhere(scope),
      // A creation with something `before` it is a deal brought in by an import (store/imports.ts): history, not news.
      NOT: { type: 'created', before: { not: PrismaValues.DbNull } },
    },
    select: eventSelect,
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    take: limit,
  });
  return rows.map(toDigestEvent);
}

const eventSelect = {
  id: true,
  type: true,
  at: true,
  fromStage: true,
  toStage: true,
  amountMinor: true,
  currency: true,
  before: true,
  after: true,
  deal: {
    select: {
      id: true,
      number: true,
      title: true,
      currency: true,
      lostReason: true,
      teamId: true,
      account: { select: { name: true } },
      owner: { select: { name: true } },
    },
  },
} as const satisfies Prisma.DealEventSelect;

function toDigestEvent({ id: _id, deal, amountMinor, ...event }: Prisma.DealEventGetPayload<{ select: typeof eventSelect }>): DigestEvent {
  return {
    ...event,
    amountMinor: amountMinor === null ? null : toSafeNumber(amountMinor),
    deal: {
      id: deal.id,
      number: deal.number,
      title: deal.title,
      accountName: deal.account.name,
      ownerName: deal.owner.name,
      currency: deal.currency,
      lostReason: deal.lostReason,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Deals that need a look

export type DealSample = { total: number; deals: DealRecord[] };

/**
 * Open deals whose close date is before `today` (slipping) and open deals without activity since
 * `staleBefore` (stale): how many of each, and the first `limit` (most overdue, quietest first).
 * `totals`, when the caller has counted them already (store/reports.ts openPipelineByStage counts both
 * in its pass over the open deals), saves the two counts.
 */
export async function slippingAndStale(
  db: Db,
  scope: ReportScope,
  options: {
    openStages: readonly string[];
    today: CalendarDate;
    staleBefore: Date;
    limit: number;
    totals?: { slipping: number; stale: number };
  },
): Promise<{ slipping: DealSample; stale: DealSample }> {
  const open: Prisma.DealWhereInput = { ...ownedWhere(scope), stage: { in: [...options.openStages] } };
  const slippingWhere: Prisma.DealWhereInput = { ...open, closeDate: { lt: dateToUtcMidnight(options.today) } };
  const staleWhere: Prisma.DealWhereInput = { ...open, lastActivityAt: { lt: options.staleBefore } };
  // In turn: `db` may be a request's transaction, one query at a time.
  const slippingTotal = options.totals?.slipping ?? (await db.deal.count({ where: slippingWhere }));
  const slipping = await db.deal.findMany({
    where: slippingWhere,
    select: dealSelect,
    orderBy: [{ closeDate: 'asc' }, { number: 'asc' }],
    take: options.limit,
  });
  const staleTotal = options.totals?.stale ?? (await db.deal.count({ where: staleWhere }));
  const stale = await db.deal.findMany({
    where: staleWhere,
    select: dealSelect,
    orderBy: [{ lastActivityAt: 'asc' }, { number: 'asc' }],
    take: options.limit,
  });
  return {
    slipping: { total: slippingTotal, deals: slipping.map(toDealRecord) },
    stale: { total: staleTotal, deals: stale.map(toDealRecord) },
  };
}

/** The largest open deals in one currency expected to close between two calendar dates (inclusive). */
export async function biggestClosing(
  db: Db,
  scope: ReportScope,
  options: { openStages: readonly string[]; currencies: readonly string[]; closeFrom: Date; closeTo: Date; limit: number },
): Promise<DealRecord[]> {
  // Amounts compare only within a currency: the `limit` biggest of each, for the caller to rank once converted.
  const deals: DealRecord[] = [];
  // In turn: `db` may be a request's transaction, one query at a time.
  for (const currency of new Set(options.currencies)) {
    const rows = await db.deal.findMany({
      where: {
        ...ownedWhere(scope),
        stage: { in: [...options.openStages] },
        currency,
        closeDate: { gte: options.closeFrom, lte: options.closeTo },
      },
      select: dealSelect,
      orderBy: [{ amountMinor: 'desc' }, { number: 'asc' }],
      take: options.limit,
    });
    deals.push(...rows.map(toDealRecord));
  }
  return deals;
}

/**
 * A rep's open deals with a next step due on or before `today`, or without activity since
 * `staleBefore`: the morning nudge's material. Bounded by `limit`; a rep owns a handful of deals.
 */
export async function repAttentionDeals(
  db: Db,
  scope: { workspaceId: string; ownerId: string },
  options: { openStages: readonly string[]; today: CalendarDate; staleBefore: Date; limit: number },
): Promise<DealRecord[]> {
  const rows = await db.deal.findMany({
    where: {
      workspaceId: scope.workspaceId,
      ownerId: scope.ownerId,
      stage: { in: [...options.openStages] },
      OR: [{ nextStepDue: { lte: dateToUtcMidnight(options.today) } }, { lastActivityAt: { lt: options.staleBefore } }],
    },
    select: dealSelect,
    orderBy: [{ lastActivityAt: 'asc' }, { number: 'asc' }],
    take: options.limit,
  });
  return rows.map(toDealRecord);
}

// ---------------------------------------------------------------------------------------------
// Every team at once, for a scheduled run

/** What a manager digest reads of its scope (each as the store function of the same name reads it). */
export type DigestReads = {
  openPipeline: (scope: ReportScope, options: OpenPipelineOptions) => Promise<StageCurrencyRow[]>;
  events: typeof eventsBetween extends (db: Db, ...rest: infer A) => infer R ? (...rest: A) => R : never;
  /** slippingAndStale's and biggestClosing's lists. */
  dealLists: (
    scope: ReportScope,
    options: { attention: Parameters<typeof slippingAndStale>[2]; biggest: Parameters<typeof biggestClosing>[2] },
  ) => Promise<{ slipping: DealSample; stale: DealSample; biggest: DealRecord[] }>;
  ownerSums: (scope: ReportScope, stages: PeriodStages, closeFrom: Date, closeTo: Date) => Promise<OwnerSums>;
  stageFlow: (scope: ReportScope, options: FlowOptions) => Promise<StageFlowRow[]>;
  closedFunnel: (scope: ReportScope, options: ClosedOptions) => Promise<ClosedFunnel>;
  /** Won (in the period) and open sums per source channel: the digest's line per channel. */
  channelSums: (scope: ReportScope, options: Parameters<typeof channelSums>[2]) => Promise<ChannelSumRow[]>;
};

/** Each scope's rows from its own queries: a digest on its own (`/dealdesk digest now`). */
export function scopeReads(db: Db): DigestReads {
  return {
    openPipeline: (scope, options) => openPipelineByStage(db, scope, options),
    events: (scope, window, types, limit) => eventsBetween(db, scope, window, types, limit),
    // In turn: `db` may be a request's transaction, one query at a time.
    dealLists: async (scope, options) => ({
      ...(await slippingAndStale(db, scope, options.attention)),
      biggest: await biggestClosing(db, scope, options.biggest),
    }),
    ownerSums: (scope, ...rest) => ownerSums(db, scope, ...rest),
    stageFlow: (scope, options) => stageFlow(db, scope, options),
    closedFunnel: (scope, options) => closedFunnel(db, scope, options),
    channelSums: (scope, options) => channelSums(db, scope, options),
  };
}

/** Ids per statement when reading chosen rows back (well under SQLite's and PostgreSQL's parameter limits). */
const IDS_PER_READ = 5_000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_READ) out.push(items.slice(i, i + IDS_PER_READ));
  return out;
}

/** Chosen deals read back whole (in turn: `db` may be a transaction), grouped by the team they were sold in. */
async function dealsById(db: Db, ids: readonly string[]): Promise<Map<string, DealRecord>> {
  const deals = new Map<string, DealRecord>();
  for (const chunk of chunks(ids)) {
    const rows = await db.deal.findMany({ where: { id: { in: chunk } }, select: dealSelect });
    for (const row of rows) deals.set(row.id, toDealRecord(row));
  }
  return deals;
}

const bySlipping = (a: DealRecord, b: DealRecord) => (a.closeDate ?? '').localeCompare(b.closeDate ?? '') || a.number - b.number;
const byQuiet = (a: DealRecord, b: DealRecord) => a.lastActivityAt.getTime() - b.lastActivityAt.getTime() || a.number - b.number;
const byBiggest = (a: DealRecord, b: DealRecord) => b.amountMinor - a.amountMinor || a.number - b.number;

/**
 * A scheduled run's reads for a workspace's team digests: each part is one grouped statement over all
 * the workspace's teams (GROUP BY, or ROW_NUMBER per team for the deal and event lists) read at the
 * first digest that needs it, and each team's digest is cut from its rows; the same figures as
 * scopeReads, which any other scope (an admin's whole workspace, a list of owners) still uses. Parts are
 * kept by their arguments, so slots of one tick with different clocks each get their own.
 */
export function teamReads(db: Db, workspaceId: string): DigestReads {
  const own = scopeReads(db);
  const loaded = new Map<string, Promise<unknown>>();
  const once = <T>(key: unknown[], load: () => Promise<T>): Promise<T> => {
    const id = JSON.stringify(key);
    let value = loaded.get(id) as Promise<T> | undefined;
    if (!value) {
      value = load();
      // A failed read is not kept: the next digest (or the retry) reads again.
      value.catch(() => loaded.delete(id));
      loaded.set(id, value);
    }
    return value;
  };
  /** The team when the scope is exactly one team's deals in this workspace; else the scope reads its own. */
  const teamOf = (scope: ReportScope): string | null =>
    scope.workspaceId === workspaceId && scope.ownerIds === undefined && scope.teamId !== undefined ? scope.teamId : null;
  const workspace: ReportScope = { workspaceId };
  const { sql, join } = PrismaValues;

  return {
    async openPipeline(scope, options) {
      const team = teamOf(scope);
      if (team === null) return own.openPipeline(scope, options);
      const rows = await once(['pipeline', options], async () =>
        groupRows(await openPipelineByTeam(db, workspace, options), (r) => r.teamId),
      );
      return (rows.get(team) ?? []).map(({ teamId: _team, ...row }) => row);
    },
    async events(scope, window, types, limit) {
      const team = teamOf(scope);
      if (team === null) return own.events(scope, window, types, limit);
      const events = await once(['events', window, types, limit], async () => {
        const chosen = await db.$queryRaw<{ id: string }[]>`
          SELECT x."id" AS "id" FROM (
            SELECT e."id" AS "id", ROW_NUMBER() OVER (PARTITION BY d."teamId" ORDER BY e."at", e."id") AS "rn"
            FROM "DealEvent" e JOIN "Deal" d ON d."id" = e."dealId"
            WHERE e."workspaceId" = ${workspaceId} AND e."type" IN (${join([...types])})
              AND e."at" > ${instant(providerOfDb(db), window.from)} AND e."at" <= ${instant(providerOfDb(db), window.to)}
              AND d."workspaceId" = ${workspaceId} AND d."teamId" IS NOT NULL
              AND NOT (e."type" = 'created' AND e."before" IS NOT NULL)
          ) x WHERE x."rn" <= ${limit}
          ORDER BY x."rn"`;
        const ids = chosen.map((row) => row.id);
        // Oldest first within each team, as the database ordered them (its own order of ids breaks ties).
        const rank = new Map(ids.map((id, i) => [id, i]));
        const rows: Prisma.DealEventGetPayload<{ select: typeof eventSelect }>[] = [];
        for (const chunk of chunks(ids)) rows.push(...(await db.dealEvent.findMany({ where: { id: { in: chunk } }, select: eventSelect })));
        rows.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
        return groupRows(rows, (row) => row.deal.teamId);
      });
      return (events.get(team) ?? []).map(toDigestEvent);
    },
    async dealLists(scope, options) {
      const team = teamOf(scope);
      const totals = options.attention.totals;
      if (team === null || !totals) return own.dealLists(scope, options);
      const { attention, biggest } = options;
      const currencies = [...new Set(biggest.currencies)];
      const key = ['lists', { ...attention, totals: null }, { ...biggest, currencies }];
      const picked = await once(key, async () => {
        const open = (stages: readonly string[]) =>
          sql`d."workspaceId" = ${workspaceId} AND d."teamId" IS NOT NULL AND d."stage" IN (${join([...stages])})`;
        const ranked = (order: Prisma.Sql, where: Prisma.Sql, limit: number, partition = sql`d."teamId"`) =>
          sql`SELECT x."id" AS "id" FROM (
            SELECT d."id" AS "id", ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY ${order}) AS "rn" FROM "Deal" d WHERE ${where}
          ) x WHERE x."rn" <= ${limit}`;
        const lists = [
          ranked(
            sql`d."closeDate", d."number"`,
            sql`${open(attention.openStages)} AND d."closeDate" < ${instant(providerOfDb(db), dateToUtcMidnight(attention.today))}`,
            attention.limit,
          ),
          ranked(
            sql`d."lastActivityAt", d."number"`,
            sql`${open(attention.openStages)} AND d."lastActivityAt" < ${instant(providerOfDb(db), attention.staleBefore)}`,
            attention.limit,
          ),
          ...(currencies.length > 0
            ? [
                ranked(
                  sql`d."amountMinor" DESC, d."number"`,
                  sql`${open(biggest.openStages)} AND d."currency" IN (${join(currencies)})
                    AND d."closeDate" >= ${instant(providerOfDb(db), biggest.closeFrom)} AND d."closeDate" <= ${instant(providerOfDb(db), biggest.closeTo)}`,
                  biggest.limit,
                  sql`d."teamId", d."currency"`,
                ),
              ]
            : []),
        ];
        const chosen = await db.$queryRaw<{ id: string }[]>(join(lists, ' UNION '));
        return groupRows(
          [
            ...(
              await dealsById(
                db,
                chosen.map((row) => row.id),
              )
            ).values(),
          ],
          (deal) => deal.teamId,
        );
      });
      // Each list cut from the team's chosen deals as its own query would have ordered and limited it:
      // every deal of a list's first `limit` was chosen, and other chosen deals rank after them.
      const deals = picked.get(team) ?? [];
      const first = (keep: (deal: DealRecord) => boolean, order: (a: DealRecord, b: DealRecord) => number, limit: number) =>
        deals.filter(keep).sort(order).slice(0, limit);
      const open = new Set(attention.openStages);
      const closing = new Set(biggest.openStages);
      const [closeFrom, closeTo] = [utcMidnightToDate(biggest.closeFrom), utcMidnightToDate(biggest.closeTo)];
      return {
        slipping: {
          total: totals.slipping,
          deals: first(
            (deal) => open.has(deal.stage) && deal.closeDate !== null && deal.closeDate < attention.today,
            bySlipping,
            attention.limit,
          ),
        },
        stale: {
          total: totals.stale,
          deals: first(
            (deal) => open.has(deal.stage) && deal.lastActivityAt.getTime() < attention.staleBefore.getTime(),
            byQuiet,
            attention.limit,
          ),
        },
        // Per currency, the biggest first, as biggestClosing lists them.
        biggest: currencies.flatMap((currency) =>
          first(
            (deal) =>
              deal.currency === currency &&
              closing.has(deal.stage) &&
              deal.closeDate !== null &&
              deal.closeDate >= closeFrom &&
              deal.closeDate <= closeTo,
            byBiggest,
            biggest.limit,
          ),
        ),
      };
    },
    async ownerSums(scope, stages, closeFrom, closeTo) {
      const team = teamOf(scope);
      if (team === null) return own.ownerSums(scope, stages, closeFrom, closeTo);
      const sums = await once(['owners', stages, closeFrom, closeTo], async () => {
        const all = await ownerSums(db, workspace, stages, closeFrom, closeTo);
        return { won: groupRows(all.won, (row) => row.teamId), open: groupRows(all.open, (row) => row.teamId) };
      });
      return { won: sums.won.get(team) ?? [], open: sums.open.get(team) ?? [] };
    },
    async stageFlow(scope, options) {
      const team = teamOf(scope);
      if (team === null || options.by !== 'none') return own.stageFlow(scope, options);
      const rows = await once(['flow', options], async () =>
        groupRows(await stageFlow(db, workspace, { ...options, by: 'team' }), (row) => row.slice),
      );
      return (rows.get(team) ?? []).map((row) => ({ ...row, slice: '' }));
    },
    async closedFunnel(scope, options) {
      const team = teamOf(scope);
      if (team === null || options.by !== 'none') return own.closedFunnel(scope, options);
      const funnel = await once(['closed', options], () => closedFunnel(db, workspace, { ...options, by: 'team' }));
      const mine = <T extends { slice: string }>(rows: readonly T[]) =>
        rows.filter((row) => row.slice === team).map((row) => ({ ...row, slice: '' }));
      return { closed: mine(funnel.closed), cycles: mine(funnel.cycles), lostReasons: mine(funnel.lostReasons) };
    },
    async channelSums(scope, options) {
      const team = teamOf(scope);
      if (team === null) return own.channelSums(scope, options);
      const rows = await once(['channels', options], async () =>
        groupRows(await channelSums(db, workspace, options, true), (row) => row.teamId),
      );
      return (rows.get(team) ?? []).map((row) => ({ ...row, teamId: null }));
    },
  };
}
