import type { ConversationReference, TurnContext } from 'botbuilder';
import type { Db } from '../../store/db.js';
import { findConversationReference } from '../../store/conversations.js';
import type { AdaptiveCard } from '../../views/render/adaptive-card.js';
import { TEAMS } from './context.js';
import { cardActivity } from './render.js';

/** The Bot Framework adapter and app id that may start a turn outside of a request (CloudAdapter, TeamsAdapter). */
export type ProactiveSender = {
  adapter: {
    continueConversationAsync(
      botAppId: string,
      reference: Partial<ConversationReference>,
      logic: (context: TurnContext) => Promise<void>,
    ): Promise<void>;
  };
  /** Empty in anonymous local development. */
  appId: string;
};

export type ProactiveTarget = { workspaceId: string } & ({ memberId: string } | { conversationId: string });
export type Sent = { conversationId: string; activityId: string | undefined };

/**
 * Posts a card to a member's personal chat or to a conversation (a team channel) of a workspace,
 * through the conversation reference stored when the bot was installed or last heard from there.
 * Returns null when DealDesk has never been in that conversation (Teams allows no cold messages).
 */
export async function sendProactive(sender: ProactiveSender, db: Db, target: ProactiveTarget, card: AdaptiveCard): Promise<Sent | null> {
  const saved = await findConversationReference(db, { ...target, platform: TEAMS });
  if (!saved) return null;
  let activityId: string | undefined;
  await sender.adapter.continueConversationAsync(sender.appId, saved.reference, async (context) => {
    activityId = (await context.sendActivity(cardActivity(card)))?.id;
  });
  return { conversationId: saved.conversationId, activityId };
}

/** Replaces a card posted earlier (`conversationId` may name a channel thread), e.g. after a decision. */
export async function updateProactive(
  sender: ProactiveSender,
  db: Db,
  target: { workspaceId: string; conversationId: string; activityId: string },
  card: AdaptiveCard,
): Promise<boolean> {
  const root = target.conversationId.replace(/;messageid=\d+$/, '');
  const saved = await findConversationReference(db, { workspaceId: target.workspaceId, platform: TEAMS, conversationId: root });
  if (!saved) return false;
  const reference = saved.reference as Partial<ConversationReference>;
  const conversation = { ...(reference.conversation ?? {}), id: target.conversationId } as ConversationReference['conversation'];
  await sender.adapter.continueConversationAsync(sender.appId, { ...reference, conversation }, async (context) => {
    await context.updateActivity({ ...cardActivity(card), id: target.activityId, conversation });
  });
  return true;
}
