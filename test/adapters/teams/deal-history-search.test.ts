// /deal history and /deal search through the real Teams adapter over HTTP (anonymous mode), against the
// fake connector: every card checked with the Adaptive Cards schema, and its More, History and card buttons pressed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { createdDealRef } from '../../support/workspace.js';
import { TEAMS_USERS, startTeamsHarness, type TeamsHarness } from '../../support/teams-server.js';
import { actionsIn, cardText, type Card } from '../../support/fake-teams.js';

const CARD_BUTTONS = ['Move stage', 'Log note', 'Request discount', 'Won', 'Lost'];
const titles = (card: Card | undefined) => actionsIn(card).map((a) => a.title);

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/deal history and /deal search on Teams on ${provider}`, () => {
    let h: TeamsHarness;
    /** Quokkaworks (Alice's): created, 16 notes, then moved to Negotiation: 18 changes, two pages. */
    let quokka: string;
    /** 华为技术 (Wei's), a proposal whose amount was raised. */
    let huawei: string;

    beforeAll(async () => {
      h = await startTeamsHarness(provider);
      quokka = createdDealRef((await h.demo.run('/deal new Quokkaworks 50k proposal close 2026-12-20 Quokka platform', 'alice')).text);
      for (let i = 1; i <= 16; i++) await h.demo.run(`/deal note ${quokka} follow-up number ${i}`, 'alice');
      await h.demo.run(`/deal move ${quokka} negotiation`, 'alice');
      const created = await h.demo.run('/deal new 华为技术 80k proposal close 2026-12-20 云平台扩容', 'wei.zhang');
      huawei = /已创建 (D-\d+)/.exec(created.text)?.[1] ?? '';
      expect(huawei).not.toBe('');
      await h.demo.run(`/deal update ${huawei} amount 90k`, 'wei.zhang');
    });
    afterAll(() => h.close());

    it('shows a deal’s history as a valid card with the deal’s buttons, and the next page from More', async () => {
      const { status, card, replyToId } = await h.say(`deal history ${quokka}`, TEAMS_USERS.mike);
      expect(status).toBe(200);
      const text = cardText(card);
      expect(text).toContain(`History of ${quokka} · Quokkaworks — Quokka platform`);
      expect(text).toContain('Stage: Proposal → Negotiation');
      expect(text).toContain('Note: follow-up number 16');
      // Who and when, in Mike's time zone (New York).
      expect(text).toContain('Alice Carter · Nov 23, 2026, 10:00');
      expect(text).toContain('1–15 of 18 changes · page 1 of 2');
      expect(text).not.toContain('Created in Proposal');
      expect(titles(card)).toEqual(['More', 'Open', ...CARD_BUTTONS]);

      const second = await h.press(card, 'More', { user: TEAMS_USERS.mike, replyToId });
      expect(second.status).toBe(200);
      const rest = cardText(second.card);
      expect(rest).toContain('16–18 of 18 changes · page 2 of 2');
      expect(rest).toContain('Note: follow-up number 1');
      expect(rest).toContain('Created in Proposal at $50,000.00');
      expect(rest).not.toContain('follow-up number 16');
      expect(titles(second.card)).toEqual(['Open', ...CARD_BUTTONS]);

      const opened = await h.press(second.card!, 'Open', { user: TEAMS_USERS.mike, replyToId });
      expect(cardText(opened.card)).toContain(`${quokka} · Quokkaworks`);
      expect(titles(opened.card)).toEqual(expect.arrayContaining(CARD_BUTTONS));
    });

    it('lets the owner act from the history card: Won moves the deal and the history shows it', async () => {
      const { card, replyToId } = await h.say(`/deal history ${quokka}`, TEAMS_USERS.alice);
      const won = await h.press(card, 'Won', { user: TEAMS_USERS.alice, replyToId });
      expect(won.status).toBe(200);
      expect(cardText(won.card)).toContain(`${quokka} is won! Moved from Negotiation to Won.`);
      const after = cardText((await h.say(`deal history ${quokka}`, TEAMS_USERS.alice)).card);
      expect(after).toContain('Stage: Negotiation → Won');
      expect(after).toContain('1–15 of 19 changes');
    });

    it('finds deals by words with each result’s buttons, and opens a result’s history from its History button', async () => {
      const { card, replyToId } = await h.say('deal search quokka platform', TEAMS_USERS.alice);
      const text = cardText(card);
      expect(text).toContain('Deals matching “quokka platform”');
      expect(text).toContain(`${quokka} · Quokkaworks — Quokka platform`);
      expect(titles(card)).toEqual(expect.arrayContaining(['Open', 'History']));

      const history = await h.press(card, 'History', { user: TEAMS_USERS.alice, replyToId });
      expect(history.status).toBe(200);
      expect(cardText(history.card)).toContain(`History of ${quokka}`);
      expect(cardText(history.card)).toContain('Stage: Negotiation → Won');
    });

    it('shows a rep only their own deals, and says what to type when nothing matches', async () => {
      const none = cardText((await h.say('deal search quokka', TEAMS_USERS.brian)).card);
      expect(none).toContain('No deal you may see matches “quokka”');
      expect(none).toContain('/deal search acme');
    });

    it('answers in Chinese: a search by a Chinese word, its 历史 button and the changes in Chinese', async () => {
      const { card, replyToId } = await h.say('deal search 华为', TEAMS_USERS['wei.zhang']);
      const text = cardText(card);
      expect(text).toContain('匹配“华为”的商机');
      expect(text).toContain(`${huawei} · 华为技术 — 云平台扩容`);
      expect(titles(card)).toEqual(expect.arrayContaining(['打开', '历史', '赢单', '输单']));

      const history = await h.press(card, '历史', { user: TEAMS_USERS['wei.zhang'], replyToId });
      expect(history.status).toBe(200);
      const changes = cardText(history.card);
      expect(changes).toContain(`${huawei} · 华为技术 — 云平台扩容 的历史`);
      expect(changes).toContain('金额：US$80,000.00 → US$90,000.00');
      expect(changes).toContain('创建：');
      expect(changes).toContain('第 1–2 条，共 2 条变更 · 第 1/1 页');
      expect(titles(history.card)).toEqual(expect.arrayContaining(['打开', '赢单', '输单']));
      expect(titles(history.card)).not.toContain('更多');
      // Every card the bot produced was checked against the Adaptive Cards schema.
      expect(h.cards.length).toBeGreaterThanOrEqual(10);
    });
  });
}
