import type { Client as ApiClient } from '@microsoft/teams.api';
import type { Db } from '../../store/db.js';
import { findConversationReference } from '../../store/conversations.js';
import type { AdaptiveCard } from '../../views/render/adaptive-card.js';
import { TEAMS } from './context.js';
import { cardActivity, type OutgoingActivity } from './render.js';
import { connectorAt } from './connector.js';
import type { ConversationReference } from './turn.js';

/** What may post outside of a request: the Teams app's API client, with its token for the connector. */
export type ProactiveSender = { api: Pick<ApiClient, 'clone'> };

export type ProactiveTarget = { workspaceId: string } & ({ memberId: string } | { conversationId: string });
export type Sent = { conversationId: string; activityId: string | undefined };

/**
 * Posts an activity to a member's personal chat or a conversation (a team channel; a `conversationId`
 * with `;messageid=` posts in that thread) of a workspace, through the conversation reference stored
 * when the bot was installed or last heard from there. Returns null when DealDesk has never been in
 * that conversation (Teams allows no cold messages).
 */
export async function sendActivityProactive(
  sender: ProactiveSender,
  db: Db,
  target: ProactiveTarget,
  activity: OutgoingActivity,
): Promise<Sent | null> {
  const lookup = 'conversationId' in target ? { ...target, conversationId: target.conversationId.replace(/;messageid=\d+$/, '') } : target;
  const saved = await findConversationReference(db, { ...lookup, platform: TEAMS });
  if (!saved) return null;
  const reference = saved.reference as ConversationReference;
  if (!reference.serviceUrl) return null;
  const conversationId = 'conversationId' in target ? target.conversationId : saved.conversationId;
  const conversation = { ...(reference.conversation ?? {}), id: conversationId };
  const activityId = await connectorAt(sender.api, reference.serviceUrl).post(conversation, activity, {
    ...(reference.bot ? { from: reference.bot } : {}),
  });
  return { conversationId, activityId };
}

/** Posts a card to a member's personal chat or to a conversation of a workspace. */
export async function sendProactive(sender: ProactiveSender, db: Db, target: ProactiveTarget, card: AdaptiveCard): Promise<Sent | null> {
  return sendActivityProactive(sender, db, target, cardActivity(card));
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
  const serviceUrl = (saved?.reference as ConversationReference | undefined)?.serviceUrl;
  if (!saved || !serviceUrl) return false;
  await connectorAt(sender.api, serviceUrl).update(target.conversationId, target.activityId, cardActivity(card));
  return true;
}
