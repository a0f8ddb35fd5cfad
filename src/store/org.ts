/**
 * Team and member administration: each change is one transaction that also writes its audit entry,
 * so the record of who changed what can never disagree with the data.
 */
import type { Db } from './db.js';
import { writeAudit, type AuditActor } from './audit.js';
import { teamOfMember } from './deals.js';
import { DomainError } from '../domain/errors.js';
import { normalizeKey } from '../domain/text-match.js';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** A member as the people screens and commands see them, active or not. */
export type PersonRecord = {
  id: string;
  name: string;
  handle: string;
  role: string;
  teamId: string | null;
  managerId: string | null;
  timeZone: string | null;
  active: boolean;
};

const personSelect = {
  id: true,
  name: true,
  handle: true,
  role: true,
  teamId: true,
  managerId: true,
  timeZone: true,
  active: true,
} as const;

/** Everyone in the workspace, active first, then by name. */
export async function listPeople(db: Db, workspaceId: string): Promise<PersonRecord[]> {
  return db.member.findMany({
    where: { workspaceId },
    select: personSelect,
    orderBy: [{ active: 'desc' }, { name: 'asc' }, { handle: 'asc' }],
  });
}

/** How many open deals a member owns (`openStages`: the workspace's open stage keys). */
export async function openDealCount(db: Db, workspaceId: string, memberId: string, openStages: readonly string[]): Promise<number> {
  return db.deal.count({ where: { workspaceId, ownerId: memberId, stage: { in: [...openStages] } } });
}

async function assertTeamNameFree(tx: Tx, workspaceId: string, name: string, exceptId?: string): Promise<void> {
  const taken = await tx.team.findFirst({ where: { workspaceId, nameKey: normalizeKey(name) }, select: { id: true, name: true } });
  if (taken && taken.id !== exceptId) throw new DomainError('team.duplicate', { name: taken.name, field: 'name' });
}

export type NewTeam = { name: string; region: string | null; timeZone: string | null };

/** A unique-index clash (two teams given one name at the same moment) is the same refusal as a name taken. */
async function uniqueTeamName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002')
      throw new DomainError('team.duplicate', { name, field: 'name' });
    throw error;
  }
}

export async function createTeam(db: Db, by: AuditActor, input: NewTeam): Promise<string> {
  return uniqueTeamName(input.name, () => createTeamOnce(db, by, input));
}

async function createTeamOnce(db: Db, by: AuditActor, input: NewTeam): Promise<string> {
  return db.$transaction(async (tx) => {
    await assertTeamNameFree(tx, by.workspaceId, input.name);
    const team = await tx.team.create({
      data: {
        workspaceId: by.workspaceId,
        name: input.name,
        nameKey: normalizeKey(input.name),
        region: input.region,
        timeZone: input.timeZone,
      },
      select: { id: true },
    });
    await writeAudit(tx, by, { subjectType: 'team', subjectId: team.id, action: 'team.created', after: { ...input } });
    return team.id;
  });
}

export async function renameTeam(db: Db, by: AuditActor, teamId: string, name: string): Promise<void> {
  await uniqueTeamName(name, () =>
    db.$transaction(async (tx) => {
      await assertTeamNameFree(tx, by.workspaceId, name, teamId);
      const before = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { name: true } });
      await tx.team.update({ where: { id: teamId }, data: { name, nameKey: normalizeKey(name) }, select: { id: true } });
      await writeAudit(tx, by, { subjectType: 'team', subjectId: teamId, action: 'team.renamed', before, after: { name } });
    }),
  );
}

export type ManagerChange = { promoted: boolean; joined: boolean; reports: number };

/**
 * Names a team's manager: a rep becomes a manager, the person joins the team, and every member of the
 * team who reported to nobody or to the previous manager now reports to them (approval routing's
 * "manager" tier follows `managerId`).
 */
export async function setTeamManager(db: Db, by: AuditActor, teamId: string, memberId: string): Promise<ManagerChange> {
  return db.$transaction(async (tx) => {
    const team = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { managerId: true } });
    const member = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { role: true, teamId: true, managerId: true } });
    await tx.team.update({ where: { id: teamId }, data: { managerId: memberId }, select: { id: true } });
    const promoted = member.role === 'rep';
    const joined = member.teamId !== teamId;
    if (promoted || joined) {
      await tx.member.update({
        where: { id: memberId },
        data: {
          ...(promoted ? { role: 'manager' } : {}),
          ...(joined ? { teamId, managerId: member.managerId === team.managerId ? null : member.managerId } : {}),
        },
        select: { id: true },
      });
    }
    const reporting = [{ managerId: null }, ...(team.managerId ? [{ managerId: team.managerId }] : [])];
    const moved = await tx.member.findMany({
      where: { workspaceId: by.workspaceId, teamId, active: true, id: { not: memberId }, OR: reporting },
      select: { id: true },
    });
    await tx.member.updateMany({ where: { id: { in: moved.map((m) => m.id) } }, data: { managerId: memberId } });
    const reports = await tx.member.count({ where: { workspaceId: by.workspaceId, teamId, active: true, managerId: memberId } });
    await writeAudit(tx, by, {
      subjectType: 'team',
      subjectId: teamId,
      action: 'team.manager_changed',
      before: { managerId: team.managerId },
      after: { managerId: memberId, reportsMoved: moved.map((m) => m.id) },
    });
    if (promoted)
      await writeAudit(tx, by, {
        subjectType: 'member',
        subjectId: memberId,
        action: 'member.role_changed',
        before: { role: member.role },
        after: { role: 'manager' },
      });
    if (joined)
      await writeAudit(tx, by, {
        subjectType: 'member',
        subjectId: memberId,
        action: 'member.team_changed',
        before: { teamId: member.teamId },
        after: { teamId },
      });
    return { promoted, joined, reports };
  });
}

/** One person moved into a team: the team they left, and their open deals that stay counted there. */
export type TeamMove = { memberId: string; fromTeamId: string | null; openDealsLeft: number };

/**
 * Puts people in a team, reporting to its manager. Their deals stay in the team they were sold in
 * (README, "Which deals"): a move changes no team's history, open deals included.
 */
export async function addToTeam(
  db: Db,
  by: AuditActor,
  teamId: string,
  memberIds: readonly string[],
  openStages: readonly string[],
): Promise<TeamMove[]> {
  return db.$transaction(async (tx) => {
    const team = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { managerId: true } });
    const moves: TeamMove[] = [];
    for (const memberId of memberIds) {
      const member = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { teamId: true, managerId: true } });
      if (member.teamId === teamId) continue;
      const oldTeam = member.teamId ? await tx.team.findUnique({ where: { id: member.teamId }, select: { managerId: true } }) : null;
      const managerId =
        team.managerId && team.managerId !== memberId
          ? team.managerId
          : oldTeam && member.managerId === oldTeam.managerId
            ? null
            : member.managerId;
      await tx.member.update({ where: { id: memberId }, data: { teamId, managerId }, select: { id: true } });
      await writeAudit(tx, by, {
        subjectType: 'member',
        subjectId: memberId,
        action: 'member.team_changed',
        before: { teamId: member.teamId, managerId: member.managerId },
        after: { teamId, managerId },
      });
      const openDealsLeft = await tx.deal.count({
        where: { workspaceId: by.workspaceId, ownerId: memberId, stage: { in: [...openStages] }, teamId: { not: null }, NOT: { teamId } },
      });
      moves.push({ memberId, fromTeamId: member.teamId, openDealsLeft });
    }
    return moves;
  });
}

/**
 * Takes people out of a team. Whoever reported to the team's manager through it reports to nobody;
 * removing the manager themselves leaves the team without one.
 */
export async function removeFromTeam(
  db: Db,
  by: AuditActor,
  teamId: string,
  memberIds: readonly string[],
): Promise<{ managerRemoved: boolean }> {
  return db.$transaction(async (tx) => {
    const team = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { managerId: true } });
    let managerRemoved = false;
    for (const memberId of memberIds) {
      const member = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { teamId: true, managerId: true } });
      const managerId = member.managerId === team.managerId ? null : member.managerId;
      await tx.member.update({ where: { id: memberId }, data: { teamId: null, managerId }, select: { id: true } });
      await writeAudit(tx, by, {
        subjectType: 'member',
        subjectId: memberId,
        action: 'member.team_changed',
        before: { teamId: member.teamId, managerId: member.managerId },
        after: { teamId: null, managerId },
      });
      if (memberId === team.managerId) {
        managerRemoved = true;
        await tx.team.update({ where: { id: teamId }, data: { managerId: null }, select: { id: true } });
        await writeAudit(tx, by, {
          subjectType: 'team',
          subjectId: teamId,
          action: 'team.manager_changed',
          before: { managerId: memberId },
          after: { managerId: null },
        });
      }
    }
    return { managerRemoved };
  });
}

/** What stops a team from being deleted: its active people and its quotas. */
export async function teamContents(db: Db, teamId: string): Promise<{ members: number; quotas: number }> {
  const [members, quotas] = await Promise.all([
    db.member.count({ where: { teamId, active: true } }),
    db.quota.count({ where: { teamId } }),
  ]);
  return { members, quotas };
}

/**
 * Deletes an empty team (no active people, no quotas). The deals sold in it then count for no team.
 * Returns how many deals that is.
 */
export async function deleteTeam(db: Db, by: AuditActor, teamId: string): Promise<number> {
  return db.$transaction(async (tx) => {
    const team = await tx.team.findUniqueOrThrow({
      where: { id: teamId },
      select: { name: true, region: true, timeZone: true, managerId: true },
    });
    const [members, quotas, deals] = await Promise.all([
      tx.member.count({ where: { teamId, active: true } }),
      tx.quota.count({ where: { teamId } }),
      tx.deal.count({ where: { teamId } }),
    ]);
    if (members > 0) throw new DomainError('team.has_members', { team: team.name, count: members });
    if (quotas > 0) throw new DomainError('team.has_quotas', { team: team.name, count: quotas });
    // Deactivated people keep no team: their history stays with their deals, which keep none either.
    await tx.member.updateMany({ where: { teamId }, data: { teamId: null } });
    await tx.team.delete({ where: { id: teamId }, select: { id: true } });
    await writeAudit(tx, by, { subjectType: 'team', subjectId: teamId, action: 'team.deleted', before: { ...team, deals } });
    return deals;
  });
}

/**
 * The active admins, counted after locking the workspace's row: two admins demoting each other at
 * once are then taken one after the other, so the second sees the first and is refused.
 */
async function activeAdmins(tx: Tx, workspaceId: string): Promise<number> {
  await tx.workspace.update({ where: { id: workspaceId }, data: { nextDealNumber: { increment: 0 } }, select: { id: true } });
  return tx.member.count({ where: { workspaceId, role: 'admin', active: true } });
}

/**
 * Sets a person's role. A person made a rep stops managing the teams they managed (a rep cannot run a
 * team's approvals or digest): those teams are returned, by name, so the answer can ask for a new manager.
 */
export async function setMemberRole(db: Db, by: AuditActor, memberId: string, role: string): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const member = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { name: true, role: true, active: true } });
    if (member.role === 'admin' && role !== 'admin' && member.active && (await activeAdmins(tx, by.workspaceId)) <= 1)
      throw new DomainError('people.last_admin', { name: member.name, field: 'role' });
    await tx.member.update({ where: { id: memberId }, data: { role }, select: { id: true } });
    await writeAudit(tx, by, {
      subjectType: 'member',
      subjectId: memberId,
      action: 'member.role_changed',
      before: { role: member.role },
      after: { role },
    });
    if (role !== 'rep') return [];
    const managed = await tx.team.findMany({
      where: { workspaceId: by.workspaceId, managerId: memberId },
      select: { id: true, name: true },
    });
    for (const team of managed) {
      await tx.team.update({ where: { id: team.id }, data: { managerId: null }, select: { id: true } });
      await writeAudit(tx, by, {
        subjectType: 'team',
        subjectId: team.id,
        action: 'team.manager_changed',
        before: { managerId: memberId },
        after: { managerId: null },
      });
    }
    return managed.map((team) => team.name);
  });
}

export async function setMemberManager(db: Db, by: AuditActor, memberId: string, managerId: string | null): Promise<void> {
  await db.$transaction(async (tx) => {
    // Nobody may end up reporting to themselves through a chain of managers.
    for (let id: string | null = managerId, hops = 0; id !== null && hops < 1000; hops++) {
      if (id === memberId) throw new DomainError('people.manager_cycle', { field: 'manager' });
      const next: { managerId: string | null } | null = await tx.member.findUnique({ where: { id }, select: { managerId: true } });
      id = next?.managerId ?? null;
    }
    const member = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { managerId: true } });
    await tx.member.update({ where: { id: memberId }, data: { managerId }, select: { id: true } });
    await writeAudit(tx, by, {
      subjectType: 'member',
      subjectId: memberId,
      action: 'member.manager_changed',
      before: member,
      after: { managerId },
    });
  });
}

export async function setMemberTimeZone(db: Db, by: AuditActor, memberId: string, timeZone: string | null): Promise<void> {
  await db.$transaction(async (tx) => {
    const member = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { timeZone: true } });
    await tx.member.update({ where: { id: memberId }, data: { timeZone }, select: { id: true } });
    await writeAudit(tx, by, {
      subjectType: 'member',
      subjectId: memberId,
      action: 'member.timezone_changed',
      before: member,
      after: { timeZone },
    });
  });
}

/**
 * Deactivates a member. With `handTo`, each open deal goes to that person as `/deal update … owner`
 * does: new owner, the new owner's team, an `owner_changed` event, a version bump. Closed deals are
 * untouched, so their figures stay with the team and period they were won in. Returns the deals handed over.
 */
export async function deactivateMember(
  db: Db,
  by: AuditActor,
  memberId: string,
  options: { handTo: string | null; openStages: readonly string[] },
): Promise<{ id: string; number: number }[]> {
  return db.$transaction(async (tx) => {
    const member = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { name: true, role: true, active: true } });
    if (member.role === 'admin' && member.active && (await activeAdmins(tx, by.workspaceId)) <= 1)
      throw new DomainError('people.last_admin', { name: member.name });
    let moved: { id: string; number: number }[] = [];
    if (options.handTo !== null) {
      const to = await tx.member.findUniqueOrThrow({ where: { id: options.handTo }, select: { id: true, name: true } });
      const teamId = await teamOfMember(tx, by.workspaceId, to.id);
      const deals = await tx.deal.findMany({
        where: { workspaceId: by.workspaceId, ownerId: memberId, stage: { in: [...options.openStages] } },
        select: { id: true, number: true, version: true, teamId: true, amountMinor: true, currency: true },
        orderBy: { number: 'asc' },
      });
      for (const deal of deals) {
        const { count } = await tx.deal.updateMany({
          where: { id: deal.id, version: deal.version },
          data: { ownerId: to.id, teamId, lastActivityAt: by.now, version: { increment: 1 } },
        });
        if (count !== 1) throw new DomainError('deal.changed_concurrently', {});
        await tx.dealEvent.create({
          data: {
            workspaceId: by.workspaceId,
            dealId: deal.id,
            actorId: by.actorId,
            at: by.now,
            type: 'owner_changed',
            amountMinor: deal.amountMinor,
            currency: deal.currency,
            before: { ownerId: memberId, name: member.name, teamId: deal.teamId },
            after: { ownerId: to.id, name: to.name, teamId },
          },
        });
      }
      moved = deals.map((deal) => ({ id: deal.id, number: deal.number }));
    }
    await tx.member.update({ where: { id: memberId }, data: { active: false }, select: { id: true } });
    await writeAudit(tx, by, {
      subjectType: 'member',
      subjectId: memberId,
      action: 'member.deactivated',
      before: { active: true },
      after: { active: false, dealsTo: options.handTo, dealsMoved: moved.map((deal) => deal.number) },
    });
    return moved;
  });
}

export async function reactivateMember(db: Db, by: AuditActor, memberId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.member.update({ where: { id: memberId }, data: { active: true }, select: { id: true } });
    await writeAudit(tx, by, {
      subjectType: 'member',
      subjectId: memberId,
      action: 'member.reactivated',
      before: { active: false },
      after: { active: true },
    });
  });
}

export async function renameWorkspace(db: Db, by: AuditActor, name: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: by.workspaceId }, select: { name: true } });
    await tx.workspace.update({ where: { id: by.workspaceId }, data: { name }, select: { id: true } });
    await writeAudit(tx, by, { subjectType: 'workspace', subjectId: by.workspaceId, action: 'workspace.renamed', before, after: { name } });
  });
}
