import { ensureMentionedMember } from '../../store/members.js';
import { TEAMS, type TeamsDeps } from './context.js';
import type { TurnIO } from './turn.js';

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
 * resolve stays as Teams sent it, and the command reads it as `@Name`.
 */
export async function textWithMentionedHandles(
  deps: Pick<TeamsDeps, 'db' | 'logger'>,
  io: TurnIO,
  where: { workspaceId: string; tenantId: string },
): Promise<string> {
  let text = io.activity.text ?? '';
  const handles = new Map<string, string | undefined>();
  // One after another: two new people with the same name get distinct handles in a stable order.
  for (const mention of mentionsOf(io)) {
    if (!handles.has(mention.id)) handles.set(mention.id, await mentionedHandle(deps, io, where, mention.id));
    const handle = handles.get(mention.id);
    // Each entity stands for one occurrence, in order: two people shown with the same name stay apart.
    if (handle !== undefined) text = text.replace(mention.tag, () => `@${handle}`);
  }
  return text;
}

async function mentionedHandle(
  deps: Pick<TeamsDeps, 'db' | 'logger'>,
  io: TurnIO,
  where: { workspaceId: string; tenantId: string },
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
  const name = profile.name || profile.givenName || profile.userPrincipalName || teamsUserId;
  const member = await ensureMentionedMember(
    deps.db,
    where.workspaceId,
    { platform: TEAMS, externalTenantId: where.tenantId, externalUserId: profile.aadObjectId },
    () => Promise.resolve({ name, handle: name, email: profile.email ?? null }),
  );
  return member.handle;
}
