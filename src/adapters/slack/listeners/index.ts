import type { App } from '@slack/bolt';
import type { SlackDeps } from '../context.js';
import { registerCommands } from './commands.js';
import { registerActions } from './actions.js';
import { registerViews } from './views.js';
import { registerEvents } from './events.js';
import { registerDirectMessages } from './direct-messages.js';
import { registerShortcuts } from './shortcuts.js';

export function registerListeners(app: App, deps: SlackDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
  registerDirectMessages(app, deps);
  registerShortcuts(app, deps);
}
