// Discount approvals through the real Teams adapter (HTTP, the Teams SDK, fake connector): the approver's
// card in their personal chat, Reject with a reason through its form card, a two-step chain, the
// requester's Cancel, and presses by people who may not decide, which change nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setTimeout as delay } from 'node:timers/promises';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { dealNumberIn, snapshot } from '../../support/workspace.js';
import { validateCard } from '../../support/adaptive-cards.js';
import { TEAMS_USERS, TENANT, checkedCard, startTeamsHarness, type TeamsHarness } from '../../support/teams-server.js';
import {
  action,
  actionsIn,
  cardOf,
  cardText,
  inputIdsIn,
  type Card,
  type ConnectorCall,
  type TeamsUser,
} from '../../support/fake-teams.js';

/** Members of the demo workspace the shared harness does not give a Teams identity. */
const DANA: TeamsUser = { aadObjectId: 'aad-dana', id: '29:dana', name: 'Dana Admin', locale: 'en-US', timeZone: 'America/New_York' };
const SOPHIE: TeamsUser = { aadObjectId: 'aad-sophie', id: '29:sophie', name: 'Sophie Martin', locale: 'en-GB', timeZone: 'Europe/London' };

const personal = (user: TeamsUser) => `a:personal-${user.aadObjectId}`;
/** A message the bot posted into a conversation (a reply or a proactive post). */
const posted = (call: ConnectorCall, conversationId: string) => call.method === 'POST' && call.conversationId === conversationId;
const titles = (card: Card | undefined) => actionsIn(card).map((a) => a.title);

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`discount approvals on Teams (${provider})`, () => {
    let h: TeamsHarness;
    beforeAll(async () => {
      h = await startTeamsHarness(provider);
      for (const [handle, user] of [
        ['dana', DANA],
        ['sophie', SOPHIE],
      ] as const) {
        const member = await h.demo.db.member.findFirstOrThrow({
          where: { workspaceId: h.demo.workspaceId, handle },
          select: { id: true },
        });
        await h.demo.db.platformIdentity.create({
          data: {
            workspaceId: h.demo.workspaceId,
            platform: 'teams',
            externalTenantId: TENANT,
            externalUserId: user.aadObjectId,
            memberId: member.id,
          },
        });
      }
      // Approvals reach personal chats DealDesk has heard from: Mike, Dana and Sophie say something first.
      for (const user of [TEAMS_USERS.mike, DANA, SOPHIE])
        expect(cardText((await h.say('deal approvals', user)).card)).toContain('Discount');
    });
    afterAll(() => h.close());

    /** Everything a decision could write: the workspace snapshot plus the discount requests and decisions. */
    const state = async () => {
      const where = { workspaceId: h.demo.workspaceId };
      const [requests, decisions] = await Promise.all([
        h.demo.db.discountRequest.findMany({ where, orderBy: { id: 'asc' } }),
        h.demo.db.discountDecision.findMany({ where: { request: where }, orderBy: { id: 'asc' } }),
      ]);
      const discounts = JSON.stringify({ requests, decisions }, (_key, value: unknown) =>
        typeof value === 'bigint' ? value.toString() : value,
      );
      return `${await snapshot(h.demo.db, h.demo.workspaceId)}\n${discounts}`;
    };
    const dealOf = (number: number) => h.demo.db.deal.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, number } });
    const cardIn = (call: ConnectorCall) => checkedCard(h.cards, cardOf(call.body));

    /** Alice creates a 100k deal and asks for a discount; returns her answer and the first approver's card. */
    async function request(account: string, discount: string, approver: TeamsUser = TEAMS_USERS.mike) {
      const created = await h.say(`deal new ${account} 100k proposal`);
      const number = dealNumberIn(cardText(created.card));
      expect(number).toBeGreaterThan(0);
      const since = h.connector.mark();
      const asked = await h.say(`deal discount D-${number} ${discount}`);
      expect(cardText(asked.card)).toContain('Sent to Mike Johnson for approval.');
      expect(titles(asked.card)).toEqual(['Cancel request']);
      const call = await h.connector.waitFor((c) => posted(c, personal(approver)), { since });
      const card = cardIn(call);
      expect(cardText(card)).toContain(`D-${number}`);
      return { number, asked, approval: { card, id: call.id! } };
    }

    it('rejects through the reason form, refusing an empty reason under its field; the requester is told', async () => {
      const { number, asked, approval } = await request('Reject Co', '18% quarter end');
      expect(titles(approval.card)).toEqual(['Approve', 'Reject']);
      expect(cardText(approval.card)).toContain('$82,000.00');
      // Reject opens a text box (Action.ShowCard) whose own button sends it.
      expect(inputIdsIn(approval.card)).toEqual([action(approval.card, 'Reject').inputId]);
      const asMike = { user: TEAMS_USERS.mike, replyToId: approval.id };

      // Reject with nothing typed in its box opens the reason form.
      const form = await h.press(approval.card, 'Reject', { ...asMike, input: '' });
      expect(form.status).toBe(200);
      expect(inputIdsIn(form.card)).toEqual(['reason']);
      const submit = actionsIn(form.card)[0]!.title;

      const before = await state();
      const since = h.connector.mark();
      const refused = await h.press(form.card!, submit, { ...asMike, values: { reason: '  ' } });
      expect(inputIdsIn(refused.card)).toEqual(['reason']);
      const body = JSON.stringify(refused.card);
      expect(body.indexOf('A rejection needs a reason')).toBeGreaterThan(body.indexOf('"id":"reason"'));
      expect(await state()).toBe(before);
      expect(h.connector.calls.slice(since).filter((c) => c.kind === 'update')).toEqual([]);

      const rejected = await h.press(refused.card!, submit, { ...asMike, values: { reason: 'margin too thin' } });
      expect(cardText(rejected.card)).toContain('Rejected by Mike Johnson');
      expect(cardText(rejected.card)).toContain('margin too thin');
      expect(titles(rejected.card)).toEqual([]);
      // Mike's message shows the rejection for everyone; Alice's answer is updated and she is told in her chat.
      const mikesCopy = await h.connector.waitFor((c) => c.kind === 'update' && c.activityId === approval.id, { since });
      expect(cardText(cardIn(mikesCopy))).toContain('margin too thin');
      const alicesCopy = await h.connector.waitFor((c) => c.kind === 'update' && c.activityId === asked.replyToId, { since });
      expect(titles(cardIn(alicesCopy))).toEqual([]);
      const told = await h.connector.waitFor((c) => posted(c, personal(TEAMS_USERS.alice)), { since });
      expect(cardText(cardIn(told))).toMatch(/Rejected by Mike Johnson.*margin too thin/);
      const deal = await dealOf(number);
      expect(deal.amountMinor).toBe(10_000_000n);
      const stored = await h.demo.db.discountRequest.findFirstOrThrow({ where: { dealId: deal.id }, include: { decisions: true } });
      expect([stored.status, stored.decisions.map((d) => [d.decision, d.reason])]).toEqual(['rejected', [['rejected', 'margin too thin']]]);
    });

    it('takes a 25% request through the manager, then the deal desk (the admin), each in their personal chat', async () => {
      const { number, approval } = await request('Chain Co', '25% three-year term');
      expect(cardText(approval.card)).toContain('step 1 of 2');
      const since = h.connector.mark();
      const first = await h.press(approval.card, 'Approve', { user: TEAMS_USERS.mike, replyToId: approval.id });
      expect(cardText(first.card)).toContain('Approved; it goes on to the next approver.');
      expect(titles(first.card)).toEqual([]);
      const mikesCopy = await h.connector.waitFor((c) => c.kind === 'update' && c.activityId === approval.id, { since });
      expect(titles(cardIn(mikesCopy))).toEqual([]);
      const toDana = await h.connector.waitFor((c) => posted(c, personal(DANA)), { since });
      const danas = cardIn(toDana);
      expect(cardText(danas)).toContain('step 2 of 2');
      expect(cardText(danas)).toContain('Step 1: approved by Mike Johnson');
      expect(titles(danas)).toEqual(['Approve', 'Reject']);
      expect((await dealOf(number)).amountMinor).toBe(10_000_000n);

      const second = h.connector.mark();
      const done = await h.press(danas, 'Approve', { user: DANA, replyToId: toDana.id! });
      expect(cardText(done.card)).toContain('Approved by Dana Admin');
      const told = await h.connector.waitFor((c) => posted(c, personal(TEAMS_USERS.alice)), { since: second });
      expect(cardText(cardIn(told))).toContain('Approved by Dana Admin');
      expect((await dealOf(number)).amountMinor).toBe(7_500_000n);
    });

    it('lets the requester cancel from her own card; the approver’s copy shows it', async () => {
      const { number, asked, approval } = await request('Cancel Co', '15% pilot');
      const since = h.connector.mark();
      const cancelled = await h.press(asked.card, 'Cancel request', { replyToId: asked.replyToId });
      expect(cancelled.status).toBe(200);
      expect(cardText(cancelled.card)).toContain('Request cancelled.');
      expect(titles(cancelled.card)).toEqual([]);
      const mikesCopy = await h.connector.waitFor((c) => c.kind === 'update' && c.activityId === approval.id, { since });
      expect(cardText(cardIn(mikesCopy))).toContain('Cancelled by Alice Carter');
      expect(titles(cardIn(mikesCopy))).toEqual([]);
      // The approver pressing his (stale) Approve afterwards decides nothing.
      const before = await state();
      const late = await h.press(approval.card, 'Approve', { user: TEAMS_USERS.mike, replyToId: approval.id });
      expect(cardText(late.card) || late.message).toMatch(/already decided/);
      expect(await state()).toBe(before);
      expect((await dealOf(number)).amountMinor).toBe(10_000_000n);
    });

    it('changes nothing when the requester or a manager of another team presses Approve, and says why', async () => {
      const { number, approval } = await request('Guarded Approval Co', '15% competitor match');
      const before = await state();
      const since = h.connector.mark();
      // Alice with the approver's card (its data sent as her), in her own chat and in Mike's.
      for (const where of [{}, { conversation: { id: personal(TEAMS_USERS.mike), type: 'personal' as const } }]) {
        const own = await h.press(approval.card, 'Approve', { user: TEAMS_USERS.alice, replyToId: approval.id, where });
        expect(own.status).toBe(200);
        expect(own.card).toBeUndefined();
        expect(own.message).toContain('You cannot decide your own discount request');
      }
      const intruder = await h.press(approval.card, 'Approve', {
        user: SOPHIE,
        replyToId: approval.id,
        where: { conversation: { id: personal(TEAMS_USERS.mike), type: 'personal' } },
      });
      expect(intruder.status).toBe(200);
      expect(intruder.message).toContain('waiting for someone else’s decision, so nothing changed');
      const rejectAttempt = await h.press(approval.card, 'Reject', { user: SOPHIE, replyToId: approval.id, input: 'not on my watch' });
      expect(rejectAttempt.message).toContain('waiting for someone else’s decision');
      expect(await state()).toBe(before);
      expect(h.connector.calls.slice(since).filter((c) => c.kind !== 'other')).toEqual([]);
      // The request still waits for Mike, who can approve it.
      const approved = await h.press(approval.card, 'Approve', { user: TEAMS_USERS.mike, replyToId: approval.id });
      expect(cardText(approved.card)).toContain('Approved by Mike Johnson');
      expect((await dealOf(number)).amountMinor).toBe(8_500_000n);
    });

    it('decides an admin’s double click once; every copy ends on the final state and the requester is told “Approved” once', async () => {
      expect(cardText((await h.say('dealdesk policy group deal_desk @dana', DANA)).card)).toContain('deal_desk: Dana Admin');
      expect(cardText((await h.say('dealdesk policy group finance @sophie', DANA)).card)).toContain('finance: Sophie Martin');
      const number = dealNumberIn(cardText((await h.say('deal new Double Click Co 100k proposal')).card));
      const since = h.connector.mark();
      const asked = await h.say(`deal discount D-${number} 35% five-year term`);
      expect(cardText(asked.card)).toContain('Sent to Dana Admin for approval.');
      const toDana = await h.connector.waitFor((c) => posted(c, personal(DANA)), { since });
      const danas = cardIn(toDana);
      const asDana = { user: DANA, replyToId: toDana.id! };
      const [first, second] = await Promise.all([
        h.press(danas, 'Approve', asDana),
        delay(150).then(() => h.press(danas, 'Approve', asDana)),
      ]);
      expect(cardText(first.card)).toContain('Approved; it goes on to the next approver.');
      // The adapter may answer a double click with the first press's answer; either way it decides nothing more.
      expect(cardText(second.card) || second.message).toMatch(/Approved; it goes on to the next approver\.|This request has moved on/);
      // The same card pressed again outside the double-click window (another copy, a later click) finds it moved on.
      const stale = await h.press(danas, 'Approve', { user: DANA, replyToId: `${toDana.id!}-again` });
      expect(cardText(stale.card) || stale.message).toContain(
        'This request has moved on, so nothing changed: Waiting for Sophie Martin (step 2 of 2).',
      );
      const deal = await dealOf(number);
      const waiting = await h.demo.db.discountRequest.findFirstOrThrow({ where: { dealId: deal.id }, include: { decisions: true } });
      expect([waiting.status, waiting.step, waiting.decisions.length]).toEqual(['pending', 1, 1]);

      const toSophie = await h.connector.waitFor((c) => posted(c, personal(SOPHIE)), { since });
      const sophies = cardIn(toSophie);
      expect(titles(sophies)).toEqual(['Approve', 'Reject']);
      const last = h.connector.mark();
      const done = await h.press(sophies, 'Approve', { user: SOPHIE, replyToId: toSophie.id! });
      expect(cardText(done.card)).toContain('Approved by Sophie Martin');
      await h.connector.waitFor((c) => posted(c, personal(TEAMS_USERS.alice)) && cardText(cardIn(c)).includes('Approved by'), {
        since: last,
      });
      expect((await dealOf(number)).amountMinor).toBe(6_500_000n);
      // Every card posted for this request reads as its final state, and Alice was told “Approved” once.
      const cards = () =>
        h.connector.calls
          .slice(since)
          .filter((c) => c.method === 'POST' && c.id !== undefined && cardText(cardOf(c.body)).includes(`D-${number}`));
      await expect
        .poll(() =>
          cards().map((post) => {
            const updates = h.connector.calls.filter((u) => u.kind === 'update' && u.activityId === post.id);
            return cardText(cardOf((updates.at(-1) ?? post).body)).includes('Approved by Sophie Martin');
          }),
        )
        .not.toContain(false);
      const told = cards().filter((c) => posted(c, personal(TEAMS_USERS.alice)) && cardText(cardOf(c.body)).includes('Approved by'));
      expect(told).toHaveLength(1);
    });

    it('produced only valid cards', () => {
      expect(h.cards.length).toBeGreaterThan(25);
      for (const card of h.cards) expect(validateCard(card)).toEqual([]);
    });
  });
}
