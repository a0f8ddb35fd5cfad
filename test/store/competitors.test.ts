// `/competitors` and `/funnel … by competitor` on the edge dataset (two currencies and a missing rate, an
// inactive owner, closes on either side of a quarter's edge), each figure recomputed from the deals in plain SQL.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import type { EdgeWorkspace } from '../support/edge-dataset.js';
import { slicedEdgeWorkspace } from '../support/sliced-edge.js';
import { big, ownedByTeam, pctOrNull, roundHalfAway } from '../support/sql.js';
import { Prisma } from '../../src/store/generated/sqlite/client.js';
import type { Block, Screen } from '../../src/views/screen.js';
import { sliceName } from '../../src/views/screens/report-slices.js';

/** Who is named on which deal (account → competitors), who each lost deal was lost to, and who does it. */
const NAMED: Record<string, string[]> = {
  'Hudson Freight': ['Oracle'], // won 23:30 Sep 30 in New York: Q2, outside Q3
  'Empire Tools': ['Oracle', 'SAP'], // won 00:30 Oct 1: Q3; two competitors
  'Spree Werke': ['oracle'], // klaus (deactivated), € won without a rate
  'Yangtze Shipping': ['Oracle'], // won Dec 31 in Shanghai
  'Weser Werft': ['SAP'], // € lost
  'Nanjing Glass': ['SAP', 'Workday'], // CNY lost Dec 31, at the Oct 1 rate
  'Bronx Bikes': ['Workday'], // lost 00:30 Jan 1 in New York: Q4
  'Suzhou Silk': ['SAP'], // open CNY, closing Feb 20
  'Long Island Labs': ['Oracle'], // open, closing Apr 1: FY2028
};
const LOST_TO: Record<string, string> = { 'Weser Werft': 'SAP', 'Nanjing Glass': 'Workday', 'Bronx Bikes': 'Workday' };

type Line = { met: number; won: number; lostTo: number; lostPresent: number; rate: number | null; wonMinor: number; lostMinor: number };

const tableRows = (blocks: readonly Block[]): string[][] => blocks.flatMap((block) => (block.type === 'table' ? block.rows : []));
const minor = (text: string) => Number(text.replace(/[^\d-]/g, ''));
const pctOf = (text: string) => (text === '—' ? null : Number(text.replace('%', '')));

for (const provider of ALL_PROVIDERS)
  describeOn(provider)(`/competitors figures on ${provider}`, () => {
    let edge: EdgeWorkspace;
    beforeAll(async () => {
      // Channels and regions set (test/support/sliced-edge.ts) for the sliced report; no other figure depends on them.
      edge = await slicedEdgeWorkspace(provider);
      for (const [account, names] of Object.entries(NAMED)) {
        const deal = edge.deals.get(account) ?? '';
        const { text, error } = await edge.run(`/deal update ${deal} competitor ${names.join(', ')}`, 'ada');
        if (error) throw new Error(text);
      }
      for (const [account, name] of Object.entries(LOST_TO)) {
        const { text, error } = await edge.run(`/deal update ${edge.deals.get(account) ?? ''} lostto ${name}`, 'ada');
        if (error) throw new Error(text);
      }
    }, 180_000);
    afterAll(() => edge.cleanup());

    /** Each figure from the deals themselves: one row per deal and competitor named, summed here. */
    async function expected(
      from: string,
      to: string,
      teamId?: string,
      slice?: { by: 'channel' | 'region'; key: string },
    ): Promise<Map<string, Line>> {
      const [fromDate, toDate] = [new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`)];
      const all = await edge.db.$queryRaw<
        {
          name: string;
          stage: string;
          currency: string;
          closeDate: Date;
          amount: unknown;
          lostTo: string | null;
          channel: string;
          region: string;
        }[]
      >`
        SELECT c."name" AS "name", d."stage" AS "stage", d."currency" AS "currency", d."closeDate" AS "closeDate",
               d."amountMinor" AS "amount", lt."name" AS "lostTo", d."sourceChannel" AS "channel",
               COALESCE((SELECT t."region" FROM "Team" t WHERE t."id" = d."teamId"), '') AS "region"
        FROM "Deal" d
        JOIN "DealCompetitor" dc ON dc."dealId" = d."id"
        JOIN "Competitor" c ON c."id" = dc."competitorId"
        LEFT JOIN "Competitor" lt ON lt."id" = d."lostToId"
        WHERE d."workspaceId" = ${edge.workspaceId} AND d."closeDate" >= ${fromDate} AND d."closeDate" <= ${toDate}
          ${teamId ? ownedByTeam(teamId) : Prisma.empty}`;
      const deals = slice ? all.filter((deal) => deal[slice.by] === slice.key) : all;
      const rates = await edge.db.exchangeRate.findMany({
        where: { workspaceId: edge.workspaceId, quoteCurrency: 'USD' },
        orderBy: { effectiveDate: 'desc' },
        select: { currency: true, rate: true, effectiveDate: true },
      });
      // Summed per competitor, stage, currency and close date, then converted at that day's rate.
      const groups = new Map<string, { name: string; stage: string; currency: string; closeDate: Date; sum: bigint }>();
      const lines = new Map<string, Line>();
      const line = (name: string): Line => {
        const known = lines.get(name);
        if (known) return known;
        const made = { met: 0, won: 0, lostTo: 0, lostPresent: 0, rate: null, wonMinor: 0, lostMinor: 0 };
        lines.set(name, made);
        return made;
      };
      for (const deal of deals) {
        const l = line(deal.name);
        l.met++;
        if (deal.stage === 'won') l.won++;
        if (deal.stage === 'lost') l.lostPresent++;
        if (deal.stage === 'lost' && deal.lostTo === deal.name) l.lostTo++;
        if (deal.stage === 'open' || !['won', 'lost'].includes(deal.stage)) continue;
        const key = [deal.name, deal.stage, deal.currency, deal.closeDate.toISOString()].join('|');
        const group = groups.get(key) ?? { ...deal, sum: 0n };
        group.sum += big(deal.amount);
        groups.set(key, group);
      }
      for (const group of groups.values()) {
        let converted: bigint | null = group.sum;
        if (group.currency !== 'USD') {
          const rate = rates.find((r) => r.currency === group.currency && r.effectiveDate <= group.closeDate);
          if (rate) {
            const [whole = '0', fraction = ''] = rate.rate.split('.');
            converted = roundHalfAway(group.sum * BigInt(whole + fraction), 10n ** BigInt(fraction.length));
          } else converted = null;
        }
        if (converted === null) continue;
        const l = line(group.name);
        if (group.stage === 'won') l.wonMinor += Number(converted);
        else l.lostMinor += Number(converted);
      }
      for (const l of lines.values()) l.rate = pctOrNull(l.won, l.won + l.lostPresent);
      return lines;
    }

    function shown(blocks: readonly Block[]): Map<string, Line> {
      return new Map(
        tableRows(blocks).map(([name = '', met = '', won = '', lostTo = '', lostPresent = '', rate = '', wonAmt = '', lostAmt = '']) => [
          name,
          {
            met: Number(met),
            won: Number(won),
            lostTo: Number(lostTo),
            lostPresent: Number(lostPresent),
            rate: pctOf(rate),
            wonMinor: minor(wonAmt),
            lostMinor: minor(lostAmt),
          },
        ]),
      );
    }

    it('counts each competitor’s deals met, won, lost to and lost with them present, with amounts in USD, as plain SQL does', async () => {
      for (const [period, from, to] of [
        ['FY2027', '2026-04-01', '2027-03-31'],
        ['2027-Q3', '2026-10-01', '2026-12-31'],
        ['2027-Q4', '2027-01-01', '2027-03-31'],
      ] as const) {
        const report = await edge.run(`/competitors all ${period}`, 'ada');
        expect(report.error).toBeUndefined();
        const want = await expected(from, to);
        expect(want.size).toBeGreaterThan(0);
        expect(shown(report.screen.blocks), period).toEqual(want);
        // Sorted by deals met, most first.
        const mets = [...shown(report.screen.blocks).values()].map((l) => l.met);
        expect(mets).toEqual([...mets].sort((a, b) => b - a));
      }
      const fy = await edge.run('/competitors all FY2027', 'ada');
      // "oracle" typed on Spree Werke is the same Oracle; its € win has no rate and is named.
      expect(tableRows(fy.screen.blocks).map((row) => row[0])).toEqual(['Oracle', 'SAP', 'Workday']);
      expect(fy.text).toContain('No rate for EUR');
      expect(fy.text).toContain('Converted at 1 CNY = 0.1412 USD (Jan 1, 2027)');
      // Q3's edges: Hudson Freight (Sep 30) is out, Empire Tools (Oct 1) in.
      const q3 = shown((await edge.run('/competitors all 2027-Q3', 'ada')).screen.blocks);
      expect(q3.get('Oracle')?.won).toBe(2);
      expect(q3.get('Workday')).toBeUndefined();
      // Nanjing Glass, lost 00:30 Jan 1 in Shanghai, and Bronx Bikes are Q4's, both lost to Workday.
      expect(shown((await edge.run('/competitors all 2027-Q4', 'ada')).screen.blocks).get('Workday')).toMatchObject({
        met: 2,
        lostTo: 2,
        lostPresent: 2,
        rate: 0,
      });
    });

    /** A sliced report's tables under their titles: each slice's, then the whole's. */
    function slicedTables(screen: Screen): Map<string, Block[]> {
      const tables = new Map<string, Block[]>();
      screen.blocks.forEach((block, i) => {
        const next = screen.blocks[i + 1];
        if (block.type === 'text' && next?.type === 'table') tables.set(block.text, [next]);
      });
      return tables;
    }

    it('slices the report by channel and by region: each slice as plain SQL counts its deals, adding up to the whole report', async () => {
      const keys = { channel: ['direct', 'partner', 'online'], region: ['Americas', 'EMEA', ''] } as const;
      for (const by of ['channel', 'region'] as const) {
        const sliced = await edge.run(`/competitors all FY2027 by ${by}`, 'ada');
        expect(sliced.error).toBeUndefined();
        expect(sliced.text).toContain(`Competitors · Edge Works · FY2027 · by ${by}`);
        const tables = slicedTables(sliced.screen);
        const title = (key: string) => `${by === 'channel' ? 'Channel' : 'Region'}: ${sliceName(by, key, 'en')}`;
        const sums = new Map<string, Line>();
        const shownKeys: string[] = [];
        for (const key of keys[by]) {
          const want = await expected('2026-04-01', '2027-03-31', undefined, { by, key });
          const got = tables.get(title(key));
          if (want.size === 0) {
            expect(got, `${by} ${key}`).toBeUndefined();
            continue;
          }
          shownKeys.push(key);
          expect(shown(got ?? []), `${by} ${key}`).toEqual(want);
          for (const [name, line] of want) {
            const sum = sums.get(name) ?? { met: 0, won: 0, lostTo: 0, lostPresent: 0, rate: null, wonMinor: 0, lostMinor: 0 };
            for (const field of ['met', 'won', 'lostTo', 'lostPresent', 'wonMinor', 'lostMinor'] as const) sum[field] += line[field];
            sums.set(name, sum);
          }
        }
        expect(shownKeys.length).toBeGreaterThan(1);
        // Largest first: the slices' titles in the order of their deals met and lost to.
        const volume = (key: string) => [...shown(tables.get(title(key)) ?? []).values()].reduce((n, l) => n + l.met + l.lostTo, 0);
        const order = [...tables.keys()].filter((text) => shownKeys.some((key) => title(key) === text));
        const volumes = order.map((text) => volume(shownKeys.find((key) => title(key) === text) ?? ''));
        expect(volumes).toEqual([...volumes].sort((a, b) => b - a));
        // The whole is the unsliced report, and the slices add up to it (amounts to the unit: each slice converts its own sums).
        const whole = shown(tables.get(by === 'channel' ? 'All channels' : 'All regions') ?? []);
        expect(whole).toEqual(shown((await edge.run('/competitors all FY2027', 'ada')).screen.blocks));
        for (const [name, line] of whole) {
          const sum = sums.get(name);
          expect(sum).toMatchObject({ met: line.met, won: line.won, lostTo: line.lostTo, lostPresent: line.lostPresent });
          expect(Math.abs((sum?.wonMinor ?? 0) - line.wonMinor)).toBeLessThanOrEqual(3);
          expect(Math.abs((sum?.lostMinor ?? 0) - line.lostMinor)).toBeLessThanOrEqual(3);
        }
      }
      // In Chinese, and a slicing this report does not offer gets the sentence.
      expect((await edge.run('/competitors all FY2027 按区域', 'ada')).text).toContain('Region: EMEA');
      const bad = await edge.run('/competitors all FY2027 by grade', 'ada');
      expect(bad.error?.code).toBe('report.by_unknown');
      expect(bad.text).toContain('“grade” is not a way to slice this report. Type by channel or by region');
    });

    it('covers a team’s deals, the deactivated rep’s too, and refuses a rep someone else’s', async () => {
      const team = await edge.db.team.findFirstOrThrow({ where: { workspaceId: edge.workspaceId, name: 'Berlin' }, select: { id: true } });
      const berlin = await edge.run('/competitors team Berlin FY2027', 'bernd');
      expect(berlin.error).toBeUndefined();
      expect(shown(berlin.screen.blocks)).toEqual(await expected('2026-04-01', '2027-03-31', team.id));
      // Spree Werke, klaus's, is met by Oracle in Berlin after he left.
      expect(shown(berlin.screen.blocks).get('Oracle')?.met).toBe(1);
      const refused = await edge.run('/competitors @birgit', 'nick');
      expect(refused.error?.code).toBe('competitors.forbidden');
      expect(refused.text).toContain('/competitors me');
    });

    it('slices the funnel by competitor: one block each, deals naming none in their own block', async () => {
      const funnel = await edge.run('/funnel all FY2027 by competitor', 'ada');
      expect(funnel.error).toBeUndefined();
      const titles = funnel.screen.blocks.flatMap((b) => (b.type === 'text' && b.text.startsWith('Competitor: ') ? [b.text] : []));
      expect(titles).toEqual(
        expect.arrayContaining(['Competitor: Oracle', 'Competitor: SAP', 'Competitor: Workday', 'Competitor: no competitor named']),
      );
      // Win rate by count per competitor: the same won ÷ (won + lost with them present) as /competitors.
      const winRates = funnel.screen.blocks.flatMap((b) =>
        b.type === 'fields' ? b.fields.filter((f) => f.label === 'Win rate (count)').map((f) => f.value) : [],
      );
      const want = await expected('2026-04-01', '2027-03-31');
      const oracle = want.get('Oracle');
      expect(winRates[titles.indexOf('Competitor: Oracle')]).toBe(
        `${String(oracle?.rate)}% (${String(oracle?.won)} won, ${String(oracle?.lostPresent)} lost)`,
      );
      expect((await edge.run('/funnel all FY2027 按竞争对手', 'ada')).text).toContain('Competitor: Oracle');
    });
  });
