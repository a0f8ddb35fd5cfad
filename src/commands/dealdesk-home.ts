import { z } from 'zod';
import { defineCommand } from './command.js';
import { homeScreens } from './home.js';
import { joinScreens } from '../views/screen.js';

/**
 * `dealdesk home`: approvals waiting for me, my quota, next steps due and my open deals — Slack's
 * App Home as a command, for the shell and Teams.
 */
export const dealdeskHome = defineCommand({
  id: 'dealdesk.home',
  path: ['dealdesk', 'home'],
  usage: 'usage.dealdesk.home',
  summary: 'summary.dealdesk.home',
  schema: z.object({}),
  parse: () => ({}),
  run: async (_input, ctx) => ({ screen: joinScreens(await homeScreens(ctx)) }),
});
