import { defineCommand } from './command.js';
import type { CommandContext } from './context.js';
import { checkReportScope, periodBounds, resolvePeriod, resolveScopeWords } from './scope.js';
import { joinTokens } from './tokenize.js';
import { openPipelineByStage, openPipelineBySlice, type OpenPipelineOptions, type ReportScope } from '../store/reports.js';
import { summarizePipeline, type PipelineRowInput } from '../domain/pipeline.js';
import { bySlice, orderSlices, wholePipelineRows, type ReportSliceBy } from '../domain/slices.js';
import { convertOpen, reportingRates } from './reports.js';
import { parseSlicedReportArgs, ZSlicedReportSchema } from './slices.js';
import { formatPeriod } from '../views/format.js';
import { pipelineScreen } from '../views/screens/pipeline.js';
import { slicedPipelineScreen } from '../views/screens/report-slices.js';
import type { Screen } from '../views/screen.js';
import { stageKeys } from '../domain/stages.js';

/**
 * Open pipeline by stage; without a period every open deal counts, with one only those closing in it.
 * In the reporting currency at today's rates; deals in a currency without a rate are named. `by channel`
 * or `by region` gives one block per slice and the whole, which is the unsliced pipeline.
 */
export const pipeline = defineCommand({
  id: 'pipeline',
  path: ['pipeline'],
  usage: 'usage.pipeline',
  summary: 'summary.pipeline',
  schema: ZSlicedReportSchema,
  parse: parseSlicedReportArgs,
  async run(input, ctx) {
    const scope = await resolveScopeWords(ctx, input.scope);
    checkReportScope(ctx, scope, 'pipeline.forbidden');
    const period = input.period.length > 0 ? resolvePeriod(ctx, input.period) : undefined;
    const bounds = period ? periodBounds(ctx, period) : undefined;
    const stages = ctx.workspace.stages;
    const options: OpenPipelineOptions = {
      openStages: stageKeys(stages, 'open'),
      staleBefore: new Date(ctx.now.getTime() - ctx.workspace.staleAfterDays * 86_400_000),
      ...(bounds ? { closeBetween: { from: bounds.closeFrom, to: bounds.closeTo } } : {}),
    };
    const reportScope = { workspaceId: ctx.workspace.id, ...scope.deals };
    const periodLabel = period ? formatPeriod(period, ctx.actor.locale) : undefined;
    if (input.by !== 'none') {
      const heading = { scopeLabel: scope.label, ...(periodLabel ? { periodLabel } : {}) };
      return { screen: await slicedPipeline(ctx, reportScope, options, input.by, heading, joinTokens([...input.scope, ...input.period])) };
    }
    const stored = await openPipelineByStage(ctx.db, reportScope, options);
    const { rows, conversion } = convertOpen(stored, reportingRates(ctx));
    const summary = summarizePipeline(rows, stages, ctx.workspace.currency, ctx.now);
    const locale = ctx.actor.locale;
    return {
      screen: pipelineScreen(
        {
          scopeLabel: scope.label,
          ...(periodLabel ? { periodLabel } : {}),
          summary,
          conversion,
          staleAfterDays: ctx.workspace.staleAfterDays,
          scopeWords: joinTokens(input.scope),
          periodWords: joinTokens(input.period),
        },
        locale,
      ),
    };
  },
});

/**
 * The pipeline per slice from one statement grouped by slice: each slice converted on its own, and the
 * whole from the same rows merged back per stage and currency, so it is the unsliced pipeline exactly.
 */
async function slicedPipeline(
  ctx: CommandContext,
  scope: ReportScope,
  options: OpenPipelineOptions,
  by: ReportSliceBy,
  heading: { scopeLabel: string; periodLabel?: string },
  words: string,
): Promise<Screen> {
  // In turn: `ctx.db` may be the request's transaction.
  const stored = await openPipelineBySlice(ctx.db, scope, options, by);
  const rates = reportingRates(ctx);
  const { stages, currency } = ctx.workspace;
  const summaryOf = (rows: readonly PipelineRowInput[]) => summarizePipeline(convertOpen(rows, rates).rows, stages, currency, ctx.now);
  const whole = convertOpen(wholePipelineRows(stored), rates);
  const slices = [...bySlice(stored)].map(([key, rows]) => ({ key, summary: summaryOf(rows) }));
  return slicedPipelineScreen(
    {
      ...heading,
      by,
      slices: orderSlices(slices, (slice) => slice.summary.total.sumMinor),
      whole: summarizePipeline(whole.rows, stages, currency, ctx.now),
      conversion: whole.conversion,
      staleAfterDays: ctx.workspace.staleAfterDays,
      words,
    },
    ctx.actor.locale,
  );
}
