/**
 * Reports sliced by the deal's source channel or its team's region ('' when the deal's team has none,
 * or it was sold in no team): each one aggregate statement grouped by the slice (store/funnel.ts
 * sliceOf), never every deal in memory. The open pipeline by slice is store/reports.ts
 * openPipelineBySlice; the regrouping is domain/slices.ts.
 */
import { providerOfDb, type Db } from './db.js';
import { Prisma as PrismaValues } from './generated/sqlite/client.js';
import type { CategoryRow, ReportScope, WonSum } from './reports.js';
import { inList, scopeSql, sliceOf } from './funnel.js';
import { calendarDateOf, instant, toBigInt } from './raw-values.js';
import { toSafeNumber } from '../domain/reports.js';
import { utcMidnightToDate, type CalendarDate } from '../domain/calendar.js';
import type { ReportSliceBy } from '../domain/slices.js';

const sql = PrismaValues.sql;

/** Close dates in a period: calendar dates stored as UTC midnight, both days inclusive. */
function closeBetween(db: Db, from: Date, to: Date): PrismaValues.Sql {
  const provider = providerOfDb(db);
  return sql`d."closeDate" >= ${instant(provider, from)} AND d."closeDate" <= ${instant(provider, to)}`;
}

/**
 * store/reports.ts ownerSums' won rows (owner, team sold in, currency, close date) per slice as well, so a
 * slice's sums and the whole's convert exactly as the unsliced forecast converts them.
 */
export async function wonBySlice(
  db: Db,
  scope: ReportScope,
  options: { wonStages: readonly string[]; closeFrom: Date; closeTo: Date; by: ReportSliceBy },
): Promise<(WonSum & { slice: string })[]> {
  const slice = sliceOf(options.by);
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT ${slice.expr} AS "slice", d."ownerId" AS "ownerId", d."teamId" AS "teamId", d."currency" AS "currency",
           d."closeDate" AS "closeDate", COUNT(*) AS "n", SUM(d."amountMinor") AS "total"
    FROM "Deal" d ${slice.joins}
    WHERE ${scopeSql(scope)} AND d."stage" ${inList(options.wonStages)} AND ${closeBetween(db, options.closeFrom, options.closeTo)}
    GROUP BY ${slice.expr}, d."ownerId", d."teamId", d."currency", d."closeDate"`;
  return rows.map((row) => ({
    slice: String(row.slice),
    ownerId: String(row.ownerId),
    teamId: typeof row.teamId === 'string' ? row.teamId : null,
    currency: String(row.currency),
    // The where clause admits no deal without a close date.
    closeDate: calendarDateOf(row.closeDate) ?? utcMidnightToDate(options.closeTo),
    count: toSafeNumber(toBigInt(row.n)),
    sumMinor: toSafeNumber(toBigInt(row.total)),
  }));
}

/** store/reports.ts categorySums' open rows (forecast category, stage, currency) per slice. */
export async function openByCategoryBySlice(
  db: Db,
  scope: ReportScope,
  options: { openStages: readonly string[]; closeFrom: Date; closeTo: Date; by: ReportSliceBy },
): Promise<(CategoryRow & { slice: string })[]> {
  const slice = sliceOf(options.by);
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT ${slice.expr} AS "slice", d."forecastCategory" AS "category", d."stage" AS "stage", d."currency" AS "currency",
           COUNT(*) AS "n", SUM(d."amountMinor") AS "total"
    FROM "Deal" d ${slice.joins}
    WHERE ${scopeSql(scope)} AND d."stage" ${inList(options.openStages)} AND ${closeBetween(db, options.closeFrom, options.closeTo)}
    GROUP BY ${slice.expr}, d."forecastCategory", d."stage", d."currency"`;
  return rows.map((row) => ({
    slice: String(row.slice),
    category: String(row.category),
    stage: String(row.stage),
    currency: String(row.currency),
    count: toSafeNumber(toBigInt(row.n)),
    sumMinor: toSafeNumber(toBigInt(row.total)),
  }));
}

export type ChannelSumRow = {
  teamId: string | null;
  channel: string;
  kind: 'won' | 'open';
  currency: string;
  /** The won deals' close date; null for open deals. */
  closeDate: CalendarDate | null;
  count: number;
  sumMinor: number;
};

/**
 * Won deals closed in the period (by close date) and every open deal, per source channel, kind and
 * currency (won ones per close date too, for the rate of their day): the digest's line per channel.
 * `byTeam` groups by the team sold in as well (null: none), for a scheduled run's teams at once.
 */
export async function channelSums(
  db: Db,
  scope: ReportScope,
  options: { openStages: readonly string[]; wonStages: readonly string[]; closeFrom: Date; closeTo: Date },
  byTeam = false,
): Promise<ChannelSumRow[]> {
  const won = sql`d."stage" ${inList(options.wonStages)}`;
  // Kind and close date are worked out per deal first: PostgreSQL would not match a parameterised CASE in GROUP BY to its SELECT.
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT x."teamId" AS "teamId", x."channel" AS "channel", x."kind" AS "kind", x."currency" AS "currency",
           x."closeDate" AS "closeDate", COUNT(*) AS "n", SUM(x."amount") AS "total"
    FROM (
      SELECT ${byTeam ? sql`d."teamId"` : sql`CAST(NULL AS TEXT)`} AS "teamId", d."sourceChannel" AS "channel",
             CASE WHEN ${won} THEN 'won' ELSE 'open' END AS "kind", d."currency" AS "currency",
             CASE WHEN ${won} THEN d."closeDate" END AS "closeDate", d."amountMinor" AS "amount"
      FROM "Deal" d
      WHERE ${scopeSql(scope)}
        AND (d."stage" ${inList(options.openStages)} OR (${won} AND ${closeBetween(db, options.closeFrom, options.closeTo)}))
    ) x
    GROUP BY x."teamId", x."channel", x."kind", x."currency", x."closeDate"`;
  return rows.map((row) => ({
    teamId: typeof row.teamId === 'string' ? row.teamId : null,
    channel: String(row.channel),
    kind: row.kind === 'won' ? 'won' : 'open',
    currency: String(row.currency),
    closeDate: calendarDateOf(row.closeDate),
    count: toSafeNumber(toBigInt(row.n)),
    sumMinor: toSafeNumber(toBigInt(row.total)),
  }));
}
