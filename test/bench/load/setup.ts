// What the load, start and hostile-input benchmarks share: DealDesk started as `npm start` starts it, on a SQLite database
// with the demo workspace, its Slack team and alice's Slack identity.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyMigrations } from '../../../src/store/migrations.js';
import { createDb } from '../../../src/store/db.js';
import { seedDemoWorkspace } from '../../../src/store/demo-seed.js';

export const SECRET = 'load-bench-signing-secret';
export const TEAM = 'T0ACME';
export const USER = 'U_ALICE';

/** `npm start` as node arguments: `tsx src/main.ts` or `node src/run-built.mjs main` (compiled JavaScript). */
export function npmStart(): string[] {
  const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  const [runner, ...args] = scripts.start.split(/\s+/);
  if (runner === 'tsx') return ['--import', 'tsx', ...args];
  if (runner === 'node') return args;
  throw new Error(`the load benchmark cannot start DealDesk the way \`npm start\` does: ${scripts.start}`);
}

/** A migrated SQLite database in `dir` with the demo workspace, its Slack team TEAM and alice as USER. */
export async function prepareDatabase(dir: string, file = 'load.db'): Promise<string> {
  const url = `file:${path.join(dir, file)}`;
  await applyMigrations(url);
  const db = createDb(url);
  try {
    const { workspaceId } = await seedDemoWorkspace(db, { now: new Date() });
    await db.chatInstallation.create({ data: { workspaceId, platform: 'slack', externalTenantId: TEAM } });
    const alice = await db.member.findFirstOrThrow({ where: { workspaceId, handle: 'alice' }, select: { id: true } });
    await db.platformIdentity.create({
      data: { workspaceId, platform: 'slack', externalTenantId: TEAM, externalUserId: USER, memberId: alice.id },
    });
  } finally {
    await db.$disconnect();
  }
  return url;
}
