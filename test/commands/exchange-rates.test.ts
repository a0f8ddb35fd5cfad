// Exchange rates: admins keep them per currency and date; reports convert into the workspace's
// reporting currency with the rate in force on each amount's date, and name what has no rate.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Prisma } from '../../src/store/generated/sqlite/client.js';
import type { Screen } from '../../src/views/screen.js';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { num, roundHalfAway } from '../support/sql.js';

/** "$1,234.50", "CN¥2,768,000.00" → minor units. */
function minor(text: string): number {
  const match = /^[^\d]*(\d{1,3}(?:,\d{3})*)\.(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`not a full money amount: "${text}"`);
  return Number(`${match[1]!.replace(/,/g, '')}${match[2]}`);
}

const contexts = (screen: Screen): string[] => screen.blocks.flatMap((b) => (b.type === 'context' ? [b.text] : []));

function fieldOf(screen: Screen, label: string): string {
  for (const block of screen.blocks) if (block.type === 'fields') for (const f of block.fields) if (f.label === label) return f.value;
  throw new Error(`no field "${label}"`);
}

/** Deal rows as plain SQL reads them, each converted on its own: 1 CNY = rate USD in force on `day`. */
type Rate = { from: string; units: bigint; scale: bigint };
const rate = (from: string, text: string): Rate => ({
  from,
  units: BigInt(text.replace('.', '')),
  scale: BigInt(text.split('.')[1]?.length ?? 0),
});
function inForce(rates: readonly Rate[], day: string): Rate {
  const found = rates.filter((r) => r.from <= day).sort((a, b) => b.from.localeCompare(a.from))[0];
  if (!found) throw new Error(`no rate on ${day}`);
  return found;
}
const toUsd = (amountMinor: bigint, r: Rate): bigint => roundHalfAway(amountMinor * r.units, 10n ** r.scale);
const dayOf = (value: unknown): string =>
  (value instanceof Date ? value : new Date(/[zZ]$/.test(String(value)) ? String(value) : `${String(value).replace(' ', 'T')}Z`))
    .toISOString()
    .slice(0, 10);

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/dealdesk rates on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    const stored = () =>
      demo.db.exchangeRate.findMany({
        where: { workspaceId: demo.workspaceId },
        select: { currency: true, quoteCurrency: true, rate: true, effectiveDate: true },
        orderBy: [{ currency: 'asc' }, { effectiveDate: 'asc' }],
      });

    it('lets an admin set rates, today in the workspace zone by default, and lists the latest first', async () => {
      expect((await demo.run('/dealdesk rates', 'alice')).text).toContain('No exchange rates yet');
      const set = await demo.run('/dealdesk rates set cny 0.1378', 'dana');
      expect(set.text).toContain('Saved: 1 CNY = 0.1378 USD from Nov 23, 2026.');
      await demo.run('/dealdesk rates set CNY 0.1400 2026-10-01', 'dana');
      await demo.run('/dealdesk rates set EUR 1.08 2026-11-01', 'dana');
      // The same day again replaces that day's rate.
      await demo.run('/dealdesk rates set EUR 1.0823 2026-11-01', 'dana');
      expect(await stored()).toEqual([
        { currency: 'CNY', quoteCurrency: 'USD', rate: '0.14', effectiveDate: new Date('2026-10-01T00:00:00Z') },
        { currency: 'CNY', quoteCurrency: 'USD', rate: '0.1378', effectiveDate: new Date('2026-11-23T00:00:00Z') },
        { currency: 'EUR', quoteCurrency: 'USD', rate: '1.0823', effectiveDate: new Date('2026-11-01T00:00:00Z') },
      ]);
      const list = (await demo.run('/dealdesk rates', 'alice')).text;
      const order = ['1 CNY = 0.1378 USD', '1 EUR = 1.0823 USD', '1 CNY = 0.14 USD'].map((text) => list.indexOf(text));
      expect(order.every((at) => at >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect((await demo.run('/dealdesk rates', 'wei.zhang')).text).toContain('换算为 USD 的汇率');
    });

    it('refuses non-admins and bad input with what to type, and writes nothing', async () => {
      const before = JSON.stringify(await stored());
      const refusals: [string, string, RegExp][] = [
        ['/dealdesk rates set CNY 0.15', 'mike', /Only a workspace admin/],
        ['/dealdesk rates set XYZ 0.15', 'dana', /“XYZ” is not a currency code/],
        ['/dealdesk rates set CNY abc', 'dana', /“abc” is not a rate\. Type a positive decimal/],
        ['/dealdesk rates set CNY 0', 'dana', /“0” is not a rate/],
        ['/dealdesk rates set CNY -0.1', 'dana', /“-0.1” is not a rate/],
        ['/dealdesk rates set CNY 0.12345678901', 'dana', /is not a rate/],
        ['/dealdesk rates set USD 1', 'dana', /USD is the reporting currency itself/],
        ['/dealdesk rates set CNY', 'dana', /Type \/dealdesk rates set <currency> <rate> \[date\]/],
        ['/dealdesk rates convert', 'dana', /Type \/dealdesk rates set <currency> <rate> \[date\]/],
        ['/dealdesk rates set CNY 0.15 someday', 'dana', /“someday” is not a date/],
      ];
      for (const [line, handle, expected] of refusals) expect((await demo.run(line, handle)).text).toMatch(expected);
      expect((await demo.run('/dealdesk rates set CNY 0', 'jing.chen')).text).toContain('只有工作区管理员');
      expect(JSON.stringify(await stored())).toBe(before);
    });
  });
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`reports in the reporting currency on ${provider}`, () => {
    let demo: DemoWorkspace;
    let teamId: string;
    const TODAY = '2026-11-23';
    // Three CNY rates: every demo win since January converts; Q4 wins use two different rates.
    const CNY_RATES = [
      ['2026-01-01', '0.139'],
      ['2026-10-01', '0.14'],
      ['2026-11-10', '0.1378'],
    ] as const;
    const CNY: Rate[] = CNY_RATES.map(([from, text]) => rate(from, text));

    beforeAll(async () => {
      demo = await demoWorkspace(provider);
      const team = await demo.db.team.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, name: 'East China' } });
      teamId = team.id;
    });
    afterAll(() => demo.cleanup());

    type DealRow = { currency: string; amountMinor: unknown; closeDate: unknown; kind: string; category: string };
    const deals = (where: Prisma.Sql): Promise<DealRow[]> => demo.db.$queryRaw<DealRow[]>`
      SELECT d."currency" AS "currency", d."amountMinor" AS "amountMinor", d."closeDate" AS "closeDate", s."kind" AS "kind",
             d."forecastCategory" AS "category"
      FROM "Deal" d JOIN "Stage" s ON s."workspaceId" = d."workspaceId" AND s."key" = d."stage"
      WHERE d."workspaceId" = ${demo.workspaceId} ${where}`;
    /** Σ in USD: USD as is, CNY at the rate of its close date (closed) or today (open). */
    const usdSum = (rows: readonly DealRow[]): { count: number; sumMinor: number } => ({
      count: rows.length,
      sumMinor: Number(
        rows.reduce((n, row) => {
          const amount = BigInt(num(row.amountMinor));
          if (row.currency === 'USD') return n + amount;
          if (row.currency !== 'CNY') throw new Error(`unexpected ${row.currency}`);
          return n + toUsd(amount, inForce(CNY, row.kind === 'open' ? TODAY : dayOf(row.closeDate)));
        }, 0n),
      ),
    });
    const Q4 = Prisma.sql`AND d."closeDate" >= ${new Date('2026-10-01T00:00:00Z')} AND d."closeDate" <= ${new Date('2026-12-31T00:00:00Z')}`;

    it('names CNY deals left out while there is no rate, then adds them to the team pipeline at today’s rate', async () => {
      const before = await demo.run('/pipeline team East China', 'dana');
      const open = await deals(Prisma.sql`AND d."teamId" = ${teamId} AND s."kind" = 'open'`);
      const cny = open.filter((row) => row.currency === 'CNY');
      expect(cny.length).toBeGreaterThan(0);
      expect(contexts(before.screen).filter((text) => text.startsWith('No rate for'))).toEqual([
        `No rate for CNY on or before Nov 23, 2026: ${cny.length} deals (CN¥${(cny.reduce((n, r) => n + num(r.amountMinor), 0) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}) left out — /dealdesk rates set CNY <rate> 2026-11-23`,
      ]);

      for (const [from, text] of CNY_RATES) await demo.run(`/dealdesk rates set CNY ${text} ${from}`, 'dana');
      const after = await demo.run('/pipeline team East China', 'dana');
      const want = usdSum(open);
      expect(after.text).toMatch(new RegExp(`^Total +${want.count} +\\$[\\d,]+\\.\\d{2}`, 'm'));
      const totals = after.screen.blocks.find((b) => b.type === 'table');
      if (totals?.type !== 'table' || !totals.totals) throw new Error('no pipeline table');
      expect({ count: Number(totals.totals[1]), total: minor(totals.totals[2]!) }).toEqual({ count: want.count, total: want.sumMinor });
      expect(contexts(after.screen)).toContain('Converted at 1 CNY = 0.1378 USD (Nov 10, 2026).');
      expect(contexts(after.screen).some((text) => text.startsWith('No rate for'))).toBe(false);
    });

    it('converts each won CNY deal at the rate of its close date, and /quota all counts every win whatever the quota currency (rule 2)', async () => {
      // A team quota in CNY used to move East China's line out of the USD total, and its wins with it.
      await demo.run('/quota set team East China ¥5m 2026-Q4', 'dana');
      // Two CNY wins, on Nov 5 (0.14 in force) and today (0.1378), whose amounts round when converted.
      for (const [account, at] of [
        ['Hangzhou Tea', new Date('2026-11-05T04:00:00Z')],
        ['Xiamen Port', new Date('2026-11-23T04:00:00Z')],
      ] as const) {
        const created = await demo.run(`/deal new ${account} 123456.79 CNY negotiation close 2026-12-20 Tea`, 'wei.zhang', at);
        const ref = /D-\d+/.exec(created.text)?.[0] ?? expect.unreachable(created.text);
        const moved = await demo.run(`/deal move ${ref} won`, 'wei.zhang', at);
        expect(moved.error).toBeUndefined();
      }
      const won = await deals(Prisma.sql`AND s."kind" = 'won' ${Q4}`);
      const cnyDays = new Set(won.filter((r) => r.currency === 'CNY').map((r) => inForce(CNY, dayOf(r.closeDate)).from));
      expect(cnyDays.size, 'Q4 CNY wins on both sides of Nov 10').toBe(2);
      const want = usdSum(won);

      const forecast = await demo.run('/forecast all 2026-Q4', 'dana');
      const closedRow = /^Closed won +(\d+) +(\S+)$/m.exec(forecast.text);
      expect({ count: Number(closedRow?.[1]), total: minor(closedRow?.[2] ?? '') }).toEqual({ count: want.count, total: want.sumMinor });
      expect(contexts(forecast.screen).find((text) => text.startsWith('Converted at'))).toMatch(
        /1 CNY = 0\.14 USD \(Oct 1, 2026\); 1 CNY = 0\.1378 USD \(Nov 10, 2026\)/,
      );

      const quota = await demo.run('/quota all 2026-Q4', 'dana');
      const closed = /^(\S+) \((\d+) deals\)$/.exec(fieldOf(quota.screen, 'Closed won'));
      expect({ count: Number(closed?.[2]), total: minor(closed?.[1] ?? '') }).toEqual({ count: want.count, total: want.sumMinor });
      // The quota in CNY converts at the rate of the quarter's last day or today, whichever is earlier.
      const team = await demo.run('/quota team East China 2026-Q4', 'dana');
      expect(fieldOf(team.screen, 'Quota')).toBe('$689,000.00');
    });

    it('leaves out a EUR deal without a rate and names it', async () => {
      const before = await demo.run('/pipeline all', 'dana');
      await demo.run('/deal new Lyon Verre 12000 EUR proposal close 2026-12-15 Glass', 'wei.zhang');
      const after = await demo.run('/pipeline all', 'dana');
      const totalOf = (screen: Screen) => {
        const table = screen.blocks.find((b) => b.type === 'table');
        if (table?.type !== 'table' || !table.totals) throw new Error('no table');
        return table.totals.slice(1, 3);
      };
      expect(totalOf(after.screen)).toEqual(totalOf(before.screen));
      expect(contexts(after.screen)).toContain(
        'No rate for EUR on or before Nov 23, 2026: 1 deal (€12,000.00) left out — /dealdesk rates set EUR <rate> 2026-11-23',
      );
      // The whole workspace's pipeline is the admin's to read: Dana, reading in Chinese.
      await demo.db.member.updateMany({ where: { workspaceId: demo.workspaceId, handle: 'dana' }, data: { locale: 'zh-CN' } });
      const zh = await demo.run('/pipeline all', 'dana');
      await demo.db.member.updateMany({ where: { workspaceId: demo.workspaceId, handle: 'dana' }, data: { locale: 'en' } });
      expect(contexts(zh.screen).join('\n')).toContain('EUR 在 2026年11月23日 及之前没有汇率：1 笔交易');
    });

    it('gives the digest’s pipeline and average won deal in the reporting currency', async () => {
      const digest = await demo.run('/dealdesk digest now', 'jing.chen');
      const open = usdSum(await deals(Prisma.sql`AND d."teamId" = ${teamId} AND s."kind" = 'open' AND d."currency" <> 'EUR'`));
      expect(digest.text).toMatch(new RegExp(`${open.count} 个商机`));
      // Monday: the weekly summary, over the 90 days to today in Shanghai.
      const window = Prisma.sql`AND d."closeDate" >= ${new Date('2026-08-26T00:00:00Z')} AND d."closeDate" <= ${new Date('2026-11-23T00:00:00Z')}`;
      const won = usdSum(await deals(Prisma.sql`AND d."teamId" = ${teamId} AND s."kind" = 'won' ${window}`));
      expect(won.count).toBeGreaterThan(0);
      const avg = /平均赢单金额 +(\S+)/.exec(digest.text);
      expect(minor(avg?.[1] ?? '')).toBe(Number(roundHalfAway(BigInt(won.sumMinor), BigInt(won.count))));
    });

    it('ranks the digest’s biggest deals closing this quarter by their amount in the reporting currency', async () => {
      type Row = { number: number; currency: string; amountMinor: unknown };
      const rows = await demo.db.$queryRaw<Row[]>`
        SELECT d."number" AS "number", d."currency" AS "currency", d."amountMinor" AS "amountMinor"
        FROM "Deal" d JOIN "Stage" s ON s."workspaceId" = d."workspaceId" AND s."key" = d."stage"
        WHERE d."workspaceId" = ${demo.workspaceId} AND d."teamId" = ${teamId} AND s."kind" = 'open' AND d."currency" <> 'EUR' ${Q4}`;
      expect(rows.some((row) => row.currency === 'CNY')).toBe(true);
      const usd = (row: Row) =>
        row.currency === 'USD' ? BigInt(num(row.amountMinor)) : toUsd(BigInt(num(row.amountMinor)), inForce(CNY, TODAY));
      const want = [...rows]
        .sort((a, b) => (usd(b) > usd(a) ? 1 : usd(b) < usd(a) ? -1 : a.number - b.number))
        .slice(0, 5)
        .map((row) => `D-${row.number}`);
      expect(want.length).toBe(5);
      // A CNY deal ranks among them by its converted amount (the list used to hold USD deals only).
      const cnyNumbers = new Set(rows.filter((row) => row.currency === 'CNY').map((row) => `D-${row.number}`));
      expect(want.some((ref) => cnyNumbers.has(ref))).toBe(true);

      const digest = await demo.run('/dealdesk digest now', 'jing.chen');
      const section = digest.text.slice(digest.text.indexOf('预计成交的最大商机'));
      const listed = section
        .split('\n')
        .filter((line) => line.startsWith('• '))
        .slice(0, 5)
        .map((line) => /^• (D-\d+)/.exec(line)?.[1]);
      expect(listed).toEqual(want);
      expect(section).toContain('其他币种按今日汇率折算');
    });

    it("names a quota without a rate in the reports that count it, and in no one else's", async () => {
      // East China's own quota for next quarter, in EUR, which has no rate.
      expect((await demo.run('/quota set team East China €100k 2027-Q1', 'dana')).error).toBeUndefined();
      const named = async (line: string, as: string) =>
        contexts((await demo.run(line, as)).screen).filter((text) => text.startsWith('No rate for EUR') && text.includes('quota'));
      for (const line of [
        '/quota team East China 2027-Q1',
        '/quota all 2027-Q1',
        '/forecast team East China 2027-Q1',
        '/forecast all 2027-Q1',
      ])
        expect(await named(line, 'dana'), line).toHaveLength(1);
      // A rep of another team, and that team's manager: East China's quota is not theirs to be told about.
      for (const [line, as] of [
        ['/quota 2027-Q1', 'alice'],
        ['/forecast 2027-Q1', 'alice'],
        ['/quota team 2027-Q1', 'mike'],
        ['/forecast team 2027-Q1', 'mike'],
      ] as const)
        expect(await named(line, as), `${line} as ${as}`).toEqual([]);
    });
  });
}
