import { z } from 'zod';
import { defineCommand } from './command.js';
import type { CommandContext } from './context.js';
import { periodBounds, resolvePeriod, resolveScopeWords, splitScopeWords, type ResolvedScope } from './scope.js';
import { joinTokens } from './tokenize.js';
import { loadFunnel } from './reports.js';
import { DomainError } from '../domain/errors.js';
import { normalizeKey } from '../domain/text-match.js';
import { FUNNEL_SLICES, type FunnelSliceBy } from '../domain/funnel.js';
import { formatPeriod } from '../views/format.js';
import { funnelScreen } from '../views/screens/funnel.js';

/** `by channel`, `按渠道`: the words that pick a slicing, in either language. */
const SLICE_WORDS: Readonly<Record<string, Exclude<FunnelSliceBy, 'none'>>> = {
  channel: 'channel',
  channels: 'channel',
  渠道: 'channel',
  region: 'region',
  regions: 'region',
  区域: 'region',
  地区: 'region',
  grade: 'grade',
  grades: 'grade',
  等级: 'grade',
  rep: 'rep',
  reps: 'rep',
  owner: 'rep',
  销售: 'rep',
  competitor: 'competitor',
  competitors: 'competitor',
  竞争对手: 'competitor',
  对手: 'competitor',
};
const BY_WORDS = new Set(['by', '按']);

export const ZFunnelSchema = z.object({
  scope: z.array(z.string()),
  period: z.array(z.string()),
  by: z.enum(['none', ...FUNNEL_SLICES]),
});
export type FunnelInput = z.infer<typeof ZFunnelSchema>;

/** `[who] [period] [by channel|region|grade|rep]`: the who-words first, then the period and the slicing in either order. */
export async function parseFunnelArgs(args: readonly string[], ctx: CommandContext): Promise<FunnelInput> {
  const { scope, rest } = await splitScopeWords(ctx, args);
  const period: string[] = [];
  let by: FunnelSliceBy = 'none';
  for (let i = 0; i < rest.length; i++) {
    const word = normalizeKey(rest[i] ?? '');
    // `按渠道` is one word in Chinese.
    const joined = word.startsWith('按') && word.length > 1 ? word.slice(1) : undefined;
    if (!BY_WORDS.has(word) && joined === undefined) {
      period.push(rest[i] ?? '');
      continue;
    }
    const sliceWord = joined ?? normalizeKey(rest[i + 1] ?? '');
    const slice = SLICE_WORDS[sliceWord];
    if (slice === undefined) throw new DomainError('funnel.by_unknown', { word: sliceWord });
    by = slice;
    if (joined === undefined) i++;
  }
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
