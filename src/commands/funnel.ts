import { z } from 'zod';
import { defineCommand } from './command.js';
import type { CommandContext } from './context.js';
import { periodBounds, resolvePeriod, resolveScopeWords, splitScopeWords, type ResolvedScope } from './scope.js';
import { joinTokens } from './tokenize.js';
import { loadFunnel } from './reports.js';
import { DomainError } from '../domain/errors.js';
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
 * Who may see whose funnel, as with the other reports' defaults: a rep their own, a manager their own
 * and their teams' (and their people's), an admin everything.
 */
export function checkFunnelScope(ctx: CommandContext, scope: ResolvedScope): void {
  const { actor } = ctx;
  if (actor.role === 'admin') return;
  const managed = scope.teams.filter((team) => team.managerId === actor.id);
  if (scope.kind === 'member' && scope.member) {
    const member = scope.member;
    if (member.id === actor.id) return;
    if (actor.role === 'manager' && managed.some((team) => team.memberIds.includes(member.id))) return;
    throw new DomainError('funnel.forbidden', { name: member.name });
  }
  if (scope.kind === 'team' && scope.team && actor.role === 'manager' && scope.team.managerId === actor.id) return;
  throw new DomainError('funnel.forbidden', { name: scope.label });
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
    checkFunnelScope(ctx, scope);
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
