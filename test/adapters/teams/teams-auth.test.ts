// With an app id, the Teams SDK's own Bot Framework authentication guards POST /api/messages: a request
// without a valid token is refused before any DealDesk code runs, and nothing changes. A request signed
// with the keys the Bot Framework publishes (here a local OpenID server) is answered, the answer
// carrying the app's own token for the connector; a single-tenant bot ignores other tenants.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import express from 'express';
import { freshDatabase, ALL_PROVIDERS, describeOn, type FreshDatabase } from '../../support/databases.js';
import { TEAMS_USERS, postJson } from '../../support/teams-server.js';
import { cardOf, cardText, invokeActivity, messageActivity, startFakeConnector, type FakeConnector } from '../../support/fake-teams.js';
import { startFakeBotFrameworkLogin, type FakeBotFrameworkLogin } from '../../support/fake-botframework-login.js';
import { demoWorkspace, FIXED_NOW, type DemoWorkspace } from '../../support/workspace.js';
import { installDemoTenant, TENANT } from '../../support/teams-server.js';
import { validateCard } from '../../support/adaptive-cards.js';
import { PUBLIC, withOverrides } from '@microsoft/teams.api';
import { runServer, type RunningServer } from '../../../src/server/run-server.js';
import { logger as appLogger } from '../../../src/logger.js';
import { createTeamsApp } from '../../../src/adapters/teams/teams-app.js';
import { loadConfig, platformsOf } from '../../../src/config/env.js';
import type { Logger } from '../../../src/logger.js';
import type { Db } from '../../../src/store/db.js';

const APP_ID = '3f0c6a8e-1b2d-4c5e-9f70-123456789abc';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Teams with TEAMS_APP_ID on ${provider}`, () => {
    let fresh: FreshDatabase;
    let server: RunningServer;
    let connector: FakeConnector;
    beforeAll(async () => {
      fresh = await freshDatabase(provider);
      connector = await startFakeConnector();
      const config = loadConfig({ DATABASE_URL: fresh.url, TEAMS_APP_ID: APP_ID, TEAMS_APP_PASSWORD: 'not-a-real-secret' });
      server = await runServer({ scheduler: false, config, db: fresh.db, logger: appLogger, port: 0 });
    });
    afterAll(async () => {
      await server.close();
      await connector.close();
      await fresh.cleanup();
    });

    /** Every row any handler could write. */
    const rows = async () => {
      const db = fresh.db;
      return [
        await db.workspace.count(),
        await db.chatInstallation.count(),
        await db.member.count(),
        await db.platformIdentity.count(),
        await db.deal.count(),
        await db.processedRequest.count(),
        await db.conversationReference.count(),
      ];
    };

    it('answers 401 to a request without a token, or with a forged one, and changes nothing', async () => {
      // Nothing may reach the console when a request is refused; keep the test output clean.
      const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        expect(server.teams?.mode).toBe('authenticated');
        const url = `http://127.0.0.1:${server.port}/api/messages`;
        const where = { serviceUrl: connector.url, tenantId: 'tenant-acme' };
        const message = messageActivity(where, TEAMS_USERS.alice, 'deal new Forged Corp 10k');
        const press = invokeActivity(
          where,
          TEAMS_USERS.alice,
          { verb: 'dd.run', data: { command: 'deal move D-1 won', id: 'deal.won' } },
          'bot-activity-1',
        );
        const missing = await postJson(url, message);
        const forged = await postJson(url, message, { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' });
        const invoke = await postJson(url, press);
        expect([missing.status, forged.status, invoke.status]).toEqual([401, 401, 401]);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await rows()).toEqual([0, 0, 0, 0, 0, 0, 0]);
        expect(connector.calls).toEqual([]);
      } finally {
        quiet.mockRestore();
      }
    });
  });
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Teams with signed Bot Framework tokens on ${provider}`, () => {
    let demo: DemoWorkspace;
    let server: RunningServer;
    let connector: FakeConnector;
    let login: FakeBotFrameworkLogin;
    let url: string;
    // What Microsoft's login would give the app for the connector (the SDK reads it as a JWT).
    let connectorToken: string;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
      await installDemoTenant(demo);
      connector = await startFakeConnector();
      login = await startFakeBotFrameworkLogin();
      connectorToken = login.sign({ aud: 'https://api.botframework.com', appid: APP_ID });
      const config = loadConfig({
        DATABASE_URL: demo.url,
        TEAMS_APP_ID: APP_ID,
        TEAMS_APP_PASSWORD: 'not-a-real-secret',
        TEAMS_TENANT_ID: TENANT,
      });
      server = await runServer({
        scheduler: false,
        config,
        db: demo.db,
        logger: appLogger,
        port: 0,
        clock: () => FIXED_NOW,
        teamsSdk: { cloud: withOverrides(PUBLIC, { openIdMetadataUrl: login.openIdMetadataUrl }), token: () => connectorToken },
      });
      url = `http://127.0.0.1:${server.port}/api/messages`;
    });
    afterAll(async () => {
      await server.close();
      await connector.close();
      await login.close();
      await demo.cleanup();
    });

    const dealCount = () => demo.db.deal.count({ where: { workspaceId: demo.workspaceId } });

    it('answers a request signed with a published key, and sends its reply with the app’s connector token', async () => {
      const where = { serviceUrl: connector.url, tenantId: TENANT };
      const message = messageActivity(where, TEAMS_USERS.alice, 'deal new Signed Corp 10k');
      const before = await dealCount();
      const since = connector.mark();
      const answer = await postJson(url, message, { authorization: `Bearer ${login.sign({ aud: APP_ID, serviceurl: connector.url })}` });
      expect(answer.status).toBe(200);
      const reply = await connector.waitFor((call) => call.kind === 'reply' && call.activityId === message.id, { since });
      expect(reply.authorization).toBe(`Bearer ${connectorToken}`);
      const card = cardOf(reply.body);
      expect(validateCard(card)).toEqual([]);
      expect(cardText(card)).toMatch(/Created D-\d+/);
      expect(await dealCount()).toBe(before + 1);
      expect(login.keyFetches()).toBeGreaterThan(0);
    });

    it('refuses a token signed with an unpublished key, for another app, or for another service URL, and changes nothing', async () => {
      const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        const where = { serviceUrl: connector.url, tenantId: TENANT };
        const message = () => messageActivity(where, TEAMS_USERS.alice, 'deal new Forged Corp 10k');
        const before = await dealCount();
        const since = connector.mark();
        const tokens = [
          login.sign({ aud: APP_ID, serviceurl: connector.url }, { unpublished: true }),
          login.sign({ aud: 'another-app', serviceurl: connector.url }),
          login.sign({ aud: APP_ID, serviceurl: 'https://smba.trafficmanager.net/amer/' }),
        ];
        const statuses = [];
        for (const token of tokens) statuses.push((await postJson(url, message(), { authorization: `Bearer ${token}` })).status);
        expect(statuses).toEqual([401, 401, 401]);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await dealCount()).toBe(before);
        expect(connector.calls.slice(since)).toEqual([]);
      } finally {
        quiet.mockRestore();
      }
    });

    it('ignores a validly signed activity from another tenant: no workspace, no reply', async () => {
      const where = { serviceUrl: connector.url, tenantId: 'tenant-intruder' };
      const message = messageActivity(where, TEAMS_USERS.alice, 'deal new Intruder 10k');
      const since = connector.mark();
      const answer = await postJson(url, message, { authorization: `Bearer ${login.sign({ aud: APP_ID, serviceurl: connector.url })}` });
      expect(answer.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(connector.calls.slice(since)).toEqual([]);
      expect(await demo.db.chatInstallation.count({ where: { externalTenantId: 'tenant-intruder' } })).toBe(0);
    });
  });
}

describe('Teams configuration', () => {
  function recordingLogger() {
    const warnings: string[] = [];
    const logger = {
      child: () => logger,
      warn: (_obj: unknown, message?: string) => void warnings.push(String(message ?? _obj)),
      info: () => undefined,
      error: () => undefined,
      debug: () => undefined,
    };
    return { logger: logger as unknown as Logger, warnings };
  }
  const db = {} as Db;

  it('turns Teams on with an app id or the anonymous development flag only', () => {
    expect(platformsOf(loadConfig({ TEAMS_APP_ID: APP_ID, TEAMS_APP_PASSWORD: 'x' })).teams).toBe(true);
    expect(platformsOf(loadConfig({ TEAMS_DEV_ANONYMOUS: 'true' })).teams).toBe(true);
    expect(platformsOf(loadConfig({})).teams).toBe(false);
    expect(() => loadConfig({ TEAMS_APP_ID: APP_ID })).toThrow(/TEAMS_APP_PASSWORD: is required with TEAMS_APP_ID/);
  });

  it('warns loudly in anonymous mode, and ignores the flag when an app id is set', async () => {
    const anonymous = recordingLogger();
    const runtime = await createTeamsApp({
      config: loadConfig({ TEAMS_DEV_ANONYMOUS: 'true' }),
      db,
      logger: anonymous.logger,
      http: express(),
    });
    expect(runtime.mode).toBe('anonymous');
    expect(anonymous.warnings.join('\n')).toMatch(/SECURITY WARNING: .*ANONYMOUS development mode.*WITHOUT authentication/);

    const both = recordingLogger();
    const secured = await createTeamsApp({
      config: loadConfig({ TEAMS_DEV_ANONYMOUS: 'true', TEAMS_APP_ID: APP_ID, TEAMS_APP_PASSWORD: 'x', TEAMS_TENANT_ID: 'tenant-acme' }),
      db,
      logger: both.logger,
      http: express(),
    });
    expect(secured.mode).toBe('authenticated');
    expect(both.warnings.join('\n')).toMatch(/TEAMS_DEV_ANONYMOUS is ignored/);
    expect(both.warnings.join('\n')).not.toMatch(/ANONYMOUS development mode/);
  });
});
