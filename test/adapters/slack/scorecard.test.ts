// /scorecard and /leaderboard through the real Bolt app over signed HTTP, against the fake Slack.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { postSlack, slashCommandBody } from '../../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from '../../support/slack-server.js';
import { buttonsIn, textOf } from '../../support/block-kit-buttons.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/scorecard and /leaderboard on Slack on ${provider}`, () => {
    let h: SlackHarness;
    beforeAll(async () => {
      h = await startSlackHarness(provider);
    });
    afterAll(() => h.close());
    afterEach(() => {
      expect(h.fake.limitViolations).toEqual([]);
    });

    async function slash(command: string, text: string, user: string) {
      const responseUrl = h.fake.responseUrl();
      const body = slashCommandBody({ command, text, user_id: user, team_id: TEAM, response_url: responseUrl });
      const http = await postSlack(h.eventsUrl, SIGNING_SECRET, body);
      expect(http.status).toBe(200);
      const response = await h.fake.waitForResponse(responseUrl.split('/').pop() ?? '', 10_000);
      return response.body as { blocks: unknown[] };
    }

    it("shows a manager their team's scorecard with its buttons, and the team ranked on one column", async () => {
      const reply = await slash('/scorecard', 'team', 'U_MIKE');
      const text = textOf(reply.blocks);
      expect(text).toContain('Scorecard · North America');
      for (const words of ['Alice Carter', 'Attainment', 'Pipeline created', 'Calls · meetings · e-mails', 'Win rate', 'Satisfaction'])
        expect(text).toContain(words);
      expect(buttonsIn(reply.blocks).map((b) => b.text)).toEqual(['Leaderboard', 'Funnel']);
      const ranked = textOf((await slash('/leaderboard', 'winrate', 'U_MIKE')).blocks);
      expect(ranked).toContain('Leaderboard: Win rate · North America');
      expect(ranked).toContain('Alice Carter');
    });

    it('shows a rep only their own rank, and answers in Chinese', async () => {
      const mine = textOf((await slash('/leaderboard', '', 'U_ALICE')).blocks);
      expect(mine).toMatch(/You are number \d+ of \d+ on Won|You have no figure for Won/);
      expect(mine).not.toContain('Carmen Diaz');
      expect(textOf((await slash('/scorecard', '@mike', 'U_ALICE')).blocks)).toContain('You can see your own scorecard');
      expect(textOf((await slash('/scorecard', '', 'U_WEI')).blocks)).toContain('绩效');
    });
  });
}
