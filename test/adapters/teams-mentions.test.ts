// A Teams mention (`<at>Zoe Park</at>` plus a `mention` entity naming her Teams user id) reaches the
// commands as `@<handle>`: the member with her AAD object id, created from the connector's member
// lookup when she never used DealDesk.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { cardOf, cardText, messageActivity, type TeamsUser } from '../support/fake-teams.js';
import { checkedCard, startTeamsHarness, TENANT, type TeamsHarness } from '../support/teams-server.js';
import { snapshot } from '../support/workspace.js';

const DANA: TeamsUser = { aadObjectId: 'aad-dana', id: '29:dana', name: 'Dana Admin', locale: 'en-US', timeZone: 'America/New_York' };
const ZOE = { id: '29:zoe', name: 'Zoe Park', aadObjectId: 'aad-zoe', email: 'zoe@acme.example', userPrincipalName: 'zoe@acme.example' };
const ZOE_TWIN = { id: '29:zoe-q', name: 'Zoe Park', aadObjectId: 'aad-zoe-q', userPrincipalName: 'zoe.q@acme.example' };

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Teams mentions on ${provider}`, () => {
    let h: TeamsHarness;
    beforeAll(async () => {
      h = await startTeamsHarness(provider);
      const dana = await h.demo.db.member.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, handle: 'dana' } });
      await h.demo.db.platformIdentity.create({
        data: {
          workspaceId: h.demo.workspaceId,
          platform: 'teams',
          externalTenantId: TENANT,
          externalUserId: DANA.aadObjectId,
          memberId: dana.id,
        },
      });
      h.connector.members.set(ZOE.id, ZOE);
      h.connector.members.set(ZOE_TWIN.id, ZOE_TWIN);
    });
    afterAll(() => h.close());

    async function say(text: string, mentions: { id: string; name: string }[], where = h.where()): Promise<string> {
      const activity = messageActivity(where, DANA, text, { mentions });
      const since = h.connector.mark();
      expect((await h.post(activity)).status).toBe(200);
      // Only the message is the answer (teams-ai 1.7 also sent "typing" on slow turns).
      const reply = await h.connector.waitFor(
        (call) => call.kind === 'reply' && call.activityId === activity.id && call.body.type === 'message',
        { since },
      );
      return cardText(checkedCard(h.cards, cardOf(reply.body)));
    }

    const member = (aadObjectId: string) =>
      h.demo.db.platformIdentity.findFirst({ where: { platform: 'teams', externalUserId: aadObjectId }, select: { member: true } });

    it('creates a mentioned person who never used DealDesk as a rep, and the command acts on them', async () => {
      expect(await member(ZOE.aadObjectId)).toBeNull();
      const text = await say('quota set <at>Zoe Park</at> 10k', [{ id: ZOE.id, name: ZOE.name }]);
      const zoe = (await member(ZOE.aadObjectId))?.member;
      expect(zoe).toMatchObject({ name: 'Zoe Park', handle: 'zoe.park', role: 'rep', email: 'zoe@acme.example', active: true });
      expect(text).toContain('Zoe Park');
      expect(text).toContain('$10,000.00');
      expect((await h.demo.db.quota.findFirstOrThrow({ where: { memberId: zoe!.id } })).amountMinor).toBe(1_000_000n);
    });

    it('tells apart two people shown with the same name, in a channel where the bot is mentioned too', async () => {
      const channel = h.where({ conversation: { id: '19:sales@thread.tacv2;messageid=1', type: 'channel', teamId: '19:team-acme' } });
      const text = await say('quota set <at>Zoe Park</at> 20k', [{ id: ZOE_TWIN.id, name: ZOE_TWIN.name }], channel);
      const twin = (await member(ZOE_TWIN.aadObjectId))?.member;
      expect(twin).toMatchObject({ name: 'Zoe Park', handle: 'zoe.park2', role: 'rep', email: null });
      expect(text).toContain('$20,000.00');
      expect((await h.demo.db.quota.findFirstOrThrow({ where: { memberId: twin!.id } })).amountMinor).toBe(2_000_000n);
      // In a team the lookup asks the team's roster.
      expect(
        h.connector.calls.some((call) => call.method === 'GET' && call.path === '/v3/conversations/19%3Ateam-acme/members/29%3Azoe-q'),
      ).toBe(true);
      const admins = await h.demo.db.member.findMany({
        where: { workspaceId: h.demo.workspaceId, role: 'admin' },
        select: { handle: true },
      });
      expect(admins.map((a) => a.handle)).toEqual(['dana']);
    });

    it('finds the same member on the next mention', async () => {
      const count = await h.demo.db.member.count({ where: { workspaceId: h.demo.workspaceId } });
      expect(await say('pipeline <at>Zoe Park</at>', [{ id: ZOE.id, name: ZOE.name }])).toContain('Zoe Park');
      expect(await h.demo.db.member.count({ where: { workspaceId: h.demo.workspaceId } })).toBe(count);
    });

    it('creates nobody for a mention the connector does not know, and says whom it could not find', async () => {
      const before = await snapshot(h.demo.db, h.demo.workspaceId);
      const text = await say('quota set <at>Ghost Person</at> 10k', [{ id: '29:ghost', name: 'Ghost Person' }]);
      expect(text).toContain('Ghost Person');
      expect(await snapshot(h.demo.db, h.demo.workspaceId)).toBe(before);
    });
  });
}
