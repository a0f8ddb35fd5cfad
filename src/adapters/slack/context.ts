import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;
import type { Db } from '../../store/db.js';
import type { WorkLimit } from '../work-limit.js';
import type { CommandContext } from '../../commands/context.js';
import { ensureChatWorkspace, loadWorkspaceContext } from '../../store/workspaces.js';
import { ensureChatMember, loadActor } from '../../store/members.js';
import { slackProfile } from './mentions.js';
import { channelTargetOn } from '../channel-target.js';

/** `workLimit` caps the work done after an acknowledgement, never the acknowledgement itself. */
export type SlackDeps = { db: Db; clock: () => Date; workLimit: WorkLimit };
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
  const workspaceId = await ensureChatWorkspace(deps.db, SLACK, ids.teamId, async () => {
    const info = await client.team.info({ team: ids.teamId }).catch(() => undefined);
    return { name: info?.team?.name ?? `Slack ${ids.teamId}` };
  });
  const memberId = await ensureChatMember(
    deps.db,
    workspaceId,
    { platform: SLACK, externalTenantId: ids.teamId, externalUserId: ids.userId },
    () => slackProfile(client, ids.userId),
  );
  const workspace = await loadWorkspaceContext(deps.db, workspaceId);
  if (!workspace) throw new Error(`Workspace ${workspaceId} vanished`);
  const actor = await loadActor(deps.db, workspace, memberId);
  if (!actor) throw new Error(`Member ${memberId} is not active`);
  return {
    db: deps.db,
    workspace,
    actor,
    now: deps.clock(),
    platform: SLACK,
    channelTarget: slackChannelTarget,
    ...(ids.channelId ? { conversationId: ids.channelId } : {}),
  };
}
