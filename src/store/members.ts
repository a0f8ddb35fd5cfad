import type { Db } from './db.js';
import type { ActorContext } from '../domain/workspace-context.js';
import { isRole } from '../domain/roles.js';
import { normalizeLocale, type Locale } from '../i18n/locale.js';
import { dateToUtcMidnight, type CalendarDate } from '../domain/calendar.js';

const memberSelect = {
  id: true,
  name: true,
  handle: true,
  role: true,
  teamId: true,
  managerId: true,
  timeZone: true,
  locale: true,
  team: { select: { timeZone: true } },
  managedTeams: { select: { id: true } },
} as const;

/** A member as an acting principal, with time zone and language resolved member → team → workspace. */
export async function loadActor(
  db: Db,
  workspace: { id: string; timeZone: string; locale: Locale },
  memberId: string,
): Promise<ActorContext | null> {
  const member = await db.member.findFirst({ where: { id: memberId, workspaceId: workspace.id, active: true }, select: memberSelect });
  if (!member) return null;
  const teamIds = [...new Set([...(member.teamId ? [member.teamId] : []), ...member.managedTeams.map((team) => team.id)])];
  return {
    id: member.id,
    name: member.name,
    handle: member.handle,
    role: isRole(member.role) ? member.role : 'rep',
    teamId: member.teamId,
    managerId: member.managerId,
    teamIds,
    timeZone: member.timeZone ?? member.team?.timeZone ?? workspace.timeZone,
    locale: normalizeLocale(member.locale) ?? workspace.locale,
  };
}

export type MemberSummary = { id: string; name: string; handle: string; role: string; teamId: string | null; managerId: string | null };

const summarySelect = { id: true, name: true, handle: true, role: true, teamId: true, managerId: true } as const;

export async function listMembers(db: Db, workspaceId: string): Promise<MemberSummary[]> {
  return db.member.findMany({ where: { workspaceId, active: true }, select: summarySelect, orderBy: { name: 'asc' } });
}

/**
 * Names of people by id, active or not: who an import's owner change names (it records ids only), who
 * approves a discount, without reading everyone else.
 */
export async function memberNames(db: Db, workspaceId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.member.findMany({ where: { workspaceId, id: { in: [...ids] } }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * Everyone in a team, by name, active or not (a deactivated person's quotas and history still belong to
 * the team): a team's report without reading the workspace's other people.
 */
export async function teamRoster(db: Db, workspaceId: string, teamId: string): Promise<(MemberSummary & { active: boolean })[]> {
  return db.member.findMany({ where: { workspaceId, teamId }, select: { ...summarySelect, active: true }, orderBy: { name: 'asc' } });
}

export async function findMemberByIdentity(
  db: Db,
  platform: string,
  externalTenantId: string,
  externalUserId: string,
): Promise<{ memberId: string; workspaceId: string } | null> {
  return db.platformIdentity.findUnique({
    where: { platform_externalTenantId_externalUserId: { platform, externalTenantId, externalUserId } },
    select: { memberId: true, workspaceId: true },
  });
}

export async function setMemberLocale(db: Db, memberId: string, locale: Locale): Promise<void> {
  await db.member.update({ where: { id: memberId }, data: { locale }, select: { id: true } });
}

export type NewMember = {
  name: string;
  handle: string;
  role?: string;
  timeZone?: string | null;
  locale?: string | null;
  email?: string | null;
  teamId?: string | null;
  managerId?: string | null;
};

/** Creates a member with a handle unique in the workspace (a suffix is added on collision). */
export async function createMember(
  db: Db,
  workspaceId: string,
  input: NewMember,
  identity?: { platform: string; externalTenantId: string; externalUserId: string },
): Promise<string> {
  const base =
    input.handle
      .toLowerCase()
      .replace(/[^\p{L}\p{N}._-]+/gu, '.')
      .replace(/^\.+|\.+$/g, '') || 'member';
  const taken = new Set(
    (await db.member.findMany({ where: { workspaceId, handle: { startsWith: base } }, select: { handle: true } })).map((m) => m.handle),
  );
  let handle = base;
  for (let n = 2; taken.has(handle); n++) handle = `${base}${n}`;
  const member = await db.member.create({
    data: {
      workspaceId,
      name: input.name,
      handle,
      role: input.role ?? 'rep',
      timeZone: input.timeZone ?? null,
      locale: input.locale ?? null,
      email: input.email ?? null,
      teamId: input.teamId ?? null,
      managerId: input.managerId ?? null,
      ...(identity ? { identities: { create: { workspaceId, ...identity } } } : {}),
    },
    select: { id: true },
  });
  return member.id;
}

export type ChatProfile = { name: string; handle: string; timeZone?: string | null; locale?: string | null; email?: string | null };

/**
 * The member behind a chat user, created on first contact. The first person of a workspace becomes
 * its admin, so a fresh install always has someone who can change settings.
 */
export async function ensureChatMember(
  db: Db,
  workspaceId: string,
  identity: { platform: string; externalTenantId: string; externalUserId: string },
  profile: () => Promise<ChatProfile>,
): Promise<string> {
  const known = await findMemberByIdentity(db, identity.platform, identity.externalTenantId, identity.externalUserId);
  if (known) {
    if (known.workspaceId !== workspaceId) throw new Error('Chat identity belongs to another workspace');
    return known.memberId;
  }
  const details = await profile();
  const isFirst = (await db.member.count({ where: { workspaceId } })) === 0;
  try {
    return await createMember(db, workspaceId, { ...details, role: isFirst ? 'admin' : 'rep' }, identity);
  } catch (error) {
    // Two first requests of the same person raced; the other one created the member.
    const raced = await findMemberByIdentity(db, identity.platform, identity.externalTenantId, identity.externalUserId);
    if (raced) return raced.memberId;
    throw error;
  }
}

/**
 * The member behind a chat user someone else mentioned (`@zoe` typed by an admin before Zoe ever used
 * DealDesk), created as a rep from the platform's profile. Unlike `ensureChatMember` a mention never
 * makes an admin: only the person who acts first in a new workspace becomes one.
 */
export async function ensureMentionedMember(
  db: Db,
  workspaceId: string,
  identity: { platform: string; externalTenantId: string; externalUserId: string },
  profile: () => Promise<ChatProfile>,
): Promise<{ id: string; handle: string }> {
  const handleOf = async (memberId: string) => db.member.findUniqueOrThrow({ where: { id: memberId }, select: { id: true, handle: true } });
  const known = await findMemberByIdentity(db, identity.platform, identity.externalTenantId, identity.externalUserId);
  if (known) {
    if (known.workspaceId !== workspaceId) throw new Error('Chat identity belongs to another workspace');
    return handleOf(known.memberId);
  }
  const details = await profile();
  try {
    return await handleOf(await createMember(db, workspaceId, { ...details, role: 'rep' }, identity));
  } catch (error) {
    // The same person was mentioned (or wrote) twice at once; the other request created the member.
    const raced = await findMemberByIdentity(db, identity.platform, identity.externalTenantId, identity.externalUserId);
    if (raced) return handleOf(raced.memberId);
    throw error;
  }
}

/**
 * The handles of the workspace's members behind these chat user ids, by user id, in one read whatever
 * their number (#14: a command mentioning many people read two statements per mention). Users with no
 * member here are left out.
 */
export async function handlesByIdentity(
  db: Db,
  workspaceId: string,
  where: { platform: string; externalTenantId: string },
  externalUserIds: readonly string[],
): Promise<Map<string, string>> {
  if (externalUserIds.length === 0) return new Map();
  const rows = await db.platformIdentity.findMany({
    where: { workspaceId, ...where, externalUserId: { in: [...externalUserIds] } },
    select: { externalUserId: true, member: { select: { handle: true } } },
  });
  return new Map(rows.map((row) => [row.externalUserId, row.member.handle]));
}

/** The chat user ids of members on one platform (for direct messages). */
export async function externalUserIds(
  db: Db,
  workspaceId: string,
  platform: string,
  memberIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await db.platformIdentity.findMany({
    where: { workspaceId, platform, memberId: { in: [...memberIds] } },
    select: { memberId: true, externalUserId: true },
  });
  return new Map(rows.map((row) => [row.memberId, row.externalUserId]));
}

/** The language a message to a member (or, without one, to a workspace's channel) is written in. */
export async function recipientLocale(db: Db, workspaceId: string, memberId?: string): Promise<Locale> {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { locale: true } });
  const member = memberId ? await db.member.findFirst({ where: { id: memberId, workspaceId }, select: { locale: true } }) : null;
  return normalizeLocale(member?.locale) ?? normalizeLocale(workspace.locale) ?? 'en';
}

/** A member's own digest preferences: opting out, and a local time overriding the team's. */
export async function setDigestPreference(
  db: Db,
  memberId: string,
  patch: { digestOptOut?: boolean; digestTime?: string | null },
): Promise<void> {
  await db.member.update({ where: { id: memberId }, data: patch, select: { id: true } });
}

export type OrgMember = { id: string; managerId: string | null; role: string };

/** Who reports to whom, and who is an admin: what approval routing and escalation need. */
export async function orgMembers(db: Db, workspaceId: string): Promise<OrgMember[]> {
  return db.member.findMany({ where: { workspaceId, active: true }, select: { id: true, managerId: true, role: true } });
}

/** Active reps with no quota of their own whose dates include `day` (a calendar date): what first-run setup lists. */
export async function repsWithoutQuotaOn(db: Db, workspaceId: string, day: CalendarDate): Promise<MemberSummary[]> {
  const at = dateToUtcMidnight(day);
  return db.member.findMany({
    where: {
      workspaceId,
      active: true,
      role: 'rep',
      NOT: { quotas: { some: { periodStart: { lte: at }, periodEnd: { gte: at } } } },
    },
    select: summarySelect,
    orderBy: { name: 'asc' },
  });
}
