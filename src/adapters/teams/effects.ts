import type { CommandContext } from '../../commands/context.js';
import type { Effect } from '../../commands/command.js';
import { approvalCard } from '../../commands/approval-screen.js';
import { cardMessagesFor, findRequest, recordCardMessage } from '../../store/discounts.js';
import { findConversationReference } from '../../store/conversations.js';
import { loadActor } from '../../store/members.js';
import { findDealByNumber } from '../../store/deals.js';
import { winScreen } from '../../views/screens/win.js';
import type { AdaptiveCard } from '../../views/render/adaptive-card.js';
import type { Screen } from '../../views/screen.js';
import type { Logger } from '../../logger.js';
import type { Db } from '../../store/db.js';
import { TEAMS } from './context.js';
import { teamsCard } from './render.js';
import type { ProactiveTarget, Sent } from './proactive.js';
import { followTeamsImport } from './import-progress.js';
import { offerFile, type ActivitySender } from './files.js';

/** Where cards go besides the reply: members' personal chats, and earlier copies of a card. */
export type TeamsNotifier = {
  send(target: ProactiveTarget, card: AdaptiveCard): Promise<Sent | null>;
  update(target: { workspaceId: string; conversationId: string; activityId: string }, card: AdaptiveCard): Promise<boolean>;
  /** Any other activity (a file consent card, a plain line); absent where there is no connector. */
  sendActivity?: ActivitySender;
};

type Deps = { db: Db; logger: Logger; notifier?: TeamsNotifier };

/**
 * What follows a change on Teams: an approval request reaches each approver's personal chat, and a
 * decision updates every posted copy of the approval card and tells the requester; a won deal is
 * announced in the wins channel (set with `dealdesk settings wins-channel here` in that channel).
 * Failures are logged, never shown: the change itself is saved.
 */
export async function applyEffects(
  deps: Deps,
  ctx: CommandContext,
  effects: readonly Effect[] | undefined,
  /** The line typed, when the effects follow a message: an exported file is offered with it, to run again on Accept. */
  origin?: { line: string },
): Promise<void> {
  const notifier = deps.notifier;
  // A queued import runs in the background (with a progress card where there is a connector to post it).
  for (const effect of effects ?? []) if (effect.type === 'import_queued') followTeamsImport(notifier, ctx, effect.importId);
  if (!notifier || !effects || effects.length === 0) return;
  const tasks: Promise<unknown>[] = [];
  for (const effect of effects) {
    if (effect.type === 'deal_won' && ctx.workspace.winsChannel)
      tasks.push(announceWin(deps, notifier, ctx, effect.number, ctx.workspace.winsChannel));
    if (effect.type === 'file' && origin && notifier.sendActivity) tasks.push(offerFile(notifier.sendActivity, ctx, effect, origin.line));
    if (effect.type === 'approval_requested') {
      for (const memberId of effect.notify)
        if (memberId !== ctx.actor.id) tasks.push(sendApproval(deps, notifier, ctx, effect.requestId, memberId));
    }
    if (effect.type === 'approval_changed') {
      tasks.push(
        updateApprovalCopies(deps, notifier, ctx, effect.requestId).then(() =>
          Promise.all(
            effect.notify
              .filter((id) => id !== ctx.actor.id)
              .map((memberId) => sendApproval(deps, notifier, ctx, effect.requestId, memberId)),
          ),
        ),
      );
    }
  }
  const results = await Promise.allSettled(tasks);
  for (const result of results)
    if (result.status === 'rejected') deps.logger.warn({ err: result.reason, workspaceId: ctx.workspace.id }, 'teams follow-up failed');
}

/**
 * A won deal is announced in the workspace's wins channel: a Teams conversation DealDesk has been in.
 * "here" typed in a channel post names that post's thread (`…;messageid=…`): the win is a new post in
 * the channel, not a reply buried in the admin's thread.
 */
async function announceWin(deps: Deps, notifier: TeamsNotifier, ctx: CommandContext, number: number, channel: string): Promise<void> {
  const deal = await findDealByNumber(deps.db, ctx.workspace.id, number);
  if (!deal) return;
  const sent = await notifier.send(
    { workspaceId: ctx.workspace.id, conversationId: channel.replace(/^teams:/, '').replace(/;messageid=\d+$/, '') },
    teamsCard(winScreen(deal, ctx.workspace.locale), ctx.workspace.locale),
  );
  if (!sent) deps.logger.info({ workspaceId: ctx.workspace.id }, 'teams win not announced: DealDesk has not been in the wins channel yet');
}

/** Remembers a posted approval card, so a decision can update it wherever it is. */
export async function rememberCard(
  db: Db,
  ctx: CommandContext,
  screen: Screen,
  posted: { conversationId: string; activityId: string | undefined },
): Promise<void> {
  if (screen.subject?.type !== 'approval' || !posted.activityId) return;
  await recordCardMessage(db, {
    platform: TEAMS,
    channelId: posted.conversationId,
    messageId: posted.activityId,
    workspaceId: ctx.workspace.id,
    kind: 'approval',
    subjectId: screen.subject.id,
  });
}

async function viewerOf(deps: Deps, ctx: CommandContext, memberId: string | null) {
  if (!memberId) return undefined;
  return (await loadActor(deps.db, ctx.workspace, memberId)) ?? undefined;
}

async function teamsUserIdOf(deps: Deps, workspaceId: string, memberId: string): Promise<string | undefined> {
  const saved = await findConversationReference(deps.db, { workspaceId, platform: TEAMS, memberId });
  const user = saved?.reference['user'];
  return typeof user === 'object' && user !== null && 'id' in user && typeof user.id === 'string' ? user.id : undefined;
}

async function sendApproval(deps: Deps, notifier: TeamsNotifier, ctx: CommandContext, requestId: string, memberId: string): Promise<void> {
  const [request, viewer] = await Promise.all([findRequest(deps.db, ctx.workspace.id, requestId), viewerOf(deps, ctx, memberId)]);
  if (!request || !viewer) return;
  const screen = await approvalCard(ctx, request, viewer);
  const teamsUserId = await teamsUserIdOf(deps, ctx.workspace.id, memberId);
  const sent = await notifier.send(
    { workspaceId: ctx.workspace.id, memberId },
    teamsCard(screen, viewer.locale, teamsUserId ? { teamsUserId } : undefined),
  );
  if (!sent) {
    deps.logger.info(
      { workspaceId: ctx.workspace.id, memberId },
      'teams approval not delivered: the member has no personal chat with DealDesk yet',
    );
    return;
  }
  await rememberCard(deps.db, ctx, screen, sent);
  // A decision made while this card was on its way refreshed every copy but this one: catch it up.
  const latest = await findRequest(deps.db, ctx.workspace.id, requestId);
  if (latest && latest.version !== request.version && sent.activityId) {
    const card = teamsCard(await approvalCard(ctx, latest, viewer), viewer.locale, teamsUserId ? { teamsUserId } : undefined);
    await notifier.update({ workspaceId: ctx.workspace.id, conversationId: sent.conversationId, activityId: sent.activityId }, card);
  }
}

async function updateApprovalCopies(deps: Deps, notifier: TeamsNotifier, ctx: CommandContext, requestId: string): Promise<void> {
  const request = await findRequest(deps.db, ctx.workspace.id, requestId);
  if (!request) return;
  const copies = await cardMessagesFor(deps.db, TEAMS, 'approval', requestId);
  await Promise.all(
    copies.map(async (copy) => {
      const root = copy.channelId.replace(/;messageid=\d+$/, '');
      const saved = await findConversationReference(deps.db, { workspaceId: ctx.workspace.id, platform: TEAMS, conversationId: root });
      // A personal copy shows what its owner may do; a channel copy shows no one's buttons.
      const owner = await viewerOf(deps, ctx, saved?.memberId ?? null);
      const viewer = owner ?? { id: '', role: 'rep', locale: ctx.workspace.locale, timeZone: ctx.workspace.timeZone };
      const teamsUserId = owner ? await teamsUserIdOf(deps, ctx.workspace.id, owner.id) : undefined;
      const card = teamsCard(await approvalCard(ctx, request, viewer), viewer.locale, teamsUserId ? { teamsUserId } : undefined);
      await notifier.update({ workspaceId: ctx.workspace.id, conversationId: copy.channelId, activityId: copy.messageId }, card);
    }),
  );
}
