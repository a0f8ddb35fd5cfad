// Approval integrity (#13, finding 2): a button decides only the step and version it was drawn for, one
// person never decides two steps of a request nor their own, and the database holds one pending request per deal.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setTimeout as delay } from 'node:timers/promises';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { createdDealRef, demoWorkspace, snapshot, type DemoWorkspace } from '../support/workspace.js';
import { createDb } from '../../src/store/db.js';
import { execute } from '../../src/commands/execute.js';
import { actionsOf } from '../../src/views/screen.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`approval integrity on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    async function newDeal(handle = 'alice', amount = '100k'): Promise<string> {
      return createdDealRef((await demo.run(`/deal new Integrity Co ${amount} proposal`, handle)).text);
    }
    const memberId = async (handle: string) =>
      (await demo.db.member.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, handle } })).id;
    const requestOf = (ref: string) =>
      demo.db.discountRequest.findFirstOrThrow({
        where: { deal: { number: Number(ref.slice(2)) }, workspaceId: demo.workspaceId },
        include: { decisions: { orderBy: { step: 'asc' } } },
        orderBy: { createdAt: 'desc' },
      });
    const amountOf = async (ref: string) =>
      (await demo.db.deal.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, number: Number(ref.slice(2)) } })).amountMinor;

    it('decides an admin’s double click (two presses 150 ms apart) once: the second press finds the request moved on', async () => {
      await demo.run('/dealdesk policy group deal_desk @dana', 'dana');
      await demo.run('/dealdesk policy group finance @sophie', 'dana');
      const ref = await newDeal();
      await demo.run(`/deal discount ${ref} 35% five-year term`);
      const card = await demo.run(`/deal discount ${ref}`, 'dana');
      const approve = actionsOf(card.screen).find((a) => a.id === 'discount.approve')!.command;
      const ctx = await demo.contextFor('dana');
      const [first, second] = await Promise.all([execute(approve, ctx), delay(150).then(() => execute(approve, ctx))]);
      expect(first.error).toBeUndefined();
      expect(second.error?.code).toBe('discount.moved_on');
      expect(second.error?.message).toContain('This request has moved on, so nothing changed: Waiting for Sophie Martin (step 2 of 2).');
      const request = await requestOf(ref);
      expect([request.status, request.step, request.decisions.length]).toEqual(['pending', 1, 1]);
      expect(await amountOf(ref)).toBe(10_000_000n);
      // The step-2 approver decides it; the requester's total is applied once.
      await demo.run(`/deal approve ${ref}`, 'sophie');
      const done = await requestOf(ref);
      expect(done.status).toBe('approved');
      expect(done.decisions.map((d) => d.approverId)).toEqual([await memberId('dana'), await memberId('sophie')]);
      expect(await amountOf(ref)).toBe(6_500_000n);
    });

    it('lets a manager who is also in deal_desk approve step 1 only; step 2 goes to an admin', async () => {
      await demo.run('/dealdesk policy group deal_desk @mike', 'dana');
      const ref = await newDeal();
      await demo.run(`/deal discount ${ref} 25% three-year term`);
      const first = await demo.run(`/deal approve ${ref}`, 'mike');
      expect(first.text).toContain('Approved; it goes on to the next approver.');
      expect(first.text).toContain('Waiting for Dana Admin (step 2 of 2).');
      expect(first.effects).toContainEqual({
        type: 'approval_requested',
        requestId: (await requestOf(ref)).id,
        notify: [await memberId('dana')],
      });
      const before = await snapshot(demo.db, demo.workspaceId);
      const again = await demo.run(`/deal approve ${ref}`, 'mike');
      expect(again.text).toContain('You decided step 1 of this request');
      expect(await snapshot(demo.db, demo.workspaceId)).toBe(before);
      expect((await requestOf(ref)).status).toBe('pending');
      await demo.run(`/deal approve ${ref}`, 'dana');
      expect((await requestOf(ref)).status).toBe('approved');
      expect(await amountOf(ref)).toBe(7_500_000n);
    });

    it('makes the sole admin’s own request wait and say so (never applied at once), and refuses their own approval', async () => {
      const ref = await newDeal('dana');
      const asked = await demo.run(`/deal discount ${ref} 15% own deal`, 'dana');
      expect(asked.text).toContain('Saved, but nobody else may approve it yet');
      expect(asked.text).toContain('nobody else may approve it yet. An admin can name an approver');
      expect(asked.effects ?? []).toEqual([]);
      expect(await amountOf(ref)).toBe(10_000_000n);
      expect((await requestOf(ref)).status).toBe('pending');
      expect((await demo.run(`/deal approve ${ref}`, 'dana')).text).toMatch(/cannot decide your own discount request/);
      expect(await amountOf(ref)).toBe(10_000_000n);
      // A second admin may take it, and is the one a new request of Dana's goes to.
      await demo.run('/dealdesk member @sophie role admin', 'dana');
      await demo.run(`/deal approve ${ref}`, 'sophie');
      expect(await amountOf(ref)).toBe(8_500_000n);
      const next = await newDeal('dana');
      expect((await demo.run(`/deal discount ${next} 15% own deal`, 'dana')).text).toContain('Sent to Sophie Martin for approval.');
    });

    it('keeps at most one pending request per deal in the database itself', async () => {
      const ref = await newDeal();
      await demo.run(`/deal discount ${ref} 15% first`);
      const pending = await requestOf(ref);
      expect(pending.pendingDealId).toBe(pending.dealId);
      // A second pending row for the deal, written past the command's own check, is refused by the unique index.
      const { id: _id, decisions: _decisions, createdAt: _c, updatedAt: _u, route, ...copy } = pending;
      await expect(demo.db.discountRequest.create({ data: { ...copy, route: route ?? [] } })).rejects.toMatchObject({ code: 'P2002' });
      const cancelled = await demo.run(`/deal discount ${ref} cancel`);
      expect(cancelled.text).toContain('Request cancelled.');
      expect((await requestOf(ref)).pendingDealId).toBeNull();
      expect((await demo.run(`/deal discount ${ref} 12% second try`)).text).toContain('Sent to Mike Johnson for approval.');
    });

    it('turns 10 concurrent requests on one deal by its owner into 1 pending request and 1 card', async () => {
      const ref = await newDeal();
      // PostgreSQL: separate clients, like separate replicas of the bot; SQLite's embedded client serialises them.
      const clients = provider === 'postgresql' ? Array.from({ length: 5 }, () => createDb(demo.url)) : [demo.db];
      try {
        const results = await Promise.all(
          Array.from({ length: 10 }, async (_, i) =>
            execute(`deal discount ${ref} 25% race ${i}`, { ...(await demo.contextFor('alice')), db: clients[i % clients.length]! }),
          ),
        );
        const cards = results.flatMap((r) => r.effects ?? []).filter((e) => e.type === 'approval_requested');
        expect(cards).toHaveLength(1);
        const refused = results.filter((r) => r.error?.code === 'discount.already_pending');
        expect(refused).toHaveLength(9);
        for (const r of refused)
          expect(r.error?.message).toContain(`A discount request for this deal is already waiting. Type “/deal discount ${ref}”`);
      } finally {
        if (provider === 'postgresql') await Promise.all(clients.map((c) => c.$disconnect()));
      }
      expect(
        await demo.db.discountRequest.count({
          where: { workspaceId: demo.workspaceId, deal: { number: Number(ref.slice(2)) }, status: 'pending' },
        }),
      ).toBe(1);
    });
  });
}
