import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;
import type { Db } from '../../store/db.js';
import type { WorkLimit } from '../work-limit.js';
import type { DurableRequests } from '../durable-requests.js';
import type { Logger } from '../../logger.js';
import type { CommandContext } from '../../commands/context.js';
import { ensureChatWorkspace } from '../../store/workspaces.js';
import { ensureChatMember } from '../../store/members.js';
import { loadChatContext } from '../../store/chat-context.js';
import { slackProfile } from './mentions.js';
import { channelTargetOn } from '../channel-target.js';

/**
 * `workLimit` caps the work done after an acknowledgement, never the acknowledgement itself;
 * `requests` records each request before it is acknowledged (#13).
 */
export type SlackDeps = { db: Db; clock: () => Date; workLimit: WorkLimit; requests: DurableRequests; logger: Logger };
export type SlackIds = { teamId: string; userId: string; channelId?: string };

export const SLACK = 'slack';

/** `#sales`, `C0123` or a channel mention, which Slack sends as `<#C0123|sales>`: the channel id is what posts. */
export const slackChannelTarget = channelTargetOn(SLACK, (typed) => typed.replace(/^<#([A-Z0-9]+)(\|[^>]*)?>$/, '$1'));

/**
 * Who is acting: the Slack team is a DealDesk workspace and the Slack user a member of it, both
 * created on first use (name, time zone and locale from `users.info`). Every query that follows is
 * scoped to that workspace, so one team never sees another's data.
 */
export async function slackContext(deps: SlackDeps, client: WebClient, ids: SlackIds): Promise<CommandContext> {
  const identity = { platform: SLACK, externalTenantId: ids.teamId, externalUserId: ids.userId };
  // A known person costs one statement; the first contact of a team or a person creates them first.
  let known = await loadChatContext(deps.db, identity);
  if (known.kind === 'unknown') {
    const workspaceId = await ensureChatWorkspace(deps.db, SLACK, ids.teamId, async () => {
      const info = await client.team.info({ team: ids.teamId }).catch(() => undefined);
      // team.info needs the team:read scope, which an app installed before it was added lacks;
      // auth.test needs none and names the team of the token.
      const name = info?.team?.name ?? (await client.auth.test().catch(() => undefined))?.team;
      return { name: name?.trim() || `Slack ${ids.teamId}` };
    });
    await ensureChatMember(deps.db, workspaceId, identity, () => slackProfile(client, ids.userId));
    known = await loadChatContext(deps.db, identity, workspaceId);
  }
  if (known.kind === 'unknown') throw new Error(`Slack user ${ids.userId} of ${ids.teamId} vanished`);
  if (known.kind === 'inactive') throw new Error(`Member ${known.memberId} is not active`);
  return {
    db: deps.db,
    workspace: known.workspace,
    actor: known.actor,
    now: deps.clock(),
    platform: SLACK,
    channelTarget: slackChannelTarget,
    ...(ids.channelId ? { conversationId: ids.channelId } : {}),
  };
}
