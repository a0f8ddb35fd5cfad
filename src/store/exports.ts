import type { Db, Prisma } from './db.js';

/**
 * Whose records an export may contain: everything (admins), or one member's own plus the deals sold in
 * the teams they manage and those teams' quotas (managers; reps manage none).
 */
export type ExportReach = { everything: true } | { memberId: string; teamIds: readonly string[] };

/** Calendar days (UTC midnight) for close dates and quota periods, instants for events; both ends included for days. */
export type ExportPeriod = { dayFrom: Date; dayTo: Date; from: Date; toExclusive: Date };

function dealsWithin(reach: ExportReach): Prisma.DealWhereInput {
  if ('everything' in reach) return {};
  return { OR: [{ ownerId: reach.memberId }, ...(reach.teamIds.length > 0 ? [{ teamId: { in: [...reach.teamIds] } }] : [])] };
}

function quotasWithin(reach: ExportReach): Prisma.QuotaWhereInput {
  if ('everything' in reach) return {};
  const teamIds = [...reach.teamIds];
  return {
    OR: [
      { memberId: reach.memberId },
      ...(teamIds.length > 0 ? [{ teamId: { in: teamIds } }, { member: { teamId: { in: teamIds } } }] : []),
    ],
  };
}

const dealColumns = {
  number: true,
  externalId: true,
  title: true,
  stage: true,
  amountMinor: true,
  currency: true,
  closeDate: true,
  forecastCategory: true,
  sourceChannel: true,
  nextStep: true,
  nextStepDue: true,
  lostReason: true,
  createdAt: true,
  closedAt: true,
  account: { select: { name: true, grade: true, region: true } },
  owner: { select: { handle: true, email: true } },
  team: { select: { name: true } },
} as const satisfies Prisma.DealSelect;

export type DealExportRow = Prisma.DealGetPayload<{ select: typeof dealColumns }>;

/** The deals in reach, by number; with a period, those whose close date is in it. */
export async function dealsForExport(db: Db, workspaceId: string, reach: ExportReach, period?: ExportPeriod): Promise<DealExportRow[]> {
  return db.deal.findMany({
    where: {
      workspaceId,
      ...dealsWithin(reach),
      ...(period ? { closeDate: { gte: period.dayFrom, lte: period.dayTo } } : {}),
    },
    select: dealColumns,
    orderBy: { number: 'asc' },
  });
}

const eventColumns = {
  at: true,
  type: true,
  fromStage: true,
  toStage: true,
  amountMinor: true,
  currency: true,
  before: true,
  after: true,
  deal: { select: { number: true, externalId: true } },
  actor: { select: { handle: true } },
} as const satisfies Prisma.DealEventSelect;

export type EventExportRow = Prisma.DealEventGetPayload<{ select: typeof eventColumns }>;

/** The events of the deals in reach, oldest first; with a period, those that happened in it. */
export async function eventsForExport(db: Db, workspaceId: string, reach: ExportReach, period?: ExportPeriod): Promise<EventExportRow[]> {
  return db.dealEvent.findMany({
    where: {
      workspaceId,
      deal: dealsWithin(reach),
      ...(period ? { at: { gte: period.from, lt: period.toExclusive } } : {}),
    },
    select: eventColumns,
    orderBy: [{ at: 'asc' }, { deal: { number: 'asc' } }, { id: 'asc' }],
  });
}

const quotaColumns = {
  periodKey: true,
  periodStart: true,
  periodEnd: true,
  amountMinor: true,
  currency: true,
  member: { select: { handle: true, email: true } },
  team: { select: { name: true } },
} as const satisfies Prisma.QuotaSelect;

export type QuotaExportRow = Prisma.QuotaGetPayload<{ select: typeof quotaColumns }>;

/**
 * The quotas in reach; with a period, those overlapping it. Ordered by period, then team quotas before
 * members', by name: a code-point order that does not depend on the database's collation.
 */
export async function quotasForExport(db: Db, workspaceId: string, reach: ExportReach, period?: ExportPeriod): Promise<QuotaExportRow[]> {
  const rows = await db.quota.findMany({
    where: {
      workspaceId,
      ...quotasWithin(reach),
      ...(period ? { periodStart: { lte: period.dayTo }, periodEnd: { gte: period.dayFrom } } : {}),
    },
    select: quotaColumns,
  });
  const sortKey = (row: QuotaExportRow): string[] => [
    row.periodStart.toISOString(),
    row.periodEnd.toISOString(),
    row.periodKey,
    row.team ? `0${row.team.name}` : `1${row.member?.handle ?? ''}`,
  ];
  return rows.sort((a, b) => {
    const ka = sortKey(a);
    const kb = sortKey(b);
    for (let i = 0; i < ka.length; i++) {
      const x = ka[i] ?? '';
      const y = kb[i] ?? '';
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
}
