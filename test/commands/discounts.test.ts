import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { createdDealRef, demoWorkspace, snapshot, type DemoWorkspace } from '../support/workspace.js';
import { createDb } from '../../src/store/db.js';
import { execute } from '../../src/commands/execute.js';
import { actionsOf } from '../../src/views/screen.js';
import { anyString } from '../support/matchers.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`discount approvals on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    async function newDeal(amount = '100k', handle = 'alice'): Promise<string> {
      const { text } = await demo.run(`/deal new Discount Co ${amount} proposal`, handle);
      return createdDealRef(text);
    }
    const dealOf = (ref: string) =>
      demo.db.deal.findFirstOrThrow({
        where: { workspaceId: demo.workspaceId, number: Number(ref.slice(2)) },
        include: { events: { orderBy: { at: 'asc' } } },
      });
    const requestOf = (ref: string) =>
      demo.db.discountRequest.findFirstOrThrow({
        where: { deal: { number: Number(ref.slice(2)) }, workspaceId: demo.workspaceId },
        include: { decisions: true },
        orderBy: { createdAt: 'desc' },
      });

    it('applies a discount within the first tier at once, recorded as auto-approved', async () => {
      const ref = await newDeal('80k');
      const { text, effects } = await demo.run(`/deal discount ${ref} 10% loyal customer`);
      expect(text).toContain('Applied at once: a 10% discount needs no approval.');
      const deal = await dealOf(ref);
      expect([deal.amountMinor, deal.listAmountMinor, deal.discountBps]).toEqual([7_200_000n, 8_000_000n, 1000]);
      expect(deal.events.map((e) => e.type).slice(-2)).toEqual(['discount_requested', 'discount_decided']);
      expect((await requestOf(ref)).status).toBe('auto_approved');
      expect(effects?.map((e) => e.type)).toEqual(['deal_changed']);
    });

    it('routes 15% to the rep’s manager, who approves; the net amount is applied and the requester told', async () => {
      const ref = await newDeal();
      const asked = await demo.run(`/deal discount ${ref} 15% matching a competitor`);
      expect(asked.text).toContain('Sent to Mike Johnson for approval.');
      const mike = await demo.db.member.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, handle: 'mike' } });
      expect(asked.effects).toEqual([{ type: 'approval_requested', requestId: anyString(), notify: [mike.id] }]);
      expect(actionsOf(asked.screen).map((a) => a.id)).toEqual(['discount.cancel']);

      const waiting = await demo.run('/deal approvals', 'mike');
      expect(waiting.text).toContain(`${ref} · 15% · $85,000.00`);
      const mikeView = await demo.run(`/deal discount ${ref}`, 'mike');
      expect(actionsOf(mikeView.screen).map((a) => a.id)).toEqual(['discount.approve', 'discount.reject']);
      const approved = await demo.run(actionsOf(mikeView.screen)[0]!.command, 'mike');
      expect(approved.text).toContain('Approved. The net amount is now on the deal.');
      expect(approved.effects?.map((e) => e.type)).toEqual(['approval_changed', 'deal_changed']);
      const deal = await dealOf(ref);
      expect([deal.amountMinor, deal.listAmountMinor, deal.discountBps]).toEqual([8_500_000n, 10_000_000n, 1500]);
      const request = await requestOf(ref);
      expect([request.status, request.decisions.length, request.decisions[0]?.approverId]).toEqual(['approved', 1, mike.id]);
    });

    it('takes a 25% request through a two-step chain (manager, then deal desk = admins by default)', async () => {
      const ref = await newDeal();
      await demo.run(`/deal discount ${ref} 25% three-year term`);
      const first = await demo.run(`/deal approve ${ref}`, 'mike');
      expect(first.text).toContain('Approved; it goes on to the next approver.');
      expect(first.text).toContain('Waiting for Dana Admin (step 2 of 2).');
      const dana = await demo.db.member.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, handle: 'dana' } });
      expect(first.effects).toContainEqual({ type: 'approval_requested', requestId: anyString(), notify: [dana.id] });
      expect((await dealOf(ref)).amountMinor).toBe(10_000_000n);
      const again = await demo.run(`/deal approve ${ref}`, 'mike');
      expect(again.text).toMatch(/waiting for someone else’s decision/);
      await demo.run(`/deal approve ${ref}`, 'dana');
      expect((await dealOf(ref)).amountMinor).toBe(7_500_000n);
    });

    it('rejects with a reason, which the requester reads, and refuses a rejection without one', async () => {
      const ref = await newDeal();
      await demo.run(`/deal discount ${ref} 18% end of quarter push`);
      const before = await snapshot(demo.db, demo.workspaceId);
      const bare = await demo.run(`/deal reject ${ref}`, 'mike');
      expect(bare.text).toMatch(/A rejection needs a reason/);
      expect(await snapshot(demo.db, demo.workspaceId)).toBe(before);
      const rejected = await demo.run(`/deal reject ${ref} margin too thin for a grade B account`, 'mike');
      expect(rejected.text).toContain('Rejected by Mike Johnson');
      expect(rejected.text).toContain('margin too thin for a grade B account');
      const alice = await demo.db.member.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, handle: 'alice' } });
      expect(rejected.effects).toEqual([{ type: 'approval_changed', requestId: anyString(), notify: [alice.id] }]);
      expect((await dealOf(ref)).amountMinor).toBe(10_000_000n);
      expect((await requestOf(ref)).status).toBe('rejected');
    });

    it('lets the requester cancel a pending request, and refuses a second request while one waits', async () => {
      const ref = await newDeal();
      await demo.run(`/deal discount ${ref} 15% first try`);
      const second = await demo.run(`/deal discount ${ref} 12% second try`);
      expect(second.text).toMatch(/already waiting/);
      const cancelled = await demo.run(`/deal discount ${ref} cancel`);
      expect(cancelled.text).toContain('Request cancelled.');
      expect((await requestOf(ref)).status).toBe('cancelled');
      const late = await demo.run(`/deal approve ${ref}`, 'mike');
      expect(late.text).toMatch(/no pending discount request/);
    });

    it('changes nothing when the requester, another team’s manager or a rep presses Approve', async () => {
      const ref = await newDeal();
      const asked = await demo.run(`/deal discount ${ref} 15% pilot`);
      const before = await snapshot(demo.db, demo.workspaceId);
      const approve = `deal approve ${ref} req:${(await requestOf(ref)).id}`;
      expect((await demo.run(approve, 'alice')).text).toMatch(/cannot decide your own discount request/);
      expect((await demo.run(approve, 'sophie')).text).toMatch(/waiting for someone else’s decision/);
      expect((await demo.run(approve, 'brian')).text).toMatch(/waiting for someone else’s decision/);
      expect(await snapshot(demo.db, demo.workspaceId)).toBe(before);
      expect(asked.screen.kind).toBe('approval');
    });

    it('flags a deal whose amount changed while the request was pending, and applies the percentage to the new amount', async () => {
      const ref = await newDeal();
      await demo.run(`/deal discount ${ref} 15% volume`);
      await demo.run(`/deal update ${ref} amount 120k`);
      const view = await demo.run(`/deal discount ${ref}`, 'mike');
      expect(view.text).toContain('The deal’s amount changed while this was pending: now $120,000.00, requested on $100,000.00.');
      await demo.run(`/deal approve ${ref}`, 'mike');
      const deal = await dealOf(ref);
      expect([deal.amountMinor, deal.listAmountMinor]).toEqual([10_200_000n, 12_000_000n]);
    });

    it('turns 20 concurrent Approve and Reject presses into exactly one decision and one notification', async () => {
      const ref = await newDeal();
      await demo.run(`/deal discount ${ref} 15% race`);
      const request = await requestOf(ref);
      // PostgreSQL: separate clients, like separate replicas of the bot. SQLite is embedded in one process,
      // whose client serialises transactions; its presses interleave on that one client.
      const clients = provider === 'postgresql' ? Array.from({ length: 4 }, () => createDb(demo.url)) : [demo.db];
      try {
        const presses = Array.from({ length: 20 }, async (_, i) => {
          const ctx = { ...(await demo.contextFor(i % 3 === 0 ? 'dana' : 'mike')), db: clients[i % clients.length]! };
          return execute(i % 5 === 0 ? `deal reject ${ref} req:${request.id} too much` : `deal approve ${ref} req:${request.id}`, ctx);
        });
        const results = await Promise.all(presses);
        const notifications = results.flatMap((r) => r.effects ?? []).filter((e) => e.type === 'approval_changed');
        expect(notifications).toHaveLength(1);
        // One press decides; every other one is told it was already decided (a failure names what else it got).
        const outcomes = results.map(
          (r) => r.error?.code ?? (r.effects?.length ? 'decided' : `no decision: ${JSON.stringify(r.screen.blocks)}`),
        );
        expect(outcomes.filter((outcome) => outcome !== 'discount.already_decided')).toEqual(['decided']);
      } finally {
        if (provider === 'postgresql') await Promise.all(clients.map((c) => c.$disconnect()));
      }
      const decided = await requestOf(ref);
      expect(decided.decisions).toHaveLength(1);
      expect(['approved', 'rejected']).toContain(decided.status);
      const events = (await dealOf(ref)).events.filter((e) => e.type === 'discount_decided');
      expect(events).toHaveLength(1);
    });
  });
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`discount routing around deactivated people on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    it('passes over a deactivated manager: the request goes to the admins, and Mike is never asked', async () => {
      expect((await demo.run('/dealdesk member @mike deactivate keep', 'dana')).error).toBeUndefined();
      const { text } = await demo.run('/deal new Routing Co 100k proposal', 'alice');
      const ref = createdDealRef(text);
      const asked = await demo.run(`/deal discount ${ref} 15% matching a competitor`, 'alice');
      expect(asked.text).toContain('Sent to Dana Admin for approval.');
      const [mike, dana] = await Promise.all(
        ['mike', 'dana'].map((handle) => demo.db.member.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, handle } })),
      );
      expect(asked.effects).toEqual([{ type: 'approval_requested', requestId: anyString(), notify: [dana!.id] }]);
      const request = await demo.db.discountRequest.findFirstOrThrow({
        where: { workspaceId: demo.workspaceId, deal: { number: Number(ref.slice(2)) } },
      });
      expect(request.route).not.toContain(mike!.id);
      expect(JSON.stringify(request.route)).not.toContain(mike!.id);
    });

    it('keeps both of two policy changes made at the same moment (a group each, then the tiers and a group)', async () => {
      // PostgreSQL: separate clients, like two replicas; SQLite: one embedded client.
      const clients = provider === 'postgresql' ? [createDb(demo.url), createDb(demo.url)] : [demo.db, demo.db];
      const run = async (line: string, i: number) => execute(line, { ...(await demo.contextFor('dana')), db: clients[i]! });
      try {
        await Promise.all([run('/dealdesk policy group finance @sophie', 0), run('/dealdesk policy group deal_desk @jing.chen', 1)]);
        await Promise.all([run('/dealdesk policy set 15%:none 100%:manager,finance', 0), run('/dealdesk policy group finance @priya', 1)]);
      } finally {
        if (provider === 'postgresql') await Promise.all(clients.map((c) => c.$disconnect()));
      }
      const ids = async (handle: string) =>
        (await demo.db.member.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, handle } })).id;
      const saved = (await demo.db.workspace.findUniqueOrThrow({ where: { id: demo.workspaceId } })).approvalPolicy as {
        tiers: unknown[];
        groups: Record<string, string[]>;
      };
      expect(saved.groups).toEqual({ finance: [await ids('priya')], deal_desk: [await ids('jing.chen')] });
      expect(saved.tiers).toHaveLength(2);
    });
  });
}

describe('the approval policy command', () => {
  let demo: DemoWorkspace;
  beforeAll(async () => {
    demo = await demoWorkspace('sqlite');
  });
  afterAll(() => demo.cleanup());

  it('shows the default policy, lets an admin set tiers and groups, and refuses overlaps and non-admins', async () => {
    const shown = await demo.run('/dealdesk policy', 'alice');
    expect(shown.text).toContain('10% – 20%');
    expect(shown.text).toContain('the rep’s manager');
    const before = await snapshot(demo.db, demo.workspaceId);
    expect((await demo.run('/dealdesk policy set 10%:none 100%:manager', 'alice')).text).toMatch(/Only a workspace admin/);
    expect((await demo.run('/dealdesk policy set 20%:none 15%:manager 100%:finance', 'dana')).text).toMatch(
      /Tier 2 of the approval policy overlaps the previous one/,
    );
    expect((await demo.run('/dealdesk policy set 20%:none 50%:manager', 'dana')).text).toMatch(
      /leaves discounts from 50% to 100% without a tier/,
    );
    expect(await snapshot(demo.db, demo.workspaceId)).toBe(before);

    const set = await demo.run('/dealdesk policy set 5%:none 100%:manager|>=150k:managers_manager,finance', 'dana');
    expect(set.text).toContain('Policy saved.');
    const grouped = await demo.run('/dealdesk policy group finance @sophie', 'dana');
    expect(grouped.text).toContain('finance: Sophie');

    const small = await demo.run('/deal new Policy Co 100k proposal', 'alice');
    const ref = createdDealRef(small.text);
    expect((await demo.run(`/deal discount ${ref} 8% check routing`, 'alice')).text).toContain('Sent to Mike Johnson for approval.');
    const large = await demo.run('/deal new Policy Big Co 200k proposal', 'alice');
    const bigRef = createdDealRef(large.text);
    // Alice's manager is Mike, whose own manager is nobody: that step falls to the admins.
    const routed = await demo.run(`/deal discount ${bigRef} 8% large deal`, 'alice');
    expect(routed.text).toMatch(/Sent to Dana Admin for approval\.[\s\S]*step 1 of 2/);
  });
});
