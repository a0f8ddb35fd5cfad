// /scorecard and /leaderboard through the real Teams adapter over HTTP (anonymous mode), against the fake connector.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { TEAMS_USERS, startTeamsHarness, type TeamsHarness } from '../../support/teams-server.js';
import { actionsIn, cardText } from '../../support/fake-teams.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/scorecard and /leaderboard on Teams on ${provider}`, () => {
    let h: TeamsHarness;
    beforeAll(async () => {
      h = await startTeamsHarness(provider);
    });
    afterAll(() => h.close());

    it("shows a manager their team's scorecard as a valid Adaptive Card, and the leaderboard from its button", async () => {
      const { status, card, replyToId } = await h.say('scorecard team', TEAMS_USERS.mike);
      expect(status).toBe(200);
      const text = cardText(card);
      for (const words of ['Scorecard · North America', 'Alice Carter', 'Attainment', 'Win rate', 'Avg discount', 'Satisfaction'])
        expect(text).toContain(words);
      expect(actionsIn(card).map((a) => a.title)).toEqual(['Leaderboard', 'Funnel']);
      const ranked = await h.press(card, 'Leaderboard', { user: TEAMS_USERS.mike, replyToId });
      expect(ranked.status).toBe(200);
      expect(cardText(ranked.card)).toContain('Leaderboard: Won · North America');
      // Every card the bot produced was checked against the Adaptive Cards schema.
      expect(h.cards.length).toBeGreaterThan(0);
    });

    it('shows a rep only their own rank', async () => {
      const { card } = await h.say('leaderboard won', TEAMS_USERS.alice);
      const text = cardText(card);
      expect(text).toMatch(/You are number \d+ of \d+ on Won|You have no figure for Won/);
      expect(text).not.toContain('Carmen Diaz');
    });
  });
}
