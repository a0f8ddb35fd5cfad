// Competitors through the real Teams adapter over HTTP (anonymous mode), against the fake connector.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { TEAMS_USERS, startTeamsHarness, type TeamsHarness } from '../../support/teams-server.js';
import { actionsIn, cardText } from '../../support/fake-teams.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/competitors on Teams on ${provider}`, () => {
    let h: TeamsHarness;
    beforeAll(async () => {
      h = await startTeamsHarness(provider);
    });
    afterAll(() => h.close());

    it('names a competitor on a deal, and shows the manager per competitor as a valid card with the funnel by competitor behind its button', async () => {
      const created = await h.say('deal new Teams Rival Co 20k proposal', TEAMS_USERS.alice);
      const ref = /D-\d+/.exec(cardText(created.card))?.[0] ?? '';
      expect(ref).not.toBe('');
      const named = await h.say(`deal update ${ref} competitor Kingdee`, TEAMS_USERS.alice);
      expect(cardText(named.card)).toContain('Kingdee');
      const refused = await h.say(`deal update ${ref} competitor Yonyou`, TEAMS_USERS.brian);
      expect(cardText(refused.card)).not.toContain('Yonyou');

      const { status, card, replyToId } = await h.say('competitors team', TEAMS_USERS.mike);
      expect(status).toBe(200);
      const text = cardText(card);
      for (const words of ['Competitors · North America', 'Kingdee', 'Met', 'Won against', 'Lost to']) expect(text).toContain(words);
      expect(text).not.toContain('Yonyou');
      const funnel = await h.press(card, 'Funnel by competitor', { user: TEAMS_USERS.mike, replyToId });
      expect(funnel.status).toBe(200);
      expect(cardText(funnel.card)).toContain('Competitor: Kingdee');
      // Every card the bot produced was checked against the Adaptive Cards schema.
      expect(h.cards.length).toBeGreaterThan(0);
      expect(actionsIn(funnel.card).map((a) => a.title)).toContain('Whole funnel');
    });
  });
}
