// Competitors through the real Bolt app over signed HTTP, against the fake Slack: a rep names one on a
// deal and loses to it, a manager reads /competitors, a rep is refused another's, Chinese.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { postSlack, slashCommandBody } from '../../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from '../../support/slack-server.js';
import { buttonsIn, textOf } from '../../support/block-kit-buttons.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/competitors on Slack on ${provider}`, () => {
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
      return textOf((response.body as { blocks: unknown[] }).blocks);
    }

    it('names a competitor on a deal, loses to it, and shows the manager per competitor', async () => {
      const created = await slash('/deal', 'new Slack Rival Co 20k proposal', 'U_ALICE');
      const ref = /D-\d+/.exec(created)?.[0] ?? '';
      expect(ref).not.toBe('');
      expect(await slash('/deal', `update ${ref} competitor Oracle, SAP`, 'U_ALICE')).toContain('Oracle, SAP');
      const lost = await slash('/deal', `move ${ref} lost to Oracle: price`, 'U_ALICE');
      expect(lost).toContain('Oracle (lost to them), SAP');

      const responseUrl = h.fake.responseUrl();
      const body = slashCommandBody({ command: '/competitors', text: 'team', user_id: 'U_MIKE', team_id: TEAM, response_url: responseUrl });
      expect((await postSlack(h.eventsUrl, SIGNING_SECRET, body)).status).toBe(200);
      const reply = (await h.fake.waitForResponse(responseUrl.split('/').pop() ?? '', 10_000)).body as { blocks: unknown[] };
      const text = textOf(reply.blocks);
      expect(text).toContain('Competitors · North America');
      for (const words of ['Oracle', 'SAP', 'Won against', 'Lost to', 'Win rate']) expect(text).toContain(words);
      expect(buttonsIn(reply.blocks).map((b) => b.text)).toEqual(['Funnel by competitor', 'Share to channel']);
      expect(await slash('/funnel', 'team by competitor', 'U_MIKE')).toContain('Competitor: Oracle');
    });

    it("refuses a rep someone else's competitors, and answers in Chinese", async () => {
      expect(await slash('/competitors', '@mike', 'U_ALICE')).toContain('You can see your own competitors');
      expect(await slash('/competitors', '', 'U_WEI')).toContain('竞争对手');
    });
  });
}
