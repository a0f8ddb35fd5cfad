// /funnel through the real Teams adapter over HTTP (anonymous mode), against the fake connector.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { TEAMS_USERS, startTeamsHarness, type TeamsHarness } from '../../support/teams-server.js';
import { actionsIn, cardText } from '../../support/fake-teams.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/funnel on Teams on ${provider}`, () => {
    let h: TeamsHarness;
    beforeAll(async () => {
      h = await startTeamsHarness(provider);
    });
    afterAll(() => h.close());

    it("shows a manager their team's funnel as a valid Adaptive Card, and slices it by rep from its button", async () => {
      const { status, card, replyToId } = await h.say('funnel team', TEAMS_USERS.mike);
      expect(status).toBe(200);
      const text = cardText(card);
      for (const words of ['Funnel · North America', 'Entered', 'Moved on', '→ Won', 'Win rate (count)', 'Median sales cycle'])
        expect(text).toContain(words);
      expect(actionsIn(card).map((a) => a.title)).toEqual(['By channel', 'By region', 'By grade', 'By rep', 'By competitor']);
      const byRep = await h.press(card, 'By rep', { user: TEAMS_USERS.mike, replyToId });
      expect(byRep.status).toBe(200);
      expect(cardText(byRep.card)).toContain('Rep: Alice Carter');
      // Every card the bot produced was checked against the Adaptive Cards schema.
      expect(h.cards.length).toBeGreaterThan(0);
    });

    it("refuses a rep someone else's funnel", async () => {
      const { card } = await h.say('/funnel @mike', TEAMS_USERS.alice);
      expect(cardText(card)).toContain('You can see your own funnel');
    });
  });
}
