// /pipeline … by channel through the real Bolt app over signed HTTP, against the fake Slack (#15 point 4).
import { expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { slashAnswer, useSlackHarness } from '../../support/slack-harness.js';
import { buttonsIn, tablesIn, textOf } from '../../support/block-kit-buttons.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/pipeline by channel on Slack on ${provider}`, () => {
    const h = useSlackHarness(provider);

    const slash = (command: string, text: string, user: string) => slashAnswer(h, command, text, user);

    it("shows a manager their team's pipeline per channel, adding up to the whole, with buttons to the other slicing", async () => {
      const reply = await slash('/pipeline', 'team by channel', 'U_MIKE');
      const text = textOf(reply.blocks);
      for (const words of [
        'Pipeline · North America · by channel',
        'Channel: Direct',
        'Channel: Partner',
        'Channel: Online',
        'All channels',
      ])
        expect(text).toContain(words);
      // The whole is the team's pipeline as /pipeline team shows it.
      // (/pipeline team's totals row, in its Slack table block: Total, deals, amount, weighted, …)
      const [table] = tablesIn((await slash('/pipeline', 'team', 'U_MIKE')).blocks);
      const total = table?.at(-1) ?? [];
      expect(total.slice(0, 4)).toEqual([
        'Total',
        expect.stringMatching(/^\d+$/),
        expect.stringMatching(/^\$[\d,]+\.\d\d$/),
        expect.stringMatching(/^\$[\d,]+\.\d\d$/),
      ]);
      expect(text).toContain(`${total[1]} deals · ${total[2]} · weighted ${total[3]}`);
      expect(buttonsIn(reply.blocks).map((b) => b.text)).toEqual(['By region', 'Whole pipeline', 'Share to channel']);
    });

    it('says what to type for an unknown slicing, and answers in Chinese', async () => {
      expect(textOf((await slash('/pipeline', 'team by colour', 'U_MIKE')).blocks)).toContain('Type by channel or by region');
      expect(textOf((await slash('/pipeline', '按渠道', 'U_WEI')).blocks)).toContain('渠道：');
    });
  });
}
