import { z } from 'zod';
import { defineCommand } from './command.js';
import type { CommandContext } from './context.js';
import { periodBounds, resolvePeriod, resolveScopeWords, splitScopeWords, type ResolvedScope } from './scope.js';
import { checkFunnelScope } from './funnel.js';
import { DomainError, isDomainError } from '../domain/errors.js';
import { joinTokens } from './tokenize.js';
import { openPipelineByStage } from '../store/reports.js';
import { summarizePipeline } from '../domain/pipeline.js';
import { convertOpen, reportingRates } from './reports.js';
import { formatPeriod } from '../views/format.js';
import { pipelineScreen } from '../views/screens/pipeline.js';

export const ZReportSchema = z.object({
  scope: z.array(z.string()),
  period: z.array(z.string()),
});
export type ReportInput = z.infer<typeof ZReportSchema>;

/** Report commands share the shape `[who] [period]`; the split is kept as words so buttons can repeat it. */
export async function parseReportArgs(args: readonly string[], ctx: CommandContext): Promise<ReportInput> {
  const { scope, rest } = await splitScopeWords(ctx, args);
  return { scope, period: rest };
}

/**
 * Whose pipeline may be read is /funnel's rule, kept in one place: a rep their own, a manager their own,
 * their team's and their people's, an admin everything. Only the sentence names the pipeline.
 */
function checkPipelineScope(ctx: CommandContext, scope: ResolvedScope): void {
  try {
    checkFunnelScope(ctx, scope);
  } catch (error) {
    if (isDomainError(error) && error.code === 'funnel.forbidden') throw new DomainError('pipeline.forbidden', error.data);
    throw error;
  }
}

/**
 * Open pipeline by stage; without a period every open deal counts, with one only those closing in it.
 * In the reporting currency at today's rates; deals in a currency without a rate are named.
 */
export const pipeline = defineCommand({
  id: 'pipeline',
  path: ['pipeline'],
  usage: 'usage.pipeline',
  summary: 'summary.pipeline',
  schema: ZReportSchema,
  parse: parseReportArgs,
  async run(input, ctx) {
    const scope = await resolveScopeWords(ctx, input.scope);
    checkPipelineScope(ctx, scope);
    const period = input.period.length > 0 ? resolvePeriod(ctx, input.period) : undefined;
    const bounds = period ? periodBounds(ctx, period) : undefined;
    const stages = ctx.workspace.stages;
    const [stored, rates] = await Promise.all([
      openPipelineByStage(
        ctx.db,
        { workspaceId: ctx.workspace.id, ...scope.deals },
        {
          openStages: stages.filter((s) => s.kind === 'open').map((s) => s.key),
          staleBefore: new Date(ctx.now.getTime() - ctx.workspace.staleAfterDays * 86_400_000),
          ...(bounds ? { closeBetween: { from: bounds.closeFrom, to: bounds.closeTo } } : {}),
        },
      ),
      reportingRates(ctx),
    ]);
    const { rows, conversion } = convertOpen(stored, rates);
    const summary = summarizePipeline(rows, stages, ctx.workspace.currency, ctx.now);
    const locale = ctx.actor.locale;
    return {
      screen: pipelineScreen(
        {
          scopeLabel: scope.label,
          ...(period ? { periodLabel: formatPeriod(period, locale) } : {}),
          summary,
          conversion,
          staleAfterDays: ctx.workspace.staleAfterDays,
          scopeWords: joinTokens(input.scope),
        },
        locale,
      ),
    };
  },
});
