import { defineCommand } from './command.js';
import { parseReportArgs, ZReportSchema } from './pipeline.js';
import { periodBounds, resolvePeriod, resolveScopeWords } from './scope.js';
import { convertClosed, convertOpen, quotaReport, reportingRates } from './reports.js';
import { mergeConversions } from '../domain/exchange.js';
import { openByCategory } from '../store/reports.js';
import { scopeReads } from '../store/digest-data.js';
import { forecastFigures } from '../domain/pipeline.js';
import { wonByWeek } from '../domain/won-by-week.js';
import { formatPeriod } from '../views/format.js';
import { forecastScreen } from '../views/screens/forecast.js';

/**
 * `forecast [who] [period]`: closed won + commit + best case + pipeline for deals closing in the period,
 * the three usual forecast calls, and each against the quota. All in the reporting currency (won deals at
 * the rate of their close date, open ones at today's); amounts without a rate are left out and named.
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
    const rates = await reportingRates(ctx);
    // In turn: `ctx.db` may be the request's transaction. The quota lines sum the same won deals: read once.
    const reads = scopeReads(ctx.db);
    const wonStored = await reads.wonByOwner(
      reportScope,
      stages.filter((s) => s.kind === 'won').map((s) => s.key),
      bounds.closeFrom,
      bounds.closeTo,
    );
    const openStored = await openByCategory(
      ctx.db,
      reportScope,
      stages.filter((s) => s.kind === 'open').map((s) => s.key),
      bounds.closeFrom,
      bounds.closeTo,
    );
    const quotas = await quotaReport(ctx, scope, period, rates, { ...reads, wonByOwner: () => Promise.resolve(wonStored) });
    const currency = ctx.workspace.currency;
    const won = convertClosed(wonStored, rates);
    // Omitted deals count nowhere, so a missing rate for them is not worth naming.
    const open = convertOpen(
      openStored.filter((row) => row.category !== 'omit'),
      rates,
    );
    const figures = forecastFigures(
      { count: won.rows.reduce((n, row) => n + row.count, 0), sumMinor: won.rows.reduce((n, row) => n + row.sumMinor, 0) },
      open.rows,
      stages,
      currency,
    );
    const quotaMinor = quotas.total.currency === currency ? quotas.total.quotaMinor : null;
    const quotaGaps = { ratesUsed: quotas.conversion.ratesUsed, missing: quotas.conversion.missing.filter((gap) => gap.kind === 'quotas') };
    const conversion = mergeConversions([won.conversion, open.conversion, quotaGaps]);
    const locale = ctx.actor.locale;
    return {
      screen: forecastScreen(
        {
          heading: scope.label,
          periodLabel: formatPeriod(period, locale),
          figures,
          quotaMinor,
          conversion,
          // The won sums just read, by close date in the reporting currency: the trend needs no other query.
          wonByWeek: wonByWeek(won.rows, period.start, period.end),
        },
        locale,
      ),
    };
  },
});
