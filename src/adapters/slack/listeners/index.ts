import type { App } from '@slack/bolt';
import type { SlackDeps } from '../context.js';
import { registerCommands } from './commands.js';
import { registerActions } from './actions.js';
import { registerViews } from './views.js';
import { registerEvents } from './events.js';
import { registerFileShares } from './file-shares.js';

export function registerListeners(app: App, deps: SlackDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
  registerFileShares(app, deps);
}
