// Multi-workspace distribution: installs through OAuth, tokens kept encrypted in the database and
// used per workspace for every Web API call.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';
import { postSlack, slashCommandBody } from '../../support/slack-requests.js';
import { loadConfig } from '../../../src/config/env.js';
import { runServer, type RunningServer } from '../../../src/server/run-server.js';
import { createPrismaInstallationStore } from '../../../src/adapters/slack/installation-store.js';
import { createSecretBox, parseSecretKeys } from '../../../src/store/secret-box.js';
import { logger } from '../../../src/logger.js';

const SECRET = 'oauth-signing-secret';
const KEY = randomBytes(32).toString('base64');

describe('Slack OAuth installs', () => {
  let fresh: FreshDatabase;
  let fake: FakeSlack;
  let server: RunningServer;
  beforeAll(async () => {
    fresh = await freshDatabase('sqlite');
    fake = await startFakeSlack({
      team: { id: 'T0ONE', name: 'Team One' },
      users: { U1: { name: 'uma', real_name: 'Uma One', tz: 'UTC', locale: 'en-US' } },
    });
    const config = loadConfig({
      DATABASE_URL: fresh.url,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_CLIENT_ID: '123.456',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'state-secret',
      DEALDESK_SECRET_KEY: KEY,
      SLACK_API_URL: fake.apiUrl,
    });
    server = await runServer({
      scheduler: false,
      config,
      db: fresh.db,
      logger,
      port: 0,
      slackClientOptions: { retryConfig: { retries: 0 } },
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
    await fresh.cleanup();
  });

  it('sends an admin from /slack/install to Slack’s consent page with our client id and scopes', async () => {
    expect(server.slack?.mode).toBe('oauth');
    const response = await fetch(`http://127.0.0.1:${server.port}/slack/install`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('client_id')).toBe('123.456');
    expect(location.searchParams.get('scope')?.split(',')).toEqual(expect.arrayContaining(['commands', 'chat:write', 'users:read']));
    expect(location.searchParams.get('state')).toBeTruthy();
  });

  it('answers an installed workspace with its own decrypted bot token, and refuses one that is not installed', async () => {
    const store = createPrismaInstallationStore(fresh.db, createSecretBox(parseSecretKeys(KEY)));
    await store.storeInstallation({
      team: { id: 'T0ONE', name: 'Team One' },
      enterprise: undefined,
      user: { id: 'U1', token: undefined, scopes: undefined },
      bot: { token: 'xoxb-team-one', scopes: ['commands'], id: 'B1', userId: 'UBOT1' },
      tokenType: 'bot',
      isEnterpriseInstall: false,
      appId: 'A1',
    });
    const stored = await fresh.db.chatInstallation.findFirstOrThrow({ where: { platform: 'slack', externalTenantId: 'T0ONE' } });
    expect(stored.secret).not.toContain('xoxb-team-one');

    const url = `http://127.0.0.1:${server.port}/slack/events`;
    const ok = await postSlack(
      url,
      SECRET,
      slashCommandBody({
        command: '/deal',
        text: 'new Tenant One Co 5k',
        user_id: 'U1',
        team_id: 'T0ONE',
        response_url: fake.responseUrl('one'),
      }),
    );
    expect(ok.status).toBe(200);
    await fake.waitForResponse('one', 10_000);
    expect(fake.callsTo('users.info').at(-1)?.token).toBe('xoxb-team-one');
    expect(await fresh.db.deal.count({ where: { workspaceId: stored.workspaceId } })).toBe(1);

    const before = await fresh.db.deal.count();
    await postSlack(
      url,
      SECRET,
      slashCommandBody({
        command: '/deal',
        text: 'new Intruder 5k',
        user_id: 'U9',
        team_id: 'T0NOPE',
        response_url: fake.responseUrl('nope'),
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await fresh.db.deal.count()).toBe(before);
    expect(fake.responses.some((r) => r.id === 'nope')).toBe(false);
  });
});
