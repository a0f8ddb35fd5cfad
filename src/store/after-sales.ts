/**
 * After-sales follow-ups (售后回访): one per won deal (`dealId` is unique), due a number of days after
 * the win, recorded once with the customer's satisfaction score. A score is written with a conditional
 * update of the unrecorded row, so a double press or two people at once record it exactly once.
 */
import { providerOfDb, type Db, type Prisma } from './db.js';
import { scopeSql, sliceOf } from './funnel.js';
import { instant, toBigInt } from './raw-values.js';
import { ownershipWhere, type DealOwnership } from './deals.js';
import { dateToUtcMidnight, utcMidnightToDate, type CalendarDate } from '../domain/calendar.js';
import { importedFollowUpDueOn, LOW_SCORE_BELOW, type FollowUpCountRow } from '../domain/satisfaction.js';
import type { ReportSliceBy } from '../domain/slices.js';
import { toSafeNumber } from '../domain/reports.js';

/** Runs `work` in one transaction; the writes it makes through the given database commit together. */
export function inOneTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  // The transaction client has every model and raw query of the database; only connection handling differs.
  return db.$transaction(async (tx) => work(tx as unknown as Db));
}

/** Days after a win when the owner calls the customer back; 0 = no follow-ups. */
export async function afterSalesDaysOf(db: Db, workspaceId: string): Promise<number> {
  const row = await db.workspace.findUnique({ where: { id: workspaceId }, select: { afterSalesDays: true } });
  return row?.afterSalesDays ?? 0;
}

export async function setAfterSalesDays(db: Db, workspaceId: string, days: number): Promise<void> {
  await db.workspace.update({ where: { id: workspaceId }, data: { afterSalesDays: days }, select: { id: true } });
}

/** The won deal's follow-up, unless it has one already (a deal won, reopened and won again keeps its recorded one). */
export async function scheduleFollowUp(
  db: Db,
  input: { workspaceId: string; dealId: string; ownerId: string; dueOn: CalendarDate },
): Promise<void> {
  await db.afterSalesFollowUp.upsert({
    where: { dealId: input.dealId },
    create: { workspaceId: input.workspaceId, dealId: input.dealId, ownerId: input.ownerId, dueOn: dateToUtcMidnight(input.dueOn) },
    update: {},
    select: { id: true },
  });
}

/**
 * The call-backs of wins an import wrote (store/imports.ts), in its batch's transaction: each due
 * `afterSalesDays` after its close date, unless already overdue by more than a week
 * (domain/satisfaction.ts importedFollowUpDueOn). Deals the import created get theirs in one statement;
 * an existing deal it marked Won keeps a call-back it has, as a deal won again does.
 */
export async function scheduleImportedFollowUps(
  db: Prisma.TransactionClient,
  input: {
    workspaceId: string;
    wins: readonly { dealId: string; ownerId: string; closeDate: CalendarDate }[];
    today: CalendarDate;
    created: boolean;
  },
): Promise<void> {
  if (input.wins.length === 0) return;
  const settings = await db.workspace.findUnique({ where: { id: input.workspaceId }, select: { afterSalesDays: true } });
  const rows = input.wins.flatMap((win) => {
    const due = importedFollowUpDueOn(win.closeDate, settings?.afterSalesDays ?? 0, input.today);
    return due === null
      ? []
      : [{ workspaceId: input.workspaceId, dealId: win.dealId, ownerId: win.ownerId, dueOn: dateToUtcMidnight(due) }];
  });
  if (input.created) {
    if (rows.length > 0) await db.afterSalesFollowUp.createMany({ data: rows });
    return;
  }
  for (const row of rows)
    await db.afterSalesFollowUp.upsert({ where: { dealId: row.dealId }, create: row, update: {}, select: { id: true } });
}

/** A reopened deal's follow-up goes, unless the customer's score was recorded already. */
export async function cancelUnrecordedFollowUp(db: Db | Prisma.TransactionClient, dealId: string): Promise<void> {
  await db.afterSalesFollowUp.deleteMany({ where: { dealId, recordedAt: null } });
}

export type FollowUpRecord = {
  id: string;
  dealId: string;
  dealNumber: number;
  dealTitle: string;
  accountName: string;
  ownerId: string;
  ownerName: string;
  dueOn: CalendarDate;
  score: number | null;
  comment: string | null;
  recordedAt: Date | null;
};

const followUpSelect = {
  id: true,
  dealId: true,
  ownerId: true,
  dueOn: true,
  score: true,
  comment: true,
  recordedAt: true,
  owner: { select: { name: true } },
  deal: { select: { number: true, title: true, account: { select: { name: true } } } },
} as const;

type FollowUpRow = {
  id: string;
  dealId: string;
  ownerId: string;
  dueOn: Date;
  score: number | null;
  comment: string | null;
  recordedAt: Date | null;
  owner: { name: string };
  deal: { number: number; title: string; account: { name: string } };
};

function toFollowUp(row: FollowUpRow): FollowUpRecord {
  return {
    id: row.id,
    dealId: row.dealId,
    dealNumber: row.deal.number,
    dealTitle: row.deal.title,
    accountName: row.deal.account.name,
    ownerId: row.ownerId,
    ownerName: row.owner.name,
    dueOn: utcMidnightToDate(row.dueOn),
    score: row.score,
    comment: row.comment,
    recordedAt: row.recordedAt,
  };
}

export async function findFollowUp(db: Db, workspaceId: string, dealId: string): Promise<FollowUpRecord | null> {
  const row = await db.afterSalesFollowUp.findFirst({ where: { workspaceId, dealId }, select: followUpSelect });
  return row ? toFollowUp(row) : null;
}

/** The owner's unrecorded follow-ups due on or before `today`, oldest first, and how many there are. */
export async function dueFollowUps(
  db: Db,
  input: { workspaceId: string; ownerId: string; today: CalendarDate; limit: number },
): Promise<FollowUpRecord[]> {
  const rows = await db.afterSalesFollowUp.findMany({
    where: { workspaceId: input.workspaceId, ownerId: input.ownerId, recordedAt: null, dueOn: { lte: dateToUtcMidnight(input.today) } },
    select: followUpSelect,
    orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }],
    take: input.limit,
  });
  return rows.map(toFollowUp);
}

/**
 * Records the score on the unrecorded follow-up, with a `satisfaction_recorded` event on the deal, in
 * one transaction. False when it was recorded already (nothing is written then).
 */
export async function recordSatisfaction(
  db: Db,
  input: { workspaceId: string; followUpId: string; dealId: string; actorId: string; score: number; comment: string | null; now: Date },
): Promise<boolean> {
  return inOneTransaction(db, async (tx) => {
    const { count } = await tx.afterSalesFollowUp.updateMany({
      where: { id: input.followUpId, recordedAt: null },
      data: { score: input.score, comment: input.comment, recordedAt: input.now },
    });
    if (count !== 1) return false;
    await tx.dealEvent.create({
      data: {
        workspaceId: input.workspaceId,
        dealId: input.dealId,
        actorId: input.actorId,
        type: 'satisfaction_recorded',
        at: input.now,
        after: { score: input.score, comment: input.comment },
      },
      select: { id: true },
    });
    return true;
  });
}

/**
 * The scores below 3 of the follow-ups due in `[from, to]` (calendar dates) of the deals in scope, lowest
 * first, then by due date and deal: the rows `/satisfaction` lists (its figures are counted by
 * followUpCountsBySlice).
 */
export async function lowScoresDueBetween(
  db: Db,
  scope: { workspaceId: string } & DealOwnership,
  period: { from: CalendarDate; to: CalendarDate },
): Promise<FollowUpRecord[]> {
  const rows = await db.afterSalesFollowUp.findMany({
    where: {
      workspaceId: scope.workspaceId,
      dueOn: { gte: dateToUtcMidnight(period.from), lte: dateToUtcMidnight(period.to) },
      score: { lt: LOW_SCORE_BELOW },
      deal: ownershipWhere(scope),
    },
    select: followUpSelect,
    orderBy: [{ score: 'asc' }, { dueOn: 'asc' }, { deal: { number: 'asc' } }],
  });
  return rows.map(toFollowUp);
}

/** Scores below 3 recorded in `[from, to)` for the deals in scope (the manager's digest), lowest first. */
export async function lowScoresRecorded(
  db: Db,
  scope: { workspaceId: string } & DealOwnership,
  window: { from: Date; to: Date },
  limit: number,
): Promise<FollowUpRecord[]> {
  const orderBy: Prisma.AfterSalesFollowUpOrderByWithRelationInput[] = [{ score: 'asc' }, { recordedAt: 'asc' }, { id: 'asc' }];
  // Ids first: most digests have no low score, and Prisma reads each relation of an empty result with a
  // statement of its own (owner, deal, account): one statement instead of four for every manager.
  const found = await db.afterSalesFollowUp.findMany({
    where: {
      workspaceId: scope.workspaceId,
      recordedAt: { gte: window.from, lt: window.to },
      score: { lt: LOW_SCORE_BELOW },
      deal: ownershipWhere(scope),
    },
    select: { id: true },
    orderBy,
    take: limit,
  });
  if (found.length === 0) return [];
  const rows = await db.afterSalesFollowUp.findMany({ where: { id: { in: found.map((row) => row.id) } }, select: followUpSelect, orderBy });
  return rows.map(toFollowUp);
}

/**
 * The follow-ups due in `[from, to]` of the deals in scope, counted per slice (the deal's source channel,
 * or its team's region, '' when none or not sliced), score (null: none yet) and whether due by `today`:
 * the one aggregate statement of `/satisfaction`, sliced or not.
 */
export async function followUpCountsBySlice(
  db: Db,
  scope: { workspaceId: string } & DealOwnership,
  options: { from: CalendarDate; to: CalendarDate; today: CalendarDate; by: ReportSliceBy | 'none' },
): Promise<(FollowUpCountRow & { slice: string })[]> {
  const provider = providerOfDb(db);
  const slice = sliceOf(options.by);
  const at = (date: CalendarDate) => instant(provider, dateToUtcMidnight(date));
  // Due or not is worked out per follow-up first: PostgreSQL would not match a parameterised CASE in GROUP BY to its SELECT.
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT x."slice" AS "slice", x."score" AS "score", x."due" AS "due", COUNT(*) AS "n"
    FROM (
      SELECT ${slice.expr} AS "slice", f."score" AS "score", CASE WHEN f."dueOn" <= ${at(options.today)} THEN 1 ELSE 0 END AS "due"
      FROM "AfterSalesFollowUp" f
      JOIN "Deal" d ON d."id" = f."dealId"
      ${slice.joins}
      WHERE f."workspaceId" = ${scope.workspaceId} AND ${scopeSql(scope)}
        AND f."dueOn" >= ${at(options.from)} AND f."dueOn" <= ${at(options.to)}
    ) x
    GROUP BY x."slice", x."score", x."due"`;
  return rows.map((row) => ({
    slice: String(row.slice),
    score: row.score === null || row.score === undefined ? null : Number(row.score),
    due: Number(row.due) === 1,
    count: toSafeNumber(toBigInt(row.n)),
  }));
}
