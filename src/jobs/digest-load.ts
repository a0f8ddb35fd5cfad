/**
 * Gathers what a digest or nudge shows, for one recipient at one instant, in a fixed number of
 * aggregate queries (see src/store/digest-data.ts): a team's digest costs 12 queries, 16 on a Monday
 * (with the 4 that load the manager and the team, a scheduled digest run is 16 and 20), whatever the
 * number of deals; a nudge costs one. The screens are then built by the pure builders in
 * src/views/screens/digest.ts and nudge.ts.
 */
import type { CommandContext } from '../commands/context.js';
import type { ResolvedScope } from '../commands/scope.js';
import { periodBounds } from '../commands/scope.js';
import { quotaReport } from '../commands/quota-lines.js';
import { viewerOf } from '../commands/approval-screen.js';
import { summarizePipeline } from '../domain/pipeline.js';
import { localTimeParts, periodOf } from '../domain/calendar.js';
import { openPipelineByStage, type ReportScope } from '../store/reports.js';
import { pendingRequests } from '../store/discounts.js';
import {
  biggestClosing,
  closedBetween,
  digestMembers,
  eventsBetween,
  repAttentionDeals,
  slippingAndStale,
  stageEntries,
  type DigestMember,
} from '../store/digest-data.js';
import type { Db } from '../store/db.js';
import type { DueSlot } from './job.js';
import { dailySlotsDue } from './schedule.js';
import type { DigestSchedule } from './digest-schedule.js';
import type { ManagerDigestData } from '../views/screens/digest.js';
import type { RepNudgeData } from '../views/screens/nudge.js';
import { summarizeChanges, weeklyFigures } from './digest-figures.js';

const DAY_MS = 86_400_000;
/** The weekly summary looks back this far. */
export const WEEKLY_DAYS = 90;
/** Changes listed beyond this many in one window are not loaded (the section shows ten anyway). */
const MAX_EVENTS = 500;
const TOP_DEALS = 5;
const SAMPLE = 10;
const REP_DEALS = 200;

export type DigestClock = {
  /** The slot instant, or now for `/dealdesk digest now`: figures are as of this instant. */
  at: Date;
  /** The previous slot: changes are those in (since, at]. */
  since: Date;
  late: boolean;
  /** The zone the schedule follows; "today" is read in it. */
  timeZone: string;
  /** Add the weekly summary (Mondays). */
  weekly: boolean;
};

/**
 * The manager digest of a team (or, for an admin, the whole workspace) as `ctx.actor` sees it.
 * `ctx.now` should be `clock.at`, so quota pace and periods are read at the slot.
 */
export async function loadManagerDigest(ctx: CommandContext, scope: ResolvedScope, clock: DigestClock): Promise<ManagerDigestData> {
  const { workspace } = ctx;
  const stages = workspace.stages;
  const keysOf = (kind: string) => stages.filter((s) => s.kind === kind).map((s) => s.key);
  const openStages = keysOf('open');
  const reportScope: ReportScope = { workspaceId: workspace.id, ...(scope.ownerIds ? { ownerIds: scope.ownerIds } : {}) };
  const today = localTimeParts(clock.at, clock.timeZone).date;
  const staleBefore = new Date(clock.at.getTime() - workspace.staleAfterDays * DAY_MS);
  const quarter = periodOf('quarter', today, workspace.fiscalYearStartMonth);
  const bounds = periodBounds(ctx, quarter);
  const weeklyFrom = new Date(clock.at.getTime() - WEEKLY_DAYS * DAY_MS);

  const [pipelineRows, events, attention, biggest, pending, quota, closed, entries] = await Promise.all([
    openPipelineByStage(ctx.db, reportScope, { openStages, staleBefore }),
    eventsBetween(
      ctx.db,
      reportScope,
      { from: clock.since, to: clock.at },
      ['created', 'stage_changed', 'amount_changed', 'close_date_changed'],
      MAX_EVENTS,
    ),
    slippingAndStale(ctx.db, reportScope, { openStages, today, staleBefore, limit: SAMPLE }),
    biggestClosing(ctx.db, reportScope, {
      openStages,
      currency: workspace.currency,
      closeFrom: bounds.closeFrom,
      closeTo: bounds.closeTo,
      limit: TOP_DEALS,
    }),
    pendingRequests(ctx.db, workspace.id),
    quotaReport(ctx, scope, quarter),
    clock.weekly
      ? closedBetween(ctx.db, reportScope, { wonStages: keysOf('won'), lostStages: keysOf('lost'), from: weeklyFrom, to: clock.at })
      : Promise.resolve(null),
    clock.weekly ? stageEntries(ctx.db, reportScope, { from: weeklyFrom, to: clock.at }) : Promise.resolve([]),
  ]);

  return {
    audience: 'member',
    recipientName: ctx.actor.name,
    scopeLabel: scope.label,
    scopeWords: scope.kind === 'team' && scope.team ? `team ${scope.team.name}` : 'all',
    stages,
    currency: workspace.currency,
    staleAfterDays: workspace.staleAfterDays,
    at: clock.at,
    since: clock.since,
    late: clock.late,
    timeZone: clock.timeZone,
    today,
    pipeline: summarizePipeline(pipelineRows, stages, workspace.currency, clock.at),
    changes: summarizeChanges(events, stages, workspace.currency),
    slipping: attention.slipping,
    stale: attention.stale,
    // Admins may decide any request, but "waiting for you" means routed to you.
    approvals: pending.filter((request) => viewerOf({ id: ctx.actor.id, role: 'rep' }, request) === 'approver'),
    quota,
    biggest,
    weekly: closed ? weeklyFigures({ closed, entries, stages, currency: workspace.currency, days: WEEKLY_DAYS }) : null,
  };
}

/** A rep's nudge material as of `clock.at`, read in the rep's zone. */
export async function loadRepNudge(ctx: CommandContext, clock: Pick<DigestClock, 'at' | 'late' | 'timeZone'>): Promise<RepNudgeData> {
  const { workspace } = ctx;
  const stages = workspace.stages;
  const today = localTimeParts(clock.at, clock.timeZone).date;
  const staleBefore = new Date(clock.at.getTime() - workspace.staleAfterDays * DAY_MS);
  const deals = await repAttentionDeals(
    ctx.db,
    { workspaceId: workspace.id, ownerId: ctx.actor.id },
    { openStages: stages.filter((s) => s.kind === 'open').map((s) => s.key), today, staleBefore, limit: REP_DEALS },
  );
  // Sorted here rather than in SQL, where the providers order null due dates differently.
  const dueToday = deals.filter((deal) => deal.nextStepDue === today).sort((a, b) => a.number - b.number);
  const overdue = deals
    .filter((deal) => deal.nextStepDue !== null && deal.nextStepDue < today)
    .sort((a, b) => (a.nextStepDue ?? '').localeCompare(b.nextStepDue ?? '') || a.number - b.number);
  const listed = new Set([...dueToday, ...overdue].map((deal) => deal.id));
  const stale = deals
    .filter((deal) => !listed.has(deal.id) && deal.lastActivityAt.getTime() < staleBefore.getTime())
    .sort((a, b) => a.lastActivityAt.getTime() - b.lastActivityAt.getTime() || a.number - b.number);
  return {
    name: ctx.actor.name,
    stages,
    staleAfterDays: workspace.staleAfterDays,
    at: clock.at,
    late: clock.late,
    timeZone: clock.timeZone,
    today,
    dueToday,
    overdue,
    stale,
  };
}

/** The due daily slots of every member of a kind, keyed `member:<id>`, each carrying its payload. */
export async function dailyMemberSlots<Payload>(
  db: Db,
  now: Date,
  kind: 'managers' | 'reps',
  scheduleOf: (member: DigestMember) => DigestSchedule,
  payloadOf: (member: DigestMember, schedule: DigestSchedule) => Payload,
): Promise<DueSlot<Payload>[]> {
  const due: DueSlot<Payload>[] = [];
  for (const member of await digestMembers(db, { kind })) {
    const schedule = scheduleOf(member);
    for (const slot of dailySlotsDue({ now, ...schedule })) {
      due.push({
        recipientKey: `member:${member.id}`,
        slotAt: slot.slotAt,
        late: slot.late,
        workspaceId: member.workspaceId,
        payload: payloadOf(member, schedule),
      });
    }
  }
  return due;
}
