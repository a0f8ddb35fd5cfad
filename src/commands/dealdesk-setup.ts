import { z } from 'zod';
import { defineCommand } from './command.js';
import type { CommandContext } from './context.js';
import { todayIn } from '../domain/calendar.js';
import type { Approver, DiscountPolicy } from '../domain/discount-policy.js';
import { listMembers, repsWithoutQuotaOn, type MemberSummary } from '../store/members.js';
import { listTeams } from '../store/teams.js';
import { loadPolicy } from '../store/discounts.js';
import { isFirstStepGap, setupScreen, welcomeScreen, type SetupGap, type TierRange } from '../views/screens/setup.js';
import type { Screen } from '../views/screen.js';

/**
 * What a workspace still lacks to work for a real team: teams, a manager for each, a quota covering
 * today for each rep, and someone behind every approver a discount tier names. Empty when set up.
 */
export async function setupGaps(ctx: CommandContext): Promise<SetupGap[]> {
  const { db, workspace } = ctx;
  const today = todayIn({ now: ctx.now, timeZone: workspace.timeZone, fiscalYearStartMonth: workspace.fiscalYearStartMonth });
  const [teams, members, unquoted, policy] = await Promise.all([
    listTeams(db, workspace.id),
    listMembers(db, workspace.id),
    repsWithoutQuotaOn(db, workspace.id, today),
    loadPolicy(db, workspace.id),
  ]);
  return [
    ...(teams.length === 0 ? [{ kind: 'no_teams' as const }] : []),
    ...teams.filter((team) => team.managerId === null).map((team) => ({ kind: 'team_without_manager' as const, team: team.name })),
    ...unquoted.map((rep) => ({ kind: 'rep_without_quota' as const, name: rep.name, handle: rep.handle })),
    ...approverGaps(policy, members),
  ];
}

/** Each tier's approvers who resolve to nobody (such requests fall back to the admins); one line per kind of gap. */
function approverGaps(policy: DiscountPolicy, members: readonly MemberSummary[]): SetupGap[] {
  const byId = new Map(members.map((member) => [member.id, member]));
  const reps = members.filter((member) => member.role === 'rep');
  const withoutManager = reps.filter((rep) => rep.managerId === null || !byId.has(rep.managerId));
  const managersWithout = [
    ...new Map(
      reps
        .map((rep) => (rep.managerId === null ? undefined : byId.get(rep.managerId)))
        .filter((manager): manager is MemberSummary => manager !== undefined)
        .filter((manager) => manager.managerId === null || !byId.has(manager.managerId))
        .map((manager) => [manager.id, manager]),
    ).values(),
  ];
  const gaps: SetupGap[] = [];
  const seen = new Set<string>();
  for (const tier of policy.tiers) {
    const range: TierRange = { from: percent(tier.aboveBps), to: percent(tier.upToBps) };
    for (const approver of [...tier.approvers, ...(tier.largeDeal?.approvers ?? [])]) {
      const gap = approverGap(approver, range, policy, byId, withoutManager, managersWithout);
      // The first tier that names an empty approver says it; the same gap in later tiers would only repeat it.
      const key = gap && (gap.kind === 'empty_group' ? `group:${gap.group}` : gap.kind);
      if (gap && key && !seen.has(key)) {
        seen.add(key);
        gaps.push(gap);
      }
    }
  }
  return gaps;
}

function approverGap(
  approver: Approver,
  range: TierRange,
  policy: DiscountPolicy,
  active: ReadonlyMap<string, MemberSummary>,
  withoutManager: readonly MemberSummary[],
  managersWithout: readonly MemberSummary[],
): SetupGap | undefined {
  if (approver.kind === 'manager')
    return withoutManager.length > 0 ? { kind: 'no_manager', range, names: withoutManager.map((m) => m.name) } : undefined;
  if (approver.kind === 'managers_manager')
    return managersWithout.length > 0 ? { kind: 'no_managers_manager', range, names: managersWithout.map((m) => m.name) } : undefined;
  const people = (policy.groups[approver.group] ?? []).filter((id) => active.has(id));
  return people.length === 0 ? { kind: 'empty_group', range, group: approver.group } : undefined;
}

function percent(bps: number): string {
  return `${bps / 100}%`;
}

/**
 * The welcome with the three steps, for an admin of a real workspace whose teams, managers or quotas
 * are still missing; null otherwise (the demo, a member who is not an admin, a workspace set up).
 */
export async function welcomeFor(ctx: CommandContext): Promise<Screen | null> {
  if (ctx.actor.role !== 'admin' || ctx.workspace.isDemo) return null;
  const gaps = await setupGaps(ctx);
  // The shell has no chat profiles to create people from: there a mention must name a member.
  return gaps.some(isFirstStepGap) ? welcomeScreen(ctx.actor.locale, ctx.workspace.name, { mentions: ctx.platform !== 'shell' }) : null;
}

/** `/dealdesk setup`: everyone may read what is missing; the buttons that fix it are for admins. */
export const dealdeskSetup = defineCommand({
  id: 'dealdesk.setup',
  path: ['dealdesk', 'setup'],
  usage: 'usage.dealdesk.setup',
  summary: 'summary.dealdesk.setup',
  schema: z.object({}),
  parse: () => ({}),
  run: async (_input, ctx) => ({
    screen: setupScreen({ gaps: await setupGaps(ctx), canEdit: ctx.actor.role === 'admin' }, ctx.actor.locale),
  }),
});
