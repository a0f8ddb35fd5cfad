// Names on a deal card and on a discount request are read within the workspace (#14 review): a row that
// points at someone of another workspace (which no command writes) says "someone outside this workspace"
// rather than their name.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { createdDealRef, demoWorkspace, FIXED_NOW, type DemoWorkspace } from '../support/workspace.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`names read within the workspace on ${provider}`, () => {
    let demo: DemoWorkspace;
    let outsiderId: string;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
      const other = await demo.db.workspace.create({ data: { name: 'Elsewhere' }, select: { id: true } });
      outsiderId = (
        await demo.db.member.create({
          data: { workspaceId: other.id, name: 'Olga Outsider', handle: 'olga', role: 'admin' },
          select: { id: true },
        })
      ).id;
    });
    afterAll(() => demo.cleanup());

    const dealOf = async (ref: string) =>
      demo.db.deal.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, number: Number(ref.slice(2)) }, select: { id: true } });

    it("shows a deal card's activities without another workspace's names", async () => {
      const ref = createdDealRef((await demo.run('/deal new Namesake Ltd 40k proposal close 2026-12-20 Pilot', 'alice')).text);
      await demo.run(`/deal note ${ref} call: pricing agreed`, 'alice');
      const deal = await dealOf(ref);
      await demo.db.activity.create({
        data: { workspaceId: demo.workspaceId, dealId: deal.id, memberId: outsiderId, kind: 'note', text: 'planted', at: FIXED_NOW },
      });
      const { text } = await demo.run(`/deal show ${ref}`, 'alice');
      expect(text).toContain('Call: pricing agreed — Alice Carter, 0 days ago');
      // The planted note says its author is not the workspace's, rather than naming them or leaving a blank.
      expect(text).toContain('Note: planted — someone outside this workspace, 0 days ago');
      expect(text).not.toContain('Olga Outsider');
    });

    it("shows a discount request's decisions without another workspace's names", async () => {
      const ref = createdDealRef((await demo.run('/deal new Namesake Two 100k proposal close 2026-12-20 Pilot', 'alice')).text);
      await demo.run(`/deal discount ${ref} 15% multi-year`, 'alice');
      const request = await demo.db.discountRequest.findFirstOrThrow({
        where: { workspaceId: demo.workspaceId, dealId: (await dealOf(ref)).id },
        select: { id: true },
      });
      await demo.db.discountDecision.create({
        data: { requestId: request.id, step: 9, approverId: outsiderId, decision: 'approved', reason: 'planted', at: FIXED_NOW },
      });
      const { text } = await demo.run(`/deal discount ${ref}`, 'alice');
      expect(text).toContain('Requested by  Alice Carter');
      expect(text).toContain('Step 10: approved by someone outside this workspace');
      expect(text).not.toContain('Olga Outsider');
    });
  });
}
