// DealDesk's real HTTP server with the real Bolt app, against a fake Slack, on a seeded demo workspace
// whose Slack team is T0ACME: alice (U_ALICE), mike (U_MIKE, her manager) and wei.zhang (U_WEI, zh-CN).
import { startFakeSlack, type FakeSlack } from './fake-slack.js';
import { demoWorkspace, FIXED_NOW, type DemoWorkspace } from './workspace.js';
import { loadConfig } from '../../src/config/env.js';
import { runServer, type RunningServer } from '../../src/server/run-server.js';
import { logger } from '../../src/logger.js';
import type { Db, Provider } from '../../src/store/db.js';
import type { Config } from '../../src/config/env.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const TEAM = 'T0ACME';
export const SLACK_USERS = {
  alice: 'U_ALICE',
  mike: 'U_MIKE',
  'wei.zhang': 'U_WEI',
  brian: 'U_BRIAN',
  dana: 'U_DANA',
  sophie: 'U_SOPHIE',
} as const;

export type SlackHarness = {
  demo: DemoWorkspace;
  fake: FakeSlack;
  server: RunningServer;
  eventsUrl: string;
  baseUrl: string;
  close(): Promise<void>;
};

export async function startSlackHarness(
  provider: Provider,
  env: Record<string, string> = {},
  options: { scheduler?: boolean; beforeStart?: (demo: DemoWorkspace) => Promise<void> } = {},
): Promise<SlackHarness> {
  const demo = await demoWorkspace(provider);
  const fake = await startFakeSlack({
    team: { id: TEAM, name: 'Acme Sales' },
    users: {
      U_ALICE: { name: 'alice', real_name: 'Alice Carter', tz: 'America/New_York', locale: 'en-US' },
      U_MIKE: { name: 'mike', real_name: 'Mike Johnson', tz: 'America/New_York', locale: 'en-US' },
      U_WEI: { name: 'wei.zhang', real_name: '张伟', tz: 'Asia/Shanghai', locale: 'zh-CN' },
      U_BRIAN: { name: 'brian', real_name: 'Brian Lee', tz: 'America/Chicago', locale: 'en-US' },
      U_DANA: { name: 'dana', real_name: 'Dana Admin', tz: 'America/New_York', locale: 'en-US' },
      U_SOPHIE: { name: 'sophie', real_name: 'Sophie Martin', tz: 'Europe/London', locale: 'en-GB' },
      U_NEW: { name: 'nora', real_name: 'Nora New', tz: 'Europe/Berlin', locale: 'en-GB' },
    },
  });
  await demo.db.chatInstallation.create({ data: { workspaceId: demo.workspaceId, platform: 'slack', externalTenantId: TEAM } });
  for (const [handle, userId] of Object.entries(SLACK_USERS)) {
    const member = await demo.db.member.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, handle }, select: { id: true } });
    await demo.db.platformIdentity.create({
      data: { workspaceId: demo.workspaceId, platform: 'slack', externalTenantId: TEAM, externalUserId: userId, memberId: member.id },
    });
  }
  const config = loadConfig({
    DATABASE_URL: demo.url,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: fake.apiUrl,
    ...env,
  });
  await options.beforeStart?.(demo);
  const server = await runTestServer(config, demo.db, options.scheduler ?? false);
  const baseUrl = `http://127.0.0.1:${server.port}`;
  return {
    demo,
    fake,
    server,
    baseUrl,
    eventsUrl: `${baseUrl}/slack/events`,
    async close() {
      await server.close();
      await fake.close();
      await demo.cleanup();
    },
  };
}

/** The real server on port 0 with the demo's fixed clock, and Slack calls that fail at once instead of retrying. */
export function runTestServer(config: Config, db: Db, scheduler = false): Promise<RunningServer> {
  return runServer({ scheduler, config, db, logger, port: 0, clock: () => FIXED_NOW, slackClientOptions: { retryConfig: { retries: 0 } } });
}
