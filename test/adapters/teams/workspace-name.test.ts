// The workspace's display name on Teams (#16 point 8): headers said "Teams tenant-…". Through the real HTTP
// server and Teams adapter with a fake connector, from an empty database: a team install names the
// workspace after the team; a personal install after the installer's email domain (the connector's member
// lookup); a failed lookup keeps the placeholder and still welcomes. The admin renames it with
// `/dealdesk settings name <name>` (English or Chinese); a rep cannot, a name over 80 characters is
// refused with one sentence, and a name an admin chose is never replaced by a later install.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn, freshDatabase, type FreshDatabase } from '../../support/databases.js';
import {
  cardOf,
  cardText,
  installActivity,
  messageActivity,
  startFakeConnector,
  type Card,
  type ConnectorMember,
  type FakeConnector,
  type TeamsUser,
  type Where,
} from '../../support/fake-teams.js';
import { checkedCard, postJson } from '../../support/teams-server.js';
import { FIXED_NOW } from '../../support/workspace.js';
import { loadConfig } from '../../../src/config/env.js';
import { runServer, type RunningServer } from '../../../src/server/run-server.js';
import { logger } from '../../../src/logger.js';
import { domainNameOf, teamNameOf } from '../../../src/adapters/teams/context.js';

const person = (key: string, name: string, tenantId: string, domain: string, locale = 'en-US'): TeamsUser & ConnectorMember => ({
  id: `29:${key}`,
  aadObjectId: `aad-${key}`,
  name,
  locale,
  email: `${key}@${domain}`,
  userPrincipalName: `${key}@${domain}`,
  tenantId,
});
const ADA = person('ada', 'Ada King', 'tenant-contoso', 'contoso.com');
const BEN = person('ben', 'Ben Ode', 'tenant-contoso', 'contoso.com');
const LI = person('li', '李娜', 'tenant-fabrikam', 'fabrikam.onmicrosoft.com', 'zh-CN');
const OMAR = person('omar', 'Omar Haddad', 'tenant-nolookup', 'nolookup.example');

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`the workspace's name on Teams (${provider})`, () => {
    let fresh: FreshDatabase;
    let connector: FakeConnector;
    let server: RunningServer;
    let messagesUrl: string;
    const cards: Card[] = [];

    beforeAll(async () => {
      fresh = await freshDatabase(provider);
      // Omar is not in the connector's roster: his lookup fails.
      connector = await startFakeConnector({ members: [ADA, BEN, LI] });
      const config = loadConfig({ DATABASE_URL: fresh.url, TEAMS_DEV_ANONYMOUS: 'true' });
      server = await runServer({ scheduler: false, config, db: fresh.db, logger, port: 0, clock: () => FIXED_NOW });
      messagesUrl = `http://127.0.0.1:${server.port}/api/messages`;
    });
    afterAll(async () => {
      await server.close();
      await connector.close();
      await fresh.cleanup();
    });

    const where = (user: ConnectorMember, conversation?: Where['conversation']): Where => ({
      serviceUrl: connector.url,
      tenantId: user.tenantId ?? '',
      ...(conversation ? { conversation } : {}),
    });
    const nameOf = async (tenantId: string) =>
      (
        await fresh.db.chatInstallation.findFirst({
          where: { platform: 'teams', externalTenantId: tenantId },
          select: { workspace: { select: { name: true } } },
        })
      )?.workspace.name;

    /** Posts an activity and returns the text of the message posted in reply to it. */
    async function answerTo(activity: { id: string; conversation: { id: string }; channelData?: unknown }): Promise<string> {
      const since = connector.mark();
      expect((await postJson(messagesUrl, activity)).status).toBe(200);
      const reply = await connector.waitFor(
        (call) => call.method === 'POST' && call.conversationId === activity.conversation.id && call.body.type === 'message',
        { since, timeoutMs: 10_000 },
      );
      return cardText(checkedCard(cards, cardOf(reply.body)));
    }
    const say = (user: TeamsUser & ConnectorMember, text: string) => answerTo(messageActivity(where(user), user, text));

    it('names a workspace installed in a personal chat after the installer’s email domain, and the admin renames it', async () => {
      const welcome = await answerTo(installActivity(where(ADA), ADA));
      expect(welcome).toContain('Welcome to DealDesk');
      expect(await nameOf('tenant-contoso')).toBe('contoso.com');
      expect(await say(ADA, 'dealdesk settings')).toContain('Settings · contoso.com');

      const renamed = await say(ADA, 'dealdesk settings name Contoso Sales');
      expect(renamed).toContain('The workspace “contoso.com” is now called “Contoso Sales”.');
      expect(renamed).toContain('Settings · Contoso Sales');
      expect(await nameOf('tenant-contoso')).toBe('Contoso Sales');
      const audit = await fresh.db.auditEntry.findFirst({ where: { action: 'workspace.renamed' }, select: { before: true, after: true } });
      expect(audit).toEqual({ before: { name: 'contoso.com' }, after: { name: 'Contoso Sales' } });
    });

    it('lets only an admin rename it, and refuses a name over 80 characters with one sentence', async () => {
      // Ben's first message makes him a rep of the workspace.
      expect(await say(BEN, 'dealdesk settings name Ben’s Workspace')).toMatch(/admin/i);
      expect(await say(ADA, `dealdesk settings name ${'x'.repeat(81)}`)).toContain(
        'That name is too long (at most 80 characters). Type a shorter one.',
      );
      expect(await say(ADA, 'dealdesk settings name')).toContain('/dealdesk settings name …');
      expect(await nameOf('tenant-contoso')).toBe('Contoso Sales');
    });

    it('keeps the name an admin chose when the app is added to a team later', async () => {
      const channel = { id: '19:general-contoso@thread.tacv2', type: 'channel' as const, teamId: '19:team-contoso@thread.tacv2' };
      const install = installActivity(where(ADA, channel), ADA);
      const teamInstall = { ...install, channelData: { ...install.channelData, team: { id: channel.teamId, name: 'Random Team' } } };
      expect((await postJson(messagesUrl, teamInstall)).status).toBe(200);
      expect(await nameOf('tenant-contoso')).toBe('Contoso Sales');
    });

    it('names a workspace installed in a team after the team, with no lookup, and renames it in Chinese', async () => {
      const channel = { id: '19:general-fab@thread.tacv2', type: 'channel' as const, teamId: '19:team-fab@thread.tacv2' };
      const install = installActivity(where(LI, channel), LI);
      const since = connector.mark();
      await answerTo({ ...install, channelData: { ...install.channelData, team: { id: channel.teamId, name: 'Fabrikam 华东销售' } } });
      expect(await nameOf('tenant-fabrikam')).toBe('Fabrikam 华东销售');
      expect(connector.calls.slice(since).filter((call) => call.method === 'GET' && call.path.includes('/members/'))).toEqual([]);
      expect(await say(LI, 'dealdesk settings')).toContain('设置 · Fabrikam 华东销售');
      expect(await say(LI, 'dealdesk settings 名称 法布里坎销售部')).toContain('工作区“Fabrikam 华东销售”已更名为“法布里坎销售部”。');
      expect(await nameOf('tenant-fabrikam')).toBe('法布里坎销售部');
    });

    it('keeps the placeholder when the installer cannot be looked up, and still welcomes', async () => {
      expect(await answerTo(installActivity(where(OMAR), OMAR))).toContain('Welcome to DealDesk');
      expect(await nameOf('tenant-nolookup')).toBe('Teams tenant-nolookup');
      // The admin gives it a name by hand.
      expect(await say(OMAR, 'dealdesk settings name Northwind')).toContain('is now called “Northwind”');
      expect(await nameOf('tenant-nolookup')).toBe('Northwind');
    });
  });
}

describe('names Teams tells us', () => {
  it('reads an email or UPN’s domain, a tenant’s default domain without .onmicrosoft.com, and nothing else', () => {
    expect(domainNameOf('ada@Contoso.com')).toBe('contoso.com');
    expect(domainNameOf('li@fabrikam.onmicrosoft.com')).toBe('fabrikam');
    for (const address of [undefined, '', 'ada', 'ada@', 'ada@localhost', 'ada@exa mple.com'])
      expect(domainNameOf(address)).toBeUndefined();
  });

  it('reads the team’s name from channelData, and only a non-empty string', () => {
    expect(teamNameOf({ channelData: { team: { id: '19:t', name: '  Acme Sales ' } } })).toBe('Acme Sales');
    expect(teamNameOf({ channelData: { team: { id: '19:t' } } })).toBeUndefined();
    expect(teamNameOf({ channelData: { team: { name: 42 } } })).toBeUndefined();
    expect(teamNameOf({})).toBeUndefined();
  });
});
