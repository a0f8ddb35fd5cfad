import type { App } from '@slack/bolt';
import { slackContext, type SlackDeps } from '../context.js';
import { publishHome } from '../effects.js';

/** The App Home tab is rebuilt whenever it is opened. */
export function registerEvents(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const teamId = 'team_id' in body && typeof body.team_id === 'string' ? body.team_id : '';
    const ctx = await slackContext(deps, client, { teamId, userId: event.user });
    await publishHome(client, ctx, event.user);
  });
}
