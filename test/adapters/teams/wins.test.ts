// A won deal is announced in the wins channel on Teams too: an admin sets it by typing
// `dealdesk settings wins-channel here` in the channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamsHarness, TENANT, type TeamsHarness } from '../../support/teams-server.js';
import { cardOf, cardText, type ConnectorCall, type TeamsUser } from '../../support/fake-teams.js';

const DANA: TeamsUser = { aadObjectId: 'aad-dana', id: '29:dana', name: 'Dana Admin', locale: 'en-US', timeZone: 'America/New_York' };
const CHANNEL = '19:wins-channel@thread.tacv2';
const OTHER_CHANNEL = '19:team-wins@thread.tacv2';
const posted = (call: ConnectorCall, conversationId: string) => call.method === 'POST' && call.conversationId === conversationId;

describe('wins announcements on Teams', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness('sqlite');
    const dana = await h.demo.db.member.findFirstOrThrow({
      where: { workspaceId: h.demo.workspaceId, handle: 'dana' },
      select: { id: true },
    });
    await h.demo.db.platformIdentity.create({
      data: {
        workspaceId: h.demo.workspaceId,
        platform: 'teams',
        externalTenantId: TENANT,
        externalUserId: DANA.aadObjectId,
        memberId: dana.id,
      },
    });
  });
  afterAll(() => h.close());

  it('posts the win in the channel an admin named with “here”', async () => {
    const inChannel = { conversation: { id: CHANNEL, type: 'channel' as const, teamId: '19:team' } };
    const set = await h.say('<at>DealDesk</at> dealdesk settings wins-channel here', DANA, inChannel);
    expect(cardText(set.card)).toContain('Setting “wins-channel” updated.');
    const { card } = await h.say('deal new Teams Win Co 64k negotiation');
    const number = /D-(\d+)/.exec(cardText(card))?.[1];
    const since = h.connector.mark();
    await h.say(`deal move D-${number} won`);
    const announcement = await h.connector.waitFor((call) => posted(call, CHANNEL), { since });
    const text = cardText(cardOf(announcement.body));
    expect(text).toContain(`Alice Carter won D-${number}`);
    expect(text).toContain('$64,000.00');
  });

  it('posts the win as a new post in the channel when “here” was typed in a thread, also when Won is a button', async () => {
    const thread = `${OTHER_CHANNEL};messageid=1700000000123`;
    const inThread = { conversation: { id: thread, type: 'channel' as const, teamId: '19:team' } };
    const set = await h.say('<at>DealDesk</at> dealdesk settings wins-channel here', DANA, inThread);
    expect(cardText(set.card)).toContain('Setting “wins-channel” updated.');
    const created = await h.say('deal new Thread Win Co 12k proposal');
    const number = /D-(\d+)/.exec(cardText(created.card))?.[1];
    const since = h.connector.mark();
    const pressed = await h.press(created.card, 'Won', { replyToId: created.replyToId });
    expect(pressed.status).toBe(200);
    const announcement = await h.connector.waitFor((call) => posted(call, OTHER_CHANNEL), { since });
    expect(cardText(cardOf(announcement.body))).toContain(`Alice Carter won D-${number}`);
    expect(h.connector.calls.slice(since).filter((call) => posted(call, thread))).toEqual([]);
  });

  it('shows no Share to channel button: a Teams answer in a channel is seen by all, and a personal chat has no channel', async () => {
    const personal = await h.say('pipeline');
    const inChannel = await h.say('<at>DealDesk</at> pipeline', DANA, {
      conversation: { id: CHANNEL, type: 'channel' as const, teamId: '19:team' },
    });
    for (const { card } of [personal, inChannel]) {
      expect(cardText(card)).toContain('Pipeline');
      expect(cardText(card)).not.toContain('Share to channel');
    }
  });

  it('refuses “here” in the shell, where there is no channel', async () => {
    const { execute } = await import('../../../src/commands/execute.js');
    const ctx = { ...(await h.demo.contextFor('dana')), platform: 'shell' as const };
    const result = await execute('dealdesk settings wins-channel here', ctx);
    expect(result.error?.message).toMatch(/names the channel you type it in/);
  });
});
