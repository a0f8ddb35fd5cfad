// DealDesk's own Slack app in Socket Mode (SLACK_APP_TOKEN): no public URL, requests over a WebSocket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';
import { startFakeSocketMode, type FakeSocketMode } from '../../support/fake-socket-mode.js';
import { slashCommandPayload } from '../../support/slack-requests.js';
import { demoWorkspace, FIXED_NOW, type DemoWorkspace } from '../../support/workspace.js';
import { loadConfig } from '../../../src/config/env.js';
import { runServer, type RunningServer } from '../../../src/server/run-server.js';
import { logger } from '../../../src/logger.js';

describe('Slack in Socket Mode', () => {
  let demo: DemoWorkspace;
  let socket: FakeSocketMode;
  let fake: FakeSlack;
  let server: RunningServer;
  beforeAll(async () => {
    demo = await demoWorkspace('sqlite');
    socket = await startFakeSocketMode();
    fake = await startFakeSlack({
      socketUrl: socket.url,
      team: { id: 'T0SOCK', name: 'Socket Sales' },
      users: { U_SAM: { name: 'sam', real_name: 'Sam Socket', tz: 'UTC', locale: 'en-US' } },
    });
    const config = loadConfig({
      DATABASE_URL: demo.url,
      SLACK_APP_TOKEN: 'xapp-1-A1-test',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_API_URL: fake.apiUrl,
    });
    server = await runServer({
      scheduler: false,
      config,
      db: demo.db,
      logger,
      port: 0,
      clock: () => FIXED_NOW,
      slackClientOptions: { retryConfig: { retries: 0 } },
    });
  });
  afterAll(async () => {
    await server.close();
    await socket.close();
    await fake.close();
    await demo.cleanup();
  });

  it('connects with the app token, acknowledges a slash command envelope and answers it', async () => {
    expect(server.slack?.mode).toBe('socket');
    expect(socket.openConnections()).toBe(1);
    expect(fake.callsTo('apps.connections.open')[0]?.token).toBe('xapp-1-A1-test');
    const envelopeId = socket.send({
      type: 'slash_commands',
      payload: slashCommandPayload({
        command: '/deal',
        text: 'new Socket Corp 12k',
        user_id: 'U_SAM',
        team_id: 'T0SOCK',
        response_url: fake.responseUrl('sock'),
      }),
    });
    await socket.waitForAck(envelopeId);
    const reply = (await fake.waitForResponse('sock', 10_000)).body as { blocks: unknown[] };
    expect(JSON.stringify(reply.blocks)).toContain('Created D-1');
    const deal = await demo.db.deal.findFirstOrThrow({ where: { title: 'Socket Corp' }, include: { owner: true } });
    expect(deal.owner.name).toBe('Sam Socket');
    expect(deal.workspaceId).not.toBe(demo.workspaceId);
    // The health endpoints are served even though Slack does not need the HTTP server here.
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
    expect(fake.limitViolations).toEqual([]);
  });

  it('acknowledges an interactive payload with team: null and creates no workspace for it', async () => {
    const before = await demo.db.workspace.count();
    const envelopeId = socket.send({
      type: 'interactive',
      payload: {
        type: 'block_actions',
        team: null,
        user: { id: 'U_SAM', name: 'sam' },
        trigger_id: 'no-team',
        actions: [{ action_id: 'dd.0', type: 'button', value: JSON.stringify({ c: 'deal list', id: 'list' }) }],
      },
    });
    await socket.waitForAck(envelopeId);
    // A press is recorded before it is acknowledged: refused, it left no record, so no work follows.
    expect(await demo.db.processedRequest.count({ where: { key: { contains: 'no-team' } } })).toBe(0);
    expect(await demo.db.workspace.count()).toBe(before);
    expect(await demo.db.workspace.count({ where: { installations: { some: { externalTenantId: '' } } } })).toBe(0);
  });
});
