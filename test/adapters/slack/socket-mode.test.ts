// DealDesk's own Slack app in Socket Mode (SLACK_APP_TOKEN): no public URL, requests over a WebSocket.
import { describe, expect, it } from 'vitest';
import { slashCommandPayload } from '../../support/slack-requests.js';
import { useSocketModeHarness } from '../../support/socket-mode-harness.js';

describe('Slack in Socket Mode', () => {
  const h = useSocketModeHarness();

  it('connects with the app token, acknowledges a slash command envelope and answers it', async () => {
    expect(h.server.slack?.mode).toBe('socket');
    expect(h.socket.openConnections()).toBe(1);
    expect(h.fake.callsTo('apps.connections.open')[0]?.token).toBe('xapp-1-A1-test');
    const envelopeId = h.socket.send({
      type: 'slash_commands',
      payload: slashCommandPayload({
        command: '/deal',
        text: 'new Socket Corp 12k',
        user_id: 'U_SAM',
        team_id: 'T0SOCK',
        response_url: h.fake.responseUrl('sock'),
      }),
    });
    await h.socket.waitForAck(envelopeId);
    const reply = (await h.fake.waitForResponse('sock', 10_000)).body as { blocks: unknown[] };
    expect(JSON.stringify(reply.blocks)).toContain('Created D-1');
    const deal = await h.demo.db.deal.findFirstOrThrow({ where: { title: 'Socket Corp' }, include: { owner: true } });
    expect(deal.owner.name).toBe('Sam Socket');
    expect(deal.workspaceId).not.toBe(h.demo.workspaceId);
    // The health endpoints are served even though Slack does not need the HTTP server here.
    expect((await fetch(`http://127.0.0.1:${h.server.port}/healthz`)).status).toBe(200);
    expect(h.fake.limitViolations).toEqual([]);
  });

  it('acknowledges an interactive payload with team: null and creates no workspace for it', async () => {
    const before = await h.demo.db.workspace.count();
    const envelopeId = h.socket.send({
      type: 'interactive',
      payload: {
        type: 'block_actions',
        team: null,
        user: { id: 'U_SAM', name: 'sam' },
        trigger_id: 'no-team',
        actions: [{ action_id: 'dd.0', type: 'button', value: JSON.stringify({ c: 'deal list', id: 'list' }) }],
      },
    });
    await h.socket.waitForAck(envelopeId);
    // A press is recorded before it is acknowledged: refused, it left no record, so no work follows.
    expect(await h.demo.db.processedRequest.count({ where: { key: { contains: 'no-team' } } })).toBe(0);
    expect(await h.demo.db.workspace.count()).toBe(before);
    expect(await h.demo.db.workspace.count({ where: { installations: { some: { externalTenantId: '' } } } })).toBe(0);
  });
});
