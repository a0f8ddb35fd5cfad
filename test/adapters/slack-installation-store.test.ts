import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Installation, InstallationStore } from '@slack/bolt';
import {
  createPrismaInstallationStore,
  workspaceIdForSlackTeam,
  type NewSlackWorkspace,
} from '../../src/adapters/slack/installation-store.js';
import { createSecretBox, type SecretBox } from '../../src/store/secret-box.js';
import { createWorkspace, findWorkspaceIdByInstallation } from '../../src/store/workspaces.js';
import { freshDatabase, ALL_PROVIDERS, describeOn, type FreshDatabase } from '../support/databases.js';

function teamInstall(teamId: string, overrides: Partial<Installation<'v2', false>> = {}): Installation<'v2', false> {
  return {
    team: { id: teamId, name: `Team ${teamId}` },
    enterprise: undefined,
    user: { id: `U-installer-${teamId}`, token: `xoxp-user-${teamId}-${randomBytes(4).toString('hex')}`, scopes: ['users:read'] },
    bot: {
      id: `B-${teamId}`,
      userId: `UB-${teamId}`,
      token: `xoxb-bot-${teamId}-${randomBytes(4).toString('hex')}`,
      scopes: ['commands', 'chat:write'],
    },
    appId: 'A123',
    tokenType: 'bot',
    isEnterpriseInstall: false,
    authVersion: 'v2',
    ...overrides,
  };
}

function orgInstall(enterpriseId: string): Installation<'v2', true> {
  return {
    team: undefined,
    enterprise: { id: enterpriseId, name: 'Globex Corp' },
    user: { id: 'U-org-admin', token: undefined, scopes: undefined },
    bot: { id: 'B-org', userId: 'UB-org', token: `xoxb-org-${randomBytes(4).toString('hex')}`, scopes: ['commands'] },
    appId: 'A123',
    tokenType: 'bot',
    isEnterpriseInstall: true,
    enterpriseUrl: 'https://globex.enterprise.slack.com/',
    authVersion: 'v2',
  };
}

const teamQuery = (teamId: string, userId?: string) => ({
  teamId,
  enterpriseId: undefined,
  isEnterpriseInstall: false as const,
  ...(userId ? { userId } : {}),
});

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Slack installation store (${provider})`, () => {
    let fresh: FreshDatabase;
    let box: SecretBox;
    let store: InstallationStore;
    let created: NewSlackWorkspace[];

    beforeEach(async () => {
      fresh = await freshDatabase(provider);
      box = createSecretBox(randomBytes(32));
      created = [];
      store = createPrismaInstallationStore(fresh.db, box, { onNewWorkspace: (event) => void created.push(event) });
    });
    afterEach(() => fresh.cleanup());

    const rawSecrets = async (): Promise<string[]> => {
      const rows = await fresh.db.$queryRawUnsafe<{ secret: string | null }[]>('SELECT "secret" FROM "ChatInstallation"');
      return rows.map((row) => row.secret ?? '');
    };

    it('stores and fetches an installation with its bot and user tokens, encrypted at rest', async () => {
      const installation = teamInstall('T1');
      await store.storeInstallation(installation);

      const fetched = await store.fetchInstallation(teamQuery('T1'));
      expect(fetched).toEqual(installation);
      expect(fetched.bot?.token).toBe(installation.bot?.token);
      expect(fetched.user.token).toBe(installation.user.token);

      const row = await fresh.db.chatInstallation.findUniqueOrThrow({
        where: { platform_externalTenantId: { platform: 'slack', externalTenantId: 'T1' } },
      });
      expect(row.enterpriseId).toBeNull();
      expect(row.botUserId).toBe('UB-T1');
      expect(row.secret).toMatch(/^v2\./);
      const raw = (await rawSecrets()).join('\n');
      expect(raw).not.toContain(installation.bot?.token);
      expect(raw).not.toContain(installation.user.token);
      expect(raw).not.toContain('xox');
    });

    it('creates a DealDesk workspace named after the team on first install', async () => {
      await store.storeInstallation(teamInstall('T1'));
      const workspaceId = await findWorkspaceIdByInstallation(fresh.db, 'slack', 'T1');
      expect(workspaceId).not.toBeNull();
      const workspace = await fresh.db.workspace.findUniqueOrThrow({ where: { id: workspaceId ?? '' }, include: { stages: true } });
      expect(workspace.name).toBe('Team T1');
      expect(workspace.isDemo).toBe(false);
      expect(workspace.stages.length).toBeGreaterThan(0);
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({
        workspaceId,
        externalTenantId: 'T1',
        teamId: 'T1',
        isEnterpriseInstall: false,
        installerUserId: 'U-installer-T1',
      });
      expect(await workspaceIdForSlackTeam(fresh.db, 'T1')).toBe(workspaceId);
    });

    it('uses an existing workspace linked to the team', async () => {
      const workspaceId = await createWorkspace(fresh.db, { name: 'Pre-existing' }, { platform: 'slack', externalTenantId: 'T1' });
      await store.storeInstallation(teamInstall('T1'));
      expect(await fresh.db.workspace.count()).toBe(1);
      expect(await workspaceIdForSlackTeam(fresh.db, 'T1')).toBe(workspaceId);
      expect(created).toHaveLength(0);
    });

    it('a reinstall replaces the tokens and keeps the workspace', async () => {
      await store.storeInstallation(teamInstall('T1'));
      const workspaceId = await workspaceIdForSlackTeam(fresh.db, 'T1');
      const again = teamInstall('T1', {
        bot: { id: 'B-T1', userId: 'UB-T1-new', token: 'xoxb-new-token', scopes: ['commands', 'chat:write', 'im:write'] },
      });
      await store.storeInstallation(again);

      const fetched = await store.fetchInstallation(teamQuery('T1'));
      expect(fetched.bot?.token).toBe('xoxb-new-token');
      expect(fetched.bot?.scopes).toContain('im:write');
      expect(await fresh.db.chatInstallation.count()).toBe(1);
      expect(await fresh.db.workspace.count()).toBe(1);
      expect(await workspaceIdForSlackTeam(fresh.db, 'T1')).toBe(workspaceId);
      expect((await fresh.db.chatInstallation.findFirstOrThrow()).botUserId).toBe('UB-T1-new');
      expect(created).toHaveLength(1);
    });

    it('delete forgets the tokens but keeps the workspace and its data; a reinstall reconnects', async () => {
      await store.storeInstallation(teamInstall('T1'));
      const workspaceId = await workspaceIdForSlackTeam(fresh.db, 'T1');
      await fresh.db.account.create({ data: { workspaceId: workspaceId ?? '', name: 'Acme', nameKey: 'acme' } });

      await store.deleteInstallation?.(teamQuery('T1'));
      await expect(store.fetchInstallation(teamQuery('T1'))).rejects.toThrow(/No Slack installation/);
      expect(await rawSecrets()).toEqual(['']);
      expect(await fresh.db.account.count({ where: { workspaceId: workspaceId ?? '' } })).toBe(1);
      expect(await workspaceIdForSlackTeam(fresh.db, 'T1')).toBe(workspaceId);
      await store.deleteInstallation?.(teamQuery('T1')); // idempotent

      await store.storeInstallation(teamInstall('T1'));
      expect((await store.fetchInstallation(teamQuery('T1'))).bot?.token).toMatch(/^xoxb-bot-T1/);
      expect(await workspaceIdForSlackTeam(fresh.db, 'T1')).toBe(workspaceId);
      expect(await fresh.db.workspace.count()).toBe(1);
    });

    it('two concurrent first installs of one team make one workspace', async () => {
      const installs = [teamInstall('T1'), teamInstall('T1'), teamInstall('T1')];
      await Promise.all(installs.map((installation) => store.storeInstallation(installation)));
      expect(await fresh.db.workspace.count()).toBe(1);
      expect(await fresh.db.chatInstallation.count()).toBe(1);
      expect(created).toHaveLength(1);
      const token = (await store.fetchInstallation(teamQuery('T1'))).bot?.token;
      expect(installs.map((installation) => installation.bot?.token)).toContain(token);
    });

    it('throws for a team that never installed', async () => {
      await expect(store.fetchInstallation(teamQuery('T404'))).rejects.toThrow(/No Slack installation found.*T404/);
      expect(await workspaceIdForSlackTeam(fresh.db, 'T404')).toBeNull();
      expect(await workspaceIdForSlackTeam(fresh.db, undefined)).toBeNull();
    });

    it('keeps two teams apart', async () => {
      const one = teamInstall('T1');
      const two = teamInstall('T2');
      await store.storeInstallation(one);
      await store.storeInstallation(two);
      expect((await store.fetchInstallation(teamQuery('T1'))).bot?.token).toBe(one.bot?.token);
      expect((await store.fetchInstallation(teamQuery('T2'))).bot?.token).toBe(two.bot?.token);
      const [w1, w2] = [await workspaceIdForSlackTeam(fresh.db, 'T1'), await workspaceIdForSlackTeam(fresh.db, 'T2')];
      expect(w1).not.toBeNull();
      expect(w2).not.toBeNull();
      expect(w1).not.toBe(w2);

      await store.deleteInstallation?.(teamQuery('T1'));
      await expect(store.fetchInstallation(teamQuery('T1'))).rejects.toThrow();
      expect((await store.fetchInstallation(teamQuery('T2'))).bot?.token).toBe(two.bot?.token);
    });

    it('hands the user token only to the user who installed', async () => {
      const installation = teamInstall('T1');
      await store.storeInstallation(installation);
      expect((await store.fetchInstallation(teamQuery('T1', 'U-installer-T1'))).user.token).toBe(installation.user.token);
      const forOther = await store.fetchInstallation(teamQuery('T1', 'U-someone-else'));
      expect(forOther.user.token).toBeUndefined();
      expect(forOther.bot?.token).toBe(installation.bot?.token);

      // Revoking that user's token keeps the bot installed.
      await store.deleteInstallation?.(teamQuery('T1', 'U-installer-T1'));
      const after = await store.fetchInstallation(teamQuery('T1', 'U-installer-T1'));
      expect(after.user.token).toBeUndefined();
      expect(after.bot?.token).toBe(installation.bot?.token);
      expect((await rawSecrets()).join()).not.toContain('xoxp');
    });

    it('stores an org-wide install under the enterprise id', async () => {
      const installation = orgInstall('E1');
      await store.storeInstallation(installation);
      const query = { teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: true as const };
      expect(await store.fetchInstallation(query)).toEqual(installation);

      const row = await fresh.db.chatInstallation.findFirstOrThrow();
      expect(row).toMatchObject({ platform: 'slack', externalTenantId: 'E1', enterpriseId: 'E1', botUserId: 'UB-org' });
      const workspaceId = row.workspaceId;
      expect((await fresh.db.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).name).toBe('Globex Corp');
      expect(created[0]).toMatchObject({ externalTenantId: 'E1', enterpriseId: 'E1', teamId: undefined, isEnterpriseInstall: true });

      // Any team of the org maps to the org's workspace, unless it has its own install.
      expect(await workspaceIdForSlackTeam(fresh.db, 'T9', 'E1')).toBe(workspaceId);
      await store.storeInstallation(teamInstall('T8', { enterprise: { id: 'E1', name: 'Globex Corp' } }));
      const own = await workspaceIdForSlackTeam(fresh.db, 'T8', 'E1');
      expect(own).not.toBe(workspaceId);
      expect(
        (
          await fresh.db.chatInstallation.findUniqueOrThrow({
            where: { platform_externalTenantId: { platform: 'slack', externalTenantId: 'T8' } },
          })
        ).enterpriseId,
      ).toBe('E1');

      // A team-level query does not see the org install, and vice versa.
      await expect(store.fetchInstallation(teamQuery('T9'))).rejects.toThrow();
      await store.deleteInstallation?.(query);
      await expect(store.fetchInstallation(query)).rejects.toThrow();
      expect((await store.fetchInstallation(teamQuery('T8'))).enterprise?.id).toBe('E1');
    });

    it('refuses installations and queries without the id they are keyed by', async () => {
      await expect(store.storeInstallation({ ...orgInstall('E1'), enterprise: undefined })).rejects.toThrow(/enterprise id/);
      await expect(store.fetchInstallation({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: false })).rejects.toThrow(
        /team id/,
      );
    });

    it('fails clearly when the secret was sealed with another key', async () => {
      await store.storeInstallation(teamInstall('T1'));
      const otherStore = createPrismaInstallationStore(fresh.db, createSecretBox(randomBytes(32)));
      await expect(otherStore.fetchInstallation(teamQuery('T1'))).rejects.toThrow(/cannot be read.*another key/);
    });

    it('never logs a token, and survives a failing onNewWorkspace', async () => {
      const lines: string[] = [];
      const record = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
      const logger = { debug: record, info: record, warn: record, error: record, setLevel: vi.fn(), getLevel: vi.fn(), setName: vi.fn() };
      const failing = createPrismaInstallationStore(fresh.db, box, { onNewWorkspace: () => Promise.reject(new Error('welcome failed')) });
      const installation = teamInstall('T1');
      await failing.storeInstallation(installation, logger);
      await failing.fetchInstallation(teamQuery('T1'), logger);
      await failing.deleteInstallation?.(teamQuery('T1'), logger);
      await expect(failing.fetchInstallation(teamQuery('T1'), logger as never)).rejects.toThrow();
      expect(lines.some((line) => line.includes('welcome failed'))).toBe(true);
      const all = lines.join('\n');
      expect(all).not.toContain('xox');
    });
  });
}
