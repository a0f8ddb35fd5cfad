import type { ActivityParams, Client as ApiClient } from '@microsoft/teams.api';
import type { TeamsAccount, TeamsActivity } from './context.js';
import type { OutgoingActivity } from './render.js';
import type { TeamsMember } from './turn.js';

/** The Bot Framework connector of one service URL (a region of Teams), as DealDesk uses it. */
export type Connector = {
  /** Posts a message into a conversation (as a reply to `replyToId` when given); the new message's id. */
  post(
    conversation: NonNullable<TeamsActivity['conversation']>,
    activity: OutgoingActivity,
    options?: { from?: TeamsAccount; replyToId?: string },
  ): Promise<string | undefined>;
  update(conversationId: string, activityId: string, activity: OutgoingActivity): Promise<void>;
  member(conversationId: string, teamsUserId: string): Promise<TeamsMember>;
};

/**
 * The app's API client (its token for the connector included) scoped to one service URL. The SDK puts
 * ids into its paths as given; they hold `:`, `@` and `;`, so they are escaped here, as Bot Framework
 * clients always did.
 */
export function connectorAt(api: Pick<ApiClient, 'clone'>, serviceUrl: string): Connector {
  const client = api.clone({ serviceUrl });
  const at = encodeURIComponent;
  return {
    async post(conversation, activity, options = {}) {
      // The SDK sends what it is given; the connector wants the conversation and the sender in the body too.
      const params = { ...activity, conversation, ...(options.from ? { from: options.from } : {}) } as ActivityParams;
      const sent = options.replyToId
        ? await client.conversations.replyToActivity(at(conversation.id), options.replyToId, params)
        : await client.conversations.createActivity(at(conversation.id), params);
      return sent.id;
    },
    async update(conversationId, activityId, activity) {
      await client.conversations.updateActivity(at(conversationId), at(activityId), { ...activity, id: activityId } as ActivityParams);
    },
    member: (conversationId, teamsUserId) => client.conversations.getMemberById(at(conversationId), at(teamsUserId)),
  };
}
