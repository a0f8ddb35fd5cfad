/**
 * The scorecard's own sums, grouped by person in SQL (never a query per rep): deals advanced, follow-ups
 * logged and satisfaction scores (one statement), pipeline created (one), and the list amounts and
 * discounts of the deals won (one). Won amounts, win rate and cycle come from store/funnel.ts's
 * `closedFunnel` sliced by rep, quotas from store/quotas.ts. The figures: domain/scorecard.ts.
 * Sliced (`/scorecard … by region`, `/leaderboard … by channel`), the same statements group by the deal's
 * slice, or by person and slice, instead of by person.
 */
import { providerOfDb, type Db } from './db.js';
import { Prisma as PrismaValues } from './generated/sqlite/client.js';
import type { ReportScope } from './reports.js';
import { sliceOf, type RepSliceBy } from './funnel.js';
import { roundDiv, toSafeNumber } from '../domain/reports.js';
import { dateToUtcMidnight, utcMidnightToDate, type CalendarDate } from '../domain/calendar.js';
import type { StageDef } from '../domain/stages.js';
import { FOLLOW_UP_KINDS, type DiscountRow, type OwnerAmount, type ScorecardCount } from '../domain/scorecard.js';
import type { ReportSliceBy } from '../domain/slices.js';

type Sql = PrismaValues.Sql;
const { sql, join } = PrismaValues;

/** An instant as the column stores it: SQLite keeps ISO text with `+00:00`, PostgreSQL `timestamp(3)`. */
function at(db: Db, instant: Date): Sql {
  const iso = instant.toISOString();
  return providerOfDb(db) === 'sqlite' ? sql`${iso.replace('Z', '+00:00')}` : sql`CAST(${iso.slice(0, -1)} AS timestamp(3))`;
}

/**
 * The scope's deals `d`; `person` is the column a person's figures are counted by (the deal's owner, or
 * who logged a follow-up), which `me`/`@user` narrows.
 */
function inScope(scope: ReportScope, person: Sql = sql`d."ownerId"`): Sql {
  const parts = [sql`d."workspaceId" = ${scope.workspaceId}`];
  if (scope.ownerIds) parts.push(scope.ownerIds.length > 0 ? sql`${person} IN (${join([...scope.ownerIds])})` : sql`1 = 0`);
  if (scope.teamId !== undefined) parts.push(sql`d."teamId" = ${scope.teamId}`);
  return join(parts, ' AND ');
}

/**
 * What a row's `ownerId` is: the person (the deal's owner, or who logged a follow-up), the deal's slice
 * ('' for every deal when 'none'), or both as `<person>|<slice>` (store/funnel.ts sliceOf's rep slicings).
 */
export type ScorecardGroup = 'person' | 'none' | ReportSliceBy | RepSliceBy;

function groupOf(group: ScorecardGroup, person: Sql): { expr: Sql; joins: Sql } {
  if (group === 'person') return { expr: person, joins: sql`` };
  if (group === 'none' || group === 'channel' || group === 'region') return sliceOf(group);
  const slice = sliceOf(group === 'rep:channel' ? 'channel' : 'region');
  return { expr: sql`(${person} || '|' || ${slice.expr})`, joins: slice.joins };
}

/** COUNT and SUM come back as bigint, number, string or Decimal depending on the provider. */
function bigintOf(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' || typeof value === 'string') return BigInt(value);
  return BigInt((value as { toFixed(): string }).toFixed());
}

const numberOf = (value: unknown): number => toSafeNumber(bigintOf(value));

/** A stage's position, or NULL for a stage the workspace no longer has. */
function position(column: Sql, stages: readonly StageDef[]): Sql {
  if (stages.length === 0) return sql`CAST(NULL AS INTEGER)`;
  return sql`CASE ${column} ${join(
    stages.map((stage) => sql`WHEN ${stage.key} THEN CAST(${stage.position} AS INTEGER)`),
    ' ',
  )} END`;
}

export type ActivityWindow = { from: Date; to: Date; stages: readonly StageDef[] };

/**
 * In one statement, per person, at or after `from` and before `to`: the deals they own that moved forward
 * (a stage change to a later open stage or to Won; each deal once), the calls, meetings and e-mails they
 * logged on the scope's deals, and the satisfaction scores recorded for the deals they own (count and sum).
 */
export async function scorecardCounts(
  db: Db,
  scope: ReportScope,
  window: ActivityWindow,
  group: ScorecardGroup = 'person',
): Promise<ScorecardCount[]> {
  const [from, to] = [at(db, window.from), at(db, window.to)];
  const ahead = window.stages.filter((stage) => stage.kind !== 'lost');
  const forward =
    ahead.length > 0
      ? sql`e."toStage" IN (${join(ahead.map((stage) => stage.key))}) AND ${position(sql`e."toStage"`, window.stages)} > ${position(sql`e."fromStage"`, window.stages)}`
      : sql`1 = 0`;
  const [owner, logger] = [groupOf(group, sql`d."ownerId"`), groupOf(group, sql`a."memberId"`)];
  const rows = await db.$queryRaw<{ ownerId: string; metric: string; n: unknown; total: unknown }[]>`
    SELECT ${owner.expr} AS "ownerId", CAST('advanced' AS TEXT) AS "metric", COUNT(DISTINCT e."dealId") AS "n", SUM(0) AS "total"
    FROM "DealEvent" e JOIN "Deal" d ON d."id" = e."dealId" ${owner.joins}
    WHERE e."workspaceId" = ${scope.workspaceId} AND e."type" = 'stage_changed' AND e."at" >= ${from} AND e."at" < ${to}
      AND ${forward} AND ${inScope(scope)}
    GROUP BY ${owner.expr}
    UNION ALL
    SELECT ${logger.expr} AS "ownerId", a."kind" AS "metric", COUNT(*) AS "n", SUM(0) AS "total"
    FROM "Activity" a JOIN "Deal" d ON d."id" = a."dealId" ${logger.joins}
    WHERE a."workspaceId" = ${scope.workspaceId} AND a."kind" IN (${join([...FOLLOW_UP_KINDS])}) AND a."at" >= ${from} AND a."at" < ${to}
      AND ${inScope(scope, sql`a."memberId"`)}
    GROUP BY ${logger.expr}, a."kind"
    UNION ALL
    SELECT ${owner.expr} AS "ownerId", CAST('satisfaction' AS TEXT) AS "metric", COUNT(*) AS "n", SUM(f."score") AS "total"
    FROM "AfterSalesFollowUp" f JOIN "Deal" d ON d."id" = f."dealId" ${owner.joins}
    WHERE f."workspaceId" = ${scope.workspaceId} AND f."score" IS NOT NULL AND f."recordedAt" >= ${from} AND f."recordedAt" < ${to}
      AND ${inScope(scope)}
    GROUP BY ${owner.expr}`;
  return rows.map((row) => ({
    ownerId: row.ownerId,
    metric: row.metric as ScorecardCount['metric'],
    count: numberOf(row.n),
    sum: numberOf(row.total),
  }));
}

/** Deals created at or after `from` and before `to`, per current owner and currency: how many, and their amount now. */
export async function pipelineCreated(
  db: Db,
  scope: ReportScope,
  window: { from: Date; to: Date },
  group: ScorecardGroup = 'person',
): Promise<OwnerAmount[]> {
  const owner = groupOf(group, sql`d."ownerId"`);
  const rows = await db.$queryRaw<{ ownerId: string; currency: string; n: unknown; total: unknown }[]>`
    SELECT ${owner.expr} AS "ownerId", d."currency" AS "currency", COUNT(*) AS "n", SUM(d."amountMinor") AS "total"
    FROM "Deal" d ${owner.joins}
    WHERE ${inScope(scope)} AND d."createdAt" >= ${at(db, window.from)} AND d."createdAt" < ${at(db, window.to)}
    GROUP BY ${owner.expr}, d."currency"`;
  return rows.map((row) => ({ ownerId: row.ownerId, currency: row.currency, count: numberOf(row.n), sumMinor: numberOf(row.total) }));
}

/** Basis points in a whole. */
const BPS = 10_000n;

/**
 * Deals won with a close date in the period (both days inclusive), per owner, currency and close date
 * (so each converts at its day's rate): their list amount (before any discount) and the discount given on
 * it, Σ(list × basis points) ÷ 10,000, rounded once per group.
 */
export async function wonDiscounts(
  db: Db,
  scope: ReportScope,
  options: { wonStages: readonly string[]; closeFrom: CalendarDate; closeTo: CalendarDate },
  group: ScorecardGroup = 'person',
): Promise<{ listed: DiscountRow[]; discounted: DiscountRow[] }> {
  if (options.wonStages.length === 0) return { listed: [], discounted: [] };
  const list = sql`COALESCE(d."listAmountMinor", d."amountMinor")`;
  const owner = groupOf(group, sql`d."ownerId"`);
  const rows = await db.$queryRaw<
    { ownerId: string; currency: string; closeDate: unknown; n: unknown; list: unknown; weighted: unknown }[]
  >`
    SELECT ${owner.expr} AS "ownerId", d."currency" AS "currency", d."closeDate" AS "closeDate", COUNT(*) AS "n",
           SUM(${list}) AS "list", SUM(${list} * COALESCE(d."discountBps", 0)) AS "weighted"
    FROM "Deal" d ${owner.joins}
    WHERE ${inScope(scope)} AND d."stage" IN (${join([...options.wonStages])})
      AND d."closeDate" >= ${at(db, dateToUtcMidnight(options.closeFrom))} AND d."closeDate" <= ${at(db, dateToUtcMidnight(options.closeTo))}
    GROUP BY ${owner.expr}, d."currency", d."closeDate"`;
  const keyed = rows.map((row) => ({
    ownerId: row.ownerId,
    currency: row.currency,
    // The where clause admits no deal without a close date.
    closeDate: row.closeDate instanceof Date ? utcMidnightToDate(row.closeDate) : options.closeTo,
    count: numberOf(row.n),
  }));
  return {
    listed: keyed.map((row, i) => ({ ...row, sumMinor: numberOf(rows[i]?.list) })),
    discounted: keyed.map((row, i) => ({ ...row, sumMinor: toSafeNumber(roundDiv(bigintOf(rows[i]?.weighted), BPS)) })),
  };
}
