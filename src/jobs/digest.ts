/**
 * The daily manager digest: every member who manages a team gets it on the workspace's digest days
 * at their digest time (member → team → workspace, 08:30 by default) in the team's zone, unless they
 * opted out. It goes to the manager and, when the team has a digest channel, to that channel too.
 * Monday's adds the weekly summary. A slot missed while the bot was down goes out late, marked.
 */
import type { CommandContext } from '../commands/context.js';
import { resolveScope, type ResolvedScope } from '../commands/scope.js';
import type { Db } from '../store/db.js';
import type { DigestTeamSettings } from '../store/digest-data.js';
import { loadWorkspaceContext } from '../store/workspaces.js';
import { loadActor } from '../store/members.js';
import { isoWeekdayOf, localTimeParts } from '../domain/calendar.js';
import { managerDigestScreens, type ManagerDigestData } from '../views/screens/digest.js';
import type { Screen } from '../views/screen.js';
import type { JobDefinition } from './job.js';
import { managerSchedule, previousSlotBefore, type DigestSchedule } from './digest-schedule.js';
import { dailyMemberSlots, loadManagerDigest, type DigestClock } from './digest-load.js';

export type ManagerDigestPayload = { memberId: string; teams: DigestTeamSettings[]; schedule: DigestSchedule };

/** A command context for someone the bot writes to unprompted, as of `at`. */
export async function contextFor(db: Db, workspaceId: string, memberId: string, at: Date): Promise<CommandContext | null> {
  const workspace = await loadWorkspaceContext(db, workspaceId);
  if (!workspace) return null;
  const actor = await loadActor(db, workspace, memberId);
  return actor ? { db, workspace, actor, now: at, platform: 'shell' } : null;
}

/** The digest's clock at `at`: changes since the schedule's previous slot; the weekly summary on Mondays. */
export function digestClock(schedule: Pick<DigestSchedule, 'timeZone' | 'localTime' | 'weekdays'>, at: Date, late: boolean): DigestClock {
  return {
    at,
    since: previousSlotBefore(schedule, at),
    late,
    timeZone: schedule.timeZone,
    weekly: isoWeekdayOf(localTimeParts(at, schedule.timeZone).date) === 1,
  };
}

/** One digest per scope (a manager's teams, or an admin's workspace), in the actor's language. */
export async function managerDigestData(
  ctx: CommandContext,
  scopes: readonly ResolvedScope[],
  clock: DigestClock,
): Promise<ManagerDigestData[]> {
  const data: ManagerDigestData[] = [];
  for (const scope of scopes) data.push(await loadManagerDigest(ctx, scope, clock));
  return data;
}

export const managerDigest: JobDefinition<ManagerDigestPayload> = {
  name: 'digest.manager',
  dueSlots: ({ db, now }) =>
    dailyMemberSlots(db, now, 'managers', managerSchedule, (member, schedule) => ({
      memberId: member.id,
      teams: member.managedTeams,
      schedule,
    })),
  async run(slot, run) {
    const { payload } = slot;
    if (!payload || !slot.workspaceId) return;
    const ctx = await contextFor(run.db, slot.workspaceId, payload.memberId, slot.slotAt);
    if (!ctx) return;
    const scopes: ResolvedScope[] = [];
    for (const team of payload.teams) scopes.push(await resolveScope(ctx, { kind: 'team', name: team.nameKey }));
    const digests = await managerDigestData(ctx, scopes, digestClock(payload.schedule, slot.slotAt, slot.late));
    if (digests.length === 0) return;
    const locale = ctx.actor.locale;
    // Everything is built before anything is sent, so a failed build sends nothing. A failed channel
    // delivery fails the slot, and its retry sends the manager's copy again: a rare repeat, never a loss.
    // The channel's copy is read by the whole team, so it is written in the workspace's language.
    const channels = payload.teams.flatMap((team, i) => {
      const data = digests[i];
      return team.digestTarget && data
        ? [{ teamId: team.id, screens: managerDigestScreens({ ...data, audience: 'channel' }, ctx.workspace.locale) }]
        : [];
    });
    const screens: Screen[] = digests.flatMap((data) => managerDigestScreens(data, locale));
    await run.deliver.deliver({ workspaceId: ctx.workspace.id, memberId: payload.memberId }, screens);
    for (const channel of channels) await run.deliver.deliver({ workspaceId: ctx.workspace.id, teamId: channel.teamId }, channel.screens);
  },
};
