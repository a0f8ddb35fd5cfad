// /funnel through the real Bolt app over signed HTTP, against the fake Slack.
import { expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { slashAnswer, useSlackHarness } from '../../support/slack-harness.js';
import { buttonsIn, textOf } from '../../support/block-kit-buttons.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/funnel on Slack on ${provider}`, () => {
    const h = useSlackHarness(provider);

    const slash = (text: string, user: string) => slashAnswer(h, '/funnel', text, user);

    it("shows a manager their team's funnel with the slicing buttons, by rep on request", async () => {
      const reply = await slash('team', 'U_MIKE');
      const text = textOf(reply.blocks);
      expect(text).toContain('Funnel · North America');
      for (const words of ['Entered', 'Moved on', 'Win rate (count)', 'Win rate (amount)', 'Median sales cycle'])
        expect(text).toContain(words);
      expect(buttonsIn(reply.blocks).map((b) => b.text)).toEqual(expect.arrayContaining(['By channel', 'By rep']));
      expect(textOf((await slash('team by rep', 'U_MIKE')).blocks)).toContain('Rep: Alice Carter');
    });

    it("refuses a rep someone else's funnel, and answers in Chinese", async () => {
      expect(textOf((await slash('@mike', 'U_ALICE')).blocks)).toContain('You can see your own funnel');
      expect(textOf((await slash('', 'U_WEI')).blocks)).toContain('销售漏斗');
    });
  });
}
