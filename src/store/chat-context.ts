import type { Db } from './db.js';
import type { ActorContext, WorkspaceContext } from '../domain/workspace-context.js';
import { isRole } from '../domain/roles.js';
import { normalizeLocale } from '../i18n/locale.js';
import { workspaceContextAsOf } from './workspaces.js';

export type ChatIdentity = { platform: string; externalTenantId: string; externalUserId: string };

/**
 * The person behind a chat identity: `unknown` on first contact (no identity, or no installation of its
 * tenant yet), `inactive` for a deactivated member, else the workspace and the actor a command runs as.
 */
export type ChatContext =
  { kind: 'unknown' } | { kind: 'inactive'; memberId: string } | { kind: 'active'; workspace: WorkspaceContext; actor: ActorContext };

type Row = {
  workspaceId: string;
  workspaceUpdatedAt: unknown;
  installedWorkspaceId: string | null;
  id: string;
  name: string;
  handle: string;
  role: string;
  teamId: string | null;
  managerId: string | null;
  timeZone: string | null;
  locale: string | null;
  active: unknown;
  teamTimeZone: string | null;
  managedTeamId: string | null;
};

/** SQLite hands back booleans as 0/1 (number or bigint), PostgreSQL as booleans. */
function isTrue(value: unknown): boolean {
  return value === true || value === 1 || value === 1n;
}

/**
 * Who is acting, in one statement per request (#14: the adapters used to spend seven, and a server load
 * test counted 7,026 member lookups for 350 commands). One join reads the identity, its member, the
 * member's team time zone, the teams they manage (one row each) and the workspace's `updatedAt`, which
 * says whether the cached workspace settings are still current (see `workspaceContextAsOf`).
 * `expectedWorkspaceId`, when the caller resolved the tenant already, must match the identity's.
 */
export async function loadChatContext(db: Db, identity: ChatIdentity, expectedWorkspaceId?: string): Promise<ChatContext> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT i."workspaceId" AS "workspaceId", w."updatedAt" AS "workspaceUpdatedAt", ci."workspaceId" AS "installedWorkspaceId",
      m."id" AS "id", m."name" AS "name", m."handle" AS "handle", m."role" AS "role", m."teamId" AS "teamId",
      m."managerId" AS "managerId", m."timeZone" AS "timeZone", m."locale" AS "locale", m."active" AS "active",
      t."timeZone" AS "teamTimeZone", mt."id" AS "managedTeamId"
    FROM "PlatformIdentity" i
    JOIN "Member" m ON m."id" = i."memberId"
    JOIN "Workspace" w ON w."id" = i."workspaceId"
    LEFT JOIN "ChatInstallation" ci ON ci."platform" = i."platform" AND ci."externalTenantId" = i."externalTenantId"
    LEFT JOIN "Team" t ON t."id" = m."teamId"
    LEFT JOIN "Team" mt ON mt."managerId" = m."id"
    WHERE i."platform" = ${identity.platform} AND i."externalTenantId" = ${identity.externalTenantId}
      AND i."externalUserId" = ${identity.externalUserId}`;
  const [member] = rows;
  // No installation yet (a tenant's very first request): the slow path creates it.
  if (!member?.installedWorkspaceId) return { kind: 'unknown' };
  if (
    member.installedWorkspaceId !== member.workspaceId ||
    (expectedWorkspaceId !== undefined && expectedWorkspaceId !== member.workspaceId)
  )
    throw new Error('Chat identity belongs to another workspace');
  if (!isTrue(member.active)) return { kind: 'inactive', memberId: member.id };
  const workspace = await workspaceContextAsOf(db, member.workspaceId, member.workspaceUpdatedAt);
  if (!workspace) return { kind: 'unknown' };
  const managed = rows.flatMap((row) => (row.managedTeamId ? [row.managedTeamId] : []));
  const teamIds = [...new Set([...(member.teamId ? [member.teamId] : []), ...managed])];
  return {
    kind: 'active',
    workspace,
    actor: {
      id: member.id,
      name: member.name,
      handle: member.handle,
      role: isRole(member.role) ? member.role : 'rep',
      teamId: member.teamId,
      managerId: member.managerId,
      teamIds,
      timeZone: member.timeZone ?? member.teamTimeZone ?? workspace.timeZone,
      locale: normalizeLocale(member.locale) ?? workspace.locale,
    },
  };
}
