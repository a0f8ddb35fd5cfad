/**
 * The reports that commands and scheduled jobs share, so each figure is computed once: quota
 * attainment (`/quota`, `/forecast`, the digest), the manager digest and the rep nudge, for one
 * reader at one instant. The arithmetic is pure (domain/quota-lines.ts, domain/digest-figures.ts,
 * domain/pipeline.ts); the sums come from a fixed number of aggregate queries (store/reports.ts,
 * store/digest-data.ts): a team's digest costs 12 queries, 16 on a Monday (with the 4 that load the
 * manager and the team, a scheduled digest run is 16 and 20), whatever the number of deals, plus one
 * when someone outside the team's people (deactivated, moved on, its manager) sold in it; a nudge
 * costs one. The screens are then built by the pure builders in views/screens/digest.ts and nudge.ts.
 */
import type { CommandContext } from './context.js';
import { dateContextOf } from './context.js';
import { periodBounds, type ResolvedScope } from './scope.js';
import { viewerOf } from './approval-screen.js';
import { summarizePipeline } from '../domain/pipeline.js';
import { addDays, elapsedFraction, localTimeParts, periodOf, todayIn, type Period } from '../domain/calendar.js';
import {
  quotaCurrency,
  quotaLine,
  sumQuotas,
  totalLine,
  type QuotaAmount,
  type QuotaLine,
  type QuotaReport,
} from '../domain/quota-lines.js';
import { summarizeChanges, weeklyFigures } from '../domain/digest-figures.js';
import type { DigestClock } from '../domain/digest-schedule.js';
import { memberScope, quotasFor, teamScope } from '../store/quotas.js';
import { openByOwner, openPipelineByStage, wonByOwner, type OwnerTeamCurrencySum, type ReportScope } from '../store/reports.js';
import { sellersByIds, type Seller } from '../store/teams.js';
import { pendingRequests } from '../store/discounts.js';
import { biggestClosing, closedBetween, eventsBetween, repAttentionDeals, slippingAndStale, stageEntries } from '../store/digest-data.js';
import type { ManagerDigestData } from '../views/screens/digest.js';
import type { RepNudgeData } from '../views/screens/nudge.js';
import { t } from '../i18n/index.js';

const DAY_MS = 86_400_000;
/** The weekly summary looks back this far. */
export const WEEKLY_DAYS = 90;
/** Changes listed beyond this many in one window are not loaded (the section shows ten anyway). */
const MAX_EVENTS = 500;
const TOP_DEALS = 5;
const SAMPLE = 10;
const REP_DEALS = 200;

/** One digest per scope (a manager's teams, or an admin's workspace), in the actor's language. */
export async function managerDigestData(
  ctx: CommandContext,
  scopes: readonly ResolvedScope[],
  clock: DigestClock,
): Promise<ManagerDigestData[]> {
  const data: ManagerDigestData[] = [];
  for (const scope of scopes) data.push(await loadManagerDigest(ctx, scope, clock));
  return data;
}

/**
 * The manager digest of a team (or, for an admin, the whole workspace) as `ctx.actor` sees it.
 * `ctx.now` should be `clock.at`, so quota pace and periods are read at the slot.
 */
export async function loadManagerDigest(ctx: CommandContext, scope: ResolvedScope, clock: DigestClock): Promise<ManagerDigestData> {
  const { workspace } = ctx;
  const stages = workspace.stages;
  const keysOf = (kind: string) => stages.filter((s) => s.kind === kind).map((s) => s.key);
  const openStages = keysOf('open');
  const reportScope: ReportScope = { workspaceId: workspace.id, ...scope.deals };
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
      ? closedBetween(ctx.db, reportScope, {
          wonStages: keysOf('won'),
          lostStages: keysOf('lost'),
          closeFrom: addDays(today, 1 - WEEKLY_DAYS),
          closeTo: today,
        })
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

/** A line's quota as an amount in its currency, when one is set. */
function quotaOfLine(line: QuotaLine): QuotaAmount | undefined {
  return line.quotaMinor === null ? undefined : { amountMinor: line.quotaMinor, currency: line.currency };
}

/**
 * Attainment per person (or per team for the whole workspace) and in total. Won deals count by their
 * close date (the day won, in the owner's zone); open pipeline by expected close date in the period.
 * A team's quota is its own quota row when one is set, else the sum of its people's quotas.
 * Each line is computed in its quota's currency; deals in other currencies do not count toward it.
 */
export async function quotaReport(ctx: CommandContext, scope: ResolvedScope, period: Period): Promise<QuotaReport> {
  const bounds = periodBounds(ctx, period);
  const stages = ctx.workspace.stages;
  const wonKeys = stages.filter((s) => s.kind === 'won').map((s) => s.key);
  const openKeys = stages.filter((s) => s.kind === 'open').map((s) => s.key);
  const reportScope = { workspaceId: ctx.workspace.id, ...scope.deals };
  const [won, open] = await Promise.all([
    wonByOwner(ctx.db, reportScope, wonKeys, bounds.closeFrom, bounds.closeTo),
    openByOwner(ctx.db, reportScope, openKeys, bounds.closeFrom, bounds.closeTo),
  ]);
  const sellers = scope.kind === 'team' ? await otherSellers(ctx, scope, [...won, ...open]) : [];
  // A deactivated seller's quota still counts with their wins, as it did before.
  const quotaHolders = [...scope.members, ...sellers.filter((seller) => !seller.active)];
  const scopeKeys = [...quotaHolders.map((m) => memberScope(m.id)), ...scope.teams.map((team) => teamScope(team.id))];
  const quotas = await quotasFor(ctx.db, ctx.workspace.id, scopeKeys, period);
  const elapsed = elapsedFraction(period, todayIn({ ...dateContextOf(ctx), timeZone: ctx.workspace.timeZone }));
  const quotaOf = new Map(quotas.map((quota) => [quota.scopeKey, quota]));
  // A line sums the rows it keeps: one owner's, or the deals sold in one team (or in none).
  const line = (label: string, keep: (row: OwnerTeamCurrencySum) => boolean, quota: QuotaAmount | undefined) => {
    const [wonRows, openRows] = [won.filter(keep), open.filter(keep)];
    const owners = [...new Set([...wonRows, ...openRows].map((row) => row.ownerId))];
    return quotaLine(label, owners, quota, wonRows, openRows, ctx.workspace.currency, elapsed);
  };
  const ownedBy = (id: string) => (row: OwnerTeamCurrencySum) => row.ownerId === id;
  const soldIn = (teamId: string | null) => (row: OwnerTeamCurrencySum) => row.teamId === teamId;

  if (scope.kind === 'member' && scope.member) {
    const single = line(scope.member.name, ownedBy(scope.member.id), quotaOf.get(memberScope(scope.member.id)));
    return { lines: [single], total: single, period, elapsed };
  }
  if (scope.kind === 'team' && scope.team) {
    const team = scope.team;
    const lines = scope.members.map((m) => line(m.name, ownedBy(m.id), quotaOf.get(memberScope(m.id))));
    for (const seller of sellers) {
      const label = seller.active ? seller.name : t(ctx.actor.locale, 'quota.inactive_name', { name: seller.name });
      const sold = line(label, ownedBy(seller.id), quotaOf.get(memberScope(seller.id)));
      if (!seller.active || sold.wonCount > 0 || sold.openMinor > 0) lines.push(sold);
    }
    const total = line(
      team.name,
      soldIn(team.id),
      quotaOf.get(teamScope(team.id)) ??
        sumQuotas(
          quotaHolders.map((m) => quotaOf.get(memberScope(m.id))),
          ctx.workspace.currency,
        ),
    );
    return { lines, total, period, elapsed };
  }
  const lines = scope.teams.map((team) => {
    const people = scope.members.filter((m) => team.memberIds.includes(m.id) && m.id !== team.managerId);
    return line(
      team.name,
      soldIn(team.id),
      quotaOf.get(teamScope(team.id)) ??
        sumQuotas(
          people.map((m) => quotaOf.get(memberScope(m.id))),
          ctx.workspace.currency,
        ),
    );
  });
  // People in no team (an admin who sells, a new hire) still count toward the workspace's total.
  const inTeams = new Set(scope.teams.flatMap((team) => [...team.memberIds, ...(team.managerId ? [team.managerId] : [])]));
  const teamless = scope.members.filter((m) => !inTeams.has(m.id));
  const others = line(
    t(ctx.actor.locale, 'quota.no_team'),
    soldIn(null),
    sumQuotas(
      teamless.map((m) => quotaOf.get(memberScope(m.id))),
      ctx.workspace.currency,
    ),
  );
  if (others.quotaMinor !== null || others.wonMinor > 0 || others.openMinor > 0) lines.push(others);
  const total = totalLine(scope.label, lines, quotaCurrency(lines.map(quotaOfLine), ctx.workspace.currency), elapsed);
  return { lines, total, period, elapsed };
}

/**
 * A team's deals stay with it when their seller is deactivated or moves on, and its manager may sell
 * too: everyone not among its people who has figures in the team's deals gets a row (the deactivated
 * marked so), so the rows add up to the team's total.
 */
async function otherSellers(ctx: CommandContext, scope: ResolvedScope, rows: readonly OwnerTeamCurrencySum[]): Promise<Seller[]> {
  const listed = new Set(scope.members.map((m) => m.id));
  const others = [...new Set(rows.map((row) => row.ownerId))].filter((id) => !listed.has(id));
  return sellersByIds(ctx.db, ctx.workspace.id, others);
}
