import type { App } from '@slack/bolt';
import { describeError, execute } from '../../../commands/execute.js';
import { isDomainError } from '../../../domain/errors.js';
import { claimRequest } from '../../../store/processed-requests.js';
import { messageScreen } from '../../../views/screens/message.js';
import { SLACK, slackContext, type SlackDeps } from '../context.js';
import { slackWorker, type SlackRequest } from '../requests.js';
import { inBothLanguages } from '../../../i18n/index.js';
import { slackMessage } from '../render.js';
import { applyEffects } from '../effects.js';
import { describeUploads, downloadSlackFiles } from '../files-in.js';

/** "import", "dealdesk import preset hubspot", "/dealdesk import": the words a shared CSV may come with. */
const IMPORT_WORDS = /^\/?(?:dealdesk\s+)?import\b(.*)$/is;

/**
 * Messages in DealDesk's direct messages (#16). A typed message (`deal list`, `/pipeline team`,
 * `hello`) runs as the slash command would and is answered in the DM; being an event, Bolt has
 * acknowledged it on receipt, so it is recorded first (keyed by the event id, which Slack's redelivery
 * keeps) and then done exactly once through the durable path, like a slash command. A slash command
 * carries no file, so a CSV can also be shared here with the message "import": the file goes to
 * `dealdesk import` as an upload in the form would, and the dry run is the answer in that conversation.
 * DealDesk's own messages, other bots', edits, deletions and other channels are left alone.
 */
export function registerDirectMessages(app: App, deps: SlackDeps): void {
  const worker = slackWorker(deps);
  app.event('message', async ({ event, body, client, context }) => {
    if (event.channel_type !== 'im') return;
    const eventId = 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : event.ts;
    const teamId = 'team_id' in body && typeof body.team_id === 'string' ? body.team_id : '';
    if (event.subtype === undefined) {
      // A bot's message carries bot_id (DealDesk's own answers too, should Slack send them here).
      if ('bot_id' in event && event.bot_id) return;
      if (event.user === context.botUserId || !event.text) return;
      // "@dealdesk deal list" in its own DM means "deal list".
      const text = context.botUserId ? event.text.replace(new RegExp(`^\\s*<@${context.botUserId}(?:\\|[^>]*)?>\\s*`), '') : event.text;
      const key = `slack:message:${teamId}:${eventId}`;
      const request: SlackRequest = { kind: 'message', teamId, userId: event.user, channelId: event.channel, text };
      const accepted = await deps.requests.accept({ key, platform: SLACK, kind: 'message', payload: request });
      if (accepted === 'unavailable') {
        await client.chat.postMessage({ channel: event.channel, text: inBothLanguages('request.unavailable') }).catch(() => undefined);
        return;
      }
      if (accepted === 'duplicate') return;
      deps.requests.enqueue(key, worker, { client });
      return;
    }
    // DealDesk's own uploads (an export) are file shares in a DM too.
    if (event.subtype !== 'file_share' || event.user === context.botUserId) return;
    const words = IMPORT_WORDS.exec(event.text.trim());
    const fileIds = (event.files ?? []).map((file) => file.id);
    if (!words || fileIds.length === 0) return;
    // Slack redelivers an event it did not see acknowledged in time: the first delivery did the work.
    if (!(await claimRequest(deps.db, `slack:event:${eventId}`))) return;
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
