/**
 * The reports that commands and scheduled jobs share, so each figure is computed once: quota
 * attainment (`/quota`, `/forecast`, the digest), the manager digest and the rep nudge, for one
 * reader at one instant. The arithmetic is pure (domain/quota-lines.ts, domain/digest-figures.ts,
 * domain/pipeline.ts); the sums come from a fixed number of aggregate queries (store/reports.ts,
 * store/digest-data.ts): a team's digest costs 7 queries plus one per currency (its biggest deals), 2
 * more on a Monday (the funnel), whatever the number of deals, plus one when someone outside the team's
 * people (deactivated, moved on, its manager) sold in it; the pending requests (2 queries) are
 * read once per digest, and once per workspace for a whole scheduled run (jobs/digest.ts, which also
 * shares the workspace's settings, people and teams); a nudge costs one. The screens are then built by the pure builders in views/screens/digest.ts and nudge.ts.
 */
import type { CommandContext } from './context.js';
import type { Db } from '../store/db.js';
import { dateContextOf } from './context.js';
import { periodBounds, type ResolvedScope } from './scope.js';
import { viewerOf } from './approval-screen.js';
import { summarizePipeline } from '../domain/pipeline.js';
import {
  addDays,
  dateToUtcMidnight,
  elapsedFraction,
  localTimeParts,
  periodOf,
  todayIn,
  type CalendarDate,
  type Period,
} from '../domain/calendar.js';
import {
  convertMinor,
  mergeConversions,
  rateInForce,
  toReporting,
  type Conversion,
  type MissingRate,
  type RateEntry,
} from '../domain/exchange.js';
import {
  quotaCurrency,
  quotaLine,
  sumQuotas,
  totalLine,
  type QuotaAmount,
  type QuotaLine,
  type QuotaReport,
} from '../domain/quota-lines.js';
import { channelLines, summarizeChanges, type ChannelLine, type DigestEvent } from '../domain/digest-figures.js';
import { funnelFigures, sliceVolume, type FunnelData, type FunnelSlice, type FunnelSliceBy } from '../domain/funnel.js';
import { stageKeys, type StageDef } from '../domain/stages.js';
import type { DigestClock } from '../domain/digest-schedule.js';
import { groupRows } from '../domain/reports.js';
import { memberScope, quotasFor, teamScope } from '../store/quotas.js';
import type { OwnerSums, OwnerTeamCurrencySum, ReportScope } from '../store/reports.js';
import { sellersByIds, type Seller, type TeamRecord } from '../store/teams.js';
import { competitorNames } from '../store/competitors.js';
import type { DealRecord } from '../store/deals.js';
import { pendingRequests, type DiscountRequestRecord } from '../store/discounts.js';
import { repAttentionDeals, scopeReads, type DigestReads } from '../store/digest-data.js';
import type { ManagerDigestData } from '../views/screens/digest.js';
import type { RepNudgeData } from '../views/screens/nudge.js';
import { t } from '../i18n/index.js';

const DAY_MS = 86_400_000;

/** What a report converts with: the rates into the reporting currency, and today in the workspace's zone. */
export type ReportingRates = { currency: string; rates: readonly RateEntry[]; today: CalendarDate };

/** The workspace's rates into its currency, read with its settings (no query). Open deals convert at today's rate. */
export function reportingRates(ctx: CommandContext): ReportingRates {
  return {
    currency: ctx.workspace.currency,
    rates: ctx.workspace.rates,
    today: todayIn({ ...dateContextOf(ctx), timeZone: ctx.workspace.timeZone }),
  };
}

/** The `limit` biggest open deals by their amount in the reporting currency at today's rate (deals without a rate are left out). */
function biggestInReportingCurrency(deals: readonly DealRecord[], rates: ReportingRates, limit: number): DealRecord[] {
  const ranked = deals.flatMap((deal) => {
    if (deal.currency === rates.currency) return [{ deal, value: deal.amountMinor }];
    const rate = rateInForce(rates.rates, deal.currency, rates.today);
    return rate ? [{ deal, value: convertMinor(deal.amountMinor, deal.currency, rates.currency, rate.rate) }] : [];
  });
  ranked.sort((a, b) => b.value - a.value || a.deal.number - b.deal.number);
  return ranked.slice(0, limit).map((entry) => entry.deal);
}

/** Open deals' sums in the reporting currency at today's rate; the ones without a rate are named. */
export function convertOpen<T extends { currency: string; count: number; sumMinor: number }>(
  rows: readonly T[],
  rates: ReportingRates,
): { rows: T[]; conversion: Conversion } {
  return toReporting(rows, () => rates.today, rates.rates, rates.currency);
}

/** Closed deals' sums in the reporting currency at the rate in force on their close date. */
export function convertClosed<T extends { currency: string; count: number; sumMinor: number; closeDate: CalendarDate }>(
  rows: readonly T[],
  rates: ReportingRates,
): { rows: T[]; conversion: Conversion } {
  return toReporting(rows, (row) => row.closeDate, rates.rates, rates.currency);
}

export type FunnelWindow = {
  /** Stage entries at or after `from` and before `to`. */
  from: Date;
  to: Date;
  /** Moves up to this instant count as moving on, being won or lost. */
  asOf: Date;
  /** Closed deals by close date, both days inclusive. */
  closeFrom: CalendarDate;
  closeTo: CalendarDate;
};

/**
 * The funnel of a scope, whole or sliced, in the reporting currency: two aggregate queries (the stage
 * flow; the closed deals' sums, lost reasons and cycle medians), plus one for the owners' names when sliced by rep.
 * The Monday digest reads its funnel, win rate, average deal, cycle and lost reasons from here too.
 */
export async function loadFunnel(
  ctx: CommandContext,
  scope: ReportScope,
  window: FunnelWindow,
  by: FunnelSliceBy,
  reads: DigestReads = scopeReads(ctx.db),
): Promise<FunnelData> {
  const stages = ctx.workspace.stages;
  // In turn: `ctx.db` may be the request's transaction, one query at a time.
  const flow = await reads.stageFlow(scope, { stages, from: window.from, to: window.to, asOf: window.asOf, by });
  const closed = await reads.closedFunnel(scope, {
    wonStages: stageKeys(stages, 'won'),
    lostStages: stageKeys(stages, 'lost'),
    closeFrom: window.closeFrom,
    closeTo: window.closeTo,
    by,
  });
  const reporting = reportingRates(ctx);
  const { rows: converted, conversion } = convertClosed(closed.closed, reporting);
  const keys = [...new Set([...flow.map((row) => row.slice), ...closed.closed.map((row) => row.slice)])];
  if (by === 'none' && keys.length === 0) keys.push('');
  const names = by === 'rep' ? await sellersByIds(ctx.db, ctx.workspace.id, keys) : [];
  const nameOf = new Map(
    names.map((seller) => [seller.id, seller.active ? seller.name : t(ctx.actor.locale, 'quota.inactive_name', { name: seller.name })]),
  );
  if (by === 'competitor') for (const [id, name] of await competitorNames(ctx.db, ctx.workspace.id, keys)) nameOf.set(id, name);
  const slices = keys.map((key): FunnelSlice => {
    const mine = <T extends { slice: string }>(rows: readonly T[]) => rows.filter((row) => row.slice === key);
    const name = nameOf.get(key);
    return {
      key,
      ...(name !== undefined ? { name } : {}),
      figures: funnelFigures({
        stages,
        currency: reporting.currency,
        flow: mine(flow),
        closed: mine(closed.closed),
        converted: mine(converted),
        cycle: mine(closed.cycles)[0],
        lostReasons: mine(closed.lostReasons),
      }),
    };
  });
  slices.sort((a, b) => sliceVolume(b.figures) - sliceVolume(a.figures) || (a.name ?? a.key).localeCompare(b.name ?? b.key));
  return { by, slices, conversion };
}

/**
 * Quotas in the reporting currency, converted at the rate in force on the period's last day (or today,
 * when that is earlier); a quota without a rate is left out and named.
 */
export function convertQuotas<T extends QuotaAmount>(
  quotas: readonly T[],
  period: Period,
  rates: ReportingRates,
): { quotas: T[]; conversion: Conversion } {
  const date = period.end < rates.today ? period.end : rates.today;
  const kept: T[] = [];
  const used = new Map<string, RateEntry>();
  const missing = new Map<string, MissingRate>();
  for (const quota of quotas) {
    if (quota.currency === rates.currency) {
      kept.push(quota);
      continue;
    }
    const rate = rateInForce(rates.rates, quota.currency, date);
    if (rate) {
      used.set(rate.currency, rate);
      kept.push({
        ...quota,
        currency: rates.currency,
        amountMinor: convertMinor(quota.amountMinor, quota.currency, rates.currency, rate.rate),
      });
      continue;
    }
    const known = missing.get(quota.currency);
    missing.set(quota.currency, {
      kind: 'quotas',
      currency: quota.currency,
      date,
      count: (known?.count ?? 0) + 1,
      sumMinor: (known?.sumMinor ?? 0) + quota.amountMinor,
    });
  }
  return { quotas: kept, conversion: { ratesUsed: [...used.values()], missing: [...missing.values()] } };
}

/** The weekly summary looks back this far. */
export const WEEKLY_DAYS = 90;
/** Changes listed beyond this many in one window are not loaded (the section shows ten anyway). */
const MAX_EVENTS = 500;
const TOP_DEALS = 5;
const SAMPLE = 10;
const REP_DEALS = 200;

/**
 * What every digest of one workspace reads alike, whoever it is for: the pending discount requests (the
 * rates come with the workspace's settings). The scheduled run reads them once per workspace for all its
 * managers, and gives `reads` that read each part for all teams at once (store/digest-data.ts teamReads).
 */
export type DigestShared = { pending: readonly DiscountRequestRecord[]; reads?: DigestReads };

/** One query: the workspace's pending requests. */
export async function loadDigestShared(db: Db, workspace: { id: string }): Promise<DigestShared> {
  return { pending: await pendingRequests(db, workspace.id) };
}

/** One digest per scope (a manager's teams, or an admin's workspace), in the actor's language. */
export async function managerDigestData(
  ctx: CommandContext,
  scopes: readonly ResolvedScope[],
  clock: DigestClock,
  shared?: DigestShared,
): Promise<ManagerDigestData[]> {
  if (scopes.length === 0) return [];
  const common = shared ?? (await loadDigestShared(ctx.db, ctx.workspace));
  const data: ManagerDigestData[] = [];
  for (const scope of scopes) data.push(await loadManagerDigest(ctx, scope, clock, common));
  return data;
}

/**
 * The manager digest of a team (or, for an admin, the whole workspace) as `ctx.actor` sees it.
 * `ctx.now` should be `clock.at`, so quota pace and periods are read at the slot.
 */
async function loadManagerDigest(
  ctx: CommandContext,
  scope: ResolvedScope,
  clock: DigestClock,
  shared: DigestShared,
): Promise<ManagerDigestData> {
  const { workspace } = ctx;
  const stages = workspace.stages;
  const openStages = stageKeys(stages, 'open');
  const reportScope: ReportScope = { workspaceId: workspace.id, ...scope.deals };
  const today = localTimeParts(clock.at, clock.timeZone).date;
  const staleBefore = new Date(clock.at.getTime() - workspace.staleAfterDays * DAY_MS);
  const quarter = periodOf('quarter', today, workspace.fiscalYearStartMonth);
  const bounds = periodBounds(ctx, quarter);
  const weeklyFrom = new Date(clock.at.getTime() - WEEKLY_DAYS * DAY_MS);

  const rates = reportingRates(ctx);
  const reads = shared.reads ?? scopeReads(ctx.db);
  // In turn: `ctx.db` may be the request's transaction, one query at a time.
  const slippingBefore = dateToUtcMidnight(today);
  const pipelineRows = await reads.openPipeline(reportScope, { openStages, staleBefore, slippingBefore });
  const events = await reads.events(
    reportScope,
    { from: clock.since, to: clock.at },
    ['created', 'stage_changed', 'amount_changed', 'close_date_changed'],
    MAX_EVENTS,
  );
  // The pipeline's pass over the open deals counted the slipping and the stale ones.
  const totals = {
    slipping: pipelineRows.reduce((sum, row) => sum + (row.slippingCount ?? 0), 0),
    stale: pipelineRows.reduce((sum, row) => sum + row.staleCount, 0),
  };
  const attention = await reads.dealLists(reportScope, {
    attention: { openStages, today, staleBefore, limit: SAMPLE, totals },
    biggest: {
      openStages,
      currencies: [workspace.currency, ...rates.rates.map((rate) => rate.currency)],
      closeFrom: bounds.closeFrom,
      closeTo: bounds.closeTo,
      limit: TOP_DEALS,
    },
  });
  const biggest = biggestInReportingCurrency(attention.biggest, rates, TOP_DEALS);
  const quota = await quotaReport(ctx, scope, quarter, reads);
  const byChannel = await channelLinesOf(reads, reportScope, { openStages, wonStages: stageKeys(stages, 'won'), ...bounds }, rates);
  const weekly = clock.weekly
    ? await loadFunnel(
        ctx,
        reportScope,
        { from: weeklyFrom, to: clock.at, asOf: clock.at, closeFrom: addDays(today, 1 - WEEKLY_DAYS), closeTo: today },
        'none',
        reads,
      )
    : null;
  const pipeline = convertOpen(pipelineRows, rates);
  const changed = convertEvents(events, stages, rates, workspace.timeZone);

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
    pipeline: summarizePipeline(pipeline.rows, stages, workspace.currency, clock.at),
    // Items show each deal in its own currency; the sums are in the reporting currency.
    changes: {
      ...summarizeChanges(events, stages, workspace.currency),
      sums: summarizeChanges(changed.events, stages, workspace.currency).sums,
    },
    slipping: attention.slipping,
    stale: attention.stale,
    // Admins may decide any request, but "waiting for you" means routed to you.
    approvals: shared.pending.filter((request) => viewerOf({ id: ctx.actor.id, role: 'rep' }, request) === 'approver'),
    quota,
    biggest,
    weekly: weekly?.slices[0] ? { ...weekly.slices[0].figures, days: WEEKLY_DAYS } : null,
    byChannel,
    conversions: { pipeline: pipeline.conversion, changes: changed.conversion, weekly: weekly?.conversion ?? null },
  };
}

/** Won in the quarter and open now per source channel (one grouped statement), in the reporting currency. */
async function channelLinesOf(
  reads: DigestReads,
  scope: ReportScope,
  options: { openStages: readonly string[]; wonStages: readonly string[]; closeFrom: Date; closeTo: Date },
  rates: ReportingRates,
): Promise<ChannelLine[]> {
  const rows = await reads.channelSums(scope, {
    openStages: options.openStages,
    wonStages: options.wonStages,
    closeFrom: options.closeFrom,
    closeTo: options.closeTo,
  });
  const won = rows.flatMap((row) => (row.kind === 'won' && row.closeDate !== null ? [{ ...row, closeDate: row.closeDate }] : []));
  const open = rows.filter((row) => row.kind === 'open');
  return channelLines([...convertClosed(won, rates).rows, ...convertOpen(open, rates).rows], rates.currency);
}

/**
 * The window's wins, losses and new deals with their amounts in the reporting currency, for the sums:
 * a win or loss at the rate of the day it happened (in the workspace's zone), a new (open) deal at
 * today's. Amounts without a rate keep their currency, so they stay out of the reporting sum, and are named.
 */
function convertEvents(
  events: readonly DigestEvent[],
  stages: readonly StageDef[],
  rates: ReportingRates,
  timeZone: string,
): { events: DigestEvent[]; conversion: Conversion } {
  const closing = new Set(stages.filter((stage) => stage.kind !== 'open').map((stage) => stage.key));
  const summed = (event: DigestEvent) =>
    event.amountMinor !== null && (event.type === 'created' || (event.type === 'stage_changed' && closing.has(event.toStage ?? '')));
  const rows = events.flatMap((event, index) =>
    summed(event) && event.amountMinor !== null
      ? [
          {
            index,
            currency: event.currency ?? event.deal.currency,
            count: 1,
            sumMinor: event.amountMinor,
            date: event.type === 'created' ? rates.today : localTimeParts(event.at, timeZone).date,
          },
        ]
      : [],
  );
  const { rows: converted, conversion } = toReporting(rows, (row) => row.date, rates.rates, rates.currency);
  const byIndex = new Map(converted.map((row) => [row.index, row]));
  return {
    events: events.map((event, index) => {
      const row = byIndex.get(index);
      return row ? { ...event, amountMinor: row.sumMinor, currency: row.currency } : event;
    }),
    conversion,
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
    { openStages: stageKeys(stages, 'open'), today, staleBefore, limit: REP_DEALS },
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

/**
 * The quota a forecast is set against: quotaReport's total quota in the reporting currency (null when none
 * is set, or it is set in another currency), and the quotas left out for want of a rate. Only a team's
 * quota depends on its deals (a deactivated seller's quota counts where they sold), so only for a team are
 * the won and open sums by owner read (or given, `ownerSums`, when the forecast read them with its own); a
 * person's or the workspace's quota is its quota rows alone (#14: reading every owner's sums was most of
 * `/forecast all` at 100k deals).
 */
export async function forecastQuota(
  ctx: CommandContext,
  scope: ResolvedScope,
  period: Period,
  rates: ReportingRates,
  ownerSums?: OwnerSums,
): Promise<{ quotaMinor: number | null; conversion: Conversion }> {
  const reads = scopeReads(ctx.db);
  const given = (sums: OwnerSums) => ({ ...reads, ownerSums: () => Promise.resolve(sums) });
  const report = await quotaReport(
    ctx,
    scope,
    period,
    scope.kind !== 'team' ? given({ won: [], open: [] }) : ownerSums ? given(ownerSums) : reads,
  );
  const { total, conversion } = report;
  return {
    quotaMinor: total.currency === rates.currency ? total.quotaMinor : null,
    conversion: { ratesUsed: conversion.ratesUsed, missing: conversion.missing.filter((gap) => gap.kind === 'quotas') },
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
 * Everything is in the reporting currency: won deals converted at the rate of their close date, open
 * deals at today's, quotas at the period's last day's (or today's, when earlier); what has no rate is
 * left out and named in `conversion`.
 */
export async function quotaReport(
  ctx: CommandContext,
  scope: ResolvedScope,
  period: Period,
  reads: DigestReads = scopeReads(ctx.db),
): Promise<QuotaReport> {
  const bounds = periodBounds(ctx, period);
  const stages = ctx.workspace.stages;
  const wonKeys = stageKeys(stages, 'won');
  const openKeys = stageKeys(stages, 'open');
  const reportScope = { workspaceId: ctx.workspace.id, ...scope.deals };
  // In turn: `ctx.db` may be the request's transaction, one query at a time.
  const { won: wonStored, open: openStored } = await reads.ownerSums(
    reportScope,
    { won: wonKeys, open: openKeys },
    bounds.closeFrom,
    bounds.closeTo,
  );
  const reporting = reportingRates(ctx);
  const wonConverted = convertClosed(wonStored, reporting);
  const openConverted = convertOpen(openStored, reporting);
  const [won, open] = [wonConverted.rows, openConverted.rows];
  const sellers = scope.kind === 'team' ? await otherSellers(ctx, scope, [...wonStored, ...openStored]) : [];
  // A deactivated person's quota still counts: for their team, and where they sold. Only the quotas the
  // report shows are read: a person's report names no rate missing for another team's quota (#14: a
  // rep's report read every team's quota, a hundred keys at 100 teams).
  const quotaTeams = scope.kind === 'all' ? scope.teams : scope.kind === 'team' && scope.team ? [scope.team] : [];
  const quotaHolderIds = new Set([
    ...scope.members.map((m) => m.id),
    ...sellers.filter((seller) => !seller.active).map((seller) => seller.id),
    ...quotaTeams.flatMap((team) => team.inactiveMemberIds),
  ]);
  const scopeKeys = [...[...quotaHolderIds].map((id) => memberScope(id)), ...quotaTeams.map((team) => teamScope(team.id))];
  const quotasConverted = convertQuotas(await quotasFor(ctx.db, ctx.workspace.id, scopeKeys, period), period, reporting);
  const quotas = quotasConverted.quotas;
  const conversion = mergeConversions([wonConverted.conversion, openConverted.conversion, quotasConverted.conversion]);
  const elapsed = elapsedFraction(period, todayIn({ ...dateContextOf(ctx), timeZone: ctx.workspace.timeZone }));
  const quotaOf = new Map(quotas.map((quota) => [quota.scopeKey, quota]));
  // A line sums the rows of one owner, or of the deals sold in one team (or in none). The rows are indexed
  // once: filtering them for each of a workspace's hundred teams was 20 ms of `/quota all` at 100k deals (#14).
  const [wonOfOwner, openOfOwner] = [groupRows(won, (row) => row.ownerId), groupRows(open, (row) => row.ownerId)];
  const [wonOfTeam, openOfTeam] = [groupRows(won, (row) => row.teamId), groupRows(open, (row) => row.teamId)];
  type Rows = { won: readonly OwnerTeamCurrencySum[]; open: readonly OwnerTeamCurrencySum[] };
  const line = (label: string, rows: Rows, quota: QuotaAmount | undefined) => {
    const owners = [...new Set([...rows.won, ...rows.open].map((row) => row.ownerId))];
    return quotaLine(label, owners, quota, rows.won, rows.open, ctx.workspace.currency, elapsed);
  };
  const ownedBy = (id: string): Rows => ({ won: wonOfOwner.get(id) ?? [], open: openOfOwner.get(id) ?? [] });
  const soldIn = (teamId: string | null): Rows => ({ won: wonOfTeam.get(teamId) ?? [], open: openOfTeam.get(teamId) ?? [] });

  // forecastQuota reads no rows outside a team: a person's and the workspace's total quota below must
  // depend on the quota rows alone (the "No team" line adds a quota only when its people have one).
  if (scope.kind === 'member' && scope.member) {
    const single = line(scope.member.name, ownedBy(scope.member.id), quotaOf.get(memberScope(scope.member.id)));
    return { lines: [single], total: single, period, elapsed, conversion };
  }
  if (scope.kind === 'team' && scope.team) {
    const team = scope.team;
    const lines = scope.members.map((m) => line(m.name, ownedBy(m.id), quotaOf.get(memberScope(m.id))));
    for (const seller of sellers) {
      const label = seller.active ? seller.name : t(ctx.actor.locale, 'quota.inactive_name', { name: seller.name });
      const sold = line(label, ownedBy(seller.id), quotaOf.get(memberScope(seller.id)));
      if (!seller.active || sold.wonCount > 0 || sold.openMinor > 0) lines.push(sold);
    }
    const holders = new Set([...teamQuotaHolders(team), ...sellers.filter((seller) => !seller.active).map((seller) => seller.id)]);
    const total = line(
      team.name,
      soldIn(team.id),
      quotaOf.get(teamScope(team.id)) ??
        sumQuotas(
          [...holders].map((id) => quotaOf.get(memberScope(id))),
          ctx.workspace.currency,
        ),
    );
    return { lines, total, period, elapsed, conversion };
  }
  const lines = scope.teams.map((team) =>
    line(
      team.name,
      soldIn(team.id),
      quotaOf.get(teamScope(team.id)) ??
        sumQuotas(
          teamQuotaHolders(team).map((id) => quotaOf.get(memberScope(id))),
          ctx.workspace.currency,
        ),
    ),
  );
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
  return { lines, total, period, elapsed, conversion };
}

/** Whose quotas make a team's quota when the team has none of its own: its people, active or not, but not its manager. */
function teamQuotaHolders(team: TeamRecord): string[] {
  return [...team.memberIds, ...team.inactiveMemberIds].filter((id) => id !== team.managerId);
}

/**
 * A team's deals stay with it when their seller is deactivated or moves on, and its manager may sell
 * too: everyone not among its people who has figures in the team's deals, and each of its deactivated
 * people, gets a row (the deactivated marked so), so the rows add up to the team's total.
 */
async function otherSellers(ctx: CommandContext, scope: ResolvedScope, rows: readonly OwnerTeamCurrencySum[]): Promise<Seller[]> {
  const listed = new Set(scope.members.map((m) => m.id));
  const candidates = [...rows.map((row) => row.ownerId), ...(scope.team?.inactiveMemberIds ?? [])];
  const others = [...new Set(candidates)].filter((id) => !listed.has(id));
  return sellersByIds(ctx.db, ctx.workspace.id, others);
}
