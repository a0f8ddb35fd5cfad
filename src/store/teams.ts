import type { Db } from './db.js';

export type TeamRecord = { id: string; name: string; nameKey: string; region: string | null; managerId: string | null; timeZone: string | null; memberIds: string[] };

export async function listTeams(db: Db, workspaceId: string): Promise<TeamRecord[]> {
  const rows = await db.team.findMany({
    where: { workspaceId },
    select: { id: true, name: true, nameKey: true, region: true, managerId: true, timeZone: true, members: { where: { active: true }, select: { id: true } } },
    orderBy: { name: 'asc' },
  });
  return rows.map(({ members, ...team }) => ({ ...team, memberIds: members.map((m) => m.id) }));
}
