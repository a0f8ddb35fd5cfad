/**
 * The funnel's counts, each one aggregate statement over deal events or deals (never every deal in
 * memory): stage flow with medians (window functions, portable between SQLite and PostgreSQL), closed
 * deals by close date, the median sales cycle and lost reasons. Sliced, when asked, by the deal's source
 * channel, its team's region, its account's grade or its owner. The figures: domain/funnel.ts.
 */
import { providerOfDb, type Db, type Provider } from './db.js';
import { calendarDateOf, instant, toBigInt } from './raw-values.js';
import { Prisma as PrismaValues } from './generated/sqlite/client.js';
import type { ReportScope } from './reports.js';
import { toSafeNumber } from '../domain/reports.js';
import { dateToUtcMidnight, type CalendarDate } from '../domain/calendar.js';
import { stageKeys, type StageDef } from '../domain/stages.js';
import type { ClosedRow, CycleRow, FunnelSliceBy, LostReasonRow, StageFlowRow } from '../domain/funnel.js';

export type { ClosedRow, CycleRow, LostReasonRow, StageFlowRow } from '../domain/funnel.js';

type Sql = PrismaValues.Sql;
const sql = PrismaValues.sql;
const join = PrismaValues.join;
const raw = PrismaValues.raw;

/** Which SQL dialect to write. */
const providerOf = providerOfDb;

/** Milliseconds from `from` to `to` (two timestamp expressions), as an integer. */
function msBetween(provider: Provider, to: string, from: string): Sql {
  return provider === 'sqlite'
    ? raw(`CAST(ROUND((julianday(${to}) - julianday(${from})) * 86400000) AS INTEGER)`)
    : raw(`CAST(ROUND(EXTRACT(EPOCH FROM (${to} - ${from})) * 1000) AS BIGINT)`);
}

/**
 * How rows are sliced: /funnel's slices, or by the team the deal is sold in (a scheduled digest run
 * reads every team's funnel at once and gives each manager their team's slice).
 */
export type StoreSliceBy = FunnelSliceBy | 'team' | RepSliceBy;

/** A person's figures per slice (`/leaderboard … by region`): the owner and the slice, as `<ownerId>|<slice>`. */
export type RepSliceBy = 'rep:channel' | 'rep:region';

/** The slice a deal `d` falls in ('' when not sliced, or when the team has no region); store/slices.ts slices other reports alike. */
export function sliceOf(by: StoreSliceBy): { expr: Sql; joins: Sql } {
  switch (by) {
    case 'team':
      return { expr: sql`COALESCE(d."teamId", '')`, joins: sql`` };
    case 'channel':
      return { expr: sql`d."sourceChannel"`, joins: sql`` };
    case 'region':
      return { expr: sql`COALESCE(t."region", '')`, joins: sql`LEFT JOIN "Team" t ON t."id" = d."teamId"` };
    case 'grade':
      return { expr: sql`a."grade"`, joins: sql`JOIN "Account" a ON a."id" = d."accountId"` };
    case 'rep':
      return { expr: sql`d."ownerId"`, joins: sql`` };
    case 'rep:channel':
    case 'rep:region': {
      const slice = sliceOf(by === 'rep:channel' ? 'channel' : 'region');
      return { expr: sql`(d."ownerId" || '|' || ${slice.expr})`, joins: slice.joins };
    }
    // A deal counts once for each competitor it names ('' when it names none).
    case 'competitor':
      return { expr: sql`COALESCE(dc."competitorId", '')`, joins: sql`LEFT JOIN "DealCompetitor" dc ON dc."dealId" = d."id"` };
    case 'none':
      // A cast, not a bare literal: PostgreSQL refuses a constant in GROUP BY.
      return { expr: sql`CAST('' AS TEXT)`, joins: sql`` };
  }
}

/** `d` belongs to the scope: the workspace, and the owners or the team sold in. */
export function scopeSql(scope: ReportScope): Sql {
  const parts = [sql`d."workspaceId" = ${scope.workspaceId}`];
  if (scope.ownerIds) parts.push(scope.ownerIds.length > 0 ? sql`d."ownerId" IN (${join([...scope.ownerIds])})` : sql`1 = 0`);
  if (scope.teamId !== undefined) parts.push(sql`d."teamId" = ${scope.teamId}`);
  return join(parts, ' AND ');
}

/**
 * The position of the stage an event enters (`alias."toStage"`), among the stages given; NULL for the
 * others. A CASE, not a join, so the planner reads the events first, not the stages.
 */
function positionOf(alias: 'e' | 'n', stages: readonly StageDef[]): Sql {
  if (stages.length === 0) return sql`CAST(NULL AS INTEGER)`;
  return sql`CASE ${raw(`${alias}."toStage"`)} ${join(
    stages.map((stage) => sql`WHEN ${stage.key} THEN CAST(${stage.position} AS INTEGER)`),
    ' ',
  )} END`;
}

export function inList(values: readonly string[]): Sql {
  return values.length > 0 ? sql`IN (${join([...values])})` : sql`IN (NULL)`;
}

/** COUNT and SUM come back as bigint, number, string or Decimal depending on the provider. */
function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'bigint') return toSafeNumber(value);
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  if (typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function')
    return (value as { toNumber(): number }).toNumber();
  throw new TypeError('not a number');
}

/** The median of the middle rows: their sum ÷ their count (one or two rows). */
function median(sum: unknown, count: unknown): number | null {
  const n = toNumber(count);
  return n === 0 ? null : toNumber(sum) / n;
}

export type FlowOptions = {
  stages: readonly StageDef[];
  /** Entries at or after `from` and before `to` count as entering a stage. */
  from: Date;
  to: Date;
  /** Moves up to this instant count as moving on, winning or losing. */
  asOf: Date;
  by: StoreSliceBy;
};

/**
 * Per slice and open stage: the deals that entered it in the window (created in it or moved into it;
 * each deal once, at its first entry), how many later entered a further open stage or Won, were moved
 * from it to Lost, or were won; and the median of the stays that ended by `asOf` (from that entry to
 * the deal's next entry into another stage). One statement.
 *
 * Only the window's entries are read from the scope's deals (`ev`), and for each first entry the same
 * deal's stage events from then on up to `asOf` (an entry's figures look at nothing earlier, so earlier
 * history cannot change one), through the (dealId, at) index. How those events are read is each
 * database's cheap plan (`flagsSql`), and so are the per-stage counts and medians (`perStageSql`).
 */
export async function stageFlow(db: Db, scope: ReportScope, options: FlowOptions): Promise<StageFlowRow[]> {
  const provider = providerOf(db);
  const slice = sliceOf(options.by);
  const asOf = instant(provider, options.asOf);
  const open = options.stages.filter((stage) => stage.kind === 'open');
  // The whole workspace, not sliced: its events alone say it, read by (workspaceId, at) without each deal's row.
  const needsDeal = scope.ownerIds !== undefined || scope.teamId !== undefined || options.by !== 'none';
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    WITH ev AS (
      SELECT e."dealId" AS "dealId", e."toStage" AS "stage", e."at" AS "at", ${positionOf('e', open)} AS "pos", ${slice.expr} AS "slice"
      FROM "DealEvent" e
      ${needsDeal ? sql`JOIN "Deal" d ON d."id" = e."dealId"` : sql``}
      ${slice.joins}
      WHERE e."workspaceId" = ${scope.workspaceId} AND e."type" IN ('created', 'stage_changed') AND e."toStage" ${inList(open.map((s) => s.key))}
        AND e."at" >= ${instant(provider, options.from)} AND e."at" < ${instant(provider, options.to)}
        AND e."at" <= ${asOf} ${needsDeal ? sql`AND ${scopeSql(scope)}` : sql``}
    ),
    firsts AS (
      SELECT ev."dealId" AS "dealId", ev."stage" AS "stage", ev."slice" AS "slice", ev."pos" AS "pos", MIN(ev."at") AS "at"
      FROM ev
      GROUP BY ev."dealId", ev."stage", ev."slice", ev."pos"
    ),
    ${flagsSql(provider, options, scope.workspaceId)}
    ${perStageSql(provider)}`;
  return rows.map((row) => ({
    slice: String(row.slice),
    stage: String(row.stage),
    entered: toNumber(row.entered),
    movedOn: toNumber(row.movedOn),
    lostThere: toNumber(row.lostThere),
    wonLater: toNumber(row.wonLater),
    stays: toNumber(row.stays),
    medianStayMs: provider === 'postgresql' ? (row.median === null ? null : toNumber(row.median)) : median(row.midSum, row.midCount),
  }));
}

/**
 * `flags`: per first entry (`firsts` f) its slice and stage, 1 or 0 for moved on, won later and lost
 * there, and the stay `ms` (NULL while the deal is still in the stage). Each looks at the deal's stage
 * events `n` at or after the entry (the same instant included) up to `asOf`; the stay ends at the first
 * one strictly after it into another stage.
 *
 * SQLite: one correlated aggregate per entry over its deal's few later events, by the (dealId, at)
 * index; a scalar subquery returns one value, so the three flags and the stay are packed into one
 * integer (stay + 1) × 8 + 4·movedOn + 2·wonLater + lostThere and taken apart after (MATERIALIZED, so
 * the probe runs once per entry). Joining each entry with its later events and grouping them back, as
 * PostgreSQL does below, cost SQLite a sort of every pair, most of a Monday digest's time at 100k deals.
 * PostgreSQL: a hash join with the later events into another stage (the same stage changes no figure)
 * and a hash aggregate; a subquery per entry costs it several times more.
 */
function flagsSql(provider: Provider, options: FlowOptions, workspaceId: string): Sql {
  const asOf = instant(provider, options.asOf);
  const onward = positionOf(
    'n',
    options.stages.filter((stage) => stage.kind === 'open' || stage.kind === 'won'),
  );
  const won = inList(stageKeys(options.stages, 'won'));
  const lost = inList(stageKeys(options.stages, 'lost'));
  if (provider === 'sqlite') {
    const leftAt = 'MIN(CASE WHEN n."at" > f."at" AND n."toStage" <> f."stage" THEN n."at" END)';
    return sql`probes AS MATERIALIZED (
      SELECT f."slice" AS "slice", f."stage" AS "stage", (
        SELECT (COALESCE(${msBetween(provider, leftAt, 'f."at"')}, -1) + 1) * 8
          + 4 * MAX(CASE WHEN ${onward} > f."pos" THEN 1 ELSE 0 END)
          + 2 * MAX(CASE WHEN n."toStage" ${won} THEN 1 ELSE 0 END)
          + MAX(CASE WHEN n."toStage" ${lost} AND n."fromStage" = f."stage" THEN 1 ELSE 0 END)
        FROM "DealEvent" n
        WHERE n."dealId" = f."dealId" AND n."at" >= f."at" AND n."at" <= ${asOf} AND n."type" IN ('created', 'stage_changed')
      ) AS "packed"
      FROM firsts f
    ),
    flags AS (
      SELECT "slice", "stage", ("packed" / 4) % 2 AS "movedOn", ("packed" / 2) % 2 AS "wonLater", "packed" % 2 AS "lostThere",
             CASE WHEN "packed" >= 8 THEN "packed" / 8 - 1 END AS "ms"
      FROM probes
    )`;
  }
  // `n.at >= from` follows from `n.at >= f.at`, and the workspace from the deal's; said outright, they
  // bound the events hashed to the workspace's since `from`, read from the (workspace, at, …) index alone.
  return sql`later AS (
      SELECT f."slice" AS "slice", f."stage" AS "stage", f."pos" AS "pos", f."dealId" AS "dealId", f."at" AS "at",
             n."toStage" AS "nStage", n."fromStage" AS "nFrom", n."at" AS "nAt", ${onward} AS "nPos"
      FROM firsts f
      LEFT JOIN "DealEvent" n ON n."dealId" = f."dealId" AND n."toStage" <> f."stage" AND n."at" >= f."at"
        AND n."workspaceId" = ${workspaceId} AND n."at" >= ${instant(provider, options.from)} AND n."at" <= ${asOf}
        AND n."type" IN ('created', 'stage_changed')
    ),
    flags AS (
      SELECT "slice", "stage",
        MAX(CASE WHEN "nPos" > "pos" THEN 1 ELSE 0 END) AS "movedOn",
        MAX(CASE WHEN "nStage" ${won} THEN 1 ELSE 0 END) AS "wonLater",
        MAX(CASE WHEN "nStage" ${lost} AND "nFrom" = "stage" THEN 1 ELSE 0 END) AS "lostThere",
        ${msBetween(provider, 'MIN(CASE WHEN "nAt" > "at" THEN "nAt" END)', '"at"')} AS "ms"
      FROM later
      GROUP BY "slice", "stage", "dealId", "at"
    )`;
}

/**
 * Per slice and stage, from `flags`: the entries, the three counts, how many stays ended, and their median.
 * PostgreSQL: plain aggregates and `percentile_cont(0.5)` (the middle stay, or the mean of the two middle
 * ones, NULLs left out), one sort of each group's stays; its window pass over every entry cost about a fifth
 * of `/funnel all` at 100k deals. SQLite has no percentile: one window pass over the entries (`ranked`, stays
 * first in order), whose middle rows are the median stay's (none when no stay ended: `cnt` 0 picks row 1,
 * whose `ms` is NULL), each carrying its group's counts.
 */
function perStageSql(provider: Provider): Sql {
  if (provider === 'postgresql')
    return sql`SELECT "slice", "stage", COUNT(*) AS "entered", SUM("movedOn") AS "movedOn", SUM("lostThere") AS "lostThere",
           SUM("wonLater") AS "wonLater", COUNT("ms") AS "stays", percentile_cont(0.5) WITHIN GROUP (ORDER BY "ms") AS "median"
    FROM flags
    GROUP BY "slice", "stage"`;
  return sql`, ranked AS (
      SELECT "slice", "stage", "ms",
             ROW_NUMBER() OVER w AS "rn", COUNT("ms") OVER w AS "cnt", COUNT(*) OVER w AS "entered",
             SUM("movedOn") OVER w AS "movedOn", SUM("lostThere") OVER w AS "lostThere", SUM("wonLater") OVER w AS "wonLater"
      FROM flags
      WINDOW w AS (PARTITION BY "slice", "stage" ORDER BY "ms" NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    )
    SELECT "slice", "stage", MAX("entered") AS "entered", MAX("movedOn") AS "movedOn", MAX("lostThere") AS "lostThere",
           MAX("wonLater") AS "wonLater", MAX("cnt") AS "stays", SUM("ms") AS "midSum", COUNT("ms") AS "midCount"
    FROM ranked
    WHERE "rn" IN (("cnt" + 1) / 2, ("cnt" + 2) / 2)
    GROUP BY "slice", "stage"`;
}

export type ClosedOptions = {
  wonStages: readonly string[];
  lostStages: readonly string[];
  /** Close dates (the day won or lost in the owner's zone), both inclusive. */
  closeFrom: CalendarDate;
  closeTo: CalendarDate;
  by: StoreSliceBy;
};

export type ClosedFunnel = { closed: ClosedRow[]; cycles: CycleRow[]; lostReasons: LostReasonRow[] };

/**
 * Deals won or lost with a close date in the period: counts and sums per slice, stage, currency and
 * close date (so each sum converts at the rate of its day); per slice the median of the won deals'
 * creation-to-close time (a close before creation counts as zero); and lost deals per reason.
 */
export async function closedFunnel(db: Db, scope: ReportScope, options: ClosedOptions): Promise<ClosedFunnel> {
  const provider = providerOf(db);
  const slice = sliceOf(options.by);
  const period = sql`d."closeDate" >= ${instant(provider, dateToUtcMidnight(options.closeFrom))}
    AND d."closeDate" <= ${instant(provider, dateToUtcMidnight(options.closeTo))}`;
  const where = (stages: readonly string[]) => sql`WHERE ${scopeSql(scope)} AND d."stage" ${inList(stages)} AND ${period}`;
  // One statement (#14: the sums and the median were two, one more for every /funnel and Monday digest):
  // the sums' rows (`isCycle` 0) and then each slice's median row (`isCycle` 1), their other columns NULL.
  // Lost reasons come with the sums (grouped by reason too), which saves the digest a statement.
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
      WITH c AS (
        SELECT ${slice.expr} AS "slice", ${msBetween(provider, 'd."closedAt"', 'd."createdAt"')} AS "ms"
        FROM "Deal" d ${slice.joins}
        ${where(options.wonStages)} AND d."closedAt" IS NOT NULL
      ),
      ranked AS (
        SELECT "slice", CASE WHEN "ms" < 0 THEN 0 ELSE "ms" END AS "ms",
               ROW_NUMBER() OVER (PARTITION BY "slice" ORDER BY CASE WHEN "ms" < 0 THEN 0 ELSE "ms" END) AS "rn",
               COUNT(*) OVER (PARTITION BY "slice") AS "cnt"
        FROM c
      )
      SELECT 0 AS "isCycle", ${slice.expr} AS "slice", d."stage" AS "stage", d."currency" AS "currency", d."closeDate" AS "closeDate",
             d."lostReason" AS "reason", COUNT(*) AS "n", SUM(d."amountMinor") AS "total",
             NULL AS "midSum", NULL AS "midCount", NULL AS "won"
      FROM "Deal" d ${slice.joins}
      ${where([...options.wonStages, ...options.lostStages])}
      GROUP BY ${slice.expr}, d."stage", d."currency", d."closeDate", d."lostReason"
      UNION ALL
      SELECT 1, "slice", NULL, NULL, NULL, NULL, NULL, NULL, SUM("ms"), COUNT(*), MAX("cnt")
      FROM ranked WHERE "rn" IN (("cnt" + 1) / 2, ("cnt" + 2) / 2)
      GROUP BY "slice"`;
  const isCycle = (row: Record<string, unknown>) => Number(row.isCycle) === 1;
  const [sums, cycles] = [rows.filter((row) => !isCycle(row)), rows.filter(isCycle)];
  const lost = new Set(options.lostStages);
  const closed = new Map<string, ClosedRow & { total: bigint }>();
  const reasons = new Map<string, LostReasonRow>();
  for (const row of sums) {
    const slice = String(row.slice);
    const stage = String(row.stage);
    const currency = String(row.currency);
    // The where clause admits no deal without a close date.
    const closeDate = calendarDateOf(row.closeDate) ?? options.closeTo;
    const count = toNumber(row.n);
    const key = JSON.stringify([slice, stage, currency, closeDate]);
    const known = closed.get(key);
    if (known) {
      known.count += count;
      known.total += toBigInt(row.total);
    } else closed.set(key, { slice, stage, currency, closeDate, count, sumMinor: 0, total: toBigInt(row.total) });
    if (!lost.has(stage)) continue;
    const reason = typeof row.reason === 'string' ? row.reason : null;
    const reasonKey = JSON.stringify([slice, reason]);
    const counted = reasons.get(reasonKey);
    if (counted) counted.count += count;
    else reasons.set(reasonKey, { slice, reason, count });
  }
  return {
    closed: [...closed.values()].map(({ total, ...row }) => ({ ...row, sumMinor: toSafeNumber(total) })),
    cycles: cycles.map((row) => ({ slice: String(row.slice), won: toNumber(row.won), medianCycleMs: median(row.midSum, row.midCount) })),
    lostReasons: [...reasons.values()],
  };
}
