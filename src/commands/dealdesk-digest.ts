import { z } from 'zod';
import { defineCommand, type CommandResult } from './command.js';
import type { CommandContext } from './context.js';
import { DomainError } from '../domain/errors.js';
import { canSetQuota } from '../domain/authz.js';
import { listTeams, updateTeamDigest } from '../store/teams.js';
import { setDigestPreference } from '../store/members.js';
import { findTeam, resolveScope, type ResolvedScope } from './scope.js';
import { normalizeKey } from '../domain/text-match.js';
import { digestMembers } from '../store/digest-data.js';
import { digestClock, managerSchedule, repSchedule } from '../domain/digest-schedule.js';
import { loadRepNudge, managerDigestData } from './reports.js';
import { managerDigestScreens } from '../views/screens/digest.js';
import { joinScreens, type Screen } from '../views/screen.js';
import { dueAfterSales, lowSatisfactionScreens } from './satisfaction.js';
import { repNudgeScreens } from '../views/screens/nudge.js';
import { messageScreen } from '../views/screens/message.js';
import { t } from '../i18n/index.js';

const NOW_WORDS = new Set(['now', '现在', '立即']);
const ON_WORDS = new Set(['on', 'resume', '开启', '恢复']);
const OFF_WORDS = new Set(['off', 'stop', 'pause', '关闭', '停止']);
const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export const ZDigestSchema = z.object({
  action: z.enum(['now', 'on', 'off', 'time', 'team'], { errorMap: () => ({ message: 'digest.when_invalid' }) }).default('now'),
  time: z.string().regex(TIME, 'digest.time_invalid').or(z.literal('default')).optional(),
  team: z.string().optional(),
  channel: z.string().optional(),
});
type DigestInput = z.infer<typeof ZDigestSchema>;

/**
 * `dealdesk digest now` shows it; `dealdesk digest off|on` opts out or back in; `dealdesk digest time
 * 07:45` (or `default`) sets your own time; `dealdesk digest team <name> time 08:00` and
 * `dealdesk digest team <name> channel #sales|off` set a team's (its manager or an admin).
 */
export function parseDigest(args: readonly string[]): unknown {
  const words = args.map((word) => normalizeKey(word));
  const [first] = words;
  if (first === undefined || NOW_WORDS.has(first)) return { action: 'now' };
  if (ON_WORDS.has(first)) return { action: 'on' };
  if (OFF_WORDS.has(first)) return { action: 'off' };
  if (first === 'time' || first === '时间') return { action: 'time', time: args[1] ?? '' };
  if (first === 'team' || first === '团队') {
    const at = words.findIndex((word, i) => i > 1 && (word === 'time' || word === 'channel' || word === '时间' || word === '频道'));
    if (at < 0) return { action: 'team', team: args.slice(1).join(' ') };
    const team = args.slice(1, at).join(' ');
    const value = args[at + 1] ?? '';
    return words[at] === 'time' || words[at] === '时间' ? { action: 'team', team, time: value } : { action: 'team', team, channel: value };
  }
  return { action: first };
}

async function configure(input: DigestInput, ctx: CommandContext): Promise<CommandResult> {
  const locale = ctx.actor.locale;
  if (input.action === 'on' || input.action === 'off') {
    await setDigestPreference(ctx.db, ctx.actor.id, { digestOptOut: input.action === 'off' });
    return { screen: messageScreen(t(locale, input.action === 'off' ? 'digest.opted_out' : 'digest.opted_in'), { tone: 'success' }) };
  }
  if (input.action === 'time') {
    if (!input.time) throw new DomainError('digest.time_invalid', { field: 'time' });
    const time = input.time === 'default' ? null : normalizeTime(input.time);
    await setDigestPreference(ctx.db, ctx.actor.id, { digestTime: time });
    return { screen: messageScreen(time ? t(locale, 'digest.time_set', { time }) : t(locale, 'digest.time_default'), { tone: 'success' }) };
  }
  const teams = await listTeams(ctx.db, ctx.workspace.id);
  const team = findTeam(teams, input.team ?? '');
  if (!canSetQuota(ctx.actor, { teamId: team.id })) throw new DomainError('digest.team_forbidden', { team: team.name });
  if (input.time !== undefined) {
    const time = input.time === 'default' ? null : normalizeTime(input.time);
    await updateTeamDigest(ctx.db, team.id, { digestTime: time });
    return {
      screen: messageScreen(t(locale, 'digest.team_time_set', { team: team.name, time: time ?? ctx.workspace.digestTime }), {
        tone: 'success',
      }),
    };
  }
  if (input.channel !== undefined) {
    const target = channelTarget(input.channel, ctx);
    await updateTeamDigest(ctx.db, team.id, { digestTarget: target });
    return {
      screen: messageScreen(
        target
          ? t(locale, 'digest.team_channel_set', { team: team.name, channel: input.channel })
          : t(locale, 'digest.team_channel_off', { team: team.name }),
        { tone: 'success' },
      ),
    };
  }
  throw new DomainError('digest.when_invalid', {});
}

function normalizeTime(value: string): string {
  const [, hours, minutes] = TIME.exec(value) ?? [];
  if (hours === undefined || minutes === undefined) throw new DomainError('digest.time_invalid', { field: 'time', input: value });
  return `${hours.padStart(2, '0')}:${minutes}`;
}

/** `off` clears; any other words are a channel, which the surface's adapter turns into a delivery target. */
function channelTarget(value: string, ctx: CommandContext): string | null {
  const trimmed = value.trim();
  if (['off', 'none', '无', '关闭'].includes(trimmed.toLowerCase())) return null;
  const target = ctx.channelTarget?.(trimmed) ?? null;
  if (target === null) throw new DomainError('digest.channel_invalid', { input: trimmed });
  return target;
}

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
  parse: parseDigest,
  async run(input, ctx) {
    if (input.action !== 'now') return configure(input, ctx);
    const [member] = await digestMembers(ctx.db, { kind: 'member', memberId: ctx.actor.id });
    const locale = ctx.actor.locale;
    if (!member) return { screen: messageScreen(t(locale, 'nudge.none')) };
    if (member.managedTeams.length > 0 || ctx.actor.role === 'admin') {
      const schedule = managerSchedule(member);
      const scopes: ResolvedScope[] = [];
      if (member.managedTeams.length > 0)
        for (const team of member.managedTeams) scopes.push(await resolveScope(ctx, { kind: 'team', name: team.nameKey }));
      else scopes.push(await resolveScope(ctx, { kind: 'all' }));
      const digests = await managerDigestData(ctx, scopes, digestClock(schedule, ctx.now, false));
      const screens: Screen[] = [];
      for (const [i, data] of digests.entries()) {
        screens.push(...managerDigestScreens(data, locale));
        const scope = scopes[i];
        if (scope) screens.push(...(await lowSatisfactionScreens(ctx, scope, data, locale)));
      }
      return { screen: joinScreens(screens) };
    }
    const schedule = repSchedule(member);
    const nudge = await loadRepNudge(ctx, { at: ctx.now, late: false, timeZone: schedule.timeZone });
    const screens = repNudgeScreens({ ...nudge, afterSales: await dueAfterSales(ctx, nudge.today) }, locale);
    return { screen: screens.length > 0 ? joinScreens(screens) : messageScreen(t(locale, 'nudge.none')) };
  },
});
