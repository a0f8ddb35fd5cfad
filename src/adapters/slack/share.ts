/**
 * "Share to channel" on Slack (#16 point 4). Slash commands and the buttons on their answers answer
 * privately (ephemeral, through the response_url); asked in a channel, such an answer carries a Share
 * to channel button. Pressing it is recorded like any press (listeners/actions.ts), its command runs
 * again as the presser (commands/share.ts), and the answer is posted in the channel with chat.postMessage
 * (public channels need no invitation: chat:write.public), so its buttons work for everyone and can
 * update it in place; the private copy is then deleted. In a channel DealDesk is not in, the presser is
 * told to invite it, and the private copy stays.
 */
import type { webApi } from '@slack/bolt';
import type { CommandContext } from '../../commands/context.js';
import type { CommandResult } from '../../commands/command.js';
import { SHARE_ACTION, withShareOffer } from '../../commands/share.js';
import type { Screen } from '../../views/screen.js';
import { t } from '../../i18n/index.js';
import { logger } from '../../logger.js';
import { slackAnswer } from './chart-uploads.js';

type WebClient = webApi.WebClient;

/** The parts of a recorded request (requests.ts) that say where its answer goes. */
type Answered =
  | { kind: 'command'; channelId?: string | undefined; command: string; text: string }
  | {
      kind: 'press';
      channelId?: string | undefined;
      command: string;
      responseUrl?: string | undefined;
      onHome: boolean;
      actionId?: string | undefined;
      message?: { channel: string; ts: string } | undefined;
    }
  | { kind: 'form' | 'message' };

/** A conversation others see: a channel or a group DM, not a direct message (Slack's D… ids). */
function inChannel(channelId: string | undefined): channelId is string {
  return channelId !== undefined && channelId !== '' && !channelId.startsWith('D');
}

export function isSharePress(request: Answered): request is Extract<Answered, { kind: 'press' }> & { channelId: string } {
  return request.kind === 'press' && request.actionId === SHARE_ACTION && inChannel(request.channelId);
}

/**
 * The screen to answer with: with a Share to channel button when the answer is private (a slash
 * command's, or a press's through its response_url, not one replacing a posted message) and was asked in
 * a channel. `replace`: whether the answer takes the place of a posted message (requests.ts).
 */
export async function answerScreen(request: Answered, result: CommandResult, ctx: CommandContext, replace: boolean): Promise<Screen> {
  if (request.kind === 'command' && inChannel(request.channelId)) {
    return withShareOffer(`${request.command.replace(/^\//, '')} ${request.text}`.trim(), result, ctx);
  }
  const privately = request.kind === 'press' && !request.onHome && request.responseUrl !== undefined && !(replace && request.message);
  if (privately && request.actionId !== SHARE_ACTION && inChannel(request.channelId)) return withShareOffer(request.command, result, ctx);
  return result.screen;
}

/** What Slack says when the bot may not post in a channel: it is private and DealDesk was never invited. */
const NOT_POSTABLE = new Set(['not_in_channel', 'channel_not_found']);

/**
 * Posts a shared answer (drawn in the workspace's language) in the channel it was pressed in, then
 * deletes the private copy through `respond` (the press's response_url). Where DealDesk may not post,
 * the presser is told to invite it, privately (or in their DM when there is no response_url). Other failures are thrown, so the press is tried again.
 */
export async function postShare(
  client: WebClient,
  channel: string,
  result: CommandResult,
  ctx: CommandContext,
  presser: { userId: string; respond: ((body: object) => Promise<void>) | undefined },
): Promise<void> {
  const { respond } = presser;
  const message = await slackAnswer(client, result.screen, ctx.workspace.locale, logger);
  try {
    await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false });
  } catch (error) {
    const refusal = (error as { data?: { error?: unknown } } | null)?.data?.error;
    if (typeof refusal !== 'string' || !NOT_POSTABLE.has(refusal)) throw error;
    const text = t(ctx.actor.locale, 'share.not_in_channel');
    if (respond) await respond({ response_type: 'ephemeral', replace_original: false, text });
    else await client.chat.postMessage({ channel: presser.userId, text });
    return;
  }
  // Shared: the private copy would only repeat it. A response_url already used up keeps it, and that is all.
  await respond?.({ delete_original: true }).catch((error: unknown) => {
    logger.warn({ err: error, workspaceId: ctx.workspace.id }, 'slack private copy of a shared answer not deleted');
  });
}
