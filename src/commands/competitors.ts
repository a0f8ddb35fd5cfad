import { z } from 'zod';
import { defineCommand } from './command.js';
import type { CommandContext } from './context.js';
import { resolvePeriod, resolveScopeWords, splitScopeWords, type ResolvedScope } from './scope.js';
import { joinTokens } from './tokenize.js';
import { convertClosed, reportingRates } from './reports.js';
import { checkFunnelScope } from './funnel.js';
import { DomainError, isDomainError } from '../domain/errors.js';
import { competitorLines, type CompetitorLine } from '../domain/competitors.js';
import type { Conversion } from '../domain/exchange.js';
import type { Period } from '../domain/calendar.js';
import { competitorDeals } from '../store/competitors.js';
import type { ReportScope } from '../store/reports.js';
import { formatPeriod } from '../views/format.js';
import { competitorsScreen } from '../views/screens/competitors.js';

export const ZCompetitorsSchema = z.object({ scope: z.array(z.string()), period: z.array(z.string()) });
export type CompetitorsInput = z.infer<typeof ZCompetitorsSchema>;

/** `[who] [period]`, as /funnel reads them. */
export async function parseCompetitorsArgs(args: readonly string[], ctx: CommandContext): Promise<CompetitorsInput> {
  const { scope, rest } = await splitScopeWords(ctx, args);
  return { scope, period: rest };
}

/** The same visibility as /funnel (a rep their own, a manager their team's and people's, an admin all), in its own words. */
function checkCompetitorsScope(ctx: CommandContext, scope: ResolvedScope): void {
  try {
    checkFunnelScope(ctx, scope);
  } catch (error) {
    if (isDomainError(error) && error.code === 'funnel.forbidden') throw new DomainError('competitors.forbidden', error.data);
    throw error;
  }
}

/** Per competitor, the scope's deals closing in the period (and open ones expected to), in the reporting currency. */
export async function loadCompetitors(
  ctx: CommandContext,
  scope: ReportScope,
  period: Pick<Period, 'start' | 'end'>,
): Promise<{ lines: CompetitorLine[]; conversion: Conversion; currency: string }> {
  const kindOf = new Map(ctx.workspace.stages.map((stage) => [stage.key, stage.kind]));
  // In turn: `ctx.db` may be the request's transaction, one query at a time.
  const deals = await competitorDeals(ctx.db, scope, { kindOf, closeFrom: period.start, closeTo: period.end });
  const rates = await reportingRates(ctx);
  const closed = deals.rows.filter((row) => row.kind !== 'open');
  const { rows: converted, conversion } = convertClosed(closed, rates);
  const lines = competitorLines({ names: deals.names, currency: rates.currency, rows: deals.rows, converted, lostTo: deals.lostTo });
  return { lines, conversion, currency: rates.currency };
}

/** `/competitors [who] [period]` (竞争对手): deals met, won against, lost to, win rate and amounts per competitor. */
export const competitors = defineCommand({
  id: 'competitors',
  path: ['competitors'],
  usage: 'usage.competitors',
  summary: 'summary.competitors',
  schema: ZCompetitorsSchema,
  parse: parseCompetitorsArgs,
  async run(input, ctx) {
    const scope = await resolveScopeWords(ctx, input.scope);
    checkCompetitorsScope(ctx, scope);
    const period = resolvePeriod(ctx, input.period);
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
