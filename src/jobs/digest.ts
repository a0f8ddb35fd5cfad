/**
 * The daily manager digest: every member who manages a team gets it on the workspace's digest days
 * at their digest time (member → team → workspace, 08:30 by default) in the team's zone, unless they
 * opted out. It goes to the manager and, when the team has a digest channel, to that channel too.
 * Monday's adds the weekly summary. A slot missed while the bot was down goes out late, marked.
 */
import type { CommandContext, WorkspaceContext } from '../commands/context.js';
import { readEveryone, resolveScope, type ResolvedScope } from '../commands/scope.js';
import { loadDigestShared, managerDigestData, type DigestShared } from '../commands/reports.js';
import type { Db } from '../store/db.js';
import { digestMembers, teamReads } from '../store/digest-data.js';
import { loadWorkspaceContext } from '../store/workspaces.js';
import { loadActor } from '../store/members.js';
import {
  digestClock,
  managerSchedule,
  type DigestMember,
  type DigestSchedule,
  type DigestTeamSettings,
} from '../domain/digest-schedule.js';
import { managerDigestScreens } from '../views/screens/digest.js';
import { lowSatisfactionScreens } from '../commands/satisfaction.js';
import type { Screen } from '../views/screen.js';
import type { DueSlot, JobDefinition } from './job.js';
import { dailySlotsDue } from './schedule.js';

export type ManagerDigestPayload = {
  memberId: string;
  teams: DigestTeamSettings[];
  schedule: DigestSchedule;
  /** Shared by every slot of one tick: what all the digests of a workspace read alike. */
  workspaces: WorkspaceShares;
};

/** A workspace's settings, its teams' scopes, rates and pending requests: the same for all its managers. */
type WorkspaceShare = {
  workspace: WorkspaceContext;
  /** The team's scope, resolved through the first reader's context (it does not depend on who reads it). */
  scopeOf: (ctx: CommandContext, team: DigestTeamSettings) => Promise<ResolvedScope>;
  shared: DigestShared;
};

/**
 * What one tick's digests of a workspace share, loaded once at its first digest, on that run's database
 * (settings and stages, rates, pending requests, and the people and teams the scopes are made of),
 * instead of again for each of the workspace's managers. Lives as long as the tick's slots.
 */
export class WorkspaceShares {
  private readonly loaded = new Map<string, Promise<WorkspaceShare | null>>();

  of(db: Db, workspaceId: string): Promise<WorkspaceShare | null> {
    let share = this.loaded.get(workspaceId);
    if (!share) {
      share = loadShare(db, workspaceId);
      // A failed load is not kept: the next slot (or the retry) reads again.
      share.catch(() => this.loaded.delete(workspaceId));
      this.loaded.set(workspaceId, share);
    }
    return share;
  }
}

async function loadShare(db: Db, workspaceId: string): Promise<WorkspaceShare | null> {
  const workspace = await loadWorkspaceContext(db, workspaceId);
  if (!workspace) return null;
  // Each part of the digest is read for all the workspace's teams at once, at the first digest that needs it.
  const shared = { ...(await loadDigestShared(db, workspace)), reads: teamReads(db, workspaceId) };
  // scope.ts reads the people and teams once per context: the first reader's serves every team, and
  // everyone is read once for all of them rather than each team's people apart.
  let first: CommandContext | undefined;
  const scopeOf = async (ctx: CommandContext, team: DigestTeamSettings) => {
    first ??= ctx;
    await readEveryone(first);
    return resolveScope(first, { kind: 'team', name: team.nameKey });
  };
  return { workspace, scopeOf, shared };
}

/** A command context for someone the bot writes to unprompted, as of `at`. */
export async function contextFor(db: Db, workspaceId: string, memberId: string, at: Date): Promise<CommandContext | null> {
  const workspace = await loadWorkspaceContext(db, workspaceId);
  if (!workspace) return null;
  const actor = await loadActor(db, workspace, memberId);
  return actor ? { db, workspace, actor, now: at, platform: 'shell' } : null;
}

/** The due daily slots of every member of a kind, keyed `member:<id>`, each carrying its payload. */
export async function dailyMemberSlots<Payload>(
  db: Db,
  now: Date,
  kind: 'managers' | 'reps',
  scheduleOf: (member: DigestMember) => DigestSchedule,
  payloadOf: (member: DigestMember, schedule: DigestSchedule) => Payload,
): Promise<DueSlot<Payload>[]> {
  const due: DueSlot<Payload>[] = [];
  for (const member of await digestMembers(db, { kind })) {
    const schedule = scheduleOf(member);
    for (const slot of dailySlotsDue({ now, ...schedule })) {
      due.push({
        recipientKey: `member:${member.id}`,
        slotAt: slot.slotAt,
        late: slot.late,
        workspaceId: member.workspaceId,
        payload: payloadOf(member, schedule),
      });
    }
  }
  return due;
}

export const managerDigest: JobDefinition<ManagerDigestPayload> = {
  name: 'digest.manager',
  dueSlots: ({ db, now }) => {
    const workspaces = new WorkspaceShares();
    return dailyMemberSlots(db, now, 'managers', managerSchedule, (member, schedule) => ({
      memberId: member.id,
      teams: member.managedTeams,
      schedule,
      workspaces,
    }));
  },
  async run(slot, run) {
    const { payload } = slot;
    if (!payload || !slot.workspaceId) return;
    const share = await payload.workspaces.of(run.db, slot.workspaceId);
    if (!share) return;
    const actor = await loadActor(run.db, share.workspace, payload.memberId);
    if (!actor) return;
    const ctx: CommandContext = { db: run.db, workspace: share.workspace, actor, now: slot.slotAt, platform: 'shell' };
    const scopes: ResolvedScope[] = [];
    for (const team of payload.teams) scopes.push(await share.scopeOf(ctx, team));
    const digests = await managerDigestData(ctx, scopes, digestClock(payload.schedule, slot.slotAt, slot.late), share.shared);
    if (digests.length === 0) return;
    const locale = ctx.actor.locale;
    // Everything is built before anything is sent, so a failed build sends nothing. The manager's
    // messages go first, then each channel's, always in this order: the runner counts each message
    // delivered, so a retry after a failed channel delivery (or a takeover after a crash) sends only
    // the messages that had not gone out. The channel's copy is read by the whole team, so it is
    // written in the workspace's language.
    const channels = payload.teams.flatMap((team, i) => {
      const data = digests[i];
      return team.digestTarget && data
        ? [{ teamId: team.id, screens: managerDigestScreens({ ...data, audience: 'channel' }, ctx.workspace.locale) }]
        : [];
    });
    const screens: Screen[] = [];
    for (const [i, data] of digests.entries()) {
      screens.push(...managerDigestScreens(data, locale));
      // Customers who scored below 3 since the last digest: the manager's copy only.
      const scope = scopes[i];
      if (scope) screens.push(...(await lowSatisfactionScreens(ctx, scope, data, locale)));
    }
    await run.deliver.deliver({ workspaceId: ctx.workspace.id, memberId: payload.memberId }, screens);
    for (const channel of channels) await run.deliver.deliver({ workspaceId: ctx.workspace.id, teamId: channel.teamId }, channel.screens);
  },
};
