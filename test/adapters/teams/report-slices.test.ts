// /pipeline … by channel through the real Teams adapter over HTTP (anonymous mode), against the fake connector (#15 point 4).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { TEAMS_USERS, startTeamsHarness, type TeamsHarness } from '../../support/teams-server.js';
import { actionsIn, cardText } from '../../support/fake-teams.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/pipeline by channel on Teams on ${provider}`, () => {
    let h: TeamsHarness;
    beforeAll(async () => {
      h = await startTeamsHarness(provider);
    });
    afterAll(() => h.close());

    it("shows a manager their team's pipeline per channel as a valid Adaptive Card, and per region from its button", async () => {
      const { status, card, replyToId } = await h.say('pipeline team by channel', TEAMS_USERS.mike);
      expect(status).toBe(200);
      const text = cardText(card);
      for (const words of ['Pipeline · North America · by channel', 'Channel: Direct', 'Channel: Partner', 'All channels', 'Weighted'])
        expect(text).toContain(words);
      expect(actionsIn(card).map((a) => a.title)).toEqual(['By region', 'Whole pipeline']);
      const byRegion = await h.press(card, 'By region', { user: TEAMS_USERS.mike, replyToId });
      expect(byRegion.status).toBe(200);
      expect(cardText(byRegion.card)).toContain('Pipeline · North America · by region');
      expect(cardText(byRegion.card)).toContain('All regions');
      // Every card the bot produced was checked against the Adaptive Cards schema.
      expect(h.cards.length).toBeGreaterThan(0);
    });

    it('refuses a rep someone else’s pipeline by channel', async () => {
      const { card } = await h.say('pipeline @mike by channel', TEAMS_USERS.alice);
      expect(cardText(card)).toContain('You can see your own pipeline');
    });
  });
}
