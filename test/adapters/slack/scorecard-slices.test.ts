// /scorecard, /leaderboard and /quota … by region and by channel through the real Bolt app over signed HTTP,
// against the fake Slack (#15 point 4).
import { expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { slashAnswer, useSlackHarness } from '../../support/slack-harness.js';
import { buttonsIn, textOf } from '../../support/block-kit-buttons.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/scorecard by region on Slack on ${provider}`, () => {
    const h = useSlackHarness(provider);

    const slash = (command: string, text: string, user: string) => slashAnswer(h, command, text, user);

    it('shows an admin the scorecard per region with the whole, and buttons to the other slicing and the whole scorecard', async () => {
      const reply = await slash('/scorecard', 'all by region', 'U_DANA');
      const text = textOf(reply.blocks);
      for (const words of ['Scorecard', 'by region', 'Region', 'APAC', 'EMEA', 'NA', 'All regions', 'Pipeline created', 'Win rate'])
        expect(text).toContain(words);
      expect(text).not.toContain('Attainment');
      expect(buttonsIn(reply.blocks).map((b) => b.text)).toEqual(expect.arrayContaining(['By channel', 'Whole scorecard']));
      // The other slicing, as its button asks for it.
      const byChannel = textOf((await slash('/scorecard', 'all by channel', 'U_DANA')).blocks);
      for (const words of ['by channel', 'Direct', 'All channels']) expect(byChannel).toContain(words);
    });

    it('ranks a manager’s reps per region, groups quotas by region, and keeps a rep to their own rank', async () => {
      const board = textOf((await slash('/leaderboard', 'team won by region', 'U_MIKE')).blocks);
      expect(board).toContain('Leaderboard: Won · North America');
      expect(board).toContain('Region: NA');
      expect(board).toContain('Alice Carter');
      const quota = textOf((await slash('/quota', 'all by region', 'U_DANA')).blocks);
      for (const words of ['Quota', 'by region', 'APAC', 'EMEA', 'NA', 'All regions']) expect(quota).toContain(words);
      const mine = textOf((await slash('/leaderboard', 'by region', 'U_ALICE')).blocks);
      expect(mine).toMatch(/You are number \d+ of \d+ on Won|You have no figure for Won/);
      expect(mine).not.toContain('Carmen Diaz');
      expect(textOf((await slash('/scorecard', 'all 按区域', 'U_WEI')).blocks)).toContain('你可以查看自己的绩效');
    });
  });
}
