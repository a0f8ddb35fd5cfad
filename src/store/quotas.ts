import type { Db } from './db.js';
import { toSafeNumber } from '../domain/reports.js';
import { dateToUtcMidnight, utcMidnightToDate, type CalendarDate } from '../domain/calendar.js';
import { quotasForPeriod, type PeriodDates } from '../domain/quota-periods.js';

export type QuotaRecord = { scopeKey: string; amountMinor: number; currency: string };

export function memberScope(memberId: string): string {
  return `member:${memberId}`;
}
export function teamScope(teamId: string): string {
  return `team:${teamId}`;
}

/** Scopes asked for by name, in one IN list; more are filtered after reading the period's quotas. */
const MAX_LISTED_SCOPES = 500;

/**
 * The quota of each scope for a period, by dates, never by the period's name ("2026-Q4" means other
 * months after the fiscal year start changes): the one set for exactly its first and last day, else
 * shorter ones that fill it day after day, summed (domain/quota-periods.ts).
 */
export async function quotasFor(db: Db, workspaceId: string, scopeKeys: readonly string[], dates: PeriodDates): Promise<QuotaRecord[]> {
  // A long list (a whole workspace's people) is not sent as parameters, where it would pass SQLite's
  // limit per statement: the period's quotas of the workspace are read, and kept here by scope.
  const listed = scopeKeys.length <= MAX_LISTED_SCOPES;
  const wanted = new Set(scopeKeys);
  const rows = await db.quota.findMany({
    where: {
      workspaceId,
      // Stryker disable next-line ObjectLiteral: domain/quota-periods.ts drops quotas reaching outside the period too; this only reads fewer rows
      periodStart: { gte: dateToUtcMidnight(dates.start) },
      // Stryker disable next-line ObjectLiteral: as above, for the period's last day
      periodEnd: { lte: dateToUtcMidnight(dates.end) },
      ...(listed ? { scopeKey: { in: [...scopeKeys] } } : {}),
    },
    select: { scopeKey: true, periodStart: true, periodEnd: true, amountMinor: true, currency: true },
    orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
  });
  const dated = (listed ? rows : rows.filter((row) => wanted.has(row.scopeKey))).map((row) => ({
    scopeKey: row.scopeKey,
    start: utcMidnightToDate(row.periodStart),
    end: utcMidnightToDate(row.periodEnd),
    amountMinor: toSafeNumber(row.amountMinor),
    currency: row.currency,
  }));
  return [...quotasForPeriod(dated, dates)].map(([scopeKey, quota]) => ({ scopeKey, ...quota }));
}

/** How many quotas the workspace has per stored period (name and dates). */
export async function quotaPeriodsOf(
  db: Db,
  workspaceId: string,
): Promise<{ periodKey: string; start: CalendarDate; end: CalendarDate; count: number }[]> {
  const groups = await db.quota.groupBy({
    by: ['periodKey', 'periodStart', 'periodEnd'],
    where: { workspaceId },
    _count: { _all: true },
    // Stryker disable next-line ObjectLiteral: SQLite returns groups in periodKey order anyway, so only the empty-order mutant is observable there (tested)
    orderBy: [{ periodStart: 'asc' }, { periodKey: 'asc' }],
  });
  return groups.map((group) => ({
    periodKey: group.periodKey,
    start: utcMidnightToDate(group.periodStart),
    end: utcMidnightToDate(group.periodEnd),
    count: group._count._all,
  }));
}

/** How many quotas the workspace has in each currency other than `currency`. */
export async function quotaCurrenciesOtherThan(
  db: Db,
  workspaceId: string,
  currency: string,
): Promise<{ currency: string; count: number }[]> {
  const groups = await db.quota.groupBy({
    by: ['currency'],
    where: { workspaceId, currency: { not: currency } },
    _count: { _all: true },
    // Stryker disable next-line ObjectLiteral: SQLite returns groups in currency order anyway; the order matters on PostgreSQL, where the same test runs
    orderBy: { currency: 'asc' },
  });
  return groups.map((group) => ({ currency: group.currency, count: group._count._all }));
}

export type QuotaInput = {
  workspaceId: string;
  scope: { memberId: string } | { teamId: string };
  periodKey: string;
  periodStart: Date;
  periodEnd: Date;
  amountMinor: number;
  currency: string;
  /** Null: set by an import whose requester has since been deleted. */
  setById: string | null;
};

/**
 * Sets (or replaces) the quota of one member or team for one period's dates; returns the previous
 * amount. The row is found by its dates, so a quota set under an older fiscal year start is replaced,
 * not duplicated. Another row still carrying this period's name for other dates (named under an older
 * fiscal year start) keeps its dates and gets its name suffixed with its first day, since names are unique.
 */
export async function upsertQuota(db: Db, input: QuotaInput): Promise<{ previousMinor: number | null; previousCurrency: string | null }> {
  const scopeKey = 'memberId' in input.scope ? memberScope(input.scope.memberId) : teamScope(input.scope.teamId);
  const { workspaceId, periodKey, periodStart, periodEnd } = input;
  return db.$transaction(async (tx) => {
    const previous = await tx.quota.findFirst({
      where: { workspaceId, scopeKey, periodStart, periodEnd },
      orderBy: { updatedAt: 'desc' },
      select: { id: true, periodKey: true, amountMinor: true, currency: true },
    });
    if (previous?.periodKey !== periodKey) {
      const named = await tx.quota.findUnique({
        where: { workspaceId_scopeKey_periodKey: { workspaceId, scopeKey, periodKey } },
        select: { id: true, periodStart: true },
      });
      if (named)
        await tx.quota.update({
          where: { id: named.id },
          data: { periodKey: `${periodKey}~${utcMidnightToDate(named.periodStart)}` },
          select: { id: true },
        });
    }
    const data = {
      periodKey,
      amountMinor: BigInt(input.amountMinor),
      currency: input.currency,
      setById: input.setById,
      periodStart,
      periodEnd,
    };
    if (previous) await tx.quota.update({ where: { id: previous.id }, data, select: { id: true } });
    else await tx.quota.create({ data: { workspaceId, scopeKey, ...input.scope, ...data }, select: { id: true } });
    return {
      previousMinor: previous ? toSafeNumber(previous.amountMinor) : null,
      previousCurrency: previous?.currency ?? null,
    };
  });
}
