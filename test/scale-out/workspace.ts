// The database a scale-out scenario starts from: a fresh PostgreSQL database, migrated, with the demo
// workspace installed in Slack team T0ACME and every member known to Slack (as U_<HANDLE>).
import { randomBytes } from 'node:crypto';
import { applyMigrations, quoteIdent, withDatabaseName, withPgClient } from '../../src/store/migrations.js';
import { createDb, type Db } from '../../src/store/db.js';
import { seedDemoWorkspace } from '../../src/store/demo-seed.js';
import type { FakeUser } from '../support/fake-slack.js';

export const TEAM = 'T0ACME';

export type SlackMember = { memberId: string; handle: string; userId: string; locale: string; manager: boolean };

export type ScaleOutDatabase = {
  url: string;
  db: Db;
  workspaceId: string;
  members: SlackMember[];
  /** users.info answers for the fake Slack. */
  fakeUsers: Record<string, FakeUser>;
  drop(): Promise<void>;
};

export function slackUserIdOf(handle: string): string {
  return `U_${handle.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export async function prepareDatabase(server: string): Promise<ScaleOutDatabase> {
  const name = `dealdesk_scaleout_${randomBytes(5).toString('hex')}`;
  await withPgClient(server, (admin) => admin.query(`CREATE DATABASE ${quoteIdent(name)}`));
  const url = withDatabaseName(server, name);
  const drop = async () => {
    await withPgClient(server, (admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
  };
  try {
    await applyMigrations(url);
    const db = createDb(url);
    const { workspaceId } = await seedDemoWorkspace(db, { now: new Date() });
    await db.chatInstallation.create({ data: { workspaceId, platform: 'slack', externalTenantId: TEAM } });
    const rows = await db.member.findMany({
      where: { workspaceId },
      select: { id: true, handle: true, locale: true, timeZone: true, name: true, managedTeams: { select: { id: true } } },
      orderBy: { handle: 'asc' },
    });
    await db.platformIdentity.createMany({
      data: rows.map((m) => ({
        workspaceId,
        platform: 'slack',
        externalTenantId: TEAM,
        externalUserId: slackUserIdOf(m.handle),
        memberId: m.id,
      })),
    });
    const members = rows.map((m) => ({
      memberId: m.id,
      handle: m.handle,
      userId: slackUserIdOf(m.handle),
      locale: m.locale ?? 'en-US',
      manager: m.managedTeams.length > 0,
    }));
    const fakeUsers: Record<string, FakeUser> = {};
    for (const m of rows)
      fakeUsers[slackUserIdOf(m.handle)] = { name: m.handle, real_name: m.name, tz: m.timeZone ?? 'UTC', locale: m.locale ?? 'en-US' };
    return {
      url,
      db,
      workspaceId,
      members,
      fakeUsers,
      async drop() {
        await db.$disconnect();
        await drop();
      },
    };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
}
