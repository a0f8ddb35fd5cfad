import { defineCommand } from './command.js';
import type { CommandContext } from './context.js';
import { parseSlicedReportArgs, ZSlicedReportSchema } from './slices.js';
import { checkReportScope, periodBounds, resolvePeriod, resolveScopeWords } from './scope.js';
import { joinTokens } from './tokenize.js';
import { convertClosed, convertOpen, forecastQuota, reportingRates, type ReportingRates } from './reports.js';
import { mergeConversions, type Conversion } from '../domain/exchange.js';
import { categorySums, ownerAndCategorySums, type CategoryRow, type ReportScope, type WonDaySum } from '../store/reports.js';
import { openByCategoryBySlice, wonBySlice } from '../store/slices.js';
import { forecastFigures, type ForecastFigures } from '../domain/pipeline.js';
import { wonByWeek } from '../domain/won-by-week.js';
import { bySlice, mergeSlices, orderSlices, type ReportSliceBy } from '../domain/slices.js';
import { formatPeriod } from '../views/format.js';
import { forecastScreen } from '../views/screens/forecast.js';
import { slicedForecastScreen } from '../views/screens/report-slices.js';
import type { Screen } from '../views/screen.js';
import { stageKeys } from '../domain/stages.js';

/**
 * `forecast [who] [period] [by channel|region]`: closed won + commit + best case + pipeline for deals
 * closing in the period, the three usual forecast calls, and each against the quota. All in the reporting
 * currency (won deals at the rate of their close date, open ones at today's); amounts without a rate are
 * left out and named. Sliced, one line per slice and the whole (the unsliced figures), without the quota.
 */
export const forecast = defineCommand({
  id: 'forecast',
  path: ['forecast'],
  usage: 'usage.forecast',
  summary: 'summary.forecast',
  schema: ZSlicedReportSchema,
  parse: parseSlicedReportArgs,
  async run(input, ctx) {
    const scope = await resolveScopeWords(ctx, input.scope);
    checkReportScope(ctx, scope, 'forecast.forbidden');
    const period = resolvePeriod(ctx, input.period);
    const bounds = periodBounds(ctx, period);
    const stages = ctx.workspace.stages;
    const reportScope = { workspaceId: ctx.workspace.id, ...scope.deals };
    if (input.by !== 'none') {
      const heading = { heading: scope.label, periodLabel: formatPeriod(period, ctx.actor.locale) };
      const words = joinTokens([...input.scope, ...input.period]);
      return { screen: await slicedForecast(ctx, reportScope, bounds, input.by, heading, words) };
    }
    const rates = reportingRates(ctx);
    // In turn: `ctx.db` may be the request's transaction.
    const periodStages = { won: stageKeys(stages, 'won'), open: stageKeys(stages, 'open') };
    // A team's quota needs who sold in it: read with the figures, in one statement.
    const team =
      scope.kind === 'team' ? await ownerAndCategorySums(ctx.db, reportScope, periodStages, bounds.closeFrom, bounds.closeTo) : undefined;
    const { won: wonStored, open: openStored } =
      team?.categories ?? (await categorySums(ctx.db, reportScope, periodStages, bounds.closeFrom, bounds.closeTo));
    const quota = await forecastQuota(ctx, scope, period, rates, team?.owners);
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
    const quotaMinor = quota.quotaMinor;
    const conversion = mergeConversions([won.conversion, open.conversion, quota.conversion]);
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
          wonByWeek: wonByWeek(won.rows, period.start, period.end, rates.today),
        },
        locale,
      ),
    };
  },
});

/** One slice's (or the whole's) forecast: won rows at their close date's rate, open ones at today's, omitted deals left out. */
function figuresOf(
  won: readonly WonDaySum[],
  open: readonly CategoryRow[],
  ctx: CommandContext,
  rates: ReportingRates,
): { figures: ForecastFigures; conversion: Conversion } {
  const closed = convertClosed(won, rates);
  const pipeline = convertOpen(
    open.filter((row) => row.category !== 'omit'),
    rates,
  );
  const figures = forecastFigures(
    {
      count: closed.rows.reduce((n, row) => n + row.count, 0),
      sumMinor: closed.rows.reduce((n, row) => n + row.sumMinor, 0),
    },
    pipeline.rows,
    ctx.workspace.stages,
    ctx.workspace.currency,
  );
  return { figures, conversion: mergeConversions([closed.conversion, pipeline.conversion]) };
}

/**
 * The forecast per slice from two statements grouped by slice; the whole from the same rows merged back
 * to the unsliced queries' groups (owner, team, currency and day for won deals; category, stage and
 * currency for open ones), so it is the unsliced forecast exactly.
 */
async function slicedForecast(
  ctx: CommandContext,
  scope: ReportScope,
  bounds: { closeFrom: Date; closeTo: Date },
  by: ReportSliceBy,
  heading: { heading: string; periodLabel: string },
  words: string,
): Promise<Screen> {
  // In turn: `ctx.db` may be the request's transaction.
  const won = await wonBySlice(ctx.db, scope, {
    wonStages: stageKeys(ctx.workspace.stages, 'won'),
    closeFrom: bounds.closeFrom,
    closeTo: bounds.closeTo,
    by,
  });
  const open = await openByCategoryBySlice(ctx.db, scope, {
    openStages: stageKeys(ctx.workspace.stages, 'open'),
    closeFrom: bounds.closeFrom,
    closeTo: bounds.closeTo,
    by,
  });
  const rates = reportingRates(ctx);
  const whole = figuresOf(
    mergeSlices(won, (row) => JSON.stringify([row.ownerId, row.teamId, row.currency, row.closeDate])),
    mergeSlices(open, (row) => JSON.stringify([row.category, row.stage, row.currency])),
    ctx,
    rates,
  );
  const [wonOf, openOf] = [bySlice(won), bySlice(open)];
  const keys = [...new Set([...wonOf.keys(), ...openOf.keys()])];
  const slices = keys.map((key) => ({ key, figures: figuresOf(wonOf.get(key) ?? [], openOf.get(key) ?? [], ctx, rates).figures }));
  return slicedForecastScreen(
    {
      ...heading,
      by,
      slices: orderSlices(slices, (slice) => slice.figures.weightedForecastMinor),
      whole: whole.figures,
      conversion: whole.conversion,
      words,
    },
    ctx.actor.locale,
  );
}
