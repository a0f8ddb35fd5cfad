// Teams hears "got it" when the turn ends (#13): a message's record and its work commit together before
// that, so a turn that fails in the middle leaves nothing behind and Teams' redelivery of the same
// activity does the work, once. Real Teams SDK app over HTTP, fake Bot Framework connector.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { TEAMS_USERS, startTeamsHarness, type TeamsHarness } from '../../support/teams-server.js';
import { messageActivity } from '../../support/fake-teams.js';
import { failInsertsInto } from '../../support/failing-inserts.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`durable Teams activities on ${provider}`, () => {
    let h: TeamsHarness;
    beforeAll(async () => {
      h = await startTeamsHarness(provider);
    });
    afterAll(() => h.close());

    const dealsTitled = (title: string) => h.demo.db.deal.count({ where: { workspaceId: h.demo.workspaceId, title } });

    it('a turn that fails in the middle of its work leaves no record, so the redelivery does the work once', async () => {
      const activity = messageActivity(h.where({ id: 'act-fails-midway' }), TEAMS_USERS.alice, 'deal new Midway Co 10k Half done');
      await failInsertsInto(h.demo.db, provider, 'DealEvent', true);
      try {
        await h.post(activity);
        // The deal row was written, then its event failed: both were rolled back with the activity's record.
        expect(await dealsTitled('Half done')).toBe(0);
        expect(await h.demo.db.processedRequest.count({ where: { key: { contains: 'act-fails-midway' } } })).toBe(0);
      } finally {
        await failInsertsInto(h.demo.db, provider, 'DealEvent', false);
      }
      const again = await h.post(activity);
      expect(again.status).toBe(200);
      expect(await dealsTitled('Half done')).toBe(1);
      const third = await h.post(activity);
      expect(third.status).toBe(200);
      expect(await dealsTitled('Half done')).toBe(1);
      const replies = h.connector.calls.filter((c) => c.kind === 'reply' && c.activityId === 'act-fails-midway');
      expect(replies.some((reply) => JSON.stringify(reply.body).includes('Half done'))).toBe(true);
    });
  });
}
