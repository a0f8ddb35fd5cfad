import { ensureMentionedMember, handlesByIdentity } from '../../store/members.js';
import { TEAMS, type TeamsDeps } from './context.js';
import type { TurnIO } from './turn.js';
import type { TeamsUserIds } from './user-ids.js';

type Mention = { id: string; tag: string };

/** The people a message mentions (`<at>Name</at>` in its text, an entity each), the bot aside. */
function mentionsOf(io: TurnIO): Mention[] {
  const activity = io.activity;
  const found: Mention[] = [];
  for (const entity of activity.entities ?? []) {
    if (entity.type !== 'mention') continue;
    const mentioned: unknown = entity['mentioned'];
    const id = typeof mentioned === 'object' && mentioned !== null ? (mentioned as { id?: unknown }).id : undefined;
    const tag: unknown = entity['text'];
    if (typeof id === 'string' && id !== activity.recipient?.id && typeof tag === 'string' && tag !== '') found.push({ id, tag });
  }
  return found;
}

/**
 * A message's text with each person it mentions written `@<handle>`: the member with that AAD object id,
 * created now (as a rep, from the connector's member lookup: name and email) when they never used
 * DealDesk, so an admin can set up a whole team by mentioning people. A mention the connector cannot
 * resolve stays as Teams sent it, and the command reads it as `@Name`. People whose AAD object id this
 * process knows (`userIds`: they wrote, or were looked up before) are read in one statement, without
 * the connector.
 */
export async function textWithMentionedHandles(
  deps: Pick<TeamsDeps, 'db' | 'logger'>,
  io: TurnIO,
  where: { workspaceId: string; tenantId: string },
  userIds: TeamsUserIds,
): Promise<string> {
  const sender = io.activity.from;
  if (sender?.id && sender.aadObjectId) userIds.remember(where.tenantId, sender.id, sender.aadObjectId);
  let text = io.activity.text ?? '';
  const mentions = mentionsOf(io);
  const handles = await knownHandles(deps, where, userIds, mentions);
  // One after another: two new people with the same name get distinct handles in a stable order.
  for (const mention of mentions) {
    if (!handles.has(mention.id)) handles.set(mention.id, await mentionedHandle(deps, io, where, userIds, mention.id));
    const handle = handles.get(mention.id);
    // Each entity stands for one occurrence, in order: two people shown with the same name stay apart.
    if (handle !== undefined) text = text.replace(mention.tag, () => `@${handle}`);
  }
  return text;
}

/** The handles of the mentioned people this process knows and the workspace has, by Teams user id. */
async function knownHandles(
  deps: Pick<TeamsDeps, 'db'>,
  where: { workspaceId: string; tenantId: string },
  userIds: TeamsUserIds,
  mentions: readonly Mention[],
): Promise<Map<string, string | undefined>> {
  const aadOf = new Map<string, string>();
  for (const { id } of mentions) {
    const aadObjectId = userIds.aadObjectIdOf(where.tenantId, id);
    if (aadObjectId !== undefined) aadOf.set(id, aadObjectId);
  }
  const byAad = await handlesByIdentity(deps.db, where.workspaceId, { platform: TEAMS, externalTenantId: where.tenantId }, [
    ...new Set(aadOf.values()),
  ]);
  const handles = new Map<string, string | undefined>();
  for (const [id, aadObjectId] of aadOf) {
    const handle = byAad.get(aadObjectId);
    if (handle !== undefined) handles.set(id, handle);
  }
  return handles;
}

async function mentionedHandle(
  deps: Pick<TeamsDeps, 'db' | 'logger'>,
  io: TurnIO,
  where: { workspaceId: string; tenantId: string },
  userIds: TeamsUserIds,
  teamsUserId: string,
): Promise<string | undefined> {
  let profile;
  try {
    profile = await io.member(teamsUserId);
  } catch (error) {
    deps.logger.warn({ err: error, workspaceId: where.workspaceId }, 'teams mention not resolved: the connector does not know the member');
    return undefined;
  }
  if (!profile.aadObjectId) return undefined;
  userIds.remember(where.tenantId, teamsUserId, profile.aadObjectId);
  const name = profile.name || profile.givenName || profile.userPrincipalName || teamsUserId;
  const member = await ensureMentionedMember(
    deps.db,
    where.workspaceId,
    { platform: TEAMS, externalTenantId: where.tenantId, externalUserId: profile.aadObjectId },
    () => Promise.resolve({ name, handle: name, email: profile.email ?? null }),
  );
  return member.handle;
}
