import type { CommandContext } from '../../commands/context.js';
import { followImport } from '../import-progress.js';
import { TEAMS } from './context.js';
import type { TeamsNotifier } from './effects.js';
import { teamsCard } from './render.js';

/**
 * A queued import's progress on Teams: a card posted in the conversation where Import was pressed,
 * replaced (updateActivity) as batches are written, ending with the result. Without a conversation to
 * post in (or no connector, in-process), the import still runs.
 */
export function followTeamsImport(notifier: TeamsNotifier | undefined, ctx: CommandContext, importId: string): void {
  const locale = ctx.actor.locale;
  const workspaceId = ctx.workspace.id;
  // A channel message's conversation id names its thread; the progress goes to the channel itself.
  const conversationId = ctx.conversationId?.replace(/;messageid=\d+$/, '');
  followImport(ctx, importId, {
    async post(screen) {
      if (!notifier || !conversationId) return null;
      const sent = await notifier.send({ workspaceId, conversationId }, teamsCard(screen, locale));
      return sent?.activityId ? { platform: TEAMS, conversationId: sent.conversationId, activityId: sent.activityId } : null;
    },
    async update(target, screen) {
      await notifier?.update(
        { workspaceId, conversationId: target.conversationId, activityId: target.activityId },
        teamsCard(screen, locale),
      );
    },
  });
}
