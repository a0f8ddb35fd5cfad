import { providerOfDb, type Db } from './db.js';
import { calendarDateOf, instant, toBigInt } from './raw-values.js';
import { Prisma as PrismaValues } from './generated/sqlite/client.js';
import { sumRowsBy, toSafeNumber } from '../domain/reports.js';
import { utcMidnightToDate, type CalendarDate } from '../domain/calendar.js';
import type { OwnerCurrencySum } from '../domain/quota-lines.js';
import type { DealOwnership } from './deals.js';
import { inList, scopeSql, sliceOf } from './funnel.js';
import type { ReportSliceBy } from '../domain/slices.js';

/** Whose deals a report covers: everyone in the workspace, a set of owners, or the deals sold in a team. */
export type ReportScope = DealOwnership & { workspaceId: string };

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

/** Won deals of one currency closed on one day. */
export type WonDaySum = { currency: string; closeDate: CalendarDate; count: number; sumMinor: number };

export type CategoryRow = { category: string; stage: string; currency: string; count: number; sumMinor: number };

/** The stages a period's sums read: won deals count by close date, open ones by expected close date. */
export type PeriodStages = { won: readonly string[]; open: readonly string[] };

/** A quota report's sums: won and open deals by owner and the team they were sold in. */
export type OwnerSums = { won: WonSum[]; open: OwnerTeamCurrencySum[] };

/** The forecast's sums: won deals by currency and day, open deals by forecast category and stage. */
export type CategorySums = { won: WonDaySum[]; open: CategoryRow[] };

/**
 * Won and open deals closing in the period (calendar dates stored as UTC midnight, first and last day
 * inclusive) by owner, team sold in and currency: won deals also by close date (the day won, in the
 * owner's zone), so that each sum converts at the exchange rate in force on the day it was won; open
 * deals without the omitted ones.
 */
export async function ownerSums(db: Db, scope: ReportScope, stages: PeriodStages, closeFrom: Date, closeTo: Date): Promise<OwnerSums> {
  const rows = await periodRows(db, scope, stages, { from: closeFrom, to: closeTo }, 'owner');
  const sums: OwnerSums = { won: [], open: [] };
  for (const row of rows) {
    const [ownerId, teamId, currency] = [String(row.ownerId), typeof row.teamId === 'string' ? row.teamId : null, String(row.currency)];
    const [count, sumMinor] = [countOf(row), sumOf(row)];
    if (isWonRow(row)) sums.won.push({ ownerId, teamId, currency, closeDate: closeDateOf(row, closeTo), count, sumMinor });
    else sums.open.push({ ownerId, teamId, currency, count, sumMinor });
  }
  return sums;
}

/**
 * Won and open deals closing in the period as the forecast shows them: won deals by currency and close
 * date (its won figure and weekly trend), open ones by forecast category, stage and currency, omitted
 * deals included (the forecast shows them apart). A few hundred rows whatever the number of deals or
 * owners (#14: grouped by owner as well, `/forecast all` read thousands).
 */
export async function categorySums(
  db: Db,
  scope: ReportScope,
  stages: PeriodStages,
  closeFrom: Date,
  closeTo: Date,
): Promise<CategorySums> {
  const rows = await periodRows(db, scope, stages, { from: closeFrom, to: closeTo }, 'category');
  const sums: CategorySums = { won: [], open: [] };
  for (const row of rows) {
    const [currency, count, sumMinor] = [String(row.currency), countOf(row), sumOf(row)];
    if (isWonRow(row)) sums.won.push({ currency, closeDate: closeDateOf(row, closeTo), count, sumMinor });
    else sums.open.push({ category: String(row.category), stage: String(row.openStage), currency, count, sumMinor });
  }
  return sums;
}

/**
 * A team's forecast reads both: its figures (categorySums) and, for the team's quota, who sold in it
 * (ownerSums). One statement grouped by owner and category gives both (#14: a statement less for every
 * `/forecast team`); a team's few people keep it to a few hundred rows, where the workspace's thousand
 * owners would not, so the whole workspace's forecast reads categorySums alone.
 */
export async function ownerAndCategorySums(
  db: Db,
  scope: ReportScope,
  stages: PeriodStages,
  closeFrom: Date,
  closeTo: Date,
): Promise<{ owners: OwnerSums; categories: CategorySums }> {
  const rows = await periodRows(db, scope, stages, { from: closeFrom, to: closeTo }, 'both');
  const won: WonSum[] = [];
  const open: (OwnerTeamCurrencySum & { category: string; stage: string })[] = [];
  for (const row of rows) {
    const [ownerId, teamId, currency] = [String(row.ownerId), typeof row.teamId === 'string' ? row.teamId : null, String(row.currency)];
    const [count, sumMinor] = [countOf(row), sumOf(row)];
    if (isWonRow(row)) won.push({ ownerId, teamId, currency, closeDate: closeDateOf(row, closeTo), count, sumMinor });
    else open.push({ ownerId, teamId, currency, category: String(row.category), stage: String(row.openStage), count, sumMinor });
  }
  const key = (...parts: unknown[]) => JSON.stringify(parts);
  return {
    owners: {
      won,
      // Omitted open deals are left out of a quota report's pipeline, as ownerSums leaves them out.
      open: sumRowsBy(
        open.filter((row) => row.category !== 'omit'),
        (row) => key(row.ownerId, row.teamId, row.currency),
        ({ ownerId, teamId, currency, count, sumMinor }) => ({ ownerId, teamId, currency, count, sumMinor }),
      ),
    },
    categories: {
      won: sumRowsBy(
        won,
        (row) => key(row.currency, row.closeDate),
        ({ currency, closeDate, count, sumMinor }) => ({ currency, closeDate, count, sumMinor }),
      ),
      open: sumRowsBy(
        open,
        (row) => key(row.category, row.stage, row.currency),
        ({ category, stage, currency, count, sumMinor }) => ({ category, stage, currency, count, sumMinor }),
      ),
    },
  };
}

/**
 * The period's won and open deals in one aggregate statement, which reads them once (#14: a won and an
 * open read each went over the period's deals, a statement and a scan more for every /quota, /forecast
 * and digest). A row is won (`isWon` 1, with its close date) or open (with its category and stage when
 * grouped by category); the columns the other kind does not group by are NULL in it.
 */
async function periodRows(
  db: Db,
  scope: ReportScope,
  stages: PeriodStages,
  close: { from: Date; to: Date },
  by: 'owner' | 'category' | 'both',
): Promise<Record<string, unknown>[]> {
  if (scope.ownerIds?.length === 0) return [];
  const { sql, raw } = PrismaValues;
  const provider = providerOfDb(db);
  const won = sql`d."stage" ${inList(stages.won)}`;
  /** `column` in a won row, `otherwise` in an open one. */
  const ifWon = (column: string, otherwise = 'NULL') => sql`CASE WHEN ${won} THEN ${raw(column)} ELSE ${raw(otherwise)} END`;
  // An integer sum: PostgreSQL's SUM of a BIGINT is NUMERIC, which comes back as a Decimal per row (a
  // fifth of `/quota all`'s time at 100k deals, thousands of rows).
  const total = sql`CAST(SUM(d."amountMinor") AS BIGINT) AS "total"`;
  // One IN list of every stage read (not "won OR open"), so that the (workspace, stage, close date) index serves both kinds.
  const where = sql`${scopeSql(scope)} AND d."stage" ${inList([...stages.won, ...stages.open])}
    AND d."closeDate" >= ${instant(provider, close.from)} AND d."closeDate" <= ${instant(provider, close.to)}`;
  if (by === 'owner')
    // Omitted open deals are left out of a quota report's pipeline. The kind and day are grouped first:
    // given the owner first, SQLite's planner read every deal of the workspace through the owner index
    // rather than the period's range of the covering one (0.9 s against 0.3 s at 1M deals).
    return db.$queryRaw<Record<string, unknown>[]>`
      SELECT d."ownerId" AS "ownerId", d."teamId" AS "teamId", d."currency" AS "currency", ${ifWon('1', '0')} AS "isWon",
             ${ifWon('d."closeDate"')} AS "wonDay", COUNT(*) AS "n", ${total}
      FROM "Deal" d
      WHERE ${where} AND (${won} OR d."forecastCategory" <> 'omit')
      GROUP BY "isWon", "wonDay", d."currency", d."ownerId", d."teamId"`;
  const owner = by === 'both' ? sql`d."ownerId" AS "ownerId", d."teamId" AS "teamId", ` : sql``;
  return db.$queryRaw<Record<string, unknown>[]>`
    SELECT ${owner}d."currency" AS "currency", ${ifWon('1', '0')} AS "isWon", ${ifWon('d."closeDate"')} AS "wonDay",
           ${ifWon('NULL', 'd."forecastCategory"')} AS "category", ${ifWon('NULL', 'd."stage"')} AS "openStage",
           COUNT(*) AS "n", ${total}
    FROM "Deal" d
    WHERE ${where}
    GROUP BY d."currency", "isWon", "wonDay", "category", "openStage"${by === 'both' ? sql`, d."ownerId", d."teamId"` : sql``}`;
}

const isWonRow = (row: Record<string, unknown>) => Number(row.isWon) === 1;

/** A won row's close date (the where clause admits no deal without one). */
function closeDateOf(row: Record<string, unknown>, closeTo: Date): CalendarDate {
  return calendarDateOf(row.wonDay) ?? utcMidnightToDate(closeTo);
}

const countOf = (row: Record<string, unknown>) => toSafeNumber(toBigInt(row.n));
const sumOf = (row: Record<string, unknown>) => toSafeNumber(toBigInt(row.total));
