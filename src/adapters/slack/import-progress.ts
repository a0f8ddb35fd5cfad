import type { webApi } from '@slack/bolt';
import type { CommandContext } from '../../commands/context.js';
import { followImport } from '../import-progress.js';
import { SLACK } from './context.js';
import { slackMessage } from './render.js';

type WebClient = webApi.WebClient;

/**
 * A queued import's progress on Slack: a message in the admin's direct message with DealDesk (a button
 * may sit on an ephemeral answer, which cannot be edited later), updated with chat.update as batches
 * are written, ending with what was created, updated and left unchanged.
 */
export function followSlackImport(client: WebClient, ctx: CommandContext, slackUserId: string, importId: string): void {
  const locale = ctx.actor.locale;
  followImport(ctx, importId, {
    async post(screen) {
      const message = slackMessage(screen, locale);
      const posted = await client.chat.postMessage({ channel: slackUserId, text: message.text, blocks: message.blocks });
      return posted.channel && posted.ts ? { platform: SLACK, channel: posted.channel, ts: posted.ts } : null;
    },
    async update(target, screen) {
      const message = slackMessage(screen, locale);
      await client.chat.update({ channel: target.channel, ts: target.ts, text: message.text, blocks: message.blocks });
    },
  });
}
