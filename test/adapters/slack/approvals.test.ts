// Discount approvals through the real Slack adapter: the approver's DM card, its buttons, the reject
// modal, every copy updated, and the requester told.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { blockActionBody, postSlack, slashCommandBody, stateValues, viewSubmissionBody } from '../../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from '../../support/slack-server.js';
import { createdDealRef, snapshot } from '../../support/workspace.js';
import { buttonsIn, textOf } from '../../support/block-kit-buttons.js';
import type { FakeSlackCall } from '../../support/fake-slack.js';
import { containing } from '../../support/matchers.js';
import { setTimeout as delay } from 'node:timers/promises';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`discount approvals on Slack (${provider})`, () => {
    let h: SlackHarness;
    beforeAll(async () => {
      h = await startSlackHarness(provider);
    });
    afterAll(() => h.close());
    afterEach(() => {
      expect(h.fake.limitViolations).toEqual([]);
    });

    async function slash(text: string, user = 'U_ALICE') {
      const responseUrl = h.fake.responseUrl();
      await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        slashCommandBody({ command: '/deal', text, user_id: user, team_id: TEAM, response_url: responseUrl }),
      );
      return (await h.fake.waitForResponse(responseUrl.split('/').pop(), 10_000)).body as {
        blocks: unknown[];
        replace_original?: boolean;
      };
    }

    /** Presses a button on a direct message the bot posted (a shared message, not an ephemeral answer). */
    async function pressOnDm(dm: FakeSlackCall, label: string, user: string) {
      const button = buttonsIn(dm.body.blocks).find((b) => b.text === label);
      if (!button) throw new Error(`no ${label} button on ${textOf(dm.body.blocks)}`);
      const result = dm.result as { channel: string; ts: string };
      const responseUrl = h.fake.responseUrl();
      const mark = h.fake.mark();
      const http = await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        blockActionBody({
          user,
          team: TEAM,
          actions: [{ action_id: button.action_id, block_id: button.block_id, value: button.value }],
          response_url: responseUrl,
          channel: { id: result.channel },
          message: { ts: result.ts, blocks: dm.body.blocks as unknown[] },
          container: { type: 'message', message_ts: result.ts, channel_id: result.channel, is_ephemeral: false },
        }),
      );
      expect(http.status).toBe(200);
      return { mark, responseId: responseUrl.split('/').pop()!, channel: result.channel, ts: result.ts };
    }

    const dmTo = (user: string, since: number, text?: string) =>
      h.fake.waitForCall(
        'chat.postMessage',
        (call) => call.body.channel === user && (!text || textOf(call.body.blocks).includes(text)),
        5000,
        since,
      );

    async function newDeal(): Promise<string> {
      const card = await slash('new Approval Co 100k proposal');
      return createdDealRef(textOf(card.blocks));
    }

    it('routes a request to the manager’s DM; Approve updates that card and tells the requester', async () => {
      const ref = await newDeal();
      const mark = h.fake.mark();
      const asked = await slash(`discount ${ref} 15% matching a competitor`);
      expect(textOf(asked.blocks)).toContain('Sent to Mike Johnson for approval.');
      const dm = await dmTo('U_MIKE', mark, ref);
      expect(buttonsIn(dm.body.blocks).map((b) => b.text)).toEqual(['Approve', 'Reject']);
      expect(textOf(dm.body.blocks)).toContain('$85,000.00');

      const press = await pressOnDm(dm, 'Approve', 'U_MIKE');
      const update = await h.fake.waitForCall('chat.update', (call) => call.body.ts === press.ts, 5000, press.mark);
      expect(textOf(update.body.blocks)).toContain('Approved by Mike Johnson');
      expect(buttonsIn(update.body.blocks)).toEqual([]);
      const told = await dmTo('U_ALICE', press.mark, 'Approved by Mike Johnson');
      expect(buttonsIn(told.body.blocks)).toEqual([]);
      const deal = await h.demo.db.deal.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, number: Number(ref.slice(2)) } });
      expect(deal.amountMinor).toBe(8_500_000n);
      // A second press (double click) decides nothing more.
      const again = await pressOnDm(dm, 'Approve', 'U_MIKE');
      const refusal = (await h.fake.waitForResponse(again.responseId, 5000)).body as { blocks: unknown[]; replace_original: boolean };
      expect(refusal.replace_original).toBe(false);
      expect(textOf(refusal.blocks)).toContain('already decided');
      expect(await h.demo.db.discountDecision.count({ where: { request: { dealId: deal.id } } })).toBe(1);
    });

    it('rejects through the reason modal, refusing an empty reason on its field', async () => {
      const ref = await newDeal();
      const mark = h.fake.mark();
      await slash(`discount ${ref} 18% quarter end`);
      const dm = await dmTo('U_MIKE', mark, ref);
      const press = await pressOnDm(dm, 'Reject', 'U_MIKE');
      const modal = await h.fake.waitForCall('views.open', undefined, 5000, press.mark);
      const view = modal.body.view as { private_metadata: string; blocks: { block_id: string }[] };
      expect(view.blocks.map((b) => b.block_id)).toEqual(['reason']);
      const submit = (id: string, reason: string) =>
        postSlack(
          h.eventsUrl,
          SIGNING_SECRET,
          viewSubmissionBody({
            user: 'U_MIKE',
            team: TEAM,
            view: {
              id,
              callback_id: 'dd.form',
              private_metadata: view.private_metadata,
              state: { values: stateValues({ reason: { reason } }) },
            },
          }),
        );
      const empty = await submit('V_REJECT_1', '');
      expect(empty.json).toMatchObject({
        response_action: 'errors',
        errors: { reason: containing('A rejection needs a reason') },
      });
      const done = await submit('V_REJECT_1', 'margin too thin');
      expect(done.text).toBe('');
      const update = await h.fake.waitForCall('chat.update', (call) => call.body.ts === press.ts, 5000, press.mark);
      expect(textOf(update.body.blocks)).toContain('margin too thin');
      await dmTo('U_ALICE', press.mark, 'Rejected by Mike Johnson');
    });

    it('takes a 25% request through manager then deal desk (the admin), each by DM', async () => {
      const ref = await newDeal();
      const mark = h.fake.mark();
      await slash(`discount ${ref} 25% three-year term`);
      const first = await dmTo('U_MIKE', mark, ref);
      const press = await pressOnDm(first, 'Approve', 'U_MIKE');
      const toDana = await dmTo('U_DANA', press.mark, ref);
      expect(textOf(toDana.body.blocks)).toContain('step 2 of 2');
      const mikesCopy = await h.fake.waitForCall('chat.update', (call) => call.body.ts === press.ts, 5000, press.mark);
      expect(buttonsIn(mikesCopy.body.blocks)).toEqual([]);
      const second = await pressOnDm(toDana, 'Approve', 'U_DANA');
      await dmTo('U_ALICE', second.mark, 'Approved by Dana Admin');
      const deal = await h.demo.db.deal.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, number: Number(ref.slice(2)) } });
      expect(deal.amountMinor).toBe(7_500_000n);
    });

    it('decides an admin’s double click once; every copy ends on the final state and the requester is told “Approved” once', async () => {
      await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        slashCommandBody({
          command: '/dealdesk',
          text: 'policy group finance @sophie',
          user_id: 'U_DANA',
          team_id: TEAM,
          response_url: h.fake.responseUrl(),
        }),
      );
      // The two policy changes one after the other: each reads the policy and writes it back whole.
      const sophie = await h.demo.db.member.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, handle: 'sophie' } });
      await expect
        .poll(async () =>
          JSON.stringify((await h.demo.db.workspace.findUniqueOrThrow({ where: { id: h.demo.workspaceId } })).approvalPolicy),
        )
        .toContain(sophie.id);
      await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        slashCommandBody({
          command: '/dealdesk',
          text: 'policy group deal_desk @dana',
          user_id: 'U_DANA',
          team_id: TEAM,
          response_url: h.fake.responseUrl(),
        }),
      );
      await expect
        .poll(async () =>
          JSON.stringify((await h.demo.db.workspace.findUniqueOrThrow({ where: { id: h.demo.workspaceId } })).approvalPolicy),
        )
        .toContain('finance');
      await expect
        .poll(async () =>
          JSON.stringify((await h.demo.db.workspace.findUniqueOrThrow({ where: { id: h.demo.workspaceId } })).approvalPolicy),
        )
        .toContain('deal_desk');
      const ref = await newDeal();
      const mark = h.fake.mark();
      await slash(`discount ${ref} 35% five-year term`);
      const toDana = await dmTo('U_DANA', mark, ref);
      expect(textOf(toDana.body.blocks)).toContain('step 1 of 2');
      const first = await pressOnDm(toDana, 'Approve', 'U_DANA');
      await delay(150);
      const second = await pressOnDm(toDana, 'Approve', 'U_DANA');
      const late = (await h.fake.waitForResponse(second.responseId, 5000)).body as { blocks: unknown[] };
      expect(textOf(late.blocks)).toContain('This request has moved on, so nothing changed: Waiting for Sophie Martin (step 2 of 2).');
      const toSophie = await dmTo('U_SOPHIE', first.mark, ref);
      const last = await pressOnDm(toSophie, 'Approve', 'U_SOPHIE');
      await dmTo('U_ALICE', last.mark, 'Approved by Sophie Martin');
      const deal = await h.demo.db.deal.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, number: Number(ref.slice(2)) } });
      expect(deal.amountMinor).toBe(6_500_000n);
      // Every card posted for this request now reads as its final state, whatever order the follow-ups ran in.
      const request = await h.demo.db.discountRequest.findFirstOrThrow({ where: { dealId: deal.id } });
      const posted = h.fake.calls
        .slice(mark)
        .filter((c) => c.method === 'chat.postMessage' && textOf(c.body.blocks).includes(`Discount request · ${ref}`));
      await expect
        .poll(() =>
          posted.map((post) => {
            const { channel, ts } = post.result as { channel: string; ts: string };
            const updates = h.fake.callsTo('chat.update').filter((u) => u.body.channel === channel && u.body.ts === ts);
            return textOf((updates.at(-1) ?? post).body.blocks).includes('Approved by Sophie Martin');
          }),
        )
        .not.toContain(false);
      // …and each is remembered, so a later change reaches it too.
      await expect.poll(() => h.demo.db.cardMessage.count({ where: { subjectId: request.id } })).toBe(posted.length);
      const toldApproved = posted.filter((c) => c.body.channel === 'U_ALICE' && textOf(c.body.blocks).includes('Approved by'));
      expect(toldApproved).toHaveLength(1);
    });

    it('lets the requester cancel from their card, and refuses someone else’s Approve without a change', async () => {
      const ref = await newDeal();
      const mark = h.fake.mark();
      const card = await slash(`discount ${ref} 15% pilot`);
      const dm = await dmTo('U_MIKE', mark, ref);
      const before = await snapshot(h.demo.db, h.demo.workspaceId);
      const intruder = await pressOnDm(dm, 'Approve', 'U_SOPHIE');
      const refusal = (await h.fake.waitForResponse(intruder.responseId, 5000)).body as { blocks: unknown[] };
      expect(textOf(refusal.blocks)).toContain('waiting for someone else’s decision');
      expect(await snapshot(h.demo.db, h.demo.workspaceId)).toBe(before);

      const cancel = buttonsIn(card.blocks).find((b) => b.text === 'Cancel request')!;
      const responseUrl = h.fake.responseUrl();
      const cmark = h.fake.mark();
      await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        blockActionBody({
          user: 'U_ALICE',
          team: TEAM,
          actions: [{ action_id: cancel.action_id, block_id: cancel.block_id, value: cancel.value }],
          response_url: responseUrl,
          channel: { id: 'C0GENERAL' },
          container: { type: 'message', message_ts: '9.9', channel_id: 'C0GENERAL', is_ephemeral: true },
        }),
      );
      const cancelled = (await h.fake.waitForResponse(responseUrl.split('/').pop(), 5000)).body as {
        blocks: unknown[];
        replace_original: boolean;
      };
      expect(cancelled.replace_original).toBe(true);
      expect(textOf(cancelled.blocks)).toContain('Request cancelled.');
      const mikesCopy = await h.fake.waitForCall('chat.update', (call) => call.body.ts === (dm.result as { ts: string }).ts, 5000, cmark);
      expect(textOf(mikesCopy.body.blocks)).toContain('Cancelled by Alice Carter');
    });

    it('opens the Request discount modal from a deal card and routes what is submitted', async () => {
      const card = await slash('new Modal Discount Co 50k negotiation');
      const button = buttonsIn(card.blocks).find((b) => b.text === 'Request discount')!;
      const mark = h.fake.mark();
      await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        blockActionBody({
          user: 'U_ALICE',
          team: TEAM,
          actions: [{ action_id: button.action_id, block_id: button.block_id, value: button.value }],
          response_url: h.fake.responseUrl(),
          channel: { id: 'C0GENERAL' },
          container: { type: 'message', message_ts: '8.8', channel_id: 'C0GENERAL', is_ephemeral: true },
        }),
      );
      const modal = await h.fake.waitForCall('views.open', undefined, 5000, mark);
      const view = modal.body.view as { private_metadata: string; blocks: { block_id: string }[] };
      expect(view.blocks.map((b) => b.block_id)).toEqual(['pct', 'reason']);
      const bad = await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        viewSubmissionBody({
          user: 'U_ALICE',
          team: TEAM,
          view: {
            id: 'V_DISC_1',
            callback_id: 'dd.form',
            private_metadata: view.private_metadata,
            state: { values: stateValues({ pct: { pct: '150%' }, reason: { reason: 'x' } }) },
          },
        }),
      );
      expect(bad.json).toMatchObject({ response_action: 'errors', errors: { pct: containing('is not a discount') } });
      const ok = await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        viewSubmissionBody({
          user: 'U_ALICE',
          team: TEAM,
          view: {
            id: 'V_DISC_1',
            callback_id: 'dd.form',
            private_metadata: view.private_metadata,
            state: { values: stateValues({ pct: { pct: '12%' }, reason: { reason: 'two-year commitment' } }) },
          },
        }),
      );
      expect(ok.text).toBe('');
      await dmTo('U_MIKE', mark, 'two-year commitment');
    });
  });
}
