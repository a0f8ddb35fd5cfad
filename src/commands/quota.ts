import { defineCommand } from './command.js';
import type { CommandContext } from './context.js';
import { parseSlicedReportArgs, ZSlicedReportSchema } from './slices.js';
import { checkReportScope, periodBounds, resolvePeriod, resolveScopeWords, type ResolvedScope } from './scope.js';
import { joinTokens } from './tokenize.js';
import { convertClosed, quotaReport, reportingRates } from './reports.js';
import type { Period } from '../domain/calendar.js';
import { quotaLine, totalLine, type QuotaLine } from '../domain/quota-lines.js';
import { bySlice, orderSlices, type ReportSliceBy } from '../domain/slices.js';
import { wonBySlice } from '../store/slices.js';
import { formatPeriod } from '../views/format.js';
import { quotaScreen, slicedQuotaScreen } from '../views/screens/quota.js';
import type { Screen } from '../views/screen.js';
import { t } from '../i18n/index.js';
import { stageKeys } from '../domain/stages.js';

/**
 * `quota [me|@user|team [name]|all] [period] [by channel|region]`: attainment, gap, pace and coverage;
 * this quarter by default. Sliced, see slicedQuota.
 */
export const quota = defineCommand({
  id: 'quota',
  path: ['quota'],
  usage: 'usage.quota',
  summary: 'summary.quota',
  schema: ZSlicedReportSchema,
  parse: parseSlicedReportArgs,
  async run(input, ctx) {
    const scope = await resolveScopeWords(ctx, input.scope);
    checkReportScope(ctx, scope, 'quota.see_forbidden');
    const period = resolvePeriod(ctx, input.period);
    if (input.by !== 'none')
      return { screen: await slicedQuota(ctx, scope, period, input.by, joinTokens([...input.scope, ...input.period])) };
    const report = await quotaReport(ctx, scope, period);
    const locale = ctx.actor.locale;
    const target =
      scope.kind === 'member' && scope.member
        ? `@${scope.member.handle}`
        : scope.kind === 'team' && scope.team
          ? `team ${scope.team.name}`
          : t(locale, 'quota.set_target_any');
    const screen = quotaScreen(
      {
        heading: scope.label,
        periodLabel: formatPeriod(period, locale),
        lines: report.lines,
        total: report.total,
        single: scope.kind === 'member',
        elapsedPct: Math.round(report.elapsed * 1000) / 10,
        setCommand: t(locale, 'quota.set_command', { target, period: period.key }),
        conversion: report.conversion,
      },
      locale,
    );
    return { screen };
  },
});

/**
 * Quotas are set per person and per team, never per channel: `all by region` groups the report's team
 * lines by their team's region (teams without one and “No team” in “no region”), each region with its
 * teams' quotas, so the regions add up to the whole report with no further statement. Any other slicing
 * (by channel; by region of one team or person) shows each slice's won amount against the whole quota:
 * its share, read with one more statement grouped by slice. The totals row is the unsliced report.
 */
async function slicedQuota(ctx: CommandContext, scope: ResolvedScope, period: Period, by: ReportSliceBy, words: string): Promise<Screen> {
  const rates = reportingRates(ctx);
  const report = await quotaReport(ctx, scope, period);
  const currency = ctx.workspace.currency;
  const base = {
    heading: scope.label,
    periodLabel: formatPeriod(period, ctx.actor.locale),
    by,
    total: report.total,
    elapsedPct: Math.round(report.elapsed * 1000) / 10,
    conversion: report.conversion,
    words,
  };
  if (by === 'region' && scope.kind === 'all') {
    // quotaReport lists the workspace's teams in scope.teams' order, then “No team” when it has anything.
    const regionOf = (i: number) => scope.teams[i]?.region ?? '';
    const lines = report.lines.map((line, i) => ({ slice: regionOf(i), line }));
    const slices = [...bySlice(lines)].map(([key, rows]) => ({
      key,
      line: totalLine(
        key,
        rows.map((row) => row.line),
        currency,
        report.elapsed,
      ),
    }));
    return slicedQuotaScreen({ ...base, mode: 'quota', slices: orderSlices(slices, wonOf) }, ctx.actor.locale);
  }
  const bounds = periodBounds(ctx, period);
  const wonStages = stageKeys(ctx.workspace.stages, 'won');
  const won = convertClosed(
    await wonBySlice(
      ctx.db,
      { workspaceId: ctx.workspace.id, ...scope.deals },
      { wonStages, closeFrom: bounds.closeFrom, closeTo: bounds.closeTo, by },
    ),
    rates,
  );
  const whole = report.total.quotaMinor === null ? undefined : { amountMinor: report.total.quotaMinor, currency: report.total.currency };
  const slices = [...bySlice(won.rows)].map(([key, rows]) => ({
    key,
    line: quotaLine(key, [...new Set(rows.map((row) => row.ownerId))], whole, rows, [], currency, report.elapsed),
  }));
  return slicedQuotaScreen({ ...base, mode: 'share', slices: orderSlices(slices, wonOf) }, ctx.actor.locale);
}

const wonOf = (slice: { line: QuotaLine }) => slice.line.wonMinor;
