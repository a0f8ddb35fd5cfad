import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;

/**
 * Uploads a file with Slack's external upload flow (files.getUploadURLExternal, the bytes POSTed to
 * the URL it returns, files.completeUploadExternal), which `filesUploadV2` runs, into the person's
 * DM with DealDesk. Never into the channel the command was typed in: the answer there is private to
 * the person, and an export holds what they may see, not what everyone in the channel may.
 */
export async function uploadFile(
  client: WebClient,
  slackUserId: string,
  file: { name: string; content: Uint8Array },
): Promise<{ channelId: string }> {
  const opened = await client.conversations.open({ users: slackUserId });
  const dm = opened.channel?.id;
  if (!dm) throw new Error('conversations.open returned no channel');
  await client.filesUploadV2({ channel_id: dm, file: Buffer.from(file.content), filename: file.name, title: file.name });
  return { channelId: dm };
}
