/**
 * CSV imports: the ImportJob rows (dry run report, queue, lease, progress) and the bulk writes of a run.
 * A run writes in batches, each one transaction that also advances `processedRows`, so a run that stops
 * (a crash, a lost lease) resumes after the last whole batch, and re-matching turns rows already written
 * into "unchanged".
 */
import { randomUUID } from 'node:crypto';
import { providerOfDb, type Db, type Prisma } from './db.js';
import { Prisma as PrismaValues } from './generated/sqlite/client.js';
import { dateToUtcMidnight, localTimeParts, utcMidnightToDate, zonedTimeToUtc, type CalendarDate } from '../domain/calendar.js';
import { normalizeKey } from '../domain/text-match.js';
import { toSafeNumber } from '../domain/reports.js';
import { defaultCategory } from '../domain/deal.js';
import type { StageDef } from '../domain/stages.js';
import type { WorkspaceContext } from '../domain/workspace-context.js';
import { readCsv } from '../domain/import/decode.js';
import {
  parseImport,
  type AccountRow,
  type BadRow,
  type DealRow,
  type ImportRows,
  type QuotaRow,
  type RateRow,
} from '../domain/import/rows.js';
import { addToIndex, indexDeals, planDealRow, type DealIndex, type ExistingDeal, type RowPlan } from '../domain/import/match.js';
import type { ImportKind, PresetName } from '../domain/import/presets.js';
import { dealSearchKey } from './deals.js';
import { memberScope, teamScope, upsertQuota } from './quotas.js';
import { setRate } from './rates.js';
import { cancelUnrecordedFollowUp, scheduleImportedFollowUps } from './after-sales.js';

export type ImportCounts = { create: number; update: number; unchanged: number };

/** What the dry run found, kept on the job (JSON): bad rows are worded when shown, in the reader's language. */
export type ImportReport = { kind: ImportKind; counts: ImportCounts; bad: BadRow[] };

export type ImportJobRecord = {
  id: string;
  workspaceId: string;
  requestedById: string | null;
  fileName: string;
  preset: string;
  status: string;
  totalRows: number;
  processedRows: number;
  createdRows: number;
  updatedRows: number;
  skippedRows: number;
  report: ImportReport | null;
  error: string | null;
  createdAt: Date;
};

const jobSelect = {
  id: true,
  workspaceId: true,
  requestedById: true,
  fileName: true,
  preset: true,
  status: true,
  totalRows: true,
  processedRows: true,
  createdRows: true,
  updatedRows: true,
  skippedRows: true,
  report: true,
  error: true,
  createdAt: true,
} as const satisfies Prisma.ImportJobSelect;

function toJob(row: Prisma.ImportJobGetPayload<{ select: typeof jobSelect }>): ImportJobRecord {
  return { ...row, report: (row.report ?? null) as ImportReport | null };
}

/** What a progress message shows. */
export type ImportProgress = {
  importId: string;
  workspaceId: string;
  requestedById: string | null;
  fileName: string;
  status: string;
  totalRows: number;
  processedRows: number;
  createdRows: number;
  updatedRows: number;
  skippedRows: number;
  /** Set when the run failed: a catalogue key to show (the details are in the log). */
  error: string | null;
  report: ImportReport | null;
};

export function progressOf(job: ImportJobRecord): ImportProgress {
  return {
    importId: job.id,
    workspaceId: job.workspaceId,
    requestedById: job.requestedById,
    fileName: job.fileName,
    status: job.status,
    totalRows: job.totalRows,
    processedRows: job.processedRows,
    createdRows: job.createdRows,
    updatedRows: job.updatedRows,
    skippedRows: job.skippedRows,
    error: job.error,
    report: job.report,
  };
}

// ---------------------------------------------------------------------------------------------
// Checking a file against the workspace

type MemberInfo = { id: string; name: string; handle: string; email: string | null; teamId: string | null; timeZone: string };

/** Everything a file's rows are checked and written against. */
export type ImportWorld = {
  workspace: WorkspaceContext;
  members: MemberInfo[];
  index: DealIndex;
};

export async function loadImportWorld(db: Db, workspace: WorkspaceContext): Promise<ImportWorld> {
  const [members, deals] = await Promise.all([
    db.member.findMany({
      where: { workspaceId: workspace.id },
      select: {
        id: true,
        name: true,
        handle: true,
        email: true,
        teamId: true,
        timeZone: true,
        team: { select: { timeZone: true } },
        managedTeams: { select: { id: true }, orderBy: { name: 'asc' }, take: 1 },
      },
    }),
    db.deal.findMany({
      where: { workspaceId: workspace.id },
      select: {
        id: true,
        number: true,
        externalId: true,
        title: true,
        ownerId: true,
        stage: true,
        amountMinor: true,
        currency: true,
        closeDate: true,
        forecastCategory: true,
        sourceChannel: true,
        lostReason: true,
        version: true,
        account: { select: { name: true } },
      },
    }),
  ]);
  return {
    workspace,
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      handle: m.handle,
      email: m.email,
      // A manager's own deals count for the team they manage (as store/deals.ts teamOfMember).
      teamId: m.teamId ?? m.managedTeams[0]?.id ?? null,
      timeZone: m.timeZone ?? m.team?.timeZone ?? workspace.timeZone,
    })),
    index: indexDeals(
      deals.map((d) => ({
        id: d.id,
        number: d.number,
        externalId: d.externalId,
        accountName: d.account.name,
        title: d.title,
        ownerId: d.ownerId,
        stage: d.stage,
        amountMinor: toSafeNumber(d.amountMinor),
        currency: d.currency,
        closeDate: d.closeDate ? utcMidnightToDate(d.closeDate) : null,
        forecastCategory: d.forecastCategory,
        sourceChannel: d.sourceChannel,
        lostReason: d.lostReason,
        version: d.version,
      })),
    ),
  };
}

export type OtherPlan<Row> = { action: 'create' | 'update' | 'unchanged'; row: Row };

export type ImportPlan =
  | { kind: 'deals'; plans: RowPlan[] }
  | { kind: 'quotas'; plans: OtherPlan<QuotaRow>[] }
  | { kind: 'accounts'; plans: OtherPlan<AccountRow>[] }
  | { kind: 'rates'; plans: OtherPlan<RateRow>[] };

export type CheckedImport = { preset: PresetName; totalRows: number; plan: ImportPlan; report: ImportReport };

/** Reads, validates and matches a file: the dry run, and the first step of every run (the database may have changed since). */
export async function checkImport(
  db: Db,
  world: ImportWorld,
  content: string,
  options: { today: CalendarDate; preset?: PresetName },
): Promise<CheckedImport> {
  const { header, records } = readCsv(content);
  const teams = await db.team.findMany({ where: { workspaceId: world.workspace.id }, select: { id: true, name: true } });
  const parsed = parseImport(
    header,
    records,
    {
      currency: world.workspace.currency,
      stages: world.workspace.stages,
      fiscalYearStartMonth: world.workspace.fiscalYearStartMonth,
      today: options.today,
      members: world.members,
      teams,
    },
    options.preset,
  );
  const bad = [...parsed.bad];
  const plan = await planRows(db, world, parsed.valid, bad);
  bad.sort((a, b) => a.line - b.line);
  const counts: ImportCounts = { create: 0, update: 0, unchanged: 0 };
  for (const item of plan.plans) counts[item.action] += 1;
  return { preset: parsed.preset, totalRows: parsed.totalRows, plan, report: { kind: parsed.kind, counts, bad } };
}

async function planRows(db: Db, world: ImportWorld, valid: ImportRows, bad: BadRow[]): Promise<ImportPlan> {
  const workspaceId = world.workspace.id;
  switch (valid.kind) {
    case 'deals': {
      const plans: RowPlan[] = [];
      for (const row of valid.rows) {
        const plan = planDealRow(world.index, row);
        if ('action' in plan) plans.push(plan);
        else bad.push(plan);
      }
      return { kind: 'deals', plans };
    }
    case 'quotas': {
      const quotas = await db.quota.findMany({
        where: { workspaceId },
        select: { scopeKey: true, periodStart: true, periodEnd: true, amountMinor: true, currency: true },
      });
      const plans = valid.rows.map((row): OtherPlan<QuotaRow> => {
        const scopeKey = 'memberId' in row.scope ? memberScope(row.scope.memberId) : teamScope(row.scope.teamId);
        const found = quotas.find(
          (q) =>
            q.scopeKey === scopeKey &&
            utcMidnightToDate(q.periodStart) === row.periodStart &&
            utcMidnightToDate(q.periodEnd) === row.periodEnd,
        );
        if (!found) return { action: 'create', row };
        const same = toSafeNumber(found.amountMinor) === row.amountMinor && found.currency === row.currency;
        return { action: same ? 'unchanged' : 'update', row };
      });
      return { kind: 'quotas', plans };
    }
    case 'accounts': {
      const accounts = await db.account.findMany({
        where: { workspaceId },
        select: { nameKey: true, grade: true, region: true, channel: true },
      });
      const byKey = new Map(accounts.map((a) => [a.nameKey, a]));
      const plans = valid.rows.map((row): OtherPlan<AccountRow> => {
        const found = byKey.get(normalizeKey(row.account));
        if (!found) return { action: 'create', row };
        const same =
          found.grade === row.grade &&
          (row.region === null || found.region === row.region) &&
          (row.channel === null || found.channel === row.channel);
        return { action: same ? 'unchanged' : 'update', row };
      });
      return { kind: 'accounts', plans };
    }
    case 'rates': {
      const rates = await db.exchangeRate.findMany({
        where: { workspaceId },
        select: { currency: true, quoteCurrency: true, rate: true, effectiveDate: true },
      });
      const plans = valid.rows.map((row): OtherPlan<RateRow> => {
        const found = rates.find(
          (r) =>
            r.currency === row.currency &&
            r.quoteCurrency === row.quoteCurrency &&
            utcMidnightToDate(r.effectiveDate) === row.effectiveDate,
        );
        if (!found) return { action: 'create', row };
        return { action: found.rate === row.rate ? 'unchanged' : 'update', row };
      });
      return { kind: 'rates', plans };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Job rows

export async function createImportJob(
  db: Db,
  input: { workspaceId: string; requestedById: string; fileName: string; content: string; checked: CheckedImport; now: Date },
): Promise<ImportJobRecord> {
  const row = await db.importJob.create({
    data: {
      workspaceId: input.workspaceId,
      requestedById: input.requestedById,
      fileName: input.fileName,
      preset: input.checked.preset,
      content: input.content,
      status: 'checked',
      totalRows: input.checked.totalRows,
      report: input.checked.report,
      createdAt: input.now,
    },
    select: jobSelect,
  });
  return toJob(row);
}

export async function findImportJob(db: Db, workspaceId: string, id: string): Promise<ImportJobRecord | null> {
  const row = await db.importJob.findFirst({ where: { id, workspaceId }, select: jobSelect });
  return row ? toJob(row) : null;
}

/** Moves a job from one of `from` to `to`; false when it was not in one of them (a double press, a race). */
export async function moveImportJob(
  db: Db,
  workspaceId: string,
  id: string,
  from: readonly string[],
  to: string,
  now: Date,
): Promise<boolean> {
  const { count } = await db.importJob.updateMany({
    where: { id, workspaceId, status: { in: [...from] } },
    data: { status: to, ...(to === 'cancelled' ? { content: '', finishedAt: now } : {}) },
  });
  return count === 1;
}

/** The file's text, for a run. */
export async function importContent(db: Db, id: string): Promise<string> {
  const row = await db.importJob.findUniqueOrThrow({ where: { id }, select: { content: true } });
  return row.content;
}

/**
 * Takes a queued job, or a running one whose lease has expired (its worker died), for `workerId`.
 * One conditional update, so two replicas never run one job.
 */
export async function claimImportJob(db: Db, id: string, workerId: string, now: Date, leaseMs: number): Promise<ImportJobRecord | null> {
  const { count } = await db.importJob.updateMany({
    where: {
      id,
      OR: [
        { status: 'queued' },
        { status: 'running', OR: [{ claimedAt: null }, { claimedAt: { lt: new Date(now.getTime() - leaseMs) } }] },
      ],
    },
    data: { status: 'running', claimedBy: workerId, claimedAt: now },
  });
  if (count !== 1) return null;
  const row = await db.importJob.findUniqueOrThrow({ where: { id }, select: jobSelect });
  return toJob(row);
}

/** Jobs queued but never taken, or running with an expired lease: the resume job picks these up. */
export async function stalledImportJobs(
  db: Db,
  now: Date,
  leaseMs: number,
): Promise<{ id: string; workspaceId: string; requestedById: string | null }[]> {
  const before = new Date(now.getTime() - leaseMs);
  return db.importJob.findMany({
    where: {
      OR: [
        { status: 'queued', updatedAt: { lt: before } },
        { status: 'running', OR: [{ claimedAt: null }, { claimedAt: { lt: before } }] },
      ],
    },
    select: { id: true, workspaceId: true, requestedById: true },
    orderBy: { createdAt: 'asc' },
    take: 20,
  });
}

export async function finishImportJob(
  db: Db,
  id: string,
  workerId: string,
  outcome: { status: 'done' | 'failed'; error?: string; report?: ImportReport; now: Date },
): Promise<void> {
  await db.importJob.updateMany({
    where: { id, claimedBy: workerId },
    data: {
      status: outcome.status,
      finishedAt: outcome.now,
      error: outcome.error ?? null,
      ...(outcome.status === 'done' ? { content: '' } : {}),
      ...(outcome.report ? { report: outcome.report } : {}),
    },
  });
}

/** Where the job's progress message was posted (platform ids), so whichever replica runs the job can update it. */
export async function saveImportProgressTarget(db: Db, id: string, target: Record<string, string>): Promise<void> {
  await db.importJob.update({ where: { id }, data: { progressTarget: target } });
}

// ---------------------------------------------------------------------------------------------
// Writing

export type BatchContext = {
  jobId: string;
  workerId: string;
  world: ImportWorld;
  now: Date;
  /** When the file was checked: an open deal with no creation date in the file was created then. */
  checkedAt: Date;
};

export type BatchResult = { created: number; updated: number; skipped: number };

class LeaseLost extends Error {}

/** True when the error means another worker took the job over: stop quietly, it carries on. */
export function isLeaseLost(error: unknown): boolean {
  return error instanceof LeaseLost;
}

/** Advances the job's counters and lease in the batch's transaction; a job no longer ours rolls the batch back. */
async function advance(tx: Prisma.TransactionClient, ctx: BatchContext, rows: number, result: BatchResult): Promise<void> {
  const { count } = await tx.importJob.updateMany({
    where: { id: ctx.jobId, claimedBy: ctx.workerId, status: 'running' },
    data: {
      processedRows: { increment: rows },
      createdRows: { increment: result.created },
      updatedRows: { increment: result.updated },
      skippedRows: { increment: result.skipped },
      claimedAt: ctx.now,
    },
  });
  if (count !== 1) throw new LeaseLost('import lease lost');
}

// Converting a zone's wall time is costly (about a millisecond) and 50,000 closed deals share a few
// hundred close dates: each day's end is worked out once per zone.
const dayEnds = new Map<string, number>();
const MAX_DAY_ENDS = 20_000;

/** The end of a calendar day in a zone, or `now` if that is earlier (a deal closed today). */
function closedAtOf(closeDate: CalendarDate, timeZone: string, now: Date): Date {
  const key = `${timeZone} ${closeDate}`;
  let end = dayEnds.get(key);
  if (end === undefined) {
    end = zonedTimeToUtc(closeDate, '23:59', timeZone).getTime() + 59_999;
    if (dayEnds.size >= MAX_DAY_ENDS) dayEnds.clear();
    dayEnds.set(key, end);
  }
  return end < now.getTime() ? new Date(end) : now;
}

function firstOpenStage(stages: readonly StageDef[]): StageDef | undefined {
  return stages.find((stage) => stage.kind === 'open');
}

/** Writes one batch of deal rows (creates and updates) in one transaction. */
export async function writeDealBatch(db: Db, ctx: BatchContext, plans: readonly RowPlan[], rowsInBatch: number): Promise<BatchResult> {
  const { world } = ctx;
  const workspaceId = world.workspace.id;
  const source = (line: number) => ({ source: 'import', importId: ctx.jobId, line });
  const memberOf = new Map(world.members.map((m) => [m.id, m]));
  const creates = plans.flatMap((p) => (p.action === 'create' ? [p.row] : []));
  const updates = plans.flatMap((p) => (p.action === 'update' ? [p] : []));
  const result: BatchResult = { created: creates.length, updated: updates.length, skipped: rowsInBatch - creates.length - updates.length };
  const provider = providerOfDb(db);
  const written = await db.$transaction(
    async (tx) => {
      const accountIds = await ensureAccounts(tx, workspaceId, [...creates, ...updates.map((u) => u.row)]);
      const made: ExistingDeal[] = [];
      if (creates.length > 0) {
        const { nextDealNumber } = await tx.workspace.update({
          where: { id: workspaceId },
          data: { nextDealNumber: { increment: creates.length } },
          select: { nextDealNumber: true },
        });
        const first = nextDealNumber - creates.length;
        const shaped = creates.map((row, i) => ({
          row,
          number: first + i,
          ...timesOf(row, memberOf.get(row.ownerId)?.timeZone ?? world.workspace.timeZone, ctx),
        }));
        const ids = shaped.map(() => randomUUID());
        await insertRows(tx, provider, 'Deal', {
          rows: shaped.map(({ row, number, createdAt, closedAt }, i) => ({
            id: ids[i] ?? '',
            workspaceId,
            number,
            title: row.title,
            searchKey: dealSearchKey(row.title, row.account),
            accountId: accountIds.get(normalizeKey(row.account)) ?? '',
            ownerId: row.ownerId,
            teamId: memberOf.get(row.ownerId)?.teamId ?? null,
            amountMinor: BigInt(row.amountMinor),
            currency: row.currency,
            stage: row.stage,
            forecastCategory: row.forecastCategory ?? defaultCategory(stageOf(world, row.stage)),
            closeDate: row.closeDate ? dateToUtcMidnight(row.closeDate) : null,
            sourceChannel: row.sourceChannel ?? 'direct',
            lostReason: row.lostReason,
            closedAt,
            stageEnteredAt: closedAt ?? createdAt,
            lastActivityAt: closedAt ?? ctx.now,
            createdAt,
            updatedAt: ctx.now,
            version: 1,
            externalId: row.externalId,
          })),
        });
        const idOf = new Map(shaped.map((item, i) => [item.number, ids[i] ?? '']));
        const opening = firstOpenStage(world.workspace.stages);
        const events: Prisma.DealEventCreateManyInput[] = [];
        for (const { row, number, createdAt, closedAt } of shaped) {
          const dealId = idOf.get(number) ?? '';
          const base = { workspaceId, dealId, amountMinor: BigInt(row.amountMinor), currency: row.currency };
          const teamId = memberOf.get(row.ownerId)?.teamId ?? null;
          const category = row.forecastCategory ?? defaultCategory(stageOf(world, row.stage));
          // A deal closed after it was created opened in the first stage and moved to Won or Lost on its close date,
          // so reports that replay stage events (funnel, what changed) see it as it happened.
          const twoSteps = closedAt !== null && closedAt > createdAt && opening !== undefined;
          events.push({
            ...base,
            type: 'created',
            at: createdAt,
            // Marks a deal brought in by an import: history, not news for the digest (see importedCreation).
            before: importedCreation(ctx.jobId),
            toStage: twoSteps ? opening.key : row.stage,
            after: { title: row.title, account: row.account, closeDate: row.closeDate, category, teamId, ...source(row.line) },
          });
          if (twoSteps)
            events.push({
              ...base,
              type: 'stage_changed',
              at: closedAt,
              fromStage: opening.key,
              toStage: row.stage,
              before: { closeDate: row.closeDate, category: defaultCategory(opening) },
              after: { reason: row.lostReason, closeDate: row.closeDate, category, ...source(row.line) },
            });
          made.push({
            id: dealId,
            number,
            externalId: row.externalId,
            accountName: row.account,
            title: row.title,
            ownerId: row.ownerId,
            stage: row.stage,
            amountMinor: row.amountMinor,
            currency: row.currency,
            closeDate: row.closeDate,
            forecastCategory: category,
            sourceChannel: row.sourceChannel ?? 'direct',
            lostReason: row.lostReason,
            version: 1,
          });
        }
        await insertRows(tx, provider, 'DealEvent', { rows: events.map((event) => eventRow(event)) });
        // Imported wins get their after-sales call-back, as wins by /deal move do (unless long overdue).
        await scheduleImportedFollowUps(tx, {
          workspaceId,
          wins: shaped.flatMap(({ row, number }) =>
            row.stageKind === 'won' && row.closeDate !== null
              ? [{ dealId: idOf.get(number) ?? '', ownerId: row.ownerId, closeDate: row.closeDate }]
              : [],
          ),
          today: localTimeParts(ctx.now, world.workspace.timeZone).date,
          created: true,
        });
      }
      for (const update of updates) await writeUpdate(tx, ctx, update, accountIds, memberOf);
      await advance(tx, ctx, rowsInBatch, result);
      return made;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  // Later batches match against what this one created (a resumed run re-reads the database instead).
  for (const deal of written) addToIndex(world.index, deal);
  return result;
}

/**
 * What an import writes in the `before` of a deal's `created` event. A deal created by hand has nothing
 * before it (null); one created by an import was somewhere else before, and the digest's "what changed"
 * leaves such creations out (store/digest-data.ts), so 50,000 imported deals are not "new today".
 */
function importedCreation(importId: string): Prisma.InputJsonValue {
  return { source: 'import', importId };
}

// ---------------------------------------------------------------------------------------------
// Bulk inserts
//
// Prisma's createMany costs about a millisecond a row in its client (a 50,000-deal import spent 80 % of
// its time there); one multi-row INSERT per few thousand rows costs a fraction of that. Only new rows of
// a new deal are written this way; values are bound parameters, never text in the SQL.

type RawValue = string | number | bigint | boolean | Date | null | { json: unknown };

/** SQLite and PostgreSQL take the same INSERT; they differ in how a timestamp and a JSON value are bound. */
function rawValue(provider: 'sqlite' | 'postgresql', value: RawValue): Prisma.Sql {
  if (value instanceof Date) {
    // As Prisma stores them: SQLite text `2026-11-30T16:00:00.000+00:00`; PostgreSQL timestamp(3) in UTC.
    const iso = value.toISOString();
    return provider === 'sqlite' ? PrismaValues.sql`${iso.replace('Z', '+00:00')}` : PrismaValues.sql`${iso.slice(0, -1)}::timestamp(3)`;
  }
  if (value !== null && typeof value === 'object') {
    const text = JSON.stringify(value.json);
    return provider === 'sqlite' ? PrismaValues.sql`${text}` : PrismaValues.sql`${text}::jsonb`;
  }
  if (typeof value === 'bigint' && provider === 'postgresql') return PrismaValues.sql`${value.toString()}::bigint`;
  return PrismaValues.sql`${value}`;
}

/** Inserts rows (all with the same columns) in as few statements as the databases' parameter limits allow. */
async function insertRows(
  tx: Prisma.TransactionClient,
  provider: 'sqlite' | 'postgresql',
  table: 'Deal' | 'DealEvent',
  { rows }: { rows: Record<string, RawValue>[] },
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const perStatement = Math.max(1, Math.floor(30_000 / columns.length));
  const head = PrismaValues.raw(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `);
  for (let start = 0; start < rows.length; start += perStatement) {
    const values = rows
      .slice(start, start + perStatement)
      .map((row) => PrismaValues.sql`(${PrismaValues.join(columns.map((column) => rawValue(provider, row[column] ?? null)))})`);
    await tx.$executeRaw`${head}${PrismaValues.join(values)}`;
  }
}

function eventRow(event: Prisma.DealEventCreateManyInput): Record<string, RawValue> {
  const json = (value: unknown): RawValue => (value === undefined || value === null ? null : { json: value });
  return {
    id: randomUUID(),
    workspaceId: event.workspaceId,
    dealId: event.dealId,
    actorId: event.actorId ?? null,
    type: event.type,
    at: event.at instanceof Date ? event.at : new Date(event.at ?? Date.now()),
    fromStage: event.fromStage ?? null,
    toStage: event.toStage ?? null,
    amountMinor: event.amountMinor === undefined || event.amountMinor === null ? null : BigInt(event.amountMinor),
    currency: event.currency ?? null,
    before: json(event.before),
    after: json(event.after),
  };
}

function stageOf(world: ImportWorld, key: string): StageDef {
  const stage = world.workspace.stages.find((s) => s.key === key);
  if (!stage) throw new Error(`Stage ${key} not in workspace`); // rows are checked against these stages
  return stage;
}

function timesOf(row: DealRow, timeZone: string, ctx: BatchContext): { createdAt: Date; closedAt: Date | null } {
  const closedAt = row.stageKind !== 'open' && row.closeDate !== null ? closedAtOf(row.closeDate, timeZone, ctx.now) : null;
  let createdAt = row.createdAt ?? closedAt ?? ctx.checkedAt;
  if (closedAt !== null && createdAt > closedAt) createdAt = closedAt;
  if (createdAt > ctx.now) createdAt = ctx.now;
  return { createdAt, closedAt };
}

async function ensureAccounts(tx: Prisma.TransactionClient, workspaceId: string, rows: readonly DealRow[]): Promise<Map<string, string>> {
  const wanted = new Map<string, DealRow>();
  for (const row of rows) if (!wanted.has(normalizeKey(row.account))) wanted.set(normalizeKey(row.account), row);
  const keys = [...wanted.keys()];
  const found = await tx.account.findMany({ where: { workspaceId, nameKey: { in: keys } }, select: { id: true, nameKey: true } });
  const ids = new Map(found.map((a) => [a.nameKey, a.id]));
  const missing = keys.filter((key) => !ids.has(key));
  if (missing.length > 0) {
    const made = await tx.account.createManyAndReturn({
      data: missing.map((key) => {
        const row = wanted.get(key);
        return {
          workspaceId,
          name: row?.account ?? key,
          nameKey: key,
          grade: row?.accountGrade ?? 'B',
          region: row?.accountRegion ?? null,
          channel: row?.sourceChannel ?? 'direct',
        };
      }),
      select: { id: true, nameKey: true },
    });
    for (const account of made) ids.set(account.nameKey, account.id);
  }
  return ids;
}

async function writeUpdate(
  tx: Prisma.TransactionClient,
  ctx: BatchContext,
  update: Extract<RowPlan, { action: 'update' }>,
  accountIds: Map<string, string>,
  memberOf: Map<string, MemberInfo>,
): Promise<void> {
  const { row, deal, changed } = update;
  const workspaceId = ctx.world.workspace.id;
  const source = { source: 'import', importId: ctx.jobId, line: row.line };
  const data: Prisma.DealUncheckedUpdateManyInput = { version: { increment: 1 } };
  const events: Omit<Prisma.DealEventCreateManyInput, 'workspaceId' | 'dealId'>[] = [];
  const has = (field: (typeof changed)[number]) => changed.includes(field);
  if (has('account') || has('title')) {
    data.accountId = accountIds.get(normalizeKey(row.account)) ?? '';
    data.title = row.title;
    data.searchKey = dealSearchKey(row.title, row.account);
    events.push({
      type: 'renamed',
      before: { title: deal.title, account: deal.accountName },
      after: { title: row.title, account: row.account, ...source },
    });
  }
  if (has('owner')) {
    data.ownerId = row.ownerId;
    data.teamId = memberOf.get(row.ownerId)?.teamId ?? null;
    events.push({
      type: 'owner_changed',
      before: { ownerId: deal.ownerId },
      after: { ownerId: row.ownerId, teamId: data.teamId, ...source },
    });
  }
  if (has('amount')) {
    data.amountMinor = BigInt(row.amountMinor);
    data.currency = row.currency;
    events.push({
      type: 'amount_changed',
      before: { amountMinor: deal.amountMinor, currency: deal.currency },
      after: { amountMinor: row.amountMinor, currency: row.currency, ...source },
    });
  }
  if (has('closeDate') && row.closeDate !== null) {
    data.closeDate = dateToUtcMidnight(row.closeDate);
    events.push({ type: 'close_date_changed', before: { closeDate: deal.closeDate }, after: { closeDate: row.closeDate, ...source } });
  }
  const category = row.forecastCategory ?? (has('stage') ? defaultCategory(stageOf(ctx.world, row.stage)) : deal.forecastCategory);
  if (has('stage')) {
    const timeZone = memberOf.get(row.ownerId)?.timeZone ?? ctx.world.workspace.timeZone;
    const closedAt = row.stageKind !== 'open' && row.closeDate !== null ? closedAtOf(row.closeDate, timeZone, ctx.now) : null;
    Object.assign(data, {
      stage: row.stage,
      stageEnteredAt: closedAt ?? ctx.now,
      closedAt,
      lostReason: row.lostReason,
      forecastCategory: category,
    });
    events.push({
      type: 'stage_changed',
      fromStage: deal.stage,
      toStage: row.stage,
      at: closedAt ?? ctx.now,
      before: { closeDate: deal.closeDate, category: deal.forecastCategory },
      after: { reason: row.lostReason, closeDate: row.closeDate ?? deal.closeDate, category, ...source },
    });
  } else if (has('category')) {
    data.forecastCategory = category;
    events.push({ type: 'category_changed', before: { category: deal.forecastCategory }, after: { category, ...source } });
  }
  if (has('lostReason') && !has('stage')) data.lostReason = row.lostReason;
  if (has('channel')) data.sourceChannel = row.sourceChannel ?? deal.sourceChannel;
  if (has('externalId')) data.externalId = row.externalId;
  if (events.length === 0) events.push({ type: 'imported', after: { fields: changed, ...source } });
  const { count } = await tx.deal.updateMany({ where: { id: deal.id, workspaceId, version: deal.version }, data });
  if (count !== 1) throw new Error(`Deal ${String(deal.number)} changed while importing`);
  if (has('stage')) {
    // As /deal move: a win schedules the call-back, a reopening removes one not yet answered.
    const wasWon = ctx.world.workspace.stages.find((stage) => stage.key === deal.stage)?.kind === 'won';
    const closeDate = row.closeDate ?? deal.closeDate;
    if (row.stageKind === 'won' && !wasWon && closeDate !== null)
      await scheduleImportedFollowUps(tx, {
        workspaceId,
        wins: [{ dealId: deal.id, ownerId: row.ownerId, closeDate }],
        today: localTimeParts(ctx.now, ctx.world.workspace.timeZone).date,
        created: false,
      });
    if (wasWon && row.stageKind !== 'won') await cancelUnrecordedFollowUp(tx, deal.id);
  }
  await tx.dealEvent.createMany({
    data: events.map((event) => ({
      workspaceId,
      dealId: deal.id,
      at: ctx.now,
      amountMinor: BigInt(row.amountMinor),
      currency: row.currency,
      ...event,
    })),
  });
}

/** Quotas, accounts and rates: one row at a time through the same store paths as the commands, then the counters. */
export async function writeOtherBatch(
  db: Db,
  ctx: BatchContext & { actorId: string | null },
  plan: Exclude<ImportPlan, { kind: 'deals' }>,
  rowsInBatch: number,
): Promise<BatchResult> {
  const workspaceId = ctx.world.workspace.id;
  const result: BatchResult = { created: 0, updated: 0, skipped: rowsInBatch };
  const count = (action: OtherPlan<unknown>['action']) => {
    if (action === 'unchanged') return;
    result.skipped -= 1;
    result[action === 'create' ? 'created' : 'updated'] += 1;
  };
  for (const item of plan.plans) {
    if (item.action === 'unchanged') continue;
    count(item.action);
    if (plan.kind === 'quotas') {
      const row = item.row as QuotaRow;
      await upsertQuota(db, {
        workspaceId,
        scope: row.scope,
        periodKey: row.periodKey,
        periodStart: dateToUtcMidnight(row.periodStart),
        periodEnd: dateToUtcMidnight(row.periodEnd),
        amountMinor: row.amountMinor,
        currency: row.currency,
        setById: ctx.actorId,
      });
    } else if (plan.kind === 'rates') {
      const row = item.row as RateRow;
      await setRate(db, {
        workspaceId,
        currency: row.currency,
        quoteCurrency: row.quoteCurrency,
        rate: row.rate,
        effectiveDate: row.effectiveDate,
        setById: ctx.actorId,
      });
    } else {
      const row = item.row as AccountRow;
      const nameKey = normalizeKey(row.account);
      const fields = {
        grade: row.grade,
        ...(row.region !== null ? { region: row.region } : {}),
        ...(row.channel !== null ? { channel: row.channel } : {}),
      };
      await db.account.upsert({
        where: { workspaceId_nameKey: { workspaceId, nameKey } },
        create: { workspaceId, name: row.account, nameKey, ...fields },
        update: fields,
        select: { id: true },
      });
    }
  }
  await db.$transaction((tx) => advance(tx, ctx, rowsInBatch, result));
  return result;
}
