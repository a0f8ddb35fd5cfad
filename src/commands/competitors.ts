import { defineCommand } from './command.js';
import type { CommandContext } from './context.js';
import { checkReportScope, resolvePeriod, resolveScopeWords } from './scope.js';
import { parseSlicedReportArgs, ZSlicedReportSchema } from './slices.js';
import { joinTokens } from './tokenize.js';
import { convertClosed, reportingRates } from './reports.js';
import { competitorLines, type CompetitorDealRow, type CompetitorLine, type LostToRow } from '../domain/competitors.js';
import type { Conversion } from '../domain/exchange.js';
import type { Period } from '../domain/calendar.js';
import { bySlice, mergeSlices, orderSlices, type ReportSliceBy } from '../domain/slices.js';
import { competitorDeals, competitorDealsBySlice } from '../store/competitors.js';
import type { ReportScope } from '../store/reports.js';
import { formatPeriod } from '../views/format.js';
import { competitorsScreen, slicedCompetitorsScreen } from '../views/screens/competitors.js';

/** Per competitor, the scope's deals closing in the period (and open ones expected to), in the reporting currency. */
export async function loadCompetitors(
  ctx: CommandContext,
  scope: ReportScope,
  period: Pick<Period, 'start' | 'end'>,
): Promise<{ lines: CompetitorLine[]; conversion: Conversion; currency: string }> {
  const kindOf = new Map(ctx.workspace.stages.map((stage) => [stage.key, stage.kind]));
  // In turn: `ctx.db` may be the request's transaction, one query at a time.
  const deals = await competitorDeals(ctx.db, scope, { kindOf, closeFrom: period.start, closeTo: period.end });
  const rates = reportingRates(ctx);
  const closed = deals.rows.filter((row) => row.kind !== 'open');
  const { rows: converted, conversion } = convertClosed(closed, rates);
  const lines = competitorLines({ names: deals.names, currency: rates.currency, rows: deals.rows, converted, lostTo: deals.lostTo });
  return { lines, conversion, currency: rates.currency };
}

/**
 * The competitor lines of each slice, and of the whole: the rows of every slice merged back per
 * competitor, stage kind, currency and close date, so the whole converts and counts exactly as the
 * unsliced report (the slices add up to it). Two grouped statements, whatever the number of slices.
 */
export async function loadSlicedCompetitors(
  ctx: CommandContext,
  scope: ReportScope,
  period: Pick<Period, 'start' | 'end'>,
  by: ReportSliceBy,
): Promise<{ slices: { key: string; lines: CompetitorLine[] }[]; whole: CompetitorLine[]; conversion: Conversion; currency: string }> {
  const kindOf = new Map(ctx.workspace.stages.map((stage) => [stage.key, stage.kind]));
  const deals = await competitorDealsBySlice(ctx.db, scope, { kindOf, closeFrom: period.start, closeTo: period.end, by });
  const rates = reportingRates(ctx);
  const linesOf = (rows: readonly CompetitorDealRow[], lostTo: readonly LostToRow[]) => {
    const { rows: converted } = convertClosed(
      rows.filter((row) => row.kind !== 'open'),
      rates,
    );
    return competitorLines({ names: deals.names, currency: rates.currency, rows, converted, lostTo });
  };
  const wholeRows = mergeSlices(deals.rows, (row) => [row.competitorId, row.kind, row.currency, row.closeDate].join(' '));
  // competitorLines adds up a competitor's lost-to rows, so every slice's rows together are the whole's.
  const wholeLostTo = deals.lostTo.map(({ competitorId, count }) => ({ competitorId, count }));
  const { conversion } = convertClosed(
    wholeRows.filter((row) => row.kind !== 'open'),
    rates,
  );
  const rowsBySlice = bySlice(deals.rows);
  const lostBySlice = bySlice(deals.lostTo);
  const keys = [...new Set([...rowsBySlice.keys(), ...lostBySlice.keys()])];
  const slices = keys.map((key) => ({ key, lines: linesOf(rowsBySlice.get(key) ?? [], lostBySlice.get(key) ?? []) }));
  const volume = (slice: { lines: readonly CompetitorLine[] }) => slice.lines.reduce((n, line) => n + line.met + line.lostTo, 0);
  return { slices: orderSlices(slices, volume), whole: linesOf(wholeRows, wholeLostTo), conversion, currency: rates.currency };
}

/** `/competitors [who] [period] [by channel|region]` (竞争对手): deals met, won against, lost to, win rate and amounts per competitor. */
export const competitors = defineCommand({
  id: 'competitors',
  path: ['competitors'],
  usage: 'usage.competitors',
  summary: 'summary.competitors',
  schema: ZSlicedReportSchema,
  parse: parseSlicedReportArgs,
  async run(input, ctx) {
    const scope = await resolveScopeWords(ctx, input.scope);
    checkReportScope(ctx, scope, 'competitors.forbidden');
    const period = resolvePeriod(ctx, input.period);
    if (input.by !== 'none') {
      const sliced = await loadSlicedCompetitors(ctx, { workspaceId: ctx.workspace.id, ...scope.deals }, period, input.by);
      return {
        screen: slicedCompetitorsScreen(
          {
            scopeLabel: scope.label,
            periodLabel: formatPeriod(period, ctx.actor.locale),
            by: input.by,
            currency: sliced.currency,
            slices: sliced.slices,
            whole: sliced.whole,
            conversion: sliced.conversion,
            words: joinTokens([...input.scope, ...input.period]),
          },
          ctx.actor.locale,
        ),
      };
    }
    const report = await loadCompetitors(ctx, { workspaceId: ctx.workspace.id, ...scope.deals }, period);
    return {
      screen: competitorsScreen(
        {
          scopeLabel: scope.label,
          periodLabel: formatPeriod(period, ctx.actor.locale),
          currency: report.currency,
          lines: report.lines,
          conversion: report.conversion,
          words: joinTokens([...input.scope, ...input.period]),
        },
        ctx.actor.locale,
      ),
    };
  },
});
