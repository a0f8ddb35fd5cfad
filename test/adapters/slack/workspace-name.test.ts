// The workspace's display name on Slack (#16 point 8): a Slack team's first command creates its workspace
// named after the team (team.info), or, when the app lacks team:read (team.info refused), after auth.test's
// team; headers show it. Real HTTP server and Bolt receiver with signed requests, fake Slack Web API.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn, freshDatabase, type FreshDatabase } from '../../support/databases.js';
import { startFakeSlack, type FakeFailure, type FakeSlack } from '../../support/fake-slack.js';
import { postSlack, slashCommandBody } from '../../support/slack-requests.js';
import { textOf } from '../../support/block-kit-buttons.js';
import { loadConfig } from '../../../src/config/env.js';
import type { RunningServer } from '../../../src/server/run-server.js';
import { runTestServer } from '../../support/slack-server.js';

const SECRET = 'workspace-name-signing-secret';
const TEAM = 'T0NOVA';
const USERS = { U_NOVA: { name: 'nova', real_name: 'Nova Lin', tz: 'Asia/Shanghai', locale: 'en-US' } };

type Case = { title: string; failNext?: Record<string, FakeFailure> };
const CASES: Case[] = [
  { title: 'from team.info' },
  { title: 'from auth.test when team.info is refused', failNext: { 'team.info': { error: 'missing_scope' } } },
];

for (const provider of ALL_PROVIDERS)
  for (const { title, failNext } of CASES) {
    describeOn(provider)(`the workspace's name on Slack ${title} (${provider})`, () => {
      let fresh: FreshDatabase;
      let fake: FakeSlack;
      let server: RunningServer;
      let eventsUrl: string;

      beforeAll(async () => {
        fresh = await freshDatabase(provider);
        fake = await startFakeSlack({ team: { id: TEAM, name: 'Nova Trading 新星贸易' }, users: USERS, ...(failNext ? { failNext } : {}) });
        const config = loadConfig({
          DATABASE_URL: fresh.url,
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_BOT_TOKEN: 'xoxb-nova',
          SLACK_API_URL: fake.apiUrl,
        });
        server = await runTestServer(config, fresh.db);
        eventsUrl = `http://127.0.0.1:${server.port}/slack/events`;
      });
      afterAll(async () => {
        await server.close();
        await fake.close();
        await fresh.cleanup();
      });

      it('names the new workspace after the Slack team and shows it in headers', async () => {
        const responseUrl = fake.responseUrl();
        const body = slashCommandBody({
          command: '/dealdesk',
          text: 'settings',
          user_id: 'U_NOVA',
          team_id: TEAM,
          response_url: responseUrl,
        });
        expect((await postSlack(eventsUrl, SECRET, body)).status).toBe(200);
        const answer = await fake.waitForResponse(responseUrl.split('/').pop(), 10_000);
        expect(textOf((answer.body as { blocks: unknown[] }).blocks)).toContain('Settings · Nova Trading 新星贸易');
        const installation = await fresh.db.chatInstallation.findFirst({
          where: { platform: 'slack', externalTenantId: TEAM },
          select: { workspace: { select: { name: true } } },
        });
        expect(installation?.workspace.name).toBe('Nova Trading 新星贸易');
        if (failNext) expect(fake.calls.map((call) => call.method)).toEqual(expect.arrayContaining(['team.info', 'auth.test']));
      });
    });
  }
