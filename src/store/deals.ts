import type { Db, Prisma } from './db.js';
import { DomainError } from '../domain/errors.js';
import { normalizeKey } from '../domain/text-match.js';
import { dateToUtcMidnight, utcMidnightToDate, type CalendarDate } from '../domain/calendar.js';
import { toSafeNumber } from '../domain/reports.js';
import { memberNames } from './members.js';

/** A deal as the use cases and views see it: numbers instead of BigInt, calendar dates as strings. */
export type DealRecord = {
  id: string;
  number: number;
  title: string;
  accountId: string;
  accountName: string;
  accountGrade: string;
  owner: { id: string; name: string; handle: string; teamId: string | null; managerId: string | null };
  /** The team the deal was sold in (its owner's team when created or reassigned). */
  teamId: string | null;
  amountMinor: number;
  currency: string;
  listAmountMinor: number | null;
  discountBps: number | null;
  stage: string;
  forecastCategory: string;
  closeDate: CalendarDate | null;
  nextStep: string | null;
  nextStepDue: CalendarDate | null;
  sourceChannel: string;
  lostReason: string | null;
  closedAt: Date | null;
  stageEnteredAt: Date;
  lastActivityAt: Date;
  createdAt: Date;
  version: number;
};

export const dealSelect = {
  id: true,
  number: true,
  title: true,
  accountId: true,
  teamId: true,
  amountMinor: true,
  currency: true,
  listAmountMinor: true,
  discountBps: true,
  stage: true,
  forecastCategory: true,
  closeDate: true,
  nextStep: true,
  nextStepDue: true,
  sourceChannel: true,
  lostReason: true,
  closedAt: true,
  stageEnteredAt: true,
  lastActivityAt: true,
  createdAt: true,
  version: true,
  account: { select: { name: true, grade: true } },
  owner: { select: { id: true, name: true, handle: true, teamId: true, managerId: true } },
} as const satisfies Prisma.DealSelect;

type DealRow = Prisma.DealGetPayload<{ select: typeof dealSelect }>;

export function toDealRecord(row: DealRow): DealRecord {
  const { account, owner, amountMinor, listAmountMinor, closeDate, nextStepDue, ...rest } = row;
  return {
    ...rest,
    accountName: account.name,
    accountGrade: account.grade,
    owner,
    amountMinor: toSafeNumber(amountMinor),
    listAmountMinor: listAmountMinor === null ? null : toSafeNumber(listAmountMinor),
    closeDate: closeDate ? utcMidnightToDate(closeDate) : null,
    nextStepDue: nextStepDue ? utcMidnightToDate(nextStepDue) : null,
  };
}

export function dealSearchKey(title: string, accountName: string): string {
  return normalizeKey(`${title} ${accountName}`);
}

export type NewDeal = {
  workspaceId: string;
  actorId: string;
  ownerId: string;
  accountName: string;
  amountMinor: number;
  currency: string;
  stage: string;
  forecastCategory: string;
  closeDate: CalendarDate | null;
  title: string;
  sourceChannel: string;
  closedAt: Date | null;
  now: Date;
  /** The owner's team when the caller knows it already (see `teamOfMember`); read otherwise. */
  ownerTeamId?: string | null;
};

/** Whose deals a report or list covers: a set of owners, or the deals sold in one team; neither = all. */
export type DealOwnership = { ownerIds?: readonly string[]; teamId?: string };

export function ownershipWhere(scope: DealOwnership): Prisma.DealWhereInput {
  return {
    ...(scope.ownerIds ? { ownerId: { in: [...scope.ownerIds] } } : {}),
    ...(scope.teamId !== undefined ? { teamId: scope.teamId } : {}),
  };
}

/**
 * The team a member sells in: their own team, else the team they manage (a manager's own deals have
 * always counted for their team). Null for people in no team.
 */
export async function teamOfMember(db: Pick<Db, 'member'>, workspaceId: string, memberId: string): Promise<string | null> {
  const member = await db.member.findFirst({
    where: { id: memberId, workspaceId },
    select: { teamId: true, managedTeams: { select: { id: true }, orderBy: { name: 'asc' }, take: 1 } },
  });
  return member?.teamId ?? member?.managedTeams[0]?.id ?? null;
}

/**
 * Creates the deal, its account when new, and the `created` event in one transaction. The deal number
 * comes from an atomic increment on the workspace, so concurrent creates never share a number.
 */
export async function createDeal(db: Db, input: NewDeal): Promise<DealRecord> {
  return db.$transaction(async (tx) => {
    const { nextDealNumber } = await tx.workspace.update({
      where: { id: input.workspaceId },
      data: { nextDealNumber: { increment: 1 } },
      select: { nextDealNumber: true },
    });
    // Found, else created: Prisma's upsert reads the row a second time after either (#14).
    const nameKey = normalizeKey(input.accountName);
    const account =
      (await tx.account.findUnique({
        where: { workspaceId_nameKey: { workspaceId: input.workspaceId, nameKey } },
        select: { id: true, name: true },
      })) ??
      (await tx.account.create({
        data: { workspaceId: input.workspaceId, name: input.accountName, nameKey, channel: input.sourceChannel },
        select: { id: true, name: true },
      }));
    const teamId = input.ownerTeamId !== undefined ? input.ownerTeamId : await teamOfMember(tx, input.workspaceId, input.ownerId);
    const row = await tx.deal.create({
      data: {
        workspaceId: input.workspaceId,
        number: nextDealNumber - 1,
        title: input.title,
        searchKey: dealSearchKey(input.title, account.name),
        accountId: account.id,
        ownerId: input.ownerId,
        teamId,
        amountMinor: BigInt(input.amountMinor),
        currency: input.currency,
        stage: input.stage,
        forecastCategory: input.forecastCategory,
        closeDate: input.closeDate ? dateToUtcMidnight(input.closeDate) : null,
        sourceChannel: input.sourceChannel,
        closedAt: input.closedAt,
        stageEnteredAt: input.now,
        lastActivityAt: input.now,
        createdAt: input.now,
      },
      select: dealSelect,
    });
    await tx.dealEvent.create({
      data: {
        workspaceId: input.workspaceId,
        dealId: row.id,
        actorId: input.actorId,
        type: 'created',
        at: input.now,
        toStage: input.stage,
        amountMinor: BigInt(input.amountMinor),
        currency: input.currency,
        after: { title: input.title, account: account.name, closeDate: input.closeDate, category: input.forecastCategory, teamId },
      },
    });
    return toDealRecord(row);
  });
}

export async function findDealByNumber(db: Db, workspaceId: string, number: number): Promise<DealRecord | null> {
  const row = await db.deal.findUnique({ where: { workspaceId_number: { workspaceId, number } }, select: dealSelect });
  return row ? toDealRecord(row) : null;
}

/** Deals whose title or account contains `fragment`; open deals first, then the most recent. */
export async function searchDeals(db: Db, workspaceId: string, fragment: string, limit: number): Promise<DealRecord[]> {
  const rows = await db.deal.findMany({
    where: { workspaceId, searchKey: { contains: normalizeKey(fragment) } },
    select: dealSelect,
    orderBy: [{ closedAt: { sort: 'desc', nulls: 'first' } }, { number: 'desc' }],
    take: limit,
  });
  return rows.map(toDealRecord);
}

/** Titles and account names of the workspace's deals, for "did you mean" suggestions. */
export async function dealNames(
  db: Db,
  workspaceId: string,
  limit = 2000,
): Promise<{ number: number; title: string; accountName: string }[]> {
  const rows = await db.deal.findMany({
    where: { workspaceId },
    select: { number: true, title: true, account: { select: { name: true } } },
    orderBy: { number: 'desc' },
    take: limit,
  });
  return rows.map((row) => ({ number: row.number, title: row.title, accountName: row.account.name }));
}

export type DealEventInput = {
  type: string;
  fromStage?: string | null;
  toStage?: string | null;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
};

export type DealChange = {
  workspaceId: string;
  dealId: string;
  /** The version the caller read; the write fails if someone else wrote in between. */
  expectedVersion: number;
  actorId: string;
  now: Date;
  data: Omit<Prisma.DealUncheckedUpdateManyInput, 'version'>;
  events: DealEventInput[];
  /** The deal as the caller read it: its account and owner are reused when the change keeps them. */
  read?: DealRecord;
};

const { account: _account, owner: _owner, ...dealColumns } = dealSelect;

/**
 * Writes a change and its events atomically, with optimistic concurrency: two people moving the same
 * deal at once cannot both win silently; the second is asked to look again.
 */
export async function applyDealChange(db: Db, change: DealChange): Promise<DealRecord> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.deal.updateMany({
      where: { id: change.dealId, workspaceId: change.workspaceId, version: change.expectedVersion },
      data: { ...change.data, version: { increment: 1 } },
    });
    if (count !== 1) throw new DomainError('deal.changed_concurrently', {});
    // The deal as written; its account and owner are read again only when the change replaced them (#14).
    const { read } = change;
    const keeps = read !== undefined && change.data.ownerId === undefined && change.data.accountId === undefined;
    const row = keeps
      ? {
          ...(await tx.deal.findUniqueOrThrow({ where: { id: change.dealId }, select: dealColumns })),
          account: { name: read.accountName, grade: read.accountGrade },
          owner: read.owner,
        }
      : await tx.deal.findUniqueOrThrow({ where: { id: change.dealId }, select: dealSelect });
    await tx.dealEvent.createMany({
      data: change.events.map((event) => ({
        workspaceId: change.workspaceId,
        dealId: change.dealId,
        actorId: change.actorId,
        at: change.now,
        type: event.type,
        fromStage: event.fromStage ?? null,
        toStage: event.toStage ?? null,
        amountMinor: row.amountMinor,
        currency: row.currency,
        ...(event.before !== undefined ? { before: event.before } : {}),
        ...(event.after !== undefined ? { after: event.after } : {}),
      })),
    });
    return toDealRecord(row);
  });
}

export type NewActivity = { workspaceId: string; dealId: string; memberId: string; kind: string; text: string; now: Date };

/** A follow-up: the activity, the deal's last-activity time and a `note` event, together. */
export async function logActivity(db: Db, input: NewActivity): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.activity.create({
      data: {
        workspaceId: input.workspaceId,
        dealId: input.dealId,
        memberId: input.memberId,
        kind: input.kind,
        text: input.text,
        at: input.now,
      },
    });
    await tx.deal.update({ where: { id: input.dealId }, data: { lastActivityAt: input.now }, select: { id: true } });
    await tx.dealEvent.create({
      data: {
        workspaceId: input.workspaceId,
        dealId: input.dealId,
        actorId: input.memberId,
        type: 'note',
        at: input.now,
        after: { kind: input.kind, text: input.text },
      },
    });
  });
}

export type ActivityRecord = { kind: string; text: string; at: Date; memberName: string };

/** The deal's latest activities, newest first, with who logged them (read within the deal's workspace). */
export async function recentActivities(db: Db, workspaceId: string, dealId: string, limit: number): Promise<ActivityRecord[]> {
  const rows = await db.activity.findMany({
    where: { workspaceId, dealId },
    select: { kind: true, text: true, at: true, memberId: true },
    orderBy: { at: 'desc' },
    take: limit,
  });
  // Who wrote them, only when there are some (a nested select asks even for none, #14).
  const names = await memberNames(db, workspaceId, [...new Set(rows.map((row) => row.memberId))]);
  return rows.map((row) => ({ kind: row.kind, text: row.text, at: row.at, memberName: names.get(row.memberId) ?? '' }));
}

export type DealListFilter = DealOwnership & {
  workspaceId: string;
  stages?: string[];
  /** Close date before this day while still open. */
  slippingBefore?: CalendarDate;
  /** No activity since this instant. */
  staleBefore?: Date;
  /** A next step due on or before this day. */
  nextStepDueBy?: CalendarDate;
};

function listWhere(filter: DealListFilter): Prisma.DealWhereInput {
  return {
    workspaceId: filter.workspaceId,
    ...ownershipWhere(filter),
    ...(filter.stages ? { stage: { in: filter.stages } } : {}),
    ...(filter.slippingBefore ? { closeDate: { lt: dateToUtcMidnight(filter.slippingBefore) } } : {}),
    ...(filter.staleBefore ? { lastActivityAt: { lt: filter.staleBefore } } : {}),
    ...(filter.nextStepDueBy ? { nextStepDue: { lte: dateToUtcMidnight(filter.nextStepDueBy) } } : {}),
  };
}

export async function listDeals(
  db: Db,
  filter: DealListFilter,
  page: { offset: number; limit: number },
): Promise<{ total: number; deals: DealRecord[] }> {
  const where = listWhere(filter);
  const rows = await db.deal.findMany({
    where,
    select: dealSelect,
    orderBy: [{ closeDate: { sort: 'asc', nulls: 'last' } }, { number: 'asc' }],
    skip: page.offset,
    take: page.limit,
  });
  // A first page that is not full is the whole list: counting it again would be one more statement (#14).
  const whole = page.offset === 0 && rows.length < page.limit;
  const total = whole ? rows.length : await db.deal.count({ where });
  return { total, deals: rows.map(toDealRecord) };
}
