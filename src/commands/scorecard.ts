import { defineCommand } from './command.js';
import type { CommandContext } from './context.js';
import { dateContextOf } from './context.js';
import { checkFunnelScope } from './funnel.js';
import { parseReportArgs, ZReportSchema } from './pipeline.js';
import { convertClosed, convertOpen, convertQuotas, reportingRates } from './reports.js';
import { periodBounds, resolvePeriod, resolveScopeWords, type ResolvedScope } from './scope.js';
import { joinTokens } from './tokenize.js';
import { elapsedFraction, todayIn, type Period } from '../domain/calendar.js';
import { DomainError, isDomainError } from '../domain/errors.js';
import { mergeConversions } from '../domain/exchange.js';
import { scorecardLine, type Scorecard } from '../domain/scorecard.js';
import { closedFunnel } from '../store/funnel.js';
import { memberScope, quotasFor } from '../store/quotas.js';
import { pipelineCreated, scorecardCounts, wonDiscounts } from '../store/scorecard.js';
import { sellersByIds } from '../store/teams.js';
import { formatPeriod } from '../views/format.js';
import { scorecardScreen } from '../views/screens/scorecard.js';
import { t } from '../i18n/index.js';

/**
 * Every person's scorecard in a scope for a period, in the reporting currency: a fixed number of
 * aggregate statements grouped by person (closed deals and cycles, counts, pipeline created, discounts,
 * quotas, rates, and the names of anyone outside the listed people), whatever the number of reps.
 * Listed: the person asked for; a team's people (not its manager); for the whole workspace its reps.
 * Anyone else with figures in the scope (a deactivated rep, a manager who sells) gets a line too.
 */
export async function loadScorecard(ctx: CommandContext, scope: ResolvedScope, period: Period): Promise<Scorecard> {
  const { workspace } = ctx;
  const stages = workspace.stages;
  const bounds = periodBounds(ctx, period);
  const reportScope = { workspaceId: workspace.id, ...scope.deals };
  const keysOf = (kind: string) => stages.filter((stage) => stage.kind === kind).map((stage) => stage.key);
  // In turn: `ctx.db` may be the request's transaction, one query at a time.
  const closed = await closedFunnel(ctx.db, reportScope, {
    wonStages: keysOf('won'),
    lostStages: keysOf('lost'),
    closeFrom: period.start,
    closeTo: period.end,
    by: 'rep',
  });
  const counts = await scorecardCounts(ctx.db, reportScope, { from: bounds.from, to: bounds.to, stages });
  const createdStored = await pipelineCreated(ctx.db, reportScope, bounds);
  const discounts = await wonDiscounts(ctx.db, reportScope, { wonStages: keysOf('won'), closeFrom: period.start, closeTo: period.end });
  const rates = await reportingRates(ctx);

  const listed = scope.kind === 'all' ? scope.members.filter((member) => member.role === 'rep') : scope.members;
  const listedIds = new Set(listed.map((member) => member.id));
  const withFigures = [
    ...closed.closed.map((row) => row.slice),
    ...counts.map((row) => row.ownerId),
    ...createdStored.map((row) => row.ownerId),
    ...discounts.listed.map((row) => row.ownerId),
  ];
  const others = await sellersByIds(
    ctx.db,
    workspace.id,
    [...new Set(withFigures)].filter((id) => !listedIds.has(id)),
  );
  const people = [
    ...listed.map((member) => ({ id: member.id, name: member.name })),
    ...others.map((seller) => ({
      id: seller.id,
      name: seller.active ? seller.name : t(ctx.actor.locale, 'quota.inactive_name', { name: seller.name }),
    })),
  ];
  const quotas = convertQuotas(
    await quotasFor(
      ctx.db,
      workspace.id,
      people.map((person) => memberScope(person.id)),
      period,
    ),
    period,
    rates,
  );

  const converted = convertClosed(closed.closed, rates);
  const created = convertOpen(createdStored, rates);
  // A deal created in a currency without a rate still counts as created; only its amount is left out (and named).
  const createdWithoutRate = new Set(created.conversion.missing.map((gap) => gap.currency));
  const createdUnconverted = createdStored.filter((row) => createdWithoutRate.has(row.currency));
  const listedConverted = convertClosed(discounts.listed, rates);
  const discounted = convertClosed(discounts.discounted, rates).rows;
  const elapsed = elapsedFraction(period, todayIn({ ...dateContextOf(ctx), timeZone: workspace.timeZone }));
  const quotaOf = new Map(quotas.quotas.map((quota) => [quota.scopeKey, quota]));
  const lines = people.map((person) => {
    const mine = <T extends { ownerId: string }>(rows: readonly T[]) => rows.filter((row) => row.ownerId === person.id);
    const sliced = <T extends { slice: string }>(rows: readonly T[]) => rows.filter((row) => row.slice === person.id);
    return scorecardLine({
      ownerId: person.id,
      name: person.name,
      stages,
      currency: rates.currency,
      quota: quotaOf.get(memberScope(person.id)),
      elapsed,
      closed: sliced(closed.closed),
      converted: sliced(converted.rows),
      cycle: sliced(closed.cycles)[0],
      counts: mine(counts),
      created: [...mine(created.rows), ...mine(createdUnconverted)],
      listed: mine(listedConverted.rows),
      discounted: mine(discounted),
    });
  });
  lines.sort((a, b) => b.wonMinor - a.wonMinor || a.name.localeCompare(b.name));
  return {
    lines,
    conversion: mergeConversions([converted.conversion, created.conversion, listedConverted.conversion, quotas.conversion]),
  };
}

/** Whose scorecard may be read is /funnel's rule: a rep their own, a manager their team's and their people's, an admin everyone's. */
function checkScorecardScope(ctx: CommandContext, scope: ResolvedScope): void {
  try {
    checkFunnelScope(ctx, scope);
  } catch (error) {
    if (isDomainError(error) && error.code === 'funnel.forbidden') throw new DomainError('scorecard.forbidden', error.data);
    throw error;
  }
}

/** `scorecard [me|@user|team [name]|all] [period]` (绩效): a line per rep, this quarter by default. */
export const scorecard = defineCommand({
  id: 'scorecard',
  path: ['scorecard'],
  usage: 'usage.scorecard',
  summary: 'summary.scorecard',
  schema: ZReportSchema,
  parse: parseReportArgs,
  async run(input, ctx) {
    const scope = await resolveScopeWords(ctx, input.scope);
    checkScorecardScope(ctx, scope);
    const period = resolvePeriod(ctx, input.period);
    const card = await loadScorecard(ctx, scope, period);
    const locale = ctx.actor.locale;
    return {
      screen: scorecardScreen(
        {
          scopeLabel: scope.label,
          periodLabel: formatPeriod(period, locale),
          single: scope.kind === 'member',
          card,
          currency: ctx.workspace.currency,
          words: joinTokens([...input.scope, ...input.period]),
          periodWords: joinTokens(input.period),
        },
        locale,
      ),
    };
  },
});
