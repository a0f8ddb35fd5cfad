import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;
import type { CommandContext } from '../../commands/context.js';
import type { Effect } from '../../commands/command.js';
import { homeScreens } from '../../commands/home.js';
import { findDealByNumber } from '../../store/deals.js';
import { winScreen } from '../../views/screens/win.js';
import { slackHome, slackMessage } from './render.js';
import { logger } from '../../logger.js';

/**
 * What follows a change: a won deal is announced in the wins channel (when one is set), and the
 * actor's App Home is refreshed. Failures are logged, never shown: the change itself is saved.
 */
export async function applyEffects(client: WebClient, ctx: CommandContext, slackUserId: string, effects: readonly Effect[] | undefined): Promise<void> {
  if (!effects || effects.length === 0) return;
  const tasks: Promise<unknown>[] = [publishHome(client, ctx, slackUserId)];
  for (const effect of effects) {
    if (effect.type === 'deal_won' && ctx.workspace.winsChannel) tasks.push(announceWin(client, ctx, effect.number, ctx.workspace.winsChannel));
  }
  const results = await Promise.allSettled(tasks);
  for (const result of results) if (result.status === 'rejected') logger.warn({ err: result.reason, workspaceId: ctx.workspace.id }, 'slack follow-up failed');
}

async function announceWin(client: WebClient, ctx: CommandContext, number: number, channel: string): Promise<void> {
  const deal = await findDealByNumber(ctx.db, ctx.workspace.id, number);
  if (!deal) return;
  const message = slackMessage(winScreen(deal, ctx.workspace.locale), ctx.workspace.locale);
  await client.chat.postMessage({ channel: channel.replace(/^#/, ''), text: message.text, blocks: message.blocks, unfurl_links: false });
}

export async function publishHome(client: WebClient, ctx: CommandContext, slackUserId: string): Promise<void> {
  const screens = await homeScreens(ctx);
  await client.views.publish({ user_id: slackUserId, view: slackHome(screens, ctx.actor.locale) });
}
