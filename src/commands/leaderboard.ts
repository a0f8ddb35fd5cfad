import { z } from 'zod';
import { defineCommand } from './command.js';
import type { CommandContext } from './context.js';
import { loadScorecard } from './scorecard.js';
import { resolvePeriod, resolveScopeWords, splitScopeWords, type ResolvedScope } from './scope.js';
import { joinTokens } from './tokenize.js';
import { DomainError, isDomainError } from '../domain/errors.js';
import { normalizeKey } from '../domain/text-match.js';
import { rankLines, SCORECARD_METRICS, type ScorecardMetric } from '../domain/scorecard.js';
import { formatPeriod } from '../views/format.js';
import { leaderboardScreen } from '../views/screens/scorecard.js';

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
});
export type LeaderboardInput = z.infer<typeof ZLeaderboardSchema>;

/**
 * `[team [name]|all] [metric] [period]`: the metric is the first or the last word after the scope, in
 * English or Chinese (won when none is given). A word that is neither a metric nor a period gets one
 * sentence listing the metrics.
 */
export async function parseLeaderboardArgs(args: readonly string[], ctx: CommandContext): Promise<LeaderboardInput> {
  const { scope, rest } = await splitScopeWords(ctx, args);
  const metricOf = (word: string | undefined) => (word === undefined ? undefined : METRIC_WORDS[normalizeKey(word)]);
  const first = metricOf(rest[0]);
  if (first) return { scope, metric: first, period: rest.slice(1) };
  const last = metricOf(rest.at(-1));
  if (last) return { scope, metric: last, period: rest.slice(0, -1) };
  if (rest.length > 0) {
    try {
      resolvePeriod(ctx, rest);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      throw new DomainError('leaderboard.metric_unknown', { word: rest[0] ?? '', metrics: [...SCORECARD_METRICS] });
    }
  }
  return { scope, metric: 'won', period: rest };
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

/** `leaderboard [team [name]|all] [metric] [period]`: the team's reps ranked on one column, this quarter by default. */
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
    const card = await loadScorecard(ctx, scope, period);
    const locale = ctx.actor.locale;
    const ranked = rankLines(card.lines, input.metric);
    return {
      screen: leaderboardScreen(
        {
          scopeLabel: scope.label,
          periodLabel: formatPeriod(period, locale),
          metric: input.metric,
          ranked,
          // A rep sees their own line and rank, not their colleagues'.
          onlyFor: ctx.actor.role === 'rep' ? ctx.actor.id : undefined,
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
