import type { Db, Prisma } from './db.js';
import { toSafeNumber } from '../domain/reports.js';
import { utcMidnightToDate, type CalendarDate } from '../domain/calendar.js';
import type { OwnerCurrencySum } from '../domain/quota-lines.js';
import { ownershipWhere, type DealOwnership } from './deals.js';

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
};

/**
 * Open deals by stage and currency, with the oldest time-in-stage and how many went quiet. Three
 * aggregate queries, whatever the number of deals. `closeBetween` limits to close dates in a period.
 */
export async function openPipelineByStage(
  db: Db,
  scope: ReportScope,
  options: { openStages: readonly string[]; staleBefore: Date; closeBetween?: { from: Date; to: Date } },
): Promise<StageCurrencyRow[]> {
  const where: Prisma.DealWhereInput = {
    ...scopeWhere(scope),
    stage: { in: [...options.openStages] },
    ...(options.closeBetween ? { closeDate: { gte: options.closeBetween.from, lte: options.closeBetween.to } } : {}),
  };
  const [groups, stale] = await Promise.all([
    db.deal.groupBy({
      by: ['stage', 'currency'],
      where,
      _count: { _all: true },
      _sum: { amountMinor: true },
      _min: { stageEnteredAt: true },
    }),
    db.deal.groupBy({
      by: ['stage', 'currency'],
      where: { ...where, lastActivityAt: { lt: options.staleBefore } },
      _count: { _all: true },
    }),
  ]);
  const staleCount = new Map(stale.map((row) => [`${row.stage}\u0000${row.currency}`, row._count._all]));
  return groups.map((row) => ({
    stage: row.stage,
    currency: row.currency,
    count: row._count._all,
    sumMinor: toSafeNumber(row._sum.amountMinor ?? 0n),
    oldestEnteredAt: row._min.stageEnteredAt,
    staleCount: staleCount.get(`${row.stage}\u0000${row.currency}`) ?? 0,
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

/** Open deals closing in the period by forecast category and stage (stage gives the weighting). */
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
