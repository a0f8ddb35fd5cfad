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
