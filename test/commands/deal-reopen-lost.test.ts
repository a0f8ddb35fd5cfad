// A deal reopened from Lost (or won after it) is lost to nobody any more: its lost-to competitor is cleared,
// so /competitors no longer counts it as lost to them, while the competitor stays named on the deal.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';

for (const provider of ALL_PROVIDERS)
  describeOn(provider)(`reopening a lost deal on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    const lostTo = async (ref: string) => {
      const deal = await demo.db.deal.findFirst({
        where: { workspaceId: demo.workspaceId, number: Number(ref.slice(2)) },
        select: { lostToId: true },
      });
      return deal?.lostToId ?? null;
    };

    it('clears who it was lost to when the deal is reopened, and when it is won after being lost', async () => {
      for (const [account, to] of [
        ['Reopen Test Co', 'proposal'],
        ['Won Back Co', 'won'],
      ] as const) {
        const ref = /D-\d+/.exec((await demo.run(`/deal new ${account} 20k proposal`, 'alice')).text)?.[0] ?? '';
        expect((await demo.run(`/deal move ${ref} lost to Zoltan Systems: price`, 'alice')).error).toBeUndefined();
        expect(await lostTo(ref)).not.toBeNull();
        const lostBefore = (await demo.run('/competitors team', 'mike')).text;
        expect(lostBefore).toContain('Zoltan Systems');

        const moved = await demo.run(`/deal move ${ref} ${to}`, 'mike');
        expect(moved.error).toBeUndefined();
        expect(await lostTo(ref)).toBeNull();
        expect(moved.text).not.toContain('lost to them');
        // Still named on the deal, as a competitor met.
        expect(moved.text).toMatch(/Competitors\s+Zoltan Systems/);
      }
      // Met on both deals, won against on one, lost to on none.
      const report = await demo.run('/competitors team', 'mike');
      expect(report.text).toMatch(/Zoltan Systems\s+2\s+1\s+0\s+0\s+100%/);
    });
  });
