import { defineCommand } from './command.js';
import { dateContextOf, type CommandContext } from './context.js';
import { checkReportScope, resolvePeriod, resolveScopeWords } from './scope.js';
import { parseSlicedReportArgs, ZSlicedReportSchema } from './slices.js';
import { joinTokens } from './tokenize.js';
import type { ResolvedScope } from './scope.js';
import { todayIn, type CalendarDate } from '../domain/calendar.js';
import { satisfactionFiguresOfCounts } from '../domain/satisfaction.js';
import { bySlice, orderSlices } from '../domain/slices.js';
import {
  afterSalesDaysOf,
  dueFollowUps,
  followUpCountsBySlice,
  lowScoresDueBetween,
  lowScoresRecorded,
  type FollowUpRecord,
} from '../store/after-sales.js';
import type { Screen } from '../views/screen.js';
import type { ManagerDigestData } from '../views/screens/digest.js';
import type { Locale } from '../i18n/locale.js';
import { formatPeriod } from '../views/format.js';
import { lowSatisfactionScreen, satisfactionScreen, slicedSatisfactionScreen } from '../views/screens/satisfaction.js';

/**
 * After-sales satisfaction of the follow-ups due in a period (this quarter by default) for the deals in
 * scope: average score, responses, due and unanswered call-backs, and the accounts that scored below 3;
 * `by channel|region` gives those figures per slice, then the whole.
 */
export const satisfaction = defineCommand({
  id: 'satisfaction',
  path: ['satisfaction'],
  usage: 'usage.satisfaction',
  summary: 'summary.satisfaction',
  schema: ZSlicedReportSchema,
  parse: parseSlicedReportArgs,
  async run(input, ctx) {
    const scope = await resolveScopeWords(ctx, input.scope);
    checkReportScope(ctx, scope, 'satisfaction.forbidden_scope');
    const period = resolvePeriod(ctx, input.period);
    const locale = ctx.actor.locale;
    if (input.by !== 'none') {
      // One grouped statement, whatever the number of slices; the whole is every slice's counts together.
      const counts = await followUpCountsBySlice(
        ctx.db,
        { workspaceId: ctx.workspace.id, ...scope.deals },
        { from: period.start, to: period.end, today: todayIn(dateContextOf(ctx)), by: input.by },
      );
      const afterSalesDays = await afterSalesDaysOf(ctx.db, ctx.workspace.id);
      const slices = [...bySlice(counts)].map(([key, rows]) => ({ key, figures: satisfactionFiguresOfCounts(rows) }));
      return {
        screen: slicedSatisfactionScreen(
          {
            scopeLabel: scope.label,
            periodLabel: formatPeriod(period, locale),
            by: input.by,
            slices: orderSlices(slices, (slice) => slice.figures.scheduled),
            whole: satisfactionFiguresOfCounts(counts),
            afterSalesDays,
            words: joinTokens([...input.scope, ...input.period]),
          },
          locale,
        ),
      };
    }
    // In turn: `ctx.db` may be the request's transaction, one query at a time.
    const scopeOf = { workspaceId: ctx.workspace.id, ...scope.deals };
    const counts = await followUpCountsBySlice(ctx.db, scopeOf, {
      from: period.start,
      to: period.end,
      today: todayIn(dateContextOf(ctx)),
      by: 'none',
    });
    const low = await lowScoresDueBetween(ctx.db, scopeOf, { from: period.start, to: period.end });
    const afterSalesDays = await afterSalesDaysOf(ctx.db, ctx.workspace.id);
    const figures = satisfactionFiguresOfCounts(counts);
    return {
      screen: satisfactionScreen(
        { scopeLabel: scope.label, periodLabel: formatPeriod(period, locale), figures, low, afterSalesDays },
        locale,
      ),
    };
  },
});

/** How many call-backs a nudge lists at most, and how many low scores a digest reads. */
const NUDGE_FOLLOW_UPS = 50;
const DIGEST_LOW_SCORES = 50;

/** The actor's after-sales call-backs due on or before `today` (their own day), for the nudge. */
export function dueAfterSales(ctx: CommandContext, today: CalendarDate): Promise<FollowUpRecord[]> {
  return dueFollowUps(ctx.db, { workspaceId: ctx.workspace.id, ownerId: ctx.actor.id, today, limit: NUDGE_FOLLOW_UPS });
}

/**
 * The manager digest's "low satisfaction" message for one scope: scores below 3 recorded since the last
 * digest (`data.since` up to `data.at`) on the deals of the scope; none when there are none.
 */
export async function lowSatisfactionScreens(
  ctx: CommandContext,
  scope: ResolvedScope,
  data: Pick<ManagerDigestData, 'since' | 'at' | 'scopeLabel'>,
  locale: Locale,
): Promise<Screen[]> {
  const low = await lowScoresRecorded(
    ctx.db,
    { workspaceId: ctx.workspace.id, ...scope.deals },
    { from: data.since, to: data.at },
    DIGEST_LOW_SCORES,
  );
  const screen = lowSatisfactionScreen({ scopeLabel: data.scopeLabel, low }, locale);
  return screen ? [screen] : [];
}
