// A seeded demo workspace and a way to run commands in it as any member, at a fixed instant.
//
//   const demo = await demoWorkspace('sqlite');
//   const { text, screen } = await demo.run('/deal new Acme 50k', 'alice');
import { freshDatabase, type FreshDatabase } from './databases.js';
import type { Provider } from '../../src/store/db.js';
import type { CommandContext } from '../../src/commands/context.js';
import type { CommandResult } from '../../src/commands/command.js';
import { execute } from '../../src/commands/execute.js';
import { seedDemoWorkspace } from '../../src/store/demo-seed.js';
import { loadWorkspaceContext } from '../../src/store/workspaces.js';
import { loadActor } from '../../src/store/members.js';
import { renderText } from '../../src/views/render/text.js';
import { qualifiedChannelTarget } from '../../src/adapters/channel-target.js';

/** Monday 2026-11-23 15:00 UTC: 10:00 in New York, 23:00 in Shanghai, mid fiscal Q4. */
export const FIXED_NOW = new Date('2026-11-23T15:00:00Z');

/** The number of the deal that a `/deal new` answer says it created ("Created D-42" → 42); throws if none. */
export function dealNumberIn(text: string): number {
  const match = /Created D-(\d+)/.exec(text);
  if (!match) throw new Error(`no deal id in:\n${text}`);
  return Number(match[1]);
}

/** The reference of the deal that a `/deal new` answer says it created ("Created D-42" → "D-42"); throws if none. */
export function createdDealRef(text: string): string {
  return `D-${dealNumberIn(text)}`;
}

export type DemoWorkspace = FreshDatabase & {
  workspaceId: string;
  now: Date;
  contextFor(handle: string, now?: Date): Promise<CommandContext>;
  run(line: string, handle?: string, now?: Date): Promise<CommandResult & { text: string }>;
};

export async function demoWorkspace(provider: Provider, now: Date = FIXED_NOW): Promise<DemoWorkspace> {
  const fresh = await freshDatabase(provider);
  const { workspaceId } = await seedDemoWorkspace(fresh.db, { now });
  const contextFor = async (handle: string, at: Date = now): Promise<CommandContext> => {
    const workspace = await loadWorkspaceContext(fresh.db, workspaceId);
    const member = await fresh.db.member.findFirst({ where: { workspaceId, handle }, select: { id: true } });
    if (!workspace || !member) throw new Error(`No member @${handle} in the demo workspace`);
    const actor = await loadActor(fresh.db, workspace, member.id);
    if (!actor) throw new Error(`Member @${handle} is inactive`);
    return { db: fresh.db, workspace, actor, now: at, platform: 'shell', channelTarget: qualifiedChannelTarget };
  };
  return {
    ...fresh,
    workspaceId,
    now,
    contextFor,
    async run(line, handle = 'alice', at = now) {
      const result = await execute(line, await contextFor(handle, at));
      return { ...result, text: renderText(result.screen) };
    },
  };
}

/** Everything a command could write, to prove that a refused command wrote nothing. */
export async function snapshot(db: FreshDatabase['db'], workspaceId: string): Promise<string> {
  const where = { workspaceId };
  const [deals, events, activities, accounts, quotas, workspace, members] = await Promise.all([
    db.deal.findMany({ where, orderBy: { number: 'asc' } }),
    db.dealEvent.count({ where }),
    db.activity.count({ where }),
    db.account.count({ where }),
    db.quota.findMany({ where, orderBy: { id: 'asc' } }),
    db.workspace.findUnique({ where: { id: workspaceId } }),
    db.member.findMany({ where, orderBy: { id: 'asc' } }),
  ]);
  return JSON.stringify({ deals, events, activities, accounts, quotas, workspace, members }, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}
