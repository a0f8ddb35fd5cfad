import { defineCommand } from './command.js';
import { parseReportArgs, ZReportSchema } from './pipeline.js';
import { periodBounds, resolvePeriod, resolveScopeWords } from './scope.js';
import { quotaReport } from './reports.js';
import { openByCategory, wonByOwner } from '../store/reports.js';
import { forecastFigures } from '../domain/pipeline.js';
import { formatPeriod } from '../views/format.js';
import { forecastScreen } from '../views/screens/forecast.js';

/**
 * `forecast [who] [period]`: closed won + commit + best case + pipeline for deals closing in the period,
 * the three usual forecast calls, and each against the quota. Workspace currency only; others are named.
 */
export const forecast = defineCommand({
  id: 'forecast',
  path: ['forecast'],
  usage: 'usage.forecast',
  summary: 'summary.forecast',
  schema: ZReportSchema,
  parse: parseReportArgs,
  async run(input, ctx) {
    const scope = await resolveScopeWords(ctx, input.scope);
    const period = resolvePeriod(ctx, input.period);
    const bounds = periodBounds(ctx, period);
    const stages = ctx.workspace.stages;
    const reportScope = { workspaceId: ctx.workspace.id, ...scope.deals };
    const [won, open, quotas] = await Promise.all([
      wonByOwner(
        ctx.db,
        reportScope,
        stages.filter((s) => s.kind === 'won').map((s) => s.key),
        bounds.closeFrom,
        bounds.closeTo,
      ),
      openByCategory(
        ctx.db,
        reportScope,
        stages.filter((s) => s.kind === 'open').map((s) => s.key),
        bounds.closeFrom,
        bounds.closeTo,
      ),
      quotaReport(ctx, scope, period),
    ]);
    const currency = ctx.workspace.currency;
    const wonHere = won.filter((row) => row.currency === currency);
    const figures = forecastFigures(
      { count: wonHere.reduce((n, row) => n + row.count, 0), sumMinor: wonHere.reduce((n, row) => n + row.sumMinor, 0) },
      open,
      stages,
      currency,
    );
    const otherCurrencies = [...new Set([...won, ...open].map((row) => row.currency).filter((c) => c !== currency))].sort();
    const quotaMinor = quotas.total.currency === currency ? quotas.total.quotaMinor : null;
    const locale = ctx.actor.locale;
    return {
      screen: forecastScreen(
        { heading: scope.label, periodLabel: formatPeriod(period, locale), figures, quotaMinor, otherCurrencies },
        locale,
      ),
    };
  },
});
