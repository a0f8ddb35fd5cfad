import { defineCommand } from './command.js';
import { parseReportArgs, ZReportSchema } from './pipeline.js';
import { resolvePeriod, resolveScopeWords } from './scope.js';
import { quotaReport } from './reports.js';
import { formatPeriod } from '../views/format.js';
import { quotaScreen } from '../views/screens/quota.js';
import { t } from '../i18n/index.js';

/** `quota [me|@user|team [name]|all] [period]`: attainment, gap, pace and coverage; this quarter by default. */
export const quota = defineCommand({
  id: 'quota',
  path: ['quota'],
  usage: 'usage.quota',
  summary: 'summary.quota',
  schema: ZReportSchema,
  parse: parseReportArgs,
  async run(input, ctx) {
    const scope = await resolveScopeWords(ctx, input.scope);
    const period = resolvePeriod(ctx, input.period);
    const report = await quotaReport(ctx, scope, period);
    const locale = ctx.actor.locale;
    const target =
      scope.kind === 'member' && scope.member
        ? `@${scope.member.handle}`
        : scope.kind === 'team' && scope.team
          ? `team ${scope.team.name}`
          : t(locale, 'quota.set_target_any');
    const screen = quotaScreen(
      {
        heading: scope.label,
        periodLabel: formatPeriod(period, locale),
        lines: report.lines,
        total: report.total,
        single: scope.kind === 'member',
        elapsedPct: Math.round(report.elapsed * 1000) / 10,
        setCommand: t(locale, 'quota.set_command', { target, period: period.key }),
        conversion: report.conversion,
      },
      locale,
    );
    return { screen };
  },
});
