import type { CommandContext } from '../../commands/context.js';
import { saveConversationReference, type ConversationKind } from '../../store/conversations.js';
import {
  conversationIdSent,
  identityOf,
  nameTeamsWorkspace,
  teamsContext,
  teamsWorkspace,
  TEAMS,
  type TeamsAccount,
  type TeamsActivity,
  type TeamsDeps,
  type TeamsIdentity,
} from './context.js';
import type { OutgoingActivity } from './render.js';

/** What a member lookup returns (a TeamsChannelAccount). */
export type TeamsMember = {
  id: string;
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
};

/**
 * One incoming activity and the ways to answer it, whatever carries them (the Teams SDK over HTTP,
 * or a test). `reply` posts into the activity's conversation and returns the new message's id.
 */
export type TurnIO = {
  activity: TeamsActivity;
  reply(activity: OutgoingActivity): Promise<string | undefined>;
  update(activityId: string, activity: OutgoingActivity): Promise<void>;
  /** The connector's profile of a member of this conversation (or of its team). */
  member(teamsUserId: string): Promise<TeamsMember>;
  /** Whether anything was posted in reply yet. */
  readonly responded: boolean;
};

/** Where a proactive message reaches a conversation again: stored when DealDesk was last there. */
export type ConversationReference = {
  serviceUrl?: string;
  channelId?: string;
  locale?: string;
  bot?: TeamsAccount;
  user?: TeamsAccount;
  conversation?: TeamsActivity['conversation'];
};

/** What every handler of a turn needs, resolved once before the handler runs. */
export type Turn = {
  identity: TeamsIdentity;
  workspaceId: string;
  /** Absent when the activity has no person behind it (a bot, a system event). */
  ctx?: CommandContext;
};

/**
 * Runs before every handler: reads tenant and sender, provisions workspace and member on first
 * contact (naming the workspace once a name is known; `member` is the connector's lookup), and
 * refreshes the stored conversation reference (so proactive messages can reach this chat later).
 * Activities from a tenant this bot does not serve go no further.
 */
export async function prepareTurn(deps: TeamsDeps, activity: TeamsActivity, member?: TurnIO['member']): Promise<Turn | undefined> {
  const conversationId = conversationIdSent(activity);
  const found = identityOf(activity, deps);
  if ('refused' in found) {
    deps.logger.warn(
      { reason: found.refused, type: activity.type, conversation: conversationId },
      'teams activity ignored: it is not from a tenant this bot serves',
    );
    return undefined;
  }
  const { identity } = found;
  const workspaceId = await teamsWorkspace(deps, identity, activity);
  const known = identity.userId ? await teamsContext(deps, workspaceId, { ...identity, userId: identity.userId }) : undefined;
  // A workspace still called "Teams <tenant id>" is named after its team or its people's email domain.
  const sender = identity.teamsUserId;
  const typed = known
    ? await nameTeamsWorkspace(deps, activity, known, identity.tenantId, () => (member && sender ? member(sender) : Promise.resolve({})))
    : undefined;
  const ctx = typed && conversationId ? { ...typed, conversationId } : typed;
  try {
    await rememberConversation(deps, activity, workspaceId, ctx);
  } catch (error) {
    // The command still runs; only later proactive messages would miss this chat.
    deps.logger.warn({ err: error, workspaceId }, 'teams conversation reference not saved');
  }
  return { identity, workspaceId, ...(ctx ? { ctx } : {}) };
}

export function conversationKindOf(activity: Partial<TeamsActivity>): ConversationKind {
  const type = activity.conversation?.conversationType;
  if (type === 'personal') return 'personal';
  if (type === 'channel' || type === 'groupChat' || activity.conversation?.isGroup) return 'channel';
  return 'personal';
}

/** A channel message's conversation id names its thread (`…;messageid=…`); proactive posts go to the channel. */
export function conversationIdOf(activity: Partial<TeamsActivity>): string {
  const id = activity.conversation?.id ?? '';
  return conversationKindOf(activity) === 'channel' ? id.replace(/;messageid=\d+$/, '') : id;
}

async function rememberConversation(
  deps: TeamsDeps,
  activity: TeamsActivity,
  workspaceId: string,
  ctx: CommandContext | undefined,
): Promise<void> {
  const conversationId = conversationIdOf(activity);
  if (!conversationId || !activity.serviceUrl) return;
  const kind = conversationKindOf(activity);
  // A personal chat is only worth keeping once we know whose it is.
  if (kind === 'personal' && !ctx) return;
  const user = activity.from;
  const reference: ConversationReference = {
    serviceUrl: activity.serviceUrl,
    ...(activity.channelId ? { channelId: activity.channelId } : {}),
    ...(activity.locale ? { locale: activity.locale } : {}),
    ...(activity.recipient ? { bot: activity.recipient } : {}),
    conversation: { ...activity.conversation, id: conversationId },
    ...(kind === 'personal' && user ? { user } : {}),
  };
  const saved = await saveConversationReference(deps.db, {
    workspaceId,
    platform: TEAMS,
    conversationId,
    kind,
    memberId: kind === 'personal' ? (ctx?.actor.id ?? null) : null,
    reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
  });
  if (!saved) deps.logger.warn({ workspaceId, conversationId }, 'teams conversation belongs to another workspace; reference not changed');
}
