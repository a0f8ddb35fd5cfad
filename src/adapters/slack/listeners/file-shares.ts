import type { App } from '@slack/bolt';
import { describeError, execute } from '../../../commands/execute.js';
import { isDomainError } from '../../../domain/errors.js';
import { claimRequest } from '../../../store/processed-requests.js';
import { messageScreen } from '../../../views/screens/message.js';
import { slackContext, type SlackDeps } from '../context.js';
import { slackMessage } from '../render.js';
import { applyEffects } from '../effects.js';
import { describeUploads, downloadSlackFiles } from '../files-in.js';

/** "import", "dealdesk import preset hubspot", "/dealdesk import": the words a shared CSV may come with. */
const IMPORT_WORDS = /^\/?(?:dealdesk\s+)?import\b(.*)$/is;

/**
 * A slash command carries no file, so a CSV can also be shared in DealDesk's direct messages with the
 * message "import": the file goes to `dealdesk import` as an upload in the form would, and the dry run
 * is the answer in that conversation. Other messages are left alone.
 */
export function registerFileShares(app: App, deps: SlackDeps): void {
  app.event('message', async ({ event, body, client, context }) => {
    // DealDesk's own uploads (an export) are file shares in a DM too.
    if (event.subtype !== 'file_share' || event.channel_type !== 'im' || event.user === context.botUserId) return;
    const words = IMPORT_WORDS.exec(event.text.trim());
    const fileIds = (event.files ?? []).map((file) => file.id);
    if (!words || fileIds.length === 0) return;
    // Slack redelivers an event it did not see acknowledged in time: the first delivery did the work.
    const eventId = 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : event.ts;
    if (!(await claimRequest(deps.db, `slack:event:${eventId}`))) return;
    const teamId = 'team_id' in body && typeof body.team_id === 'string' ? body.team_id : '';
    const ctx = await slackContext(deps, client, { teamId, userId: event.user, channelId: event.channel });
    let result;
    try {
      const files = await describeUploads(client, [{ field: 'file', fileIds }]);
      const token = context.botToken ?? client.token ?? '';
      result = await execute(`dealdesk import ${words[1] ?? ''}`.trim(), { ...ctx, attachedFiles: () => downloadSlackFiles(token, files) });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      result = { screen: messageScreen(describeError(ctx.actor.locale, error), { tone: 'error' as const }) };
    }
    const message = slackMessage(result.screen, ctx.actor.locale);
    await client.chat.postMessage({ channel: event.channel, text: message.text, blocks: message.blocks });
    await applyEffects(client, ctx, event.user, 'effects' in result ? result.effects : undefined);
  });
}
