import type { Db } from './db.js';
import type { MemberSummary } from './members.js';
import { Prisma as PrismaValues } from './generated/sqlite/client.js';

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

/** A team with its active people, as a team's report lists them. */
export type TeamWithPeople = { team: TeamRecord; people: MemberSummary[] };

/**
 * The teams a person leads or belongs to, each with its people (active or not), in one statement: all a
 * manager's own team report needs, where the teams' heads and then the team's roster were two (#14).
 * Teams by name, people by name, as `listTeamHeads` and `teamRoster` order them.
 */
export async function teamsLedOrJoined(
  db: Db,
  workspaceId: string,
  person: { id: string; teamId: string | null },
): Promise<TeamWithPeople[]> {
  const rows = await db.$queryRaw<RosterRow[]>(PrismaValues.sql`
    SELECT t."id", t."name", t."nameKey", t."region", t."managerId", t."timeZone",
           m."id" AS "memberId", m."name" AS "memberName", m."handle", m."role", m."managerId" AS "memberManagerId", m."active"
    FROM "Team" t LEFT JOIN "Member" m ON m."teamId" = t."id" AND m."workspaceId" = t."workspaceId"
    WHERE t."workspaceId" = ${workspaceId}
      AND (t."managerId" = ${person.id} ${person.teamId === null ? PrismaValues.empty : PrismaValues.sql`OR t."id" = ${person.teamId}`})
    ORDER BY t."name", t."id", m."name"`);
  const teams = new Map<string, TeamWithPeople>();
  for (const row of rows) {
    const { id, name, nameKey, region, managerId, timeZone } = row;
    let entry = teams.get(id);
    if (!entry) {
      entry = { team: { id, name, nameKey, region, managerId, timeZone, memberIds: [], inactiveMemberIds: [] }, people: [] };
      teams.set(id, entry);
    }
    if (row.memberId === null) continue;
    // SQLite returns a boolean column as 0 or 1 to raw SQL, PostgreSQL as a boolean.
    if (!row.active) {
      entry.team.inactiveMemberIds.push(row.memberId);
      continue;
    }
    entry.team.memberIds.push(row.memberId);
    entry.people.push({
      id: row.memberId,
      name: row.memberName ?? '',
      handle: row.handle ?? '',
      role: row.role ?? '',
      teamId: id,
      managerId: row.memberManagerId,
    });
  }
  return [...teams.values()];
}

type RosterRow = TeamHead & {
  memberId: string | null;
  memberName: string | null;
  handle: string | null;
  role: string | null;
  memberManagerId: string | null;
  active: boolean | number | null;
};

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
