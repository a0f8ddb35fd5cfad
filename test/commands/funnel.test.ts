// `/funnel [who] [period] [by channel|region|grade|rep]` on the edge dataset, as its users see it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { edgeWorkspace, type EdgeWorkspace } from '../support/edge-dataset.js';
import { num, pctOrNull } from '../support/sql.js';
import { parseFunnelArgs } from '../../src/commands/funnel.js';
import type { Block } from '../../src/views/screen.js';

const fieldValue = (blocks: readonly Block[], label: string): string | undefined => {
  for (const block of blocks) if (block.type === 'fields') for (const field of block.fields) if (field.label === label) return field.value;
  return undefined;
};

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/funnel on ${provider}`, () => {
    let edge: EdgeWorkspace;
    beforeAll(async () => {
      edge = await edgeWorkspace(provider);
    }, 180_000);
    afterAll(() => edge.cleanup());

    it('shows a stage table, win rates, average deal, cycle and lost reasons for who and period asked', async () => {
      const all = await edge.run('/funnel all 2027-Q3', 'ada');
      expect(all.error).toBeUndefined();
      expect(all.screen.kind).toBe('funnel');
      expect(all.text).toContain('Funnel · Edge Works · Q3 FY2027');
      for (const label of ['Entered', 'Moved on', 'Lost there', '→ Next', '→ Won', 'Median days', 'Proposal', 'Negotiation'])
        expect(all.text).toContain(label);
      // Win rate by count among the deals closed in Oct–Dec 2026 (by close date), as plain SQL counts them.
      const rows = await edge.db.$queryRaw<{ stage: string; n: unknown }[]>`
        SELECT d."stage" AS "stage", COUNT(*) AS "n" FROM "Deal" d
        WHERE d."workspaceId" = ${edge.workspaceId} AND d."stage" IN ('won', 'lost')
          AND d."closeDate" >= ${new Date('2026-10-01T00:00:00Z')} AND d."closeDate" <= ${new Date('2026-12-31T00:00:00Z')}
        GROUP BY d."stage"`;
      const won = num(rows.find((r) => r.stage === 'won')?.n);
      const lost = num(rows.find((r) => r.stage === 'lost')?.n);
      expect(won).toBeGreaterThan(0);
      expect(fieldValue(all.screen.blocks, 'Win rate (count)')).toBe(`${pctOrNull(won, won + lost)}% (${won} won, ${lost} lost)`);
      expect(fieldValue(all.screen.blocks, 'Median sales cycle')).toMatch(/^\d+ days?$/);

      const berlin = await edge.run('/funnel team Berlin FY2027', 'bernd');
      expect(berlin.text).toContain('Funnel · Berlin · FY2027');
      expect(berlin.text).toContain('Top lost reasons: price (1)');
      // Berlin's euros have no rate: named, and left out of the amounts.
      expect(berlin.text).toContain('No rate for EUR');

      // A rep's default is their own deals this quarter (fiscal Q4, January to March).
      expect((await edge.run('/funnel', 'nick')).text).toContain('Funnel · Nick Nolan · Q4 FY2027');
      expect((await edge.run('/funnel me q3 2027', 'nick')).text).toContain('Funnel · Nick Nolan · Q3 FY2027');
    });

    it('shows one block per slice, largest first, with the inactive owner marked', async () => {
      const byRep = await edge.run('/funnel team Berlin FY2027 by rep', 'bernd');
      expect(byRep.error).toBeUndefined();
      const titles = byRep.screen.blocks.flatMap((b) => (b.type === 'text' && b.text.startsWith('Rep: ') ? [b.text] : []));
      expect(titles).toEqual(['Rep: Birgit Brandt', 'Rep: Klaus Keller (inactive)']);
      const byChannel = await edge.run('/funnel all FY2027 按渠道', 'ada');
      expect(byChannel.text).toContain('Channel: Direct');
      expect((await edge.run('/funnel all FY2027 by grade', 'ada')).text).toContain('Grade B');
      expect((await edge.run('/funnel all by region FY2027', 'ada')).text).toContain('Region: no region');
      // The buttons repeat who and period and offer the other slicings.
      const commands = byRep.screen.blocks.flatMap((b) => (b.type === 'actions' ? b.actions.map((a) => a.command) : []));
      expect(commands).toContain('funnel team Berlin FY2027 by channel');
      expect(commands).toContain('funnel team Berlin FY2027');
      expect(commands).not.toContain('funnel team Berlin FY2027 by rep');
    });

    it("refuses a rep someone else's funnel, and a manager another team's, in one sentence", async () => {
      const refused = await edge.run('/funnel @nina', 'nick');
      expect(refused.error?.code).toBe('funnel.forbidden');
      expect(refused.text).toContain('You can see your own funnel');
      expect(refused.text).toContain('Type /funnel me.');
      expect((await edge.run('/funnel team New York', 'nick')).error?.code).toBe('funnel.forbidden');
      expect((await edge.run('/funnel all', 'nick')).error?.code).toBe('funnel.forbidden');
      expect((await edge.run('/funnel @nick', 'bernd')).error?.code).toBe('funnel.forbidden');
      expect((await edge.run('/funnel team Shanghai', 'bernd')).error?.code).toBe('funnel.forbidden');
      expect((await edge.run('/funnel @birgit', 'bernd')).error).toBeUndefined();
      expect((await edge.run('/funnel @nina', 'ada')).error).toBeUndefined();
    });

    it('says what to type for an unknown slicing', async () => {
      const wrong = await edge.run('/funnel all by colour', 'ada');
      expect(wrong.error?.code).toBe('funnel.by_unknown');
      expect(wrong.text).toContain('Type by channel, by region, by grade, by rep or by competitor');
    });
  });
}

describe('parseFunnelArgs', () => {
  it('splits who, period and slicing in either order', async () => {
    const edge = await edgeWorkspace('sqlite');
    try {
      const ctx = await edge.contextFor('ada');
      expect(await parseFunnelArgs(['team', 'Berlin', 'by', 'rep', 'FY2027'], ctx)).toEqual({
        scope: ['team', 'Berlin'],
        period: ['FY2027'],
        by: 'rep',
      });
      expect(await parseFunnelArgs(['按区域'], ctx)).toEqual({ scope: [], period: [], by: 'region' });
      expect(await parseFunnelArgs(['this', 'quarter'], ctx)).toEqual({ scope: [], period: ['this', 'quarter'], by: 'none' });
    } finally {
      await edge.cleanup();
    }
  }, 180_000);
});
