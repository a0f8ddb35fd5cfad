// /scorecard and /leaderboard through the real Bolt app over signed HTTP, against the fake Slack.
import { expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { slashAnswer, useSlackHarness } from '../../support/slack-harness.js';
import { buttonsIn, textOf } from '../../support/block-kit-buttons.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/scorecard and /leaderboard on Slack on ${provider}`, () => {
    const h = useSlackHarness(provider);

    const slash = (command: string, text: string, user: string) => slashAnswer(h, command, text, user);

    it("shows a manager their team's scorecard with its buttons, and the team ranked on one column", async () => {
      const reply = await slash('/scorecard', 'team', 'U_MIKE');
      const text = textOf(reply.blocks);
      expect(text).toContain('Scorecard · North America');
      for (const words of ['Alice Carter', 'Attainment', 'Pipeline created', 'Calls · meetings · e-mails', 'Win rate', 'Satisfaction'])
        expect(text).toContain(words);
      expect(buttonsIn(reply.blocks).map((b) => b.text)).toEqual(['Leaderboard', 'Funnel', 'Share to channel']);
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
