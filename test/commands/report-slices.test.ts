// `/pipeline … by channel|region`, `/forecast … by channel|region` and the digest's line per channel
// (#15 point 4), as their users see them, on the edge dataset with regions and channels
// (test/support/sliced-edge.ts): each slice's figures equal plain SQL converting each deal into USD (CNY at
// the rate in force, EUR without a rate left out), and the slices add up to the unsliced report's figures.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { EDGE_QUARTERS, type EdgeWorkspace } from '../support/edge-dataset.js';
import { slicedEdgeWorkspace } from '../support/sliced-edge.js';
import { big, roundHalfAway } from '../support/sql.js';
import { integer, minor } from '../support/screen-values.js';
import { Prisma } from '../../src/store/generated/sqlite/client.js';
import { weightedMinor } from '../../src/domain/reports.js';
import { money } from '../../src/views/format.js';
import type { Block, Screen } from '../../src/views/screen.js';

type Table = Extract<Block, { type: 'table' }>;

/** Each slice's title and the totals row of the table under it. */
function sliceTotals(screen: Screen): Map<string, string[]> {
  const totals = new Map<string, string[]>();
  screen.blocks.forEach((block, i) => {
    const next = screen.blocks[i + 1];
    if (block.type === 'text' && next?.type === 'table') totals.set(block.text, next.totals ?? []);
  });
  return totals;
}

const tablesOf = (screen: Screen) => screen.blocks.filter((b): b is Table => b.type === 'table');
const fieldsOf = (screen: Screen) => screen.blocks.flatMap((b) => (b.type === 'fields' ? b.fields : []));
const OPEN = ['lead', 'qualified', 'needs_analysis', 'proposal', 'negotiation'];

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`reports by channel and region on ${provider}`, () => {
    let edge: EdgeWorkspace;
    let probability: Map<string, number>;
    beforeAll(async () => {
      edge = await slicedEdgeWorkspace(provider);
      probability = new Map((await edge.contextFor('ada')).workspace.stages.map((s) => [s.key, s.probability]));
    }, 180_000);
    afterAll(() => edge.cleanup());

    /** Each deal of the query with its amount in USD at the rate in force on `rateDate` (its close date when null); null without a rate. */
    async function inUsd(where: Prisma.Sql, rateDate: Date | null) {
      const on = rateDate ?? Prisma.sql`d."closeDate"`;
      const rows = await edge.db.$queryRaw<
        { region: string; channel: string; stage: string; category: string; currency: string; amount: unknown; rate: string | null }[]
      >`
        SELECT COALESCE((SELECT t."region" FROM "Team" t WHERE t."id" = d."teamId"), '') AS "region", d."sourceChannel" AS "channel",
          d."stage" AS "stage", d."forecastCategory" AS "category", d."currency" AS "currency", d."amountMinor" AS "amount",
          (SELECT r."rate" FROM "ExchangeRate" r
           WHERE r."workspaceId" = d."workspaceId" AND r."currency" = d."currency" AND r."quoteCurrency" = 'USD' AND r."effectiveDate" <= ${on}
           ORDER BY r."effectiveDate" DESC LIMIT 1) AS "rate"
        FROM "Deal" d WHERE d."workspaceId" = ${edge.workspaceId} AND ${where}`;
      return rows.map((row) => {
        let usd: bigint | null = row.currency === 'USD' ? big(row.amount) : null;
        if (row.currency !== 'USD' && row.rate !== null) {
          const [whole, fraction = ''] = row.rate.split('.');
          usd = roundHalfAway(big(row.amount) * BigInt(`${whole}${fraction}`), 10n ** BigInt(fraction.length));
        }
        return { ...row, usd: usd === null ? null : Number(usd) };
      });
    }

    it('shows the pipeline per region, each as plain SQL converts it, adding up to the whole pipeline', async () => {
      const sliced = await edge.run('/pipeline all by region', 'ada');
      expect(sliced.error).toBeUndefined();
      expect(sliced.text).toContain('Pipeline · Edge Works · by region');
      const totals = sliceTotals(sliced.screen);
      expect([...totals.keys()].sort()).toEqual(['Region: Americas', 'Region: EMEA', 'Region: no region']);
      // Open deals at today's rate (Jan 18, 2027: CNY 0.1412), EUR without a rate out of the amounts.
      const deals = await inUsd(Prisma.sql`d."stage" IN (${Prisma.join(OPEN)})`, new Date('2027-01-18T00:00:00Z'));
      expect(deals.some((d) => d.currency === 'CNY' && d.region === '')).toBe(true);
      expect(deals.some((d) => d.currency === 'EUR' && d.region === 'EMEA')).toBe(true);
      for (const [region, title] of [
        ['Americas', 'Region: Americas'],
        ['EMEA', 'Region: EMEA'],
        ['', 'Region: no region'],
      ] as const) {
        const mine = deals.filter((d) => d.region === region && d.usd !== null);
        const row = totals.get(title) ?? [];
        expect(integer(row[1] ?? ''), title).toBe(mine.length);
        expect(minor(row[2] ?? ''), title).toBe(mine.reduce((n, d) => n + (d.usd ?? 0), 0));
        const weighted = OPEN.reduce(
          (n, stage) =>
            n +
            weightedMinor(
              mine.filter((d) => d.stage === stage).reduce((s, d) => s + (d.usd ?? 0), 0),
              probability.get(stage) ?? 0,
            ),
          0,
        );
        expect(minor(row[3] ?? ''), title).toBe(weighted);
      }
      // The whole is /pipeline all's total row, and the slices add up to it.
      const whole = tablesOf((await edge.run('/pipeline all', 'ada')).screen)[0]?.totals ?? [];
      const [count, total, weighted] = [integer(whole[1] ?? ''), minor(whole[2] ?? ''), minor(whole[3] ?? '')];
      const cash = (n: number) => money('en', n, 'USD');
      expect(fieldsOf(sliced.screen)).toEqual([
        { label: 'All regions', value: `${count} deals · ${cash(total)} · weighted ${cash(weighted)}` },
      ]);
      const rows = [...totals.values()];
      expect(rows.reduce((n, row) => n + integer(row[1] ?? ''), 0)).toBe(count);
      expect(rows.reduce((n, row) => n + minor(row[2] ?? ''), 0)).toBe(total);
      expect(rows.reduce((n, row) => n + minor(row[3] ?? ''), 0)).toBe(weighted);
      expect(sliced.text).toContain('No rate for EUR');
      // Its buttons: the other slicing and the whole.
      const commands = sliced.screen.blocks.flatMap((b) => (b.type === 'actions' ? b.actions.map((a) => a.command) : []));
      expect(commands).toEqual(['pipeline all by channel', 'pipeline all']);
    });

    it('shows the forecast per channel, each as plain SQL converts it, adding up to the whole forecast', async () => {
      const sliced = await edge.run('/forecast all 2027-Q3 by channel', 'ada');
      expect(sliced.error).toBeUndefined();
      expect(sliced.text).toContain('Forecast · Edge Works · Q3 FY2027 · by channel');
      const table = tablesOf(sliced.screen)[0]!;
      const period = Prisma.sql`d."closeDate" >= ${new Date(`${EDGE_QUARTERS.previous.from}T00:00:00Z`)} AND d."closeDate" <= ${new Date(`${EDGE_QUARTERS.previous.to}T00:00:00Z`)}`;
      const won = await inUsd(Prisma.sql`d."stage" = 'won' AND ${period}`, null);
      const open = await inUsd(
        Prisma.sql`d."stage" IN (${Prisma.join(OPEN)}) AND d."forecastCategory" <> 'omit' AND ${period}`,
        new Date('2027-01-18T00:00:00Z'),
      );
      const names: Record<string, string> = { direct: 'Direct', partner: 'Partner', online: 'Online' };
      const channels = [...new Set([...won, ...open].map((d) => d.channel))];
      expect(channels.length).toBeGreaterThan(1);
      expect(table.rows.map((row) => row[0]).sort()).toEqual(channels.map((c) => names[c]).sort());
      const usd = (list: typeof won) => list.reduce((n, d) => n + (d.usd ?? 0), 0);
      for (const channel of channels) {
        const row = table.rows.find((r) => r[0] === names[channel]) ?? [];
        const category = (c: string) => usd(open.filter((d) => d.channel === channel && d.category === c));
        const closed = usd(won.filter((d) => d.channel === channel));
        expect(minor(row[1] ?? ''), channel).toBe(closed);
        expect(minor(row[2] ?? ''), channel).toBe(category('commit'));
        expect(minor(row[3] ?? ''), channel).toBe(category('best'));
        expect(minor(row[4] ?? ''), channel).toBe(category('pipeline'));
        const weighted = OPEN.reduce(
          (n, stage) => n + weightedMinor(usd(open.filter((d) => d.channel === channel && d.stage === stage)), probability.get(stage) ?? 0),
          0,
        );
        expect(minor(row[5] ?? ''), channel).toBe(closed + weighted);
      }
      // The totals row is the unsliced forecast's, and the slices add up to it.
      const whole = await edge.run('/forecast all 2027-Q3', 'ada');
      const wholeRows = tablesOf(whole.screen)[0]!.rows;
      const amount = (label: string) => minor(wholeRows.find((r) => r[0] === label)?.[2] ?? '');
      const weightedForecast =
        fieldsOf(whole.screen)
          .find((f) => f.label.startsWith('Weighted forecast'))
          ?.value.split(' · ')[0] ?? '';
      const expected = [amount('Closed won'), amount('Commit'), amount('Best case'), amount('Pipeline'), minor(weightedForecast)];
      expect((table.totals ?? []).slice(1).map(minor)).toEqual(expected);
      expected.forEach((value, i) => expect(table.rows.reduce((n, row) => n + minor(row[i + 1] ?? ''), 0)).toBe(value));
    });

    it("adds a line per channel to the manager's digest: won this quarter and open, as plain SQL sums them", async () => {
      const berlin = await edge.db.team.findFirstOrThrow({
        where: { workspaceId: edge.workspaceId, name: 'Berlin' },
        select: { id: true },
      });
      const team = Prisma.sql`d."teamId" = ${berlin.id}`;
      const period = Prisma.sql`d."closeDate" >= ${new Date(`${EDGE_QUARTERS.current.from}T00:00:00Z`)} AND d."closeDate" <= ${new Date(`${EDGE_QUARTERS.current.to}T00:00:00Z`)}`;
      const won = await inUsd(Prisma.sql`${team} AND d."stage" = 'won' AND ${period}`, null);
      const open = await inUsd(Prisma.sql`${team} AND d."stage" IN (${Prisma.join(OPEN)})`, new Date('2027-01-18T00:00:00Z'));
      expect(open.some((d) => d.currency === 'EUR' && d.channel === 'direct')).toBe(true);
      const cash = (list: typeof won) =>
        money(
          'en',
          list.reduce((n, d) => n + (d.usd ?? 0), 0),
          'USD',
        );
      const items = (['direct', 'partner', 'online'] as const)
        .filter((c) => [...won, ...open].some((d) => d.channel === c))
        .map((c) => {
          const name = { direct: 'Direct', partner: 'Partner', online: 'Online' }[c];
          return `${name} ${cash(won.filter((d) => d.channel === c))} won · ${cash(open.filter((d) => d.channel === c))} open`;
        });
      expect(items.length).toBeGreaterThan(1);
      const { text } = await edge.run('/dealdesk digest now', 'bernd');
      expect(text).toContain(`By channel (won in ${EDGE_QUARTERS.current.title} · open now): ${items.join('; ')}`);
    });

    it('says what to type for a slicing these reports do not offer, in English and Chinese, and keeps who may see what', async () => {
      const wrong = await edge.run('/pipeline all by colour', 'ada');
      expect(wrong.error?.code).toBe('report.by_unknown');
      expect(wrong.text).toContain('“colour” is not a way to slice this report. Type by channel or by region');
      expect((await edge.run('/forecast all by grade', 'ada')).text).toContain('“grade” is not a way to slice this report.');
      await edge.run('/dealdesk language zh', 'shen');
      const chinese = await edge.run('/forecast team 按颜色', 'shen');
      expect(chinese.error?.code).toBe('report.by_unknown');
      expect(chinese.text).toContain('“颜色”不是这份报表的分组方式。请输入 by channel 或 by region');
      expect((await edge.run('/pipeline team 按渠道', 'shen')).text).toContain('渠道：直销');
      const refused = await edge.run('/pipeline @nina by channel', 'nick');
      expect(refused.error?.code).toBe('pipeline.forbidden');
      expect((await edge.run('/pipeline team Shanghai by region', 'bernd')).error?.code).toBe('pipeline.forbidden');
    });
  });
}
