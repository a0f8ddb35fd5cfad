import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { startSlackHarness, type SlackHarness } from '../../support/slack-server.js';
import { createSlackDeliverer } from '../../../src/adapters/slack/deliverer.js';
import { DeliveryError } from '../../../src/jobs/job.js';
import type { Screen } from '../../../src/views/screen.js';
import { createWorkspace } from '../../../src/store/workspaces.js';

const screen = (text: string): Screen => ({
  kind: 'message',
  title: text,
  blocks: [
    { type: 'header', text: 'Digest' },
    { type: 'text', text },
  ],
});

describe('Slack deliverer for scheduled messages', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('sqlite');
  });
  afterAll(() => h.close());

  const deliverer = () =>
    createSlackDeliverer({
      db: h.demo.db,
      client: new webApi.WebClient('xoxb-test-token', { slackApiUrl: h.fake.apiUrl, retryConfig: { retries: 0 } }),
    });
  const member = (handle: string) => h.demo.db.member.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, handle } });

  it('posts each screen as its own message to the member’s DM, and to a team’s digest channel', async () => {
    const mike = await member('mike');
    const mark = h.fake.mark();
    await deliverer().deliver({ workspaceId: h.demo.workspaceId, memberId: mike.id }, [screen('one'), screen('two')]);
    const posts = h.fake.callsTo('chat.postMessage').slice(-2);
    expect(posts.map((p) => p.body.channel)).toEqual(['U_MIKE', 'U_MIKE']);
    expect(JSON.stringify(posts[1]?.body.blocks)).toContain('two');
    expect(mark).toBeLessThan(h.fake.calls.length);

    const team = await h.demo.db.team.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, name: 'North America' } });
    await h.demo.db.team.update({ where: { id: team.id }, data: { digestTarget: 'slack:C0SALES' } });
    await deliverer().deliver({ workspaceId: h.demo.workspaceId, teamId: team.id }, [screen('team')]);
    expect(h.fake.callsTo('chat.postMessage').at(-1)?.body.channel).toBe('C0SALES');
    expect(h.fake.limitViolations).toEqual([]);

    // A team id from another workspace never names a channel here, whatever its digest target.
    const other = await createWorkspace(h.demo.db, { name: 'Other' }, { platform: 'slack', externalTenantId: 'T0OTHERWS' });
    const foreign = await h.demo.db.team.create({
      data: { workspaceId: other, name: 'Foreign', nameKey: 'foreign', digestTarget: 'slack:C0FOREIGN' },
    });
    const before = h.fake.callsTo('chat.postMessage').length;
    const refused = await deliverer()
      .deliver({ workspaceId: h.demo.workspaceId, teamId: foreign.id }, [screen('x')])
      .catch((e: unknown) => e);
    expect((refused as DeliveryError).retryable).toBe(false);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(before);
  });

  it('reports a rate limit as retryable and a missing channel as final', async () => {
    const mike = await member('mike');
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
    const limited = await deliverer()
      .deliver({ workspaceId: h.demo.workspaceId, memberId: mike.id }, [screen('x')])
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(DeliveryError);
    expect((limited as DeliveryError).retryable).toBe(true);
    h.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    const missing = await deliverer()
      .deliver({ workspaceId: h.demo.workspaceId, memberId: mike.id }, [screen('x')])
      .catch((e: unknown) => e);
    expect((missing as DeliveryError).retryable).toBe(false);
    const nobody = await h.demo.db.member.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, handle: 'oliver' } });
    const unreachable = await deliverer()
      .deliver({ workspaceId: h.demo.workspaceId, memberId: nobody.id }, [screen('x')])
      .catch((e: unknown) => e);
    expect((unreachable as DeliveryError).retryable).toBe(false);
  });
});
