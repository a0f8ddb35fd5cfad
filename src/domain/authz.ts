import { DomainError } from './errors.js';
import type { Role } from './roles.js';

/** `teamIds`: the member's own team and every team they manage. */
export type Principal = { id: string; role: Role; teamIds: readonly string[] };
export type Owner = { id: string; teamId: string | null; managerId: string | null };

/**
 * Who may change a deal: its owner, the owner's manager or any manager of the owner's team, and admins.
 * Reading is open to the whole workspace — pipeline transparency is how sales teams coach each other.
 */
export function canEditDeal(actor: Principal, owner: Owner): boolean {
  if (actor.role === 'admin') return true;
  if (actor.id === owner.id) return true;
  if (actor.role !== 'manager') return false;
  return owner.managerId === actor.id || (owner.teamId !== null && actor.teamIds.includes(owner.teamId));
}

export function assertCanEditDeal(actor: Principal, owner: Owner & { name: string }, dealRef: string): void {
  if (!canEditDeal(actor, owner)) throw new DomainError('deal.forbidden', { deal: dealRef, owner: owner.name });
}

/** Quotas are set by admins, and by managers for their own team and direct reports. */
export function canSetQuota(actor: Principal, target: { teamId: string | null; managerId?: string | null }): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'manager') return false;
  return target.managerId === actor.id || (target.teamId !== null && actor.teamIds.includes(target.teamId));
}

export function assertAdmin(actor: Principal): void {
  if (actor.role !== 'admin') throw new DomainError('auth.admin_only', {});
}

/** A team as the people rules see it: who manages it. */
export type ManagedTeam = { id: string; name: string; managerId: string | null };

/**
 * Teams and people are administered by admins; a manager runs the team they manage (rename it, add and
 * remove its reps). Reps administer nothing.
 */
export function assertMayRunTeam(actor: Principal, team: ManagedTeam): void {
  if (actor.role === 'admin') return;
  if (actor.role === 'rep') throw new DomainError('people.rep_forbidden', {});
  if (team.managerId !== actor.id) throw new DomainError('people.team_forbidden', { team: team.name });
}

/** Creating, deleting and staffing teams with managers, roles, (de)activation and the workspace's name. */
export function assertPeopleAdmin(actor: Principal): void {
  if (actor.role === 'rep') throw new DomainError('people.rep_forbidden', {});
  if (actor.role !== 'admin') throw new DomainError('people.admin_forbidden', {});
}

/**
 * A member's manager and time zone: admins for anyone, a manager for the people of a team they manage
 * (`managedTeams`: that manager's teams, with the member's team among them).
 */
export function assertMayEditMember(
  actor: Principal,
  member: { name: string; teamId: string | null },
  managedTeamIds: readonly string[],
): void {
  if (actor.role === 'admin') return;
  if (actor.role === 'rep') throw new DomainError('people.rep_forbidden', {});
  if (member.teamId === null || !managedTeamIds.includes(member.teamId))
    throw new DomainError('people.member_forbidden', { name: member.name });
}

/** A manager adds to their team only reps who are in no team or already in it; admins move anyone. */
export function assertMayAddToTeam(
  actor: Principal,
  team: ManagedTeam,
  member: { name: string; role: string; teamId: string | null },
): void {
  assertMayRunTeam(actor, team);
  if (actor.role === 'admin') return;
  if (member.role !== 'rep' || (member.teamId !== null && member.teamId !== team.id))
    throw new DomainError('people.move_forbidden', { name: member.name, team: team.name });
}
