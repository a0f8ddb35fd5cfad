import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;
import type { CommandContext } from '../../commands/context.js';
import type { Effect } from '../../commands/command.js';
import { homeScreens } from '../../commands/home.js';
import { findDealByNumber } from '../../store/deals.js';
import { winScreen } from '../../views/screens/win.js';
import { slackHome, slackMessage } from './render.js';
import { logger } from '../../logger.js';
import { approvalCard } from '../../commands/approval-screen.js';
import { cardMessagesFor, findRequest, recordCardMessage } from '../../store/discounts.js';
import { externalUserIds, loadActor } from '../../store/members.js';
import { SLACK } from './context.js';
import { followSlackImport } from './import-progress.js';
import { uploadFile } from './files.js';

/**
 * What follows a change: a won deal is announced in the wins channel (when one is set), and the
 * actor's App Home is refreshed when it may be on their screen. Failures are logged, never shown: the
 * change itself is saved.
 */
export async function applyEffects(
  client: WebClient,
  ctx: CommandContext,
  slackUserId: string,
  effects: readonly Effect[] | undefined,
): Promise<void> {
  if (!effects || effects.length === 0) return;
  const tasks: Promise<unknown>[] = homeOnScreen(ctx, slackUserId) ? [publishHome(client, ctx, slackUserId)] : [];
  for (const effect of effects) {
    if (effect.type === 'deal_won' && ctx.workspace.winsChannel)
      tasks.push(announceWin(client, ctx, effect.number, ctx.workspace.winsChannel));
    if (effect.type === 'approval_requested') tasks.push(sendApprovalCards(client, ctx, effect.requestId, effect.notify));
    if (effect.type === 'approval_changed')
      tasks.push(
        refreshApprovalCards(client, ctx, effect.requestId).then(() => sendApprovalCards(client, ctx, effect.requestId, effect.notify)),
      );
    // Runs in the background, with a progress message: nothing here waits for it.
    if (effect.type === 'import_queued') followSlackImport(client, ctx, slackUserId, effect.importId);
    if (effect.type === 'file') tasks.push(uploadFile(client, slackUserId, effect));
  }
  const results = await Promise.allSettled(tasks);
  for (const result of results)
    if (result.status === 'rejected') logger.warn({ err: result.reason, workspaceId: ctx.workspace.id }, 'slack follow-up failed');
}

async function announceWin(client: WebClient, ctx: CommandContext, number: number, channel: string): Promise<void> {
  const deal = await findDealByNumber(ctx.db, ctx.workspace.id, number);
  if (!deal) return;
  const message = slackMessage(winScreen(deal, ctx.workspace.locale), ctx.workspace.locale);
  await client.chat.postMessage({ channel: channel.replace(/^#/, ''), text: message.text, blocks: message.blocks, unfurl_links: false });
}

/**
 * When each person's App Home was last drawn by this process. Slack sends `app_home_opened` every time
 * the tab is opened, and the home is drawn then; after a write it is drawn again only for someone who
 * had it open lately, as it may still be on their screen (#14: rebuilding it on every write cost a
 * `/deal new` some 40 statements, for a tab most people had not looked at). With several replicas, a
 * replica that did not draw someone's home does not redraw it; the next opening does.
 */
const HOME_ON_SCREEN_MS = 10 * 60_000;
const HOME_DRAWN_LIMIT = 10_000;
const homeDrawnAt = new Map<string, number>();

function homeKey(ctx: CommandContext, slackUserId: string): string {
  return `${ctx.workspace.id}:${slackUserId}`;
}

function homeOnScreen(ctx: CommandContext, slackUserId: string): boolean {
  const drawnAt = homeDrawnAt.get(homeKey(ctx, slackUserId));
  return drawnAt !== undefined && Date.now() - drawnAt < HOME_ON_SCREEN_MS;
}

function rememberHomeDrawn(ctx: CommandContext, slackUserId: string): void {
  const key = homeKey(ctx, slackUserId);
  homeDrawnAt.delete(key);
  if (homeDrawnAt.size >= HOME_DRAWN_LIMIT) {
    const oldest = homeDrawnAt.keys().next().value;
    if (oldest !== undefined) homeDrawnAt.delete(oldest);
  }
  homeDrawnAt.set(key, Date.now());
}

/** Draws a person's App Home: when they open it, after a button pressed on it, and after a write while it is on screen. */
export async function publishHome(client: WebClient, ctx: CommandContext, slackUserId: string): Promise<void> {
  const screens = await homeScreens(ctx);
  await client.views.publish({ user_id: slackUserId, view: slackHome(screens, ctx.actor.locale) });
  rememberHomeDrawn(ctx, slackUserId);
}

/** Each person to notify gets the request in a direct message, drawn for them (approvers get the buttons). */
async function sendApprovalCards(client: WebClient, ctx: CommandContext, requestId: string, memberIds: readonly string[]): Promise<void> {
  const request = await findRequest(ctx.db, ctx.workspace.id, requestId);
  if (!request || memberIds.length === 0) return;
  const slackIds = await externalUserIds(ctx.db, ctx.workspace.id, SLACK, memberIds);
  // The actor sees the answer itself: each person is told once.
  for (const memberId of memberIds.filter((id) => id !== ctx.actor.id)) {
    const channel = slackIds.get(memberId);
    const viewer = await loadActor(ctx.db, ctx.workspace, memberId);
    if (!channel || !viewer) continue;
    const message = slackMessage(await approvalCard(ctx, request, viewer), viewer.locale);
    const posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
    if (posted.channel && posted.ts) {
      await recordCardMessage(ctx.db, {
        workspaceId: ctx.workspace.id,
        platform: SLACK,
        kind: 'approval',
        subjectId: request.id,
        channelId: posted.channel,
        messageId: posted.ts,
      });
      // A decision made while this card was on its way refreshed every copy but this one: catch it up.
      const latest = await findRequest(ctx.db, ctx.workspace.id, requestId);
      if (latest && latest.version !== request.version) {
        const redrawn = slackMessage(await approvalCard(ctx, latest, viewer), viewer.locale);
        await client.chat.update({ channel: posted.channel, ts: posted.ts, text: redrawn.text, blocks: redrawn.blocks });
      }
    }
  }
}

/**
 * Every posted copy of a request shows its new state. Copies are drawn for an onlooker, so a card
 * whose step has passed loses its buttons; the people who must act next get a fresh card.
 */
async function refreshApprovalCards(client: WebClient, ctx: CommandContext, requestId: string): Promise<void> {
  const request = await findRequest(ctx.db, ctx.workspace.id, requestId);
  if (!request) return;
  const copies = await cardMessagesFor(ctx.db, SLACK, 'approval', requestId);
  if (copies.length === 0) return;
  const onlooker = { id: '', role: 'rep', locale: ctx.workspace.locale, timeZone: ctx.workspace.timeZone };
  const message = slackMessage(await approvalCard(ctx, request, onlooker), ctx.workspace.locale);
  await Promise.all(
    copies.map((copy) => client.chat.update({ channel: copy.channelId, ts: copy.messageId, text: message.text, blocks: message.blocks })),
  );
}
