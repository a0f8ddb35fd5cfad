/**
 * The queries behind the manager digest and the rep nudge. Each is one statement (a `findMany` with
 * a bounded `take`, a `count` or a `groupBy`) over a whole scope, so a digest costs the same number
 * of queries however many deals a team has.
 */
import type { Db, Prisma } from './db.js';
import { Prisma as PrismaValues } from './generated/sqlite/client.js';
import { dealSelect, ownershipWhere, toDealRecord, type DealRecord } from './deals.js';
import type { ReportScope } from './reports.js';
import { toSafeNumber } from '../domain/reports.js';
import { dateToUtcMidnight, type CalendarDate } from '../domain/calendar.js';
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
    select: {
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
          account: { select: { name: true } },
          owner: { select: { name: true } },
        },
      },
    },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    take: limit,
  });
  return rows.map(({ deal, amountMinor, ...event }) => ({
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
  }));
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
