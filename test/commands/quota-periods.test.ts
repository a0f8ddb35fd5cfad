// Quotas belong to their dates and their currency, not to a period's name or the workspace's currency
// (issue #11, rule 3). A quota is looked up by the exact first and last day of the period asked for;
// changing the fiscal year start or the workspace currency moves no quota and says which ones read
// differently now. Everything is typed as a user would; won sums are recomputed in plain SQL.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Prisma } from '../../src/store/generated/sqlite/client.js';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { num } from '../support/sql.js';

/** "$1,234.50" as the detail fields write full US dollars. */
const usd = (minor: number): string => `$${(minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The value of a detail field ("Quota   $900,000.00") in a rendered screen. */
function field(text: string, label: string): string | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${label}  `));
  return line?.slice(label.length).trim();
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`quotas keep their dates and currency (${provider})`, () => {
    let demo: DemoWorkspace;
    beforeEach(async () => {
      demo = await demoWorkspace(provider);
    });
    afterEach(() => demo.cleanup());

    const memberId = async (handle: string) =>
      (await demo.db.member.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, handle }, select: { id: true } })).id;

    /**
     * USD won deals closed from `first` to `last` (calendar dates, inclusive), of one owner or all: by close
     * date, and by close instant in New York (the workspace's zone). The demo's wins of early 2026 are far
     * from any edge, so both readings agree; the test checks that before relying on it.
     */
    async function wonUsd(first: string, last: string, ownerId?: string): Promise<{ sumMinor: number; count: number }> {
      const ownedBy = ownerId === undefined ? Prisma.empty : Prisma.sql`AND d."ownerId" = ${ownerId}`;
      const [byDate] = await demo.db.$queryRaw<Record<string, unknown>[]>`
        SELECT COUNT(*) AS "n", SUM(d."amountMinor") AS "total"
        FROM "Deal" d JOIN "Stage" s ON s."workspaceId" = d."workspaceId" AND s."key" = d."stage"
        WHERE d."workspaceId" = ${demo.workspaceId} AND s."kind" = 'won' AND d."currency" = 'USD'
          AND d."closeDate" >= ${new Date(`${first}T00:00:00Z`)} AND d."closeDate" <= ${new Date(`${last}T00:00:00Z`)}
          ${ownedBy}`;
      // New York is UTC−5 on both edges of January–March (DST starts on March 8, mid-period).
      const [byInstant] = await demo.db.$queryRaw<Record<string, unknown>[]>`
        SELECT COUNT(*) AS "n", SUM(d."amountMinor") AS "total"
        FROM "Deal" d JOIN "Stage" s ON s."workspaceId" = d."workspaceId" AND s."key" = d."stage"
        WHERE d."workspaceId" = ${demo.workspaceId} AND s."kind" = 'won' AND d."currency" = 'USD'
          AND d."closedAt" >= ${new Date(`${first}T05:00:00Z`)} AND d."closedAt" < ${new Date(new Date(`${last}T04:00:00Z`).getTime() + 86_400_000)}
          ${ownedBy}`;
      const result = { sumMinor: num(byDate?.total), count: num(byDate?.n) };
      expect({ sumMinor: num(byInstant?.total), count: num(byInstant?.n) }, 'close date and close instant agree').toEqual(result);
      return result;
    }

    it('keeps each quota on its dates after the fiscal year start moves to April, and says what changed name', async () => {
      // January–March 2026 is 2026-Q1 while the fiscal year starts in January.
      await demo.run('/quota set @alice 90k 2026-Q1', 'dana');
      await demo.run('/quota set team East China 300k 2026-Q1', 'dana');
      await demo.run('/quota set team North America 400k 2026-Q1', 'dana');
      await demo.run('/quota set team Partners & Channel 200k 2026-Q1', 'dana');
      await demo.run('/quota set @alice 400k FY2027', 'dana');

      const changed = await demo.run('/dealdesk settings fiscal-start apr', 'dana');
      expect(changed.text).toContain('Setting “fiscal-start” updated.');
      // The demo's quotas: 11 reps and 3 teams, or 15 rows per quarter.
      const [seeded] = await demo.db.$queryRaw<Record<string, unknown>[]>`
        SELECT COUNT(*) AS "n" FROM "Quota" WHERE "workspaceId" = ${demo.workspaceId} AND "periodKey" = '2026-Q4'`;
      expect(changed.text).toContain(
        `Quota periods keep their dates: ${num(seeded?.n)} quotas set for 2026-Q4 (Oct 1, 2026 – Dec 31, 2026) are now in Q3 FY2027 (“2027-Q3”).`,
      );
      expect(changed.text).toContain(
        'Quota periods keep their dates: 4 quotas set for 2026-Q1 (Jan 1, 2026 – Mar 31, 2026) are now in Q4 FY2026 (“2026-Q4”).',
      );

      // Calendar 2027 is no fiscal year when fiscal years start in April.
      expect(changed.text).toContain(
        'Quota periods keep their dates: 1 quota set for FY2027 (Jan 1, 2027 – Dec 31, 2027) no longer matches one fiscal period; /quota shows it again if the fiscal year start is set back.',
      );

      // This quarter is now fiscal Q3 FY2027, the same October–December: its quotas are still there.
      const team = await demo.run('/quota team North America', 'mike');
      expect(team.text).toContain('Quota · North America · Q3 FY2027');
      expect(field(team.text, 'Quota')).toBe('$525,000.00');
      expect(team.text).not.toContain('No quota is set for this period');
      const mine = await demo.run('/quota', 'alice');
      expect(field(mine.text, 'Quota')).toBe('$100,000.00');

      // "2026-Q4" now means January–March 2026: its quotas are the ones set for those dates, against those wins.
      const all = await demo.run('/quota all 2026-Q4', 'dana');
      expect(all.text).toContain('Q4 FY2026');
      expect(field(all.text, 'Quota')).toBe('$900,000.00');
      const won = await wonUsd('2026-01-01', '2026-03-31');
      expect(won.count).toBeGreaterThan(0);
      expect(field(all.text, 'Closed won')).toBe(`${usd(won.sumMinor)} (${won.count} deals)`);

      const alice = await demo.run('/quota @alice 2026-Q4', 'dana');
      const aliceWon = await wonUsd('2026-01-01', '2026-03-31', await memberId('alice'));
      expect(field(alice.text, 'Quota')).toBe('$90,000.00');
      expect(field(alice.text, 'Closed won')).toBe(
        `${usd(aliceWon.sumMinor)} (${aliceWon.count} ${aliceWon.count === 1 ? 'deal' : 'deals'})`,
      );
    });

    it('sets a quota for the dates a name means now, leaving the quota set earlier under that name', async () => {
      await demo.run('/dealdesk settings fiscal-start apr', 'dana');
      // "2026-Q4" is January–March 2026 now; Alice's October–December quota was also stored as "2026-Q4".
      const set = await demo.run('/quota set @alice 95k 2026-Q4', 'dana');
      expect(set.text).toContain('Quota for Alice Carter, Q4 FY2026: $95,000.00.');
      expect((await demo.run('/quota set @alice 80k 2026-Q4', 'dana')).text).toContain('$80,000.00 (was $95,000.00)');
      expect(field((await demo.run('/quota @alice 2026-Q4', 'dana')).text, 'Quota')).toBe('$80,000.00');
      expect(field((await demo.run('/quota @alice 2027-Q3', 'dana')).text, 'Quota')).toBe('$100,000.00');
      // Setting the October–December quota under its new name replaces it rather than adding a second one.
      expect((await demo.run('/quota set @alice 110k 2027-Q3', 'dana')).text).toContain('$110,000.00 (was $100,000.00)');
      // One row per dates (January–March 2026, October–December 2026, the demo's January–March 2027), named as now.
      const rows = await demo.db.$queryRaw<{ periodKey: string; amountMinor: unknown }[]>`
        SELECT "periodKey", "amountMinor" FROM "Quota"
        WHERE "workspaceId" = ${demo.workspaceId} AND "scopeKey" = ${`member:${await memberId('alice')}`} ORDER BY "periodStart"`;
      expect(rows.map((row) => [row.periodKey, num(row.amountMinor)])).toEqual([
        ['2026-Q4', 80_000_00],
        ['2027-Q3', 110_000_00],
        ['2027-Q1', 100_000_00],
      ]);
    });

    it('sums monthly quotas asked for as a quarter only when they fill it, and never twice', async () => {
      await demo.run('/quota set @alice 30k 2027-04', 'dana');
      await demo.run('/quota set @alice 40k 2027-05', 'dana');
      expect(field((await demo.run('/quota @alice 2027-Q2', 'dana')).text, 'Quota')).toBe('Not set');
      await demo.run('/quota set @alice 50k 2027-06', 'dana');
      expect(field((await demo.run('/quota @alice 2027-Q2', 'dana')).text, 'Quota')).toBe('$120,000.00');
      expect(field((await demo.run('/quota @alice 2027-05', 'dana')).text, 'Quota')).toBe('$40,000.00');
      // A quarter's own quota wins over its months; a year counts each quarter once.
      await demo.run('/quota set @alice 200k 2027-Q2', 'dana');
      expect(field((await demo.run('/quota @alice 2027-Q2', 'dana')).text, 'Quota')).toBe('$200,000.00');
      await demo.run('/quota set @alice 100k 2027-Q3', 'dana');
      await demo.run('/quota set @alice 100k 2027-Q4', 'dana');
      // The demo set Alice's January–March 2027 quota at $100,000.
      expect(field((await demo.run('/quota @alice FY2027', 'dana')).text, 'Quota')).toBe('$500,000.00');
    });

    it('keeps quotas in their currency after the workspace currency changes, says so, and converts them once a rate is set', async () => {
      // Only the reps' quotas for April–June 2027: North America's figure is the sum of its people's.
      await demo.run('/quota set @alice 100k 2027-Q2', 'dana');
      await demo.run('/quota set @brian 120k 2027-Q2', 'dana');
      const changed = await demo.run('/dealdesk settings currency CNY', 'dana');
      const [usdRows] = await demo.db.$queryRaw<Record<string, unknown>[]>`
        SELECT COUNT(*) AS "n" FROM "Quota" WHERE "workspaceId" = ${demo.workspaceId} AND "currency" = 'USD'`;
      expect(changed.text).toContain(
        `Quotas keep their currency: ${num(usdRows?.n)} quotas are set in USD. Reports convert them into the new reporting currency with its exchange rates: /dealdesk rates set USD <rate>.`,
      );
      // Without a rate into CNY the USD quotas are named, never dropped silently or guessed.
      const unconverted = await demo.run('/quota all', 'dana');
      expect(unconverted.text).toMatch(
        /No rate for USD on or before Nov 23, 2026: \d+ quotas \(\$[\d,.]+\) left out — \/dealdesk rates set USD <rate> 2026-11-23/,
      );

      await demo.run('/dealdesk rates set USD 7.2 2026-01-01', 'dana');
      const all = await demo.run('/quota all', 'dana');
      expect(field(all.text, 'Quota')).toBe('CN¥11,700,000.00');
      expect(all.text).not.toContain('No quota is set for this period');
      expect(all.text).toContain('Converted at 1 USD = 7.2 CNY (Jan 1, 2026).');
      const team = await demo.run('/quota team North America 2027-Q2', 'mike');
      expect(field(team.text, 'Quota')).toBe('CN¥1,584,000.00');

      // Quotas in either currency add up in the reporting currency.
      await demo.run('/quota set @carmen ¥500k 2027-Q2', 'dana');
      const mixed = await demo.run('/quota team North America 2027-Q2', 'mike');
      expect(field(mixed.text, 'Quota')).toBe('CN¥2,084,000.00');

      await demo.run('/dealdesk language zh', 'dana');
      const zh = await demo.run('/dealdesk settings currency EUR', 'dana');
      expect(zh.text).toContain(
        `指标保留原币种：${num(usdRows?.n)} 个指标以 USD 设置。报表会按换算为新报告货币的汇率换算：/dealdesk rates set USD <汇率>。`,
      );
      expect(zh.text).toContain('有 1 个汇率换算为其他货币而非新的报告货币，已不再适用。');
      expect(zh.text).toContain('指标保留原币种：1 个指标以 CNY 设置');
    });
  });
}
