// /deal history and /deal search through the real Bolt app over signed HTTP, against the fake Slack:
// what the person reads in the response_url answer, and the History, More and card buttons pressed.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { blockActionBody, postSlack, slashCommandBody } from '../../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from '../../support/slack-server.js';
import { createdDealRef } from '../../support/workspace.js';
import { buttonsIn, textOf } from '../../support/block-kit-buttons.js';

type Answer = { blocks: unknown[]; replace_original?: boolean };

const CARD_BUTTONS = ['Move stage', 'Log note', 'Request discount', 'Won', 'Lost'];

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/deal history and /deal search on Slack on ${provider}`, () => {
    let h: SlackHarness;
    /** Quokkaworks (Alice's): created, 16 notes, then moved to Negotiation: 18 changes, two pages. */
    let quokka: string;
    /** 华为技术 (Wei's), a proposal whose amount was raised. */
    let huawei: string;

    beforeAll(async () => {
      h = await startSlackHarness(provider);
      quokka = createdDealRef((await h.demo.run('/deal new Quokkaworks 50k proposal close 2026-12-20 Quokka platform', 'alice')).text);
      for (let i = 1; i <= 16; i++) await h.demo.run(`/deal note ${quokka} follow-up number ${i}`, 'alice');
      await h.demo.run(`/deal move ${quokka} negotiation`, 'alice');
      const created = await h.demo.run('/deal new 华为技术 80k proposal close 2026-12-20 云平台扩容', 'wei.zhang');
      huawei = /已创建 (D-\d+)/.exec(created.text)?.[1] ?? '';
      expect(huawei).not.toBe('');
      await h.demo.run(`/deal update ${huawei} amount 90k`, 'wei.zhang');
    });
    afterAll(() => h.close());
    afterEach(() => {
      expect(h.fake.limitViolations).toEqual([]);
    });

    async function slash(text: string, user: string): Promise<Answer> {
      const responseUrl = h.fake.responseUrl();
      const body = slashCommandBody({ command: '/deal', text, user_id: user, team_id: TEAM, response_url: responseUrl });
      const http = await postSlack(h.eventsUrl, SIGNING_SECRET, body);
      expect(http.status).toBe(200);
      const response = await h.fake.waitForResponse(responseUrl.split('/').pop() ?? '', 10_000);
      return response.body as Answer;
    }

    /** Presses the button labelled `label` on a message, as `user`, and returns the answer posted to its response_url. */
    async function press(message: Answer, label: string, user: string): Promise<Answer> {
      const button = buttonsIn(message.blocks).find((b) => b.text === label);
      if (!button) throw new Error(`No "${label}" button in ${textOf(message.blocks)}`);
      const responseUrl = h.fake.responseUrl();
      const http = await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        blockActionBody({
          user,
          team: TEAM,
          actions: [{ action_id: button.action_id, block_id: button.block_id, value: button.value }],
          response_url: responseUrl,
          message: { ts: '1700000000.000200', blocks: message.blocks },
          channel: { id: 'C0GENERAL' },
          container: { type: 'message', message_ts: '1700000000.000200', channel_id: 'C0GENERAL', is_ephemeral: true },
        }),
      );
      expect(http.status).toBe(200);
      const response = await h.fake.waitForResponse(responseUrl.split('/').pop() ?? '', 10_000);
      return response.body as Answer;
    }

    const labels = (answer: Answer) => buttonsIn(answer.blocks).map((b) => b.text);

    it('shows a deal’s history newest first with its card’s buttons, and the next page from More', async () => {
      const first = await slash(`history ${quokka}`, 'U_MIKE');
      const text = textOf(first.blocks);
      expect(text).toContain(`History of ${quokka} · Quokkaworks — Quokka platform`);
      expect(text).toContain('Stage: Proposal → Negotiation');
      expect(text).toContain('Note: follow-up number 16');
      // Who and when, in Mike's time zone (New York).
      expect(text).toContain('Alice Carter · Nov 23, 2026, 10:00');
      expect(text).toContain('1–15 of 18 changes · page 1 of 2');
      expect(text).not.toContain('Created in Proposal');
      expect(labels(first)).toEqual(['More', 'Open', ...CARD_BUTTONS, 'Share to channel']);

      const second = await press(first, 'More', 'U_MIKE');
      const rest = textOf(second.blocks);
      expect(rest).toContain('16–18 of 18 changes · page 2 of 2');
      expect(rest).toContain('Note: follow-up number 2');
      expect(rest).toContain('Note: follow-up number 1');
      expect(rest).toContain('Created in Proposal at $50,000.00');
      expect(rest).not.toContain('follow-up number 16');
      // The page replaces the one the button was on.
      expect(second.replace_original).toBe(true);
      expect(labels(second)).toEqual(['Open', ...CARD_BUTTONS, 'Share to channel']);

      const card = await press(second, 'Open', 'U_MIKE');
      expect(textOf(card.blocks)).toContain(`${quokka} · Quokkaworks`);
      expect(labels(card)).toEqual(expect.arrayContaining(CARD_BUTTONS));
    });

    it('lets the owner act from the history card: Won moves the deal and the history shows it', async () => {
      const history = await slash(`history ${quokka}`, 'U_ALICE');
      const won = await press(history, 'Won', 'U_ALICE');
      expect(won.replace_original).toBe(true);
      expect(textOf(won.blocks)).toContain(`${quokka} is won! Moved from Negotiation to Won.`);
      const after = textOf((await slash(`history ${quokka}`, 'U_ALICE')).blocks);
      expect(after).toContain('Stage: Negotiation → Won');
      expect(after).toContain('1–15 of 19 changes');
      const deal = await h.demo.db.deal.findFirstOrThrow({
        where: { workspaceId: h.demo.workspaceId, number: Number(quokka.slice(2)) },
        select: { stage: true },
      });
      expect(deal.stage).toBe('won');
    });

    it('finds deals by words with each result’s buttons, and opens a result’s history from its History button', async () => {
      const found = await slash('search quokka platform', 'U_ALICE');
      const text = textOf(found.blocks);
      expect(text).toContain('Deals matching “quokka platform”');
      expect(text).toContain(`${quokka} · Quokkaworks — Quokka platform`);
      expect(labels(found)).toEqual(expect.arrayContaining(['Open', 'History']));

      const history = await press(found, 'History', 'U_ALICE');
      expect(textOf(history.blocks)).toContain(`History of ${quokka}`);
      expect(textOf(history.blocks)).toContain('Stage: Negotiation → Won');

      const opened = await press(found, 'Open', 'U_ALICE');
      expect(textOf(opened.blocks)).toContain(`${quokka} · Quokkaworks`);
    });

    it('shows a rep only their own deals, and says what to type when nothing matches', async () => {
      // Brian (a rep) may open Alice's deal by name, but a search lists only his own.
      const none = textOf((await slash('search quokka', 'U_BRIAN')).blocks);
      expect(none).toContain('No deal you may see matches “quokka”');
      expect(none).toContain('/deal search acme');
      expect(textOf((await slash('search', 'U_ALICE')).blocks)).toContain('Type what to look for after /deal search');
    });

    it('answers in Chinese: a search by a Chinese word, its 历史 button and the changes in Chinese', async () => {
      const found = await slash('search 华为', 'U_WEI');
      const text = textOf(found.blocks);
      expect(text).toContain('匹配“华为”的商机');
      expect(text).toContain(`${huawei} · 华为技术 — 云平台扩容`);
      expect(labels(found)).toEqual(expect.arrayContaining(['打开', '历史', '赢单', '输单']));

      const history = await press(found, '历史', 'U_WEI');
      const changes = textOf(history.blocks);
      expect(changes).toContain(`${huawei} · 华为技术 — 云平台扩容 的历史`);
      expect(changes).toContain('金额：US$80,000.00 → US$90,000.00');
      expect(changes).toContain('创建：');
      expect(changes).toContain('第 1–2 条，共 2 条变更 · 第 1/1 页');
      expect(labels(history)).toEqual(expect.arrayContaining(['打开', '赢单', '输单']));
      expect(labels(history)).not.toContain('更多');
    });
  });
}
