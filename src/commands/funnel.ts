import { z } from 'zod';
import { defineCommand } from './command.js';
import type { CommandContext } from './context.js';
import { checkReportScope, periodBounds, resolvePeriod, resolveScopeWords, splitScopeWords } from './scope.js';
import { joinTokens } from './tokenize.js';
import { loadFunnel } from './reports.js';
import { FUNNEL_SLICES } from '../domain/funnel.js';
import { splitSliceWords } from './slices.js';
import { formatPeriod } from '../views/format.js';
import { funnelScreen } from '../views/screens/funnel.js';

export const ZFunnelSchema = z.object({
  scope: z.array(z.string()),
  period: z.array(z.string()),
  by: z.enum(['none', ...FUNNEL_SLICES]),
});
export type FunnelInput = z.infer<typeof ZFunnelSchema>;

/** `[who] [period] [by channel|region|grade|rep]`: the who-words first, then the period and the slicing in either order. */
export async function parseFunnelArgs(args: readonly string[], ctx: CommandContext): Promise<FunnelInput> {
  const { scope, rest } = await splitScopeWords(ctx, args);
  const { rest: period, by } = splitSliceWords(rest, FUNNEL_SLICES, 'funnel.by_unknown');
  return { scope, period, by };
}

/**
 * The sales funnel of a period (this quarter by default): stage by stage, then win rate, average won
 * deal, median cycle and lost reasons; optionally one block per channel, region, grade or rep.
 */
export const funnel = defineCommand({
  id: 'funnel',
  path: ['funnel'],
  usage: 'usage.funnel',
  summary: 'summary.funnel',
  schema: ZFunnelSchema,
  parse: parseFunnelArgs,
  async run(input, ctx) {
    const scope = await resolveScopeWords(ctx, input.scope);
    checkReportScope(ctx, scope, 'funnel.forbidden');
    const period = resolvePeriod(ctx, input.period);
    const bounds = periodBounds(ctx, period);
    const data = await loadFunnel(
      ctx,
      { workspaceId: ctx.workspace.id, ...scope.deals },
      { from: bounds.from, to: bounds.to, asOf: ctx.now, closeFrom: period.start, closeTo: period.end },
      input.by,
    );
    const locale = ctx.actor.locale;
    return {
      screen: funnelScreen(
        {
          scopeLabel: scope.label,
          periodLabel: formatPeriod(period, locale),
          stages: ctx.workspace.stages,
          data,
          words: joinTokens([...input.scope, ...input.period]),
        },
        locale,
      ),
    };
  },
});
