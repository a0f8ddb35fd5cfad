import type { Db } from './db.js';

export type TeamRecord = {
  id: string;
  name: string;
  nameKey: string;
  region: string | null;
  managerId: string | null;
  timeZone: string | null;
  /** Its active people. */
  memberIds: string[];
  /** Its deactivated people: their quotas and history still belong to the team. */
  inactiveMemberIds: string[];
};

/** A team without its people: what finding a team by name, or the one someone manages, needs. */
export type TeamHead = Omit<TeamRecord, 'memberIds' | 'inactiveMemberIds'>;

/** A team's own columns: its head. */
const headSelect = { id: true, name: true, nameKey: true, region: true, managerId: true, timeZone: true } as const;

/** The workspace's teams by name, without their people (one statement over the teams alone). */
export async function listTeamHeads(db: Db, workspaceId: string): Promise<TeamHead[]> {
  return db.team.findMany({ where: { workspaceId }, select: headSelect, orderBy: { name: 'asc' } });
}

export async function listTeams(db: Db, workspaceId: string): Promise<TeamRecord[]> {
  const rows = await db.team.findMany({
    where: { workspaceId },
    select: { ...headSelect, members: { select: { id: true, active: true } } },
    orderBy: { name: 'asc' },
  });
  return rows.map(({ members, ...team }) => ({
    ...team,
    memberIds: members.filter((m) => m.active).map((m) => m.id),
    inactiveMemberIds: members.filter((m) => !m.active).map((m) => m.id),
  }));
}

export type Seller = { id: string; name: string; active: boolean };

/** People by id whether active or not: who sold a team's deals, including those deactivated since. */
export async function sellersByIds(db: Db, workspaceId: string, ids: readonly string[]): Promise<Seller[]> {
  if (ids.length === 0) return [];
  return db.member.findMany({
    where: { workspaceId, id: { in: [...ids] } },
    select: { id: true, name: true, active: true },
    orderBy: { name: 'asc' },
  });
}

/** Where a team's digest copy goes, e.g. `slack:C123`; null when only its manager gets it. */
export async function teamDigestTarget(db: Db, workspaceId: string, teamId: string): Promise<string | null> {
  const team = await db.team.findFirst({ where: { id: teamId, workspaceId }, select: { digestTarget: true } });
  return team?.digestTarget ?? null;
}

export async function updateTeamDigest(
  db: Db,
  teamId: string,
  patch: { digestTime?: string | null; digestTarget?: string | null },
): Promise<void> {
  await db.team.update({ where: { id: teamId }, data: patch, select: { id: true } });
}
