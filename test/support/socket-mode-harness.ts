// DealDesk's own Slack app in Socket Mode (SLACK_APP_TOKEN) on the demo workspace: no public URL, requests
// over a WebSocket from the fake Socket Mode server, Web API calls to the fake Slack.
import { afterAll, beforeAll } from 'vitest';
import { startFakeSlack, type FakeSlack } from './fake-slack.js';
import { startFakeSocketMode, type FakeSocketMode } from './fake-socket-mode.js';
import { demoWorkspace, type DemoWorkspace } from './workspace.js';
import { loadConfig } from '../../src/config/env.js';
import type { RunningServer } from '../../src/server/run-server.js';
import { runTestServer } from './slack-server.js';

export type SocketModeHarness = { demo: DemoWorkspace; socket: FakeSocketMode; fake: FakeSlack; server: RunningServer };

/** Team and person the fake Slack knows: commands come from U_SAM of T0SOCK. */
const SOCKET_TEAM = { id: 'T0SOCK', name: 'Socket Sales' };
const SOCKET_APP_TOKEN = 'xapp-1-A1-test';

/** Starts the app before the block's tests and stops it after them; the object is filled in once started. */
export function useSocketModeHarness(): SocketModeHarness {
  const harness = {} as SocketModeHarness;
  beforeAll(async () => {
    const demo = await demoWorkspace('sqlite');
    const socket = await startFakeSocketMode();
    const fake = await startFakeSlack({
      socketUrl: socket.url,
      team: SOCKET_TEAM,
      users: { U_SAM: { name: 'sam', real_name: 'Sam Socket', tz: 'UTC', locale: 'en-US' } },
    });
    const config = loadConfig({
      DATABASE_URL: demo.url,
      SLACK_APP_TOKEN: SOCKET_APP_TOKEN,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_API_URL: fake.apiUrl,
    });
    const server = await runTestServer(config, demo.db);
    Object.assign(harness, { demo, socket, fake, server });
  });
  afterAll(async () => {
    await harness.server.close();
    await harness.socket.close();
    await harness.fake.close();
    await harness.demo.cleanup();
  });
  return harness;
}
