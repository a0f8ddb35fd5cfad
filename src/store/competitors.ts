/**
 * Competitors: the ones a deal names (DealCompetitor), who a lost deal was lost to (Deal.lostToId), and
 * the counts `/competitors` reports, grouped by competitor in SQL (never every deal in memory). The
 * figures: domain/competitors.ts.
 */
import { applyDealChange, ownershipWhere, type DealChange, type DealRecord } from './deals.js';
import { providerOfDb, type Db } from './db.js';
import { Prisma as PrismaValues } from './generated/sqlite/client.js';
import type { ReportScope } from './reports.js';
import { scopeSql, sliceOf } from './funnel.js';
import { calendarDateOf, instant, toBigInt } from './raw-values.js';
import { dateToUtcMidnight, utcMidnightToDate, type CalendarDate } from '../domain/calendar.js';
import { toSafeNumber } from '../domain/reports.js';
import type { CompetitorDealRow, CompetitorName, LostToRow } from '../domain/competitors.js';
import type { ReportSliceBy } from '../domain/slices.js';

const sql = PrismaValues.sql;
const join = PrismaValues.join;

/** A competitor named on a deal; `lostTo` when the deal was lost to them. */
export type DealCompetitor = { id: string; name: string; lostTo: boolean };

/** The competitors a deal names, by name, and who it was lost to (one statement). */
export async function dealCompetitors(db: Db, dealId: string): Promise<DealCompetitor[]> {
  const rows = await db.$queryRaw<{ id: string; name: string; lostTo: unknown }[]>`
    SELECT c."id" AS "id", c."name" AS "name", CASE WHEN d."lostToId" = c."id" AND d."lostReason" IS NOT NULL THEN 1 ELSE 0 END AS "lostTo"
    FROM "Deal" d
    JOIN "Competitor" c ON c."id" = d."lostToId" OR c."id" IN (SELECT dc."competitorId" FROM "DealCompetitor" dc WHERE dc."dealId" = d."id")
    WHERE d."id" = ${dealId}
    ORDER BY c."name"`;
  return rows.map((row) => ({ id: row.id, name: row.name, lostTo: Number(row.lostTo) === 1 }));
}

/** The workspace's competitors with these keys (as typed names are matched: case and spacing ignored). */
export async function competitorsByKey(
  db: Db,
  workspaceId: string,
  keys: readonly string[],
): Promise<{ id: string; name: string; nameKey: string }[]> {
  if (keys.length === 0) return [];
  return db.competitor.findMany({ where: { workspaceId, nameKey: { in: [...keys] } }, select: { id: true, name: true, nameKey: true } });
}

/** Names of competitors by id, for a report's slices. */
export async function competitorNames(db: Db, workspaceId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.competitor.findMany({ where: { workspaceId, id: { in: [...ids] } }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}

export type CompetitorLinks = {
  /** Named on the deal (created in the workspace when new; already named ones are kept). */
  add: readonly CompetitorName[];
  /** No longer named on the deal (a lost-to among them is cleared too). */
  removeIds: readonly string[];
  /** Who the deal was lost to: also named on the deal. */
  lostTo?: CompetitorName;
};

/**
 * A deal's change (its data and events, with the optimistic version check) together with the
 * competitors it names or drops and who it was lost to, in one transaction.
 */
export async function saveCompetitorChange(db: Db, change: DealChange, links: CompetitorLinks): Promise<DealRecord> {
  return db.$transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const wanted = links.lostTo ? [...links.add, links.lostTo] : [...links.add];
    const ids = new Map<string, string>();
    for (const name of wanted) {
      if (ids.has(name.nameKey)) continue;
      // Found, else created (Prisma's upsert reads the row a second time after either).
      const where = { workspaceId_nameKey: { workspaceId: change.workspaceId, nameKey: name.nameKey } };
      const competitor =
        (await tx.competitor.findUnique({ where, select: { id: true } })) ??
        (await tx.competitor.create({ data: { workspaceId: change.workspaceId, ...name }, select: { id: true } }));
      ids.set(name.nameKey, competitor.id);
    }
    const lostToId = links.lostTo ? ids.get(links.lostTo.nameKey) : undefined;
    const data = {
      ...change.data,
      ...(lostToId !== undefined ? { lostToId } : {}),
    };
    const record = await applyDealChange(tx, { ...change, data });
    if (links.removeIds.length > 0) {
      await tx.dealCompetitor.deleteMany({ where: { dealId: change.dealId, competitorId: { in: [...links.removeIds] } } });
      await tx.deal.updateMany({ where: { id: change.dealId, lostToId: { in: [...links.removeIds] } }, data: { lostToId: null } });
    }
    const present = new Set(
      (await tx.dealCompetitor.findMany({ where: { dealId: change.dealId }, select: { competitorId: true } })).map(
        (row) => row.competitorId,
      ),
    );
    const missing = [...new Set(ids.values())].filter((id) => !present.has(id));
    if (missing.length > 0)
      await tx.dealCompetitor.createMany({ data: missing.map((competitorId) => ({ dealId: change.dealId, competitorId })) });
    return record;
  });
}

export type CompetitorDealsOptions = {
  /** Stage keys by kind. */
  kindOf: ReadonlyMap<string, 'open' | 'won' | 'lost'>;
  /** Close dates, both inclusive: the expected date of an open deal, the day it closed for a won or lost one. */
  closeFrom: CalendarDate;
  closeTo: CalendarDate;
};

export type CompetitorDeals = { rows: CompetitorDealRow[]; lostTo: LostToRow[]; names: Map<string, string> };

/**
 * The scope's deals with a close date in the period, per competitor present, stage, currency and close
 * date (so each sum converts at its day's rate); and the lost ones per competitor they were lost to.
 * Two statements, plus one for names only when a deal was lost to a competitor no longer named on it.
 */
export async function competitorDeals(db: Db, scope: ReportScope, options: CompetitorDealsOptions): Promise<CompetitorDeals> {
  const provider = providerOfDb(db);
  const from = dateToUtcMidnight(options.closeFrom);
  const to = dateToUtcMidnight(options.closeTo);
  const grouped = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT dc."competitorId" AS "competitorId", c."name" AS "name", d."stage" AS "stage", d."currency" AS "currency",
           d."closeDate" AS "closeDate", COUNT(*) AS "n", SUM(d."amountMinor") AS "total"
    FROM "DealCompetitor" dc
    JOIN "Deal" d ON d."id" = dc."dealId"
    JOIN "Competitor" c ON c."id" = dc."competitorId"
    WHERE ${scopeSql(scope)} AND d."closeDate" >= ${instant(provider, from)} AND d."closeDate" <= ${instant(provider, to)}
    GROUP BY dc."competitorId", c."name", d."stage", d."currency", d."closeDate"`;
  const lostStages = [...options.kindOf].filter(([, kind]) => kind === 'lost').map(([key]) => key);
  const lost = await db.deal.groupBy({
    by: ['lostToId'],
    where: {
      workspaceId: scope.workspaceId,
      ...ownershipWhere(scope),
      stage: { in: lostStages },
      closeDate: { gte: from, lte: to },
      lostToId: { not: null },
    },
    _count: { _all: true },
  });
  const names = new Map<string, string>();
  const rows: CompetitorDealRow[] = [];
  for (const row of grouped) {
    const kind = options.kindOf.get(String(row.stage));
    if (kind === undefined || !(row.closeDate instanceof Date)) continue;
    const competitorId = String(row.competitorId);
    names.set(competitorId, String(row.name));
    rows.push({
      competitorId,
      kind,
      currency: String(row.currency),
      closeDate: utcMidnightToDate(row.closeDate),
      count: toSafeNumber(toBigInt(row.n)),
      sumMinor: toSafeNumber(toBigInt(row.total)),
    });
  }
  const lostTo = lost.flatMap((row) => (row.lostToId === null ? [] : [{ competitorId: row.lostToId, count: row._count._all }]));
  const unnamed = lostTo.map((row) => row.competitorId).filter((id) => !names.has(id));
  for (const [id, name] of await competitorNames(db, scope.workspaceId, unnamed)) names.set(id, name);
  return { rows, lostTo, names };
}

export type SlicedCompetitorDeals = {
  rows: (CompetitorDealRow & { slice: string })[];
  lostTo: (LostToRow & { slice: string })[];
  names: Map<string, string>;
};

/**
 * competitorDeals' rows per slice as well (the deal's source channel, or its team's region, '' when
 * none): the same two statements, each grouped by the slice too, plus one for names as there.
 */
export async function competitorDealsBySlice(
  db: Db,
  scope: ReportScope,
  options: CompetitorDealsOptions & { by: ReportSliceBy },
): Promise<SlicedCompetitorDeals> {
  const provider = providerOfDb(db);
  const slice = sliceOf(options.by);
  const between = sql`d."closeDate" >= ${instant(provider, dateToUtcMidnight(options.closeFrom))} AND d."closeDate" <= ${instant(provider, dateToUtcMidnight(options.closeTo))}`;
  const grouped = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT ${slice.expr} AS "slice", dc."competitorId" AS "competitorId", c."name" AS "name", d."stage" AS "stage",
           d."currency" AS "currency", d."closeDate" AS "closeDate", COUNT(*) AS "n", SUM(d."amountMinor") AS "total"
    FROM "DealCompetitor" dc
    JOIN "Deal" d ON d."id" = dc."dealId"
    JOIN "Competitor" c ON c."id" = dc."competitorId"
    ${slice.joins}
    WHERE ${scopeSql(scope)} AND ${between}
    GROUP BY ${slice.expr}, dc."competitorId", c."name", d."stage", d."currency", d."closeDate"`;
  const lostStages = [...options.kindOf].filter(([, kind]) => kind === 'lost').map(([key]) => key);
  const lost =
    lostStages.length === 0
      ? []
      : await db.$queryRaw<Record<string, unknown>[]>`
    SELECT ${slice.expr} AS "slice", d."lostToId" AS "competitorId", COUNT(*) AS "n"
    FROM "Deal" d ${slice.joins}
    WHERE ${scopeSql(scope)} AND d."stage" IN (${join(lostStages)}) AND ${between} AND d."lostToId" IS NOT NULL
    GROUP BY ${slice.expr}, d."lostToId"`;
  const names = new Map<string, string>();
  const rows: SlicedCompetitorDeals['rows'] = [];
  for (const row of grouped) {
    const kind = options.kindOf.get(String(row.stage));
    const closeDate = calendarDateOf(row.closeDate);
    if (kind === undefined || closeDate === null) continue;
    const competitorId = String(row.competitorId);
    names.set(competitorId, String(row.name));
    rows.push({
      slice: String(row.slice),
      competitorId,
      kind,
      currency: String(row.currency),
      closeDate,
      count: toSafeNumber(toBigInt(row.n)),
      sumMinor: toSafeNumber(toBigInt(row.total)),
    });
  }
  const lostTo = lost.map((row) => ({
    slice: String(row.slice),
    competitorId: String(row.competitorId),
    count: toSafeNumber(toBigInt(row.n)),
  }));
  const unnamed = [...new Set(lostTo.map((row) => row.competitorId))].filter((id) => !names.has(id));
  for (const [id, name] of await competitorNames(db, scope.workspaceId, unnamed)) names.set(id, name);
  return { rows, lostTo, names };
}
