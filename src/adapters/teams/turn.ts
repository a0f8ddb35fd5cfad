import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { CommandContext } from '../../commands/context.js';
import { saveConversationReference, type ConversationKind } from '../../store/conversations.js';
import { conversationIdSent, identityOf, teamsContext, teamsWorkspace, TEAMS, type TeamsDeps, type TeamsIdentity } from './context.js';

/** What every handler of a turn needs, resolved once before the handler runs. */
export type Turn = {
  identity: TeamsIdentity;
  workspaceId: string;
  /** Absent when the activity has no person behind it (a bot, a system event). */
  ctx?: CommandContext;
};

const TURN = Symbol('dealdesk.teams.turn');

export function turnOf(context: TurnContext): Turn | undefined {
  return context.turnState.get<Turn | undefined>(TURN);
}

/**
 * Runs before every handler: reads tenant and sender, provisions workspace and member on first
 * contact, and refreshes the stored conversation reference (so proactive messages can reach this
 * chat later). Activities from a tenant this bot does not serve go no further.
 */
export async function prepareTurn(deps: TeamsDeps, context: TurnContext): Promise<boolean> {
  const activity = context.activity;
  const conversationId = conversationIdSent(activity);
  const found = identityOf(activity, deps);
  if ('refused' in found) {
    deps.logger.warn(
      { reason: found.refused, type: activity.type, conversation: conversationId },
      'teams activity ignored: it is not from a tenant this bot serves',
    );
    return false;
  }
  const { identity } = found;
  const workspaceId = await teamsWorkspace(deps, identity);
  const typed = identity.userId ? await teamsContext(deps, workspaceId, { ...identity, userId: identity.userId }) : undefined;
  const ctx = typed && conversationId ? { ...typed, conversationId } : typed;
  context.turnState.set(TURN, { identity, workspaceId, ...(ctx ? { ctx } : {}) } satisfies Turn);
  try {
    await rememberConversation(deps, activity, workspaceId, ctx);
  } catch (error) {
    // The command still runs; only later proactive messages would miss this chat.
    deps.logger.warn({ err: error, workspaceId }, 'teams conversation reference not saved');
  }
  return true;
}

export function conversationKindOf(activity: Partial<Activity>): ConversationKind {
  const type = activity.conversation?.conversationType;
  if (type === 'personal') return 'personal';
  if (type === 'channel' || type === 'groupChat' || activity.conversation?.isGroup) return 'channel';
  return 'personal';
}

/** A channel message's conversation id names its thread (`…;messageid=…`); proactive posts go to the channel. */
export function conversationIdOf(activity: Partial<Activity>): string {
  const id = activity.conversation?.id ?? '';
  return conversationKindOf(activity) === 'channel' ? id.replace(/;messageid=\d+$/, '') : id;
}

async function rememberConversation(
  deps: TeamsDeps,
  activity: Activity,
  workspaceId: string,
  ctx: CommandContext | undefined,
): Promise<void> {
  const conversationId = conversationIdOf(activity);
  if (!conversationId || !activity.serviceUrl) return;
  const kind = conversationKindOf(activity);
  // A personal chat is only worth keeping once we know whose it is.
  if (kind === 'personal' && !ctx) return;
  const { activityId: _reply, user, ...rest } = TurnContext.getConversationReference(activity);
  const reference: Partial<ConversationReference> = {
    ...rest,
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
