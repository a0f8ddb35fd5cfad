import { z } from 'zod';
import { defineCommand } from './command.js';
import type { CommandContext } from './context.js';
import { loadScorecard, loadScorecardBySlice } from './scorecard.js';
import { splitSliceWords } from './slices.js';
import { resolvePeriod, resolveScopeWords, splitScopeWords, type ResolvedScope } from './scope.js';
import { joinTokens } from './tokenize.js';
import { DomainError, isDomainError } from '../domain/errors.js';
import { normalizeKey } from '../domain/text-match.js';
import { rankLines, SCORECARD_METRICS, type ScorecardMetric } from '../domain/scorecard.js';
import { REPORT_SLICES, type ReportSliceBy } from '../domain/slices.js';
import { formatPeriod } from '../views/format.js';
import { leaderboardScreen, slicedLeaderboardScreen } from '../views/screens/scorecard.js';

/** The words for each column, in either language. */
const METRIC_WORDS: Readonly<Record<string, ScorecardMetric>> = {
  won: 'won',
  wins: 'won',
  revenue: 'won',
  赢单: 'won',
  赢单金额: 'won',
  业绩: 'won',
  attainment: 'attainment',
  quota: 'attainment',
  达成: 'attainment',
  达成率: 'attainment',
  pipeline: 'pipeline',
  created: 'pipeline',
  新增: 'pipeline',
  新增商机: 'pipeline',
  advanced: 'advanced',
  moves: 'advanced',
  推进: 'advanced',
  activities: 'activities',
  activity: 'activities',
  'follow-ups': 'activities',
  followups: 'activities',
  跟进: 'activities',
  winrate: 'winrate',
  'win-rate': 'winrate',
  赢率: 'winrate',
  cycle: 'cycle',
  周期: 'cycle',
  销售周期: 'cycle',
  discount: 'discount',
  折扣: 'discount',
  satisfaction: 'satisfaction',
  csat: 'satisfaction',
  满意度: 'satisfaction',
};

export const ZLeaderboardSchema = z.object({
  scope: z.array(z.string()),
  metric: z.enum(SCORECARD_METRICS),
  period: z.array(z.string()),
  by: z.enum(['none', ...REPORT_SLICES]),
});
export type LeaderboardInput = z.infer<typeof ZLeaderboardSchema>;

/**
 * `[team [name]|all] [metric] [period] [by channel|region]`: the metric is the first or the last word after
 * the scope and the slicing, in English or Chinese (won when none is given). A word that is neither a
 * metric nor a period gets one sentence listing the metrics.
 */
export async function parseLeaderboardArgs(args: readonly string[], ctx: CommandContext): Promise<LeaderboardInput> {
  const { scope, rest: words } = await splitScopeWords(ctx, args);
  const { rest, by } = splitSliceWords<ReportSliceBy>(words, REPORT_SLICES, 'report.by_unknown');
  const metricOf = (word: string | undefined) => (word === undefined ? undefined : METRIC_WORDS[normalizeKey(word)]);
  const first = metricOf(rest[0]);
  if (first) return { scope, metric: first, period: rest.slice(1), by };
  const last = metricOf(rest.at(-1));
  if (last) return { scope, metric: last, period: rest.slice(0, -1), by };
  if (rest.length > 0) {
    try {
      resolvePeriod(ctx, rest);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      throw new DomainError('leaderboard.metric_unknown', { word: rest[0] ?? '', metrics: [...SCORECARD_METRICS] });
    }
  }
  return { scope, metric: 'won', period: rest, by };
}

/**
 * Which team is ranked: a manager ranks a team they manage, an admin any team or everyone; a rep is
 * ranked within their own team (everyone when in none) and sees only their own line.
 */
async function leaderboardScope(ctx: CommandContext, words: readonly string[]): Promise<ResolvedScope> {
  const { actor } = ctx;
  if (actor.role === 'rep') {
    const own = actor.teamId === null ? 'all' : 'team';
    if (words.length > 0 && normalizeKey(joinTokens(words)) !== own) throw new DomainError('leaderboard.rep_scope', {});
    return resolveScopeWords(ctx, [own]);
  }
  const scope = await resolveScopeWords(ctx, words);
  if (scope.kind === 'member') throw new DomainError('leaderboard.not_a_team', {});
  if (actor.role === 'admin') return scope;
  if (scope.kind === 'team' && scope.team?.managerId === actor.id) return scope;
  throw new DomainError('leaderboard.forbidden', { name: scope.label });
}

/**
 * `leaderboard [team [name]|all] [metric] [period] [by channel|region]`: the team's reps ranked on one
 * column, this quarter by default; sliced, ranked within each channel or region on their deals there.
 */
export const leaderboard = defineCommand({
  id: 'leaderboard',
  path: ['leaderboard'],
  usage: 'usage.leaderboard',
  summary: 'summary.leaderboard',
  schema: ZLeaderboardSchema,
  parse: parseLeaderboardArgs,
  async run(input, ctx) {
    const scope = await leaderboardScope(ctx, input.scope);
    const period = resolvePeriod(ctx, input.period);
    const locale = ctx.actor.locale;
    // A rep sees their own line and rank, not their colleagues'.
    const onlyFor = ctx.actor.role === 'rep' ? ctx.actor.id : undefined;
    if (input.by !== 'none') {
      const sliced = await loadScorecardBySlice(ctx, scope, period, input.by);
      return {
        screen: slicedLeaderboardScreen(
          {
            scopeLabel: scope.label,
            periodLabel: formatPeriod(period, locale),
            metric: input.metric,
            by: input.by,
            slices: sliced.slices.map((slice) => ({ key: slice.key, ranked: rankLines(slice.lines, input.metric) })),
            onlyFor,
            conversion: sliced.conversion,
            currency: ctx.workspace.currency,
            scopeWords: joinTokens(input.scope),
            periodWords: joinTokens(input.period),
          },
          locale,
        ),
      };
    }
    const card = await loadScorecard(ctx, scope, period);
    const ranked = rankLines(card.lines, input.metric);
    return {
      screen: leaderboardScreen(
        {
          scopeLabel: scope.label,
          periodLabel: formatPeriod(period, locale),
          metric: input.metric,
          ranked,
          onlyFor,
          conversion: card.conversion,
          currency: ctx.workspace.currency,
          scopeWords: joinTokens(input.scope),
          periodWords: joinTokens(input.period),
        },
        locale,
      ),
    };
  },
});
