/**
 * Accounts (客户) and their contacts: finding an account by name, what `/account` shows, contacts, grades
 * set by hand, and the admin's grade rule with the regrading it drives (the nightly job and a rule
 * change both call `regradeAccounts`). Every change of grade is recorded as an AuditEntry
 * (`account.grade_changed`, actor null when the rule did it).
 */
import type { Db, Prisma } from './db.js';
import { Prisma as PrismaValues } from './generated/sqlite/client.js';
import { loadWorkspaceContext } from './workspaces.js';
import type { WorkspaceContext } from '../domain/workspace-context.js';
import { toSafeNumber } from '../domain/reports.js';
import { todayIn, utcMidnightToDate, type CalendarDate } from '../domain/calendar.js';
import { toReporting, type Conversion, type RateEntry } from '../domain/exchange.js';
import { gradeByRule, readGradeRule, type Grade, type GradeRule } from '../domain/account-grade.js';
import { MATCH_CANDIDATES_MAX, normalizeKey } from '../domain/text-match.js';
import { stageKeys, type StageDef } from '../domain/stages.js';

const sql = PrismaValues.sql;
const join = PrismaValues.join;

export type AccountRecord = {
  id: string;
  name: string;
  grade: string;
  gradeManual: boolean;
  region: string | null;
  channel: string;
};

const accountSelect = { id: true, name: true, grade: true, gradeManual: true, region: true, channel: true } as const;

export async function findAccountByName(db: Db, workspaceId: string, name: string): Promise<AccountRecord | null> {
  return db.account.findUnique({ where: { workspaceId_nameKey: { workspaceId, nameKey: normalizeKey(name) } }, select: accountSelect });
}

/** Accounts whose name contains `fragment`, by name, at most `limit`. */
export async function accountsContaining(db: Db, workspaceId: string, fragment: string, limit: number): Promise<AccountRecord[]> {
  return db.account.findMany({
    where: { workspaceId, nameKey: { contains: normalizeKey(fragment) } },
    select: accountSelect,
    orderBy: { name: 'asc' },
    take: limit,
  });
}

/** Account names for "did you mean" suggestions (as many as fuzzy matching compares). */
export async function accountNames(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db.account.findMany({
    where: { workspaceId },
    select: { name: true },
    orderBy: { name: 'asc' },
    take: MATCH_CANDIDATES_MAX,
  });
  return rows.map((row) => row.name);
}

export type ContactRecord = { id: string; name: string; role: string | null; email: string | null; phone: string | null };

export type AccountDeal = {
  id: string;
  number: number;
  title: string;
  stage: string;
  amountMinor: number;
  currency: string;
  closeDate: CalendarDate | null;
  owner: { id: string; name: string; active: boolean; teamId: string | null; managerId: string | null };
};

/** One account's sums by currency: won deals by close date (in another currency), open ones. */
export type AccountSumRow = {
  accountId: string;
  won: boolean;
  currency: string;
  closeDate: CalendarDate | null;
  count: number;
  sumMinor: number;
};

export type AccountView = {
  account: AccountRecord;
  contacts: ContactRecord[];
  openDeals: AccountDeal[];
  openCount: number;
  recentClosed: AccountDeal[];
  sums: AccountSumRow[];
  lastActivityAt: Date | null;
  satisfaction: { average: number; count: number } | null;
};

const OPEN_SHOWN = 10;
const CLOSED_SHOWN = 5;

const accountDealSelect = {
  id: true,
  number: true,
  title: true,
  stage: true,
  amountMinor: true,
  currency: true,
  closeDate: true,
  owner: { select: { id: true, name: true, active: true, teamId: true, managerId: true } },
} as const satisfies Prisma.DealSelect;

function toAccountDeal(row: Prisma.DealGetPayload<{ select: typeof accountDealSelect }>): AccountDeal {
  return { ...row, amountMinor: toSafeNumber(row.amountMinor), closeDate: row.closeDate ? utcMidnightToDate(row.closeDate) : null };
}

/** What `/account` shows, in a fixed number of queries whatever the account's size. */
export async function loadAccountView(
  db: Db,
  workspaceId: string,
  account: AccountRecord,
  stages: readonly StageDef[],
  reportingCurrency: string,
): Promise<AccountView> {
  const open = stageKeys(stages, 'open');
  const closed = [...stageKeys(stages, 'won'), ...stageKeys(stages, 'lost')];
  const where = { workspaceId, accountId: account.id };
  const [contacts, openDeals, openCount, recentClosed, sums, last, satisfaction] = await Promise.all([
    db.contact.findMany({ where, select: { id: true, name: true, role: true, email: true, phone: true }, orderBy: { name: 'asc' } }),
    db.deal.findMany({
      where: { ...where, stage: { in: open } },
      select: accountDealSelect,
      orderBy: [{ closeDate: { sort: 'asc', nulls: 'last' } }, { number: 'asc' }],
      take: OPEN_SHOWN,
    }),
    db.deal.count({ where: { ...where, stage: { in: open } } }),
    db.deal.findMany({
      where: { ...where, stage: { in: closed } },
      select: accountDealSelect,
      orderBy: [{ closedAt: { sort: 'desc', nulls: 'last' } }, { number: 'desc' }],
      take: CLOSED_SHOWN,
    }),
    accountSums(db, workspaceId, stages, reportingCurrency, account.id),
    db.deal.aggregate({ where, _max: { lastActivityAt: true } }),
    db.afterSalesFollowUp.aggregate({
      where: { workspaceId, score: { not: null }, deal: { accountId: account.id } },
      _avg: { score: true },
      _count: { score: true },
    }),
  ]);
  const average = satisfaction._avg.score;
  return {
    account,
    contacts,
    openDeals: openDeals.map(toAccountDeal),
    openCount,
    recentClosed: recentClosed.map(toAccountDeal),
    sums,
    lastActivityAt: last._max.lastActivityAt,
    satisfaction: average === null ? null : { average, count: satisfaction._count.score },
  };
}

function toNumber(value: unknown): number {
  if (typeof value === 'bigint') return toSafeNumber(value);
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  if (typeof value === 'object' && value !== null && 'toNumber' in value && typeof value.toNumber === 'function')
    return (value as { toNumber(): number }).toNumber();
  return 0;
}

/** A stored calendar date as a raw query returns it: a Date, or SQLite's ISO text. */
function calendarOf(value: unknown): CalendarDate | null {
  if (value instanceof Date) return utcMidnightToDate(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  if (typeof value === 'number') return utcMidnightToDate(new Date(value));
  return null;
}

/**
 * One aggregate statement: per account (or for one), the sums of its won deals and of its open ones by
 * currency; won deals in another currency than the reporting one also by close date, the day their rate
 * is read for.
 */
export async function accountSums(
  db: Db,
  workspaceId: string,
  stages: readonly StageDef[],
  reportingCurrency: string,
  accountId?: string,
): Promise<AccountSumRow[]> {
  const won = stageKeys(stages, 'won');
  const counted = [...won, ...stageKeys(stages, 'open')];
  if (counted.length === 0) return [];
  const wonIn = won.length > 0 ? sql`d."stage" IN (${join(won)})` : sql`1 = 0`;
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT d."accountId" AS "accountId", d."currency" AS "currency",
      CASE WHEN ${wonIn} THEN 1 ELSE 0 END AS "won",
      CASE WHEN ${wonIn} AND d."currency" <> ${reportingCurrency} THEN d."closeDate" END AS "closeDate",
      COUNT(*) AS "count", SUM(d."amountMinor") AS "sum"
    FROM "Deal" d
    WHERE d."workspaceId" = ${workspaceId} AND d."stage" IN (${join(counted)})
      ${accountId === undefined ? sql`` : sql`AND d."accountId" = ${accountId}`}
    GROUP BY d."accountId", d."currency", 3, 4`;
  return rows.map((row) => ({
    accountId: String(row.accountId),
    won: toNumber(row.won) === 1,
    currency: String(row.currency),
    closeDate: calendarOf(row.closeDate),
    count: toNumber(row.count),
    sumMinor: toNumber(row.sum),
  }));
}

/** Per account: lifetime won (at each close date's rate) and open pipeline (today's rate) in the reporting currency. */
export function accountTotals(
  rows: readonly AccountSumRow[],
  rates: readonly RateEntry[],
  reportingCurrency: string,
  today: CalendarDate,
): { totals: Map<string, { wonMinor: number; openMinor: number }>; conversion: { won: Conversion; open: Conversion } } {
  const won = toReporting(
    rows.filter((row) => row.won),
    (row) => row.closeDate ?? today,
    rates,
    reportingCurrency,
  );
  const open = toReporting(
    rows.filter((row) => !row.won),
    () => today,
    rates,
    reportingCurrency,
  );
  const totals = new Map<string, { wonMinor: number; openMinor: number }>();
  const entry = (id: string) => totals.get(id) ?? { wonMinor: 0, openMinor: 0 };
  for (const row of won.rows)
    totals.set(row.accountId, { ...entry(row.accountId), wonMinor: entry(row.accountId).wonMinor + row.sumMinor });
  for (const row of open.rows)
    totals.set(row.accountId, { ...entry(row.accountId), openMinor: entry(row.accountId).openMinor + row.sumMinor });
  return { totals, conversion: { won: won.conversion, open: open.conversion } };
}

// ---------------------------------------------------------------------------------------------------
// Contacts

export type NewContact = { name: string; role: string | null; email: string | null; phone: string | null };

/** Adds a contact; false when the account already has one of that name. */
export async function addContact(db: Db, workspaceId: string, accountId: string, contact: NewContact): Promise<boolean> {
  const nameKey = normalizeKey(contact.name);
  const existing = await db.contact.findUnique({ where: { accountId_nameKey: { accountId, nameKey } }, select: { id: true } });
  if (existing) return false;
  await db.contact.create({ data: { workspaceId, accountId, nameKey, ...contact }, select: { id: true } });
  return true;
}

/** Removes the contact of that name; false when there is none. */
export async function removeContact(db: Db, accountId: string, name: string): Promise<boolean> {
  const { count } = await db.contact.deleteMany({ where: { accountId, nameKey: normalizeKey(name) } });
  return count > 0;
}

/** The owners of the account's deals, for who may change its contacts. */
export async function accountDealOwners(
  db: Db,
  workspaceId: string,
  accountId: string,
): Promise<{ id: string; teamId: string | null; managerId: string | null }[]> {
  const rows = await db.deal.findMany({
    where: { workspaceId, accountId },
    distinct: ['ownerId'],
    select: { owner: { select: { id: true, teamId: true, managerId: true } } },
  });
  return rows.map((row) => row.owner);
}

// ---------------------------------------------------------------------------------------------------
// Grades

type GradeChange = { accountId: string; from: string; to: string; manualBefore: boolean; manualAfter: boolean };

/** Writes grade changes (at most one statement per grade) with one audit entry each, in one transaction. */
async function writeGradeChanges(
  db: Db,
  workspaceId: string,
  changes: readonly GradeChange[],
  actorId: string | null,
  now: Date,
): Promise<void> {
  if (changes.length === 0) return;
  await db.$transaction(async (tx) => {
    const groups = new Map<string, string[]>();
    for (const change of changes) {
      const key = JSON.stringify([change.to, change.manualAfter, change.manualBefore]);
      groups.set(key, [...(groups.get(key) ?? []), change.accountId]);
    }
    for (const [key, ids] of groups) {
      const [grade, manual, manualBefore] = JSON.parse(key) as [string, boolean, boolean];
      // Only rows still as read: a grade set by hand meanwhile is not overwritten by the rule.
      await tx.account.updateMany({
        where: { workspaceId, id: { in: ids }, gradeManual: manualBefore },
        data: { grade, gradeManual: manual },
      });
    }
    await tx.auditEntry.createMany({
      data: changes.map((change) => ({
        workspaceId,
        actorId,
        subjectType: 'account',
        subjectId: change.accountId,
        action: 'account.grade_changed',
        before: { grade: change.from, manual: change.manualBefore },
        after: { grade: change.to, manual: change.manualAfter },
        at: now,
      })),
    });
  });
}

/** A person sets the grade by hand (`grade` given) or hands it back to the rule (null: the rule's grade now, if any). */
export async function setAccountGrade(
  db: Db,
  input: { workspaceId: string; account: AccountRecord; grade: Grade | null; actorId: string; now: Date },
): Promise<{ grade: string; manual: boolean }> {
  const { account } = input;
  let to = account.grade;
  if (input.grade !== null) to = input.grade;
  else {
    const context = await loadWorkspaceContext(db, input.workspaceId);
    const rule = readGradeRule(
      (await db.workspace.findUnique({ where: { id: input.workspaceId }, select: { gradeRule: true } }))?.gradeRule,
    );
    if (context && rule) {
      const graded = await rulesGrades(db, context, rule, input.now, account.id);
      to = graded.get(account.id) ?? to;
    }
  }
  const manual = input.grade !== null;
  if (to !== account.grade || manual !== account.gradeManual)
    await writeGradeChanges(
      db,
      input.workspaceId,
      [{ accountId: account.id, from: account.grade, to, manualBefore: account.gradeManual, manualAfter: manual }],
      input.actorId,
      input.now,
    );
  return { grade: to, manual };
}

export async function gradeRuleOf(db: Db, workspaceId: string): Promise<GradeRule | null> {
  const row = await db.workspace.findUnique({ where: { id: workspaceId }, select: { gradeRule: true } });
  return readGradeRule(row?.gradeRule);
}

/** Stores the rule (null clears it) with its audit entry. */
export async function setGradeRule(
  db: Db,
  input: { workspaceId: string; rule: GradeRule | null; actorId: string; now: Date },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.workspace.findUnique({ where: { id: input.workspaceId }, select: { gradeRule: true } });
    await tx.workspace.update({
      where: { id: input.workspaceId },
      data: { gradeRule: input.rule ?? PrismaValues.DbNull },
      select: { id: true },
    });
    await tx.auditEntry.create({
      data: {
        workspaceId: input.workspaceId,
        actorId: input.actorId,
        subjectType: 'workspace',
        subjectId: input.workspaceId,
        action: 'workspace.grade_rule_changed',
        before: (before?.gradeRule ?? PrismaValues.DbNull) as Prisma.InputJsonValue,
        after: input.rule ?? PrismaValues.DbNull,
        at: input.now,
      },
      select: { id: true },
    });
  });
}

type GradingWorkspace = Pick<WorkspaceContext, 'id' | 'currency' | 'timeZone' | 'fiscalYearStartMonth' | 'stages' | 'rates'>;

/** The grade the rule gives each account with deals counted (others: the lowest grade), from one aggregate statement. */
async function rulesGrades(
  db: Db,
  workspace: GradingWorkspace,
  rule: GradeRule,
  now: Date,
  accountId?: string,
): Promise<Map<string, Grade>> {
  const rows = await accountSums(db, workspace.id, workspace.stages, workspace.currency, accountId);
  const today = todayIn({ now, timeZone: workspace.timeZone, fiscalYearStartMonth: workspace.fiscalYearStartMonth });
  const { totals } = accountTotals(rows, workspace.rates, workspace.currency, today);
  const grades = new Map<string, Grade>();
  for (const [id, total] of totals) grades.set(id, gradeByRule(rule, total));
  if (accountId !== undefined && !grades.has(accountId)) grades.set(accountId, gradeByRule(rule, { wonMinor: 0, openMinor: 0 }));
  return grades;
}

export type RegradeResult = { changed: number; skipped?: 'no_rule' | 'currency' };

/**
 * Applies the workspace's rule to every account not graded by hand: one aggregate statement for the
 * sums, one read of the accounts, then at most one update per grade and the audit entries. Running it
 * again changes nothing. A rule written in another currency than today's reporting one is not applied.
 */
export async function regradeAccounts(db: Db, workspaceId: string, now: Date): Promise<RegradeResult> {
  const [workspace, rule] = await Promise.all([loadWorkspaceContext(db, workspaceId), gradeRuleOf(db, workspaceId)]);
  if (!workspace || !rule) return { changed: 0, skipped: 'no_rule' };
  if (rule.currency !== workspace.currency) return { changed: 0, skipped: 'currency' };
  const [grades, accounts] = await Promise.all([
    rulesGrades(db, workspace, rule, now),
    db.account.findMany({ where: { workspaceId, gradeManual: false }, select: { id: true, grade: true } }),
  ]);
  const changes: GradeChange[] = [];
  for (const account of accounts) {
    const to = grades.get(account.id) ?? gradeByRule(rule, { wonMinor: 0, openMinor: 0 });
    if (to !== account.grade) changes.push({ accountId: account.id, from: account.grade, to, manualBefore: false, manualAfter: false });
  }
  await writeGradeChanges(db, workspaceId, changes, null, now);
  return { changed: changes.length };
}

/** Workspaces with a grade rule, for the nightly job (one query). */
export async function workspacesWithGradeRule(db: Db): Promise<{ id: string; timeZone: string }[]> {
  return db.workspace.findMany({
    where: { gradeRule: { not: PrismaValues.DbNull } },
    select: { id: true, timeZone: true },
    orderBy: { id: 'asc' },
  });
}
