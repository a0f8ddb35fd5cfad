// /pipeline and /quota answer with Slack's own table block (#16 point 2), through the real Bolt app over
// signed HTTP against the fake Slack, whose Block Kit oracle checks every message (one table block, its
// row, cell and column limits).
import { expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { slashAnswer, useSlackHarness } from '../../support/slack-harness.js';
import { tablesIn, textOf } from '../../support/block-kit-buttons.js';

type Answer = { text: string; blocks: { type: string; column_settings?: unknown }[] };

/** "$185,900.00" → 185900; "$28K" → 28000 (the quota table's compact amounts); "−$31K" → -31000. */
function amount(text: string | undefined): number {
  const match = /^([−-]?)\$([\d,.]+)(K?)$/.exec(text ?? '');
  if (!match) throw new Error(`not an amount: ${String(text)}`);
  return (match[1] ? -1 : 1) * Number(match[2]?.replace(/,/g, '')) * (match[3] ? 1000 : 1);
}

const right = { align: 'right' };

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Slack table blocks on ${provider}`, () => {
    const h = useSlackHarness(provider);
    const slash = (command: string, text: string, user: string) => slashAnswer<Answer>(h, command, text, user);
    const onlyTable = (answer: Answer): string[][] => {
      const tables = tablesIn(answer.blocks);
      expect(tables).toHaveLength(1);
      return tables[0] ?? [];
    };
    const row = (table: string[][], label: string): string[] => table.find((cells) => cells[0] === label) ?? [];

    it('/pipeline shows the stages in a table block whose figures add up and follow a new deal', async () => {
      const before = await slash('/pipeline', '', 'U_ALICE');
      expect(before.text).toBe('Pipeline · Alice Carter');
      expect(before.blocks.filter((b) => b.type === 'table')[0]?.column_settings).toEqual([
        { is_wrapped: true },
        right,
        right,
        right,
        right,
        right,
      ]);
      const table = onlyTable(before);
      expect(table[0]).toEqual(['Stage', 'Deals', 'Total', 'Weighted', 'Oldest', 'Stale']);
      expect(table.slice(1, -1).map((cells) => cells[0])).toEqual([
        'Lead 10%',
        'Qualified 20%',
        'Needs analysis 40%',
        'Proposal 60%',
        'Negotiation 80%',
      ]);
      // The totals row is the stages added up.
      const stages = table.slice(1, -1);
      const totals = row(table, 'Total');
      expect(Number(totals[1])).toBe(stages.reduce((n, cells) => n + Number(cells[1]), 0));
      expect(amount(totals[2])).toBe(stages.reduce((n, cells) => n + amount(cells[2]), 0));
      // The stage rows are no longer drawn as a code block beside the table (the chart's bars still are).
      expect(textOf(before.blocks)).not.toMatch(/Proposal 60% +\d/);

      await slash('/deal', 'new Acme 50k proposal', 'U_ALICE');
      const after = onlyTable(await slash('/pipeline', '', 'U_ALICE'));
      const [was, now] = [row(table, 'Proposal 60%'), row(after, 'Proposal 60%')];
      expect(Number(now[1])).toBe(Number(was[1]) + 1);
      expect(amount(now[2])).toBe(amount(was[2]) + 50_000);
      expect(amount(now[3])).toBe(amount(was[3]) + 30_000);
      expect(amount(row(after, 'Total')[2])).toBe(amount(totals[2]) + 50_000);
    });

    it("/quota team shows each rep's quota and won amount in a table block, and a deal won moves its row and the team's", async () => {
      const before = await slash('/quota', 'team', 'U_MIKE');
      expect(before.blocks.filter((b) => b.type === 'table')[0]?.column_settings).toEqual([
        { is_wrapped: true },
        right,
        right,
        right,
        right,
        right,
      ]);
      const table = onlyTable(before);
      expect(table[0]).toEqual(['Name', 'Quota', 'Won', 'Attained', 'vs pace', 'Coverage']);
      const reps = table.slice(1, -1);
      expect(reps.map((cells) => cells[0])).toEqual(['Alice Carter', 'Brian Lee', 'Carmen Diaz', 'David Kim']);
      const team = row(table, 'North America');
      expect(amount(team[1])).toBe(reps.reduce((n, cells) => n + amount(cells[1]), 0));

      const created = await slash('/deal', 'new Globex 50k negotiation', 'U_ALICE');
      const ref = /D-\d+/.exec(textOf(created.blocks))?.[0] ?? '';
      expect(textOf((await slash('/deal', `move ${ref} won`, 'U_ALICE')).blocks)).toContain(ref);
      const after = onlyTable(await slash('/quota', 'team', 'U_MIKE'));
      expect(amount(row(after, 'Alice Carter')[2])).toBe(amount(row(table, 'Alice Carter')[2]) + 50_000);
      expect(amount(row(after, 'North America')[2])).toBe(amount(team[2]) + 50_000);
      expect(row(after, 'Brian Lee')).toEqual(row(table, 'Brian Lee'));
    });

    it('labels the table block in Chinese for a Chinese-speaking member', async () => {
      const table = onlyTable(await slash('/pipeline', '', 'U_WEI'));
      expect(table[0]).toEqual(['阶段', '数量', '金额', '加权金额', '最长停留', '停滞']);
      expect(table.at(-1)?.[0]).toBe('合计');
      expect(table.at(-1)?.[2]).toMatch(/^US\$[\d,]+\.\d\d$/);
    });
  });
}
