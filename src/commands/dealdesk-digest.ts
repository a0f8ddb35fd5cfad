import { z } from 'zod';
import { defineCommand } from './command.js';
import { resolveScope, type ResolvedScope } from './scope.js';
import { normalizeKey } from '../domain/text-match.js';
import { digestMembers } from '../store/digest-data.js';
import { managerSchedule, repSchedule } from '../jobs/digest-schedule.js';
import { digestClock, managerDigestData } from '../jobs/digest.js';
import { loadRepNudge } from '../jobs/digest-load.js';
import { joinScreens, managerDigestScreens } from '../views/screens/digest.js';
import { repNudgeScreens } from '../views/screens/nudge.js';
import { messageScreen } from '../views/screens/message.js';
import { t } from '../i18n/index.js';

const NOW_WORDS = new Set(['now', '现在', '立即']);

export const ZDigestSchema = z.object({ when: z.literal('now', { errorMap: () => ({ message: 'digest.when_invalid' }) }).default('now') });

/**
 * `dealdesk digest now`: what the morning message would say at this instant, built by the same
 * builders — managers get their team's digest, admins without a team the whole workspace's, reps
 * their nudge. Changes are those since the last scheduled digest.
 */
export const dealdeskDigest = defineCommand({
  id: 'dealdesk.digest',
  path: ['dealdesk', 'digest'],
  usage: 'usage.dealdesk.digest',
  summary: 'summary.dealdesk.digest',
  schema: ZDigestSchema,
  parse: (args) => {
    const word = args.length > 0 ? normalizeKey(args.join(' ')) : 'now';
    return { when: NOW_WORDS.has(word) ? 'now' : word };
  },
  async run(_input, ctx) {
    const [member] = await digestMembers(ctx.db, { kind: 'member', memberId: ctx.actor.id });
    const locale = ctx.actor.locale;
    if (!member) return { screen: messageScreen(t(locale, 'nudge.none')) };
    if (member.managedTeams.length > 0 || ctx.actor.role === 'admin') {
      const schedule = managerSchedule(member);
      const scopes: ResolvedScope[] = [];
      if (member.managedTeams.length > 0) for (const team of member.managedTeams) scopes.push(await resolveScope(ctx, { kind: 'team', name: team.nameKey }));
      else scopes.push(await resolveScope(ctx, { kind: 'all' }));
      const digests = await managerDigestData(ctx, scopes, digestClock(schedule, ctx.now, false));
      return { screen: joinScreens(digests.flatMap((data) => managerDigestScreens(data, locale))) };
    }
    const schedule = repSchedule(member);
    const screens = repNudgeScreens(await loadRepNudge(ctx, { at: ctx.now, late: false, timeZone: schedule.timeZone }), locale);
    return { screen: screens.length > 0 ? joinScreens(screens) : messageScreen(t(locale, 'nudge.none')) };
  },
});
