// After-sales satisfaction through the real Bolt app over signed HTTP, against the fake Slack: the rep's
// nudge lists the call-back with its score buttons, a press records the score once, /satisfaction reports it.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { blockActionBody, postSlack, slashCommandBody } from '../../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from '../../support/slack-server.js';
import { createdDealRef } from '../../support/workspace.js';
import { buttonsIn, textOf } from '../../support/block-kit-buttons.js';

type Answer = { blocks: unknown[]; replace_original?: boolean };

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`after-sales satisfaction on Slack on ${provider}`, () => {
    let h: SlackHarness;
    let ref: string;

    beforeAll(async () => {
      h = await startSlackHarness(provider);
      ref = createdDealRef((await h.demo.run('/deal new Slack Callback Co 30k won', 'alice')).text);
      // The call-back fell due a while ago, whatever today is on this machine.
      await h.demo.db.afterSalesFollowUp.updateMany({
        where: { workspaceId: h.demo.workspaceId, deal: { number: Number(ref.slice(2)) } },
        data: { dueOn: new Date('2026-11-01T00:00:00Z') },
      });
    });
    afterAll(() => h.close());
    afterEach(() => {
      expect(h.fake.limitViolations).toEqual([]);
    });

    async function slash(command: string, text: string, user: string): Promise<Answer> {
      const responseUrl = h.fake.responseUrl();
      const body = slashCommandBody({ command, text, user_id: user, team_id: TEAM, response_url: responseUrl });
      const http = await postSlack(h.eventsUrl, SIGNING_SECRET, body);
      expect(http.status).toBe(200);
      const response = await h.fake.waitForResponse(responseUrl.split('/').pop() ?? '', 10_000);
      return response.body as Answer;
    }

    /** Presses the button labelled `label` next to `ref` on a message, as `user`; the answer posted to its response_url. */
    async function press(message: Answer, label: string, user: string): Promise<Answer> {
      const button = buttonsIn(message.blocks).find((b) => b.text === label && b.value.includes(`deal satisfaction ${ref}`));
      if (!button) throw new Error(`No "${label}" button for ${ref} in ${textOf(message.blocks)}`);
      const responseUrl = h.fake.responseUrl();
      const http = await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        blockActionBody({
          user,
          team: TEAM,
          actions: [{ action_id: button.action_id, block_id: button.block_id, value: button.value }],
          response_url: responseUrl,
          message: { ts: '1700000000.000300', blocks: message.blocks },
          channel: { id: 'D0ALICE' },
        }),
      );
      expect(http.status).toBe(200);
      const response = await h.fake.waitForResponse(responseUrl.split('/').pop() ?? '', 10_000);
      return response.body as Answer;
    }

    it('lists the due call-back in the nudge; pressing 4 records it once, a second press says so', async () => {
      const nudge = await slash('/dealdesk', 'digest now', 'U_ALICE');
      const text = textOf(nudge.blocks);
      expect(text).toContain('After-sales call-backs due');
      expect(text).toContain(`${ref} Slack Callback Co`);
      const labels = buttonsIn(nudge.blocks)
        .filter((b) => b.value.includes(`deal satisfaction ${ref}`))
        .map((b) => b.text);
      expect(labels).toEqual(['1', '2', '3', '4', '5', 'Score with comment']);

      expect(textOf((await press(nudge, '4', 'U_ALICE')).blocks)).toContain(`Satisfaction 4/5 recorded for ${ref}.`);
      expect(textOf((await press(nudge, '2', 'U_ALICE')).blocks)).toContain(`${ref}’s satisfaction was already recorded: 4/5`);
      const rows = await h.demo.db.afterSalesFollowUp.findMany({
        where: { workspaceId: h.demo.workspaceId, deal: { number: Number(ref.slice(2)) } },
        select: { score: true },
      });
      expect(rows).toEqual([{ score: 4 }]);
    });

    it('opens the score form from “Score with comment”, with scores 1 to 5 and a comment', async () => {
      // Recorded above, so Alice's nudge no longer asks about that deal; a new win's call-back does.
      const own = await slash('/dealdesk', 'digest now', 'U_ALICE');
      expect(buttonsIn(own.blocks).some((b) => b.value.includes(`deal satisfaction ${ref}`))).toBe(false);
      const other = createdDealRef((await h.demo.run('/deal new Slack Form Co 10k won', 'alice')).text);
      await h.demo.db.afterSalesFollowUp.updateMany({
        where: { workspaceId: h.demo.workspaceId, deal: { number: Number(other.slice(2)) } },
        data: { dueOn: new Date('2026-11-01T00:00:00Z') },
      });
      const again = await slash('/dealdesk', 'digest now', 'U_ALICE');
      const comment = buttonsIn(again.blocks).find((b) => b.text === 'Score with comment' && b.value.includes(other));
      if (!comment) throw new Error(`No Score with comment button in ${textOf(again.blocks)}`);
      const mark = h.fake.mark();
      await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        blockActionBody({
          user: 'U_ALICE',
          team: TEAM,
          actions: [{ action_id: comment.action_id, block_id: comment.block_id, value: comment.value }],
          response_url: h.fake.responseUrl(),
          message: { ts: '1700000000.000400', blocks: again.blocks },
          channel: { id: 'D0ALICE' },
        }),
      );
      const opened = await h.fake.waitForCall('views.open', undefined, 5000, mark);
      const view = JSON.stringify(opened.body.view);
      expect(view).toContain(`Satisfaction · ${other}`);
      expect(view).toContain('What the customer said');
    });

    it('reports it with /satisfaction, and refuses a rep their team’s report', async () => {
      const report = textOf((await slash('/satisfaction', 'me 2026-Q4', 'U_ALICE')).blocks);
      expect(report).toContain('Satisfaction · Alice Carter');
      expect(report).toContain('Average score');
      expect(report).toContain('4.0 / 5');
      expect(textOf((await slash('/satisfaction', 'team', 'U_ALICE')).blocks)).toContain('You can see your own customers’ satisfaction');
    });
  });
}
