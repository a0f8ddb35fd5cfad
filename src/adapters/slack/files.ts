import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;

/** Slack's answers when the bot cannot post in the conversation a command came from. */
const NOT_THERE = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'restricted_action', 'access_denied']);

/**
 * Uploads a file with Slack's external upload flow (files.getUploadURLExternal, the bytes POSTed to
 * the URL it returns, files.completeUploadExternal), which `filesUploadV2` runs. It is shared in the
 * conversation the command came from; where there is none, or the bot may not post there (a DM between
 * two other people, a private channel it is not in), in the person's DM with DealDesk instead.
 */
export async function uploadFile(
  client: WebClient,
  target: { channelId?: string; slackUserId: string },
  file: { name: string; content: Uint8Array },
): Promise<{ channelId: string }> {
  const upload = (channelId: string) =>
    client.filesUploadV2({ channel_id: channelId, file: Buffer.from(file.content), filename: file.name, title: file.name });
  if (target.channelId) {
    try {
      await upload(target.channelId);
      return { channelId: target.channelId };
    } catch (error) {
      if (!NOT_THERE.has(slackErrorOf(error))) throw error;
    }
  }
  const opened = await client.conversations.open({ users: target.slackUserId });
  const dm = opened.channel?.id;
  if (!dm) throw new Error('conversations.open returned no channel');
  await upload(dm);
  return { channelId: dm };
}

/** The `error` of a Slack Web API platform error (`not_in_channel`), or '' for anything else. */
function slackErrorOf(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('data' in error)) return '';
  const data: unknown = error.data;
  return typeof data === 'object' && data !== null && 'error' in data && typeof data.error === 'string' ? data.error : '';
}
