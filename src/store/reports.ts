import { providerOfDb, type Db, type Prisma } from './db.js';
import { instant, toBigInt } from './raw-values.js';
import { Prisma as PrismaValues } from './generated/sqlite/client.js';
import { toSafeNumber } from '../domain/reports.js';
import { utcMidnightToDate, type CalendarDate } from '../domain/calendar.js';
import type { OwnerCurrencySum } from '../domain/quota-lines.js';
import { ownershipWhere, type DealOwnership } from './deals.js';
import { sliceOf } from './funnel.js';
import type { ReportSliceBy } from '../domain/slices.js';

/** Whose deals a report covers: everyone in the workspace, a set of owners, or the deals sold in a team. */
export type ReportScope = DealOwnership & { workspaceId: string };

function scopeWhere(scope: ReportScope): Prisma.DealWhereInput {
  return { workspaceId: scope.workspaceId, ...ownershipWhere(scope) };
}

export type StageCurrencyRow = {
  stage: string;
  currency: string;
  count: number;
  sumMinor: number;
  oldestEnteredAt: Date | null;
  staleCount: number;
  /** Those expected to close before `slippingBefore`, when it was given. */
  slippingCount?: number;
};

/** A MIN over a timestamp column: a Date, or the stored text (SQLite: ISO with an offset; PostgreSQL: UTC without one). */
function instantOf(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value !== 'string') return new Date(value as number);
  const text = value;
  return new Date(/(Z|[+-]\d\d:\d\d)$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

/**
 * Open deals by stage and currency, with the oldest time-in-stage, how many went quiet and, when
 * `slippingBefore` is given, how many are expected to close before it: one aggregate statement,
 * whatever the number of deals (the quiet and slipping ones are counted in the same pass).
 * `closeBetween` limits to close dates in a period.
 */
export async function openPipelineByStage(db: Db, scope: ReportScope, options: OpenPipelineOptions): Promise<StageCurrencyRow[]> {
  return (await openPipelineRows(db, scope, options, 'none')).map(({ teamId: _team, slice: _slice, ...row }) => row);
}

/** openPipelineByStage's rows per slice: the deal's source channel, or its team's region ('' for none). */
export async function openPipelineBySlice(
  db: Db,
  scope: ReportScope,
  options: OpenPipelineOptions,
  by: ReportSliceBy,
): Promise<(StageCurrencyRow & { slice: string })[]> {
  return (await openPipelineRows(db, scope, options, by)).map(({ teamId: _team, ...row }) => row);
}

export type OpenPipelineOptions = {
  openStages: readonly string[];
  staleBefore: Date;
  slippingBefore?: Date;
  closeBetween?: { from: Date; to: Date };
};

/** openPipelineByStage's rows for every team of the scope at once, each with the team sold in (null: none). */
export async function openPipelineByTeam(
  db: Db,
  scope: ReportScope,
  options: OpenPipelineOptions,
): Promise<(StageCurrencyRow & { teamId: string | null })[]> {
  return (await openPipelineRows(db, scope, options, 'team')).map(({ slice: _slice, ...row }) => row);
}

async function openPipelineRows(
  db: Db,
  scope: ReportScope,
  options: OpenPipelineOptions,
  group: 'none' | 'team' | ReportSliceBy,
): Promise<(StageCurrencyRow & { teamId: string | null; slice: string })[]> {
  if (options.openStages.length === 0 || scope.ownerIds?.length === 0) return [];
  const { sql, join } = PrismaValues;
  const where = [sql`d."workspaceId" = ${scope.workspaceId}`, sql`d."stage" IN (${join([...options.openStages])})`];
  if (scope.ownerIds) where.push(sql`d."ownerId" IN (${join([...scope.ownerIds])})`);
  if (scope.teamId !== undefined) where.push(sql`d."teamId" = ${scope.teamId}`);
  if (options.closeBetween) {
    where.push(
      sql`d."closeDate" >= ${instant(providerOfDb(db), options.closeBetween.from)}`,
      sql`d."closeDate" <= ${instant(providerOfDb(db), options.closeBetween.to)}`,
    );
  }
  const byTeam = group === 'team';
  const team = byTeam ? sql`d."teamId"` : sql`CAST(NULL AS TEXT)`;
  // Not sliced: the statement groups as it always did (a constant in SELECT only).
  const sliced = group === 'channel' || group === 'region';
  const slice = sliceOf(sliced ? group : 'none');
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT ${team} AS "teamId", ${slice.expr} AS "slice", d."stage" AS "stage", d."currency" AS "currency", COUNT(*) AS "n", SUM(d."amountMinor") AS "total",
           MIN(d."stageEnteredAt") AS "oldest",
           SUM(CASE WHEN d."lastActivityAt" < ${instant(providerOfDb(db), options.staleBefore)} THEN 1 ELSE 0 END) AS "stale",
           SUM(CASE WHEN d."closeDate" < ${instant(providerOfDb(db), options.slippingBefore ?? new Date(0))} THEN 1 ELSE 0 END) AS "slipping"
    FROM "Deal" d ${slice.joins}
    WHERE ${join(where, ' AND ')}
    GROUP BY ${byTeam ? sql`d."teamId", ` : sql``}${sliced ? sql`${slice.expr}, ` : sql``}d."stage", d."currency"`;
  return rows.map((row) => ({
    teamId: typeof row.teamId === 'string' ? row.teamId : null,
    slice: String(row.slice),
    stage: String(row.stage),
    currency: String(row.currency),
    count: toSafeNumber(toBigInt(row.n)),
    sumMinor: toSafeNumber(toBigInt(row.total)),
    oldestEnteredAt: instantOf(row.oldest),
    staleCount: toSafeNumber(toBigInt(row.stale)),
    ...(options.slippingBefore ? { slippingCount: toSafeNumber(toBigInt(row.slipping)) } : {}),
  }));
}

export type { OwnerCurrencySum } from '../domain/quota-lines.js';

/** An owner's sum within the team the deals were sold in (null: sold in no team). */
export type OwnerTeamCurrencySum = OwnerCurrencySum & { teamId: string | null };

/** Won deals of one owner, team and currency closed on one day (the day the rate in force is read for). */
export type WonSum = OwnerTeamCurrencySum & { closeDate: CalendarDate };

/**
 * Won deals by owner, team sold in, currency and close date (the day won, in the owner's zone) in the
 * period: calendar dates stored as UTC midnight, first and last day inclusive. The close date is kept
 * so that each sum converts with the exchange rate in force on the day it was won.
 */
export async function wonByOwner(
  db: Db,
  scope: ReportScope,
  wonStages: readonly string[],
  closeFrom: Date,
  closeTo: Date,
): Promise<WonSum[]> {
  const groups = await db.deal.groupBy({
    by: ['ownerId', 'teamId', 'currency', 'closeDate'],
    where: { ...scopeWhere(scope), stage: { in: [...wonStages] }, closeDate: { gte: closeFrom, lte: closeTo } },
    _count: { _all: true },
    _sum: { amountMinor: true },
  });
  return groups.map((row) => ({
    ownerId: row.ownerId,
    teamId: row.teamId,
    currency: row.currency,
    // The where clause admits no deal without a close date.
    closeDate: utcMidnightToDate(row.closeDate ?? closeTo),
    count: row._count._all,
    sumMinor: toSafeNumber(row._sum.amountMinor ?? 0n),
  }));
}

/** Won deals of one currency closed on one day. */
export type WonDaySum = { currency: string; closeDate: CalendarDate; count: number; sumMinor: number };

/**
 * Won deals by currency and close date in the period (as `wonByOwner`, without owner and team): the
 * forecast's won figure and weekly trend, at most a row per day and currency whatever the number of owners.
 */
export async function wonByDay(
  db: Db,
  scope: ReportScope,
  wonStages: readonly string[],
  closeFrom: Date,
  closeTo: Date,
): Promise<WonDaySum[]> {
  const groups = await db.deal.groupBy({
    by: ['currency', 'closeDate'],
    where: { ...scopeWhere(scope), stage: { in: [...wonStages] }, closeDate: { gte: closeFrom, lte: closeTo } },
    _count: { _all: true },
    _sum: { amountMinor: true },
  });
  return groups.map((row) => ({
    currency: row.currency,
    // The where clause admits no deal without a close date.
    closeDate: utcMidnightToDate(row.closeDate ?? closeTo),
    count: row._count._all,
    sumMinor: toSafeNumber(row._sum.amountMinor ?? 0n),
  }));
}

/** Open deals expected to close in the period (calendar dates, inclusive), by owner, team and currency; omitted deals excluded. */
export async function openByOwner(
  db: Db,
  scope: ReportScope,
  openStages: readonly string[],
  closeFrom: Date,
  closeTo: Date,
): Promise<OwnerTeamCurrencySum[]> {
  const groups = await db.deal.groupBy({
    by: ['ownerId', 'teamId', 'currency'],
    where: {
      ...scopeWhere(scope),
      stage: { in: [...openStages] },
      forecastCategory: { not: 'omit' },
      closeDate: { gte: closeFrom, lte: closeTo },
    },
    _count: { _all: true },
    _sum: { amountMinor: true },
  });
  return groups.map((row) => ({
    ownerId: row.ownerId,
    teamId: row.teamId,
    currency: row.currency,
    count: row._count._all,
    sumMinor: toSafeNumber(row._sum.amountMinor ?? 0n),
  }));
}

export type CategoryRow = { category: string; stage: string; currency: string; count: number; sumMinor: number };

/**
 * Open deals closing in the period (calendar dates, inclusive) by forecast category, stage and currency,
 * omitted deals included (the forecast shows them apart): the forecast's figures, a few dozen rows
 * whatever the number of deals or owners (#14: grouped by owner as well, `/forecast all` read thousands).
 */
export async function openByCategory(
  db: Db,
  scope: ReportScope,
  openStages: readonly string[],
  closeFrom: Date,
  closeTo: Date,
): Promise<CategoryRow[]> {
  const groups = await db.deal.groupBy({
    by: ['forecastCategory', 'stage', 'currency'],
    where: { ...scopeWhere(scope), stage: { in: [...openStages] }, closeDate: { gte: closeFrom, lte: closeTo } },
    _count: { _all: true },
    _sum: { amountMinor: true },
  });
  return groups.map((row) => ({
    category: row.forecastCategory,
    stage: row.stage,
    currency: row.currency,
    count: row._count._all,
    sumMinor: toSafeNumber(row._sum.amountMinor ?? 0n),
  }));
}
