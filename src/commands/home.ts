import type { CommandContext } from './context.js';
import { execute } from './execute.js';
import { welcomeFor } from './dealdesk-setup.js';
import type { Screen } from '../views/screen.js';

/**
 * A member's home (Slack App Home, Teams personal tab): approvals waiting for me, my quota, next
 * steps due, my open deals.
 * Built from the same commands a member can type, so it always agrees with them.
 */
export async function homeScreens(ctx: CommandContext): Promise<Screen[]> {
  // In turn, sharing the command's teams and members (#14); `ctx.db` may be the request's transaction,
  // whose one connection takes one query at a time.
  const welcome = await welcomeFor(ctx);
  const approvals = await execute('deal approvals', ctx);
  const quota = await execute('quota me', ctx);
  const due = await execute('deal list mine due', ctx);
  const deals = await execute('deal list mine', ctx);
  // A new workspace's admin sees the three setup steps first, until teams, managers and quotas are there.
  return [...(welcome ? [welcome] : []), approvals.screen, quota.screen, due.screen, deals.screen];
}
