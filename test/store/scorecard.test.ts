// The scorecard's aggregate queries (store/scorecard.ts) and figures (commands/scorecard.ts) checked
// against plain SQL written another way (a row per deal, event, follow-up or score, then summed here), on
// the edge dataset plus calls, meetings, e-mails, discounts and satisfaction scores near the period edges:
// New York and Shanghai windows, an inactive owner (klaus), USD/EUR/CNY deals and an April fiscal year.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { edgeWorkspace, EDGE_INACTIVE, EDGE_QUARTERS, type EdgeWorkspace } from '../support/edge-dataset.js';
import { big, num, pctOrNull, roundHalfAway } from '../support/sql.js';
import { Prisma } from '../../src/store/generated/sqlite/client.js';
import { pipelineCreated, scorecardCounts, wonDiscounts } from '../../src/store/scorecard.js';
import { loadScorecard } from '../../src/commands/scorecard.js';
import { quotaReport } from '../../src/commands/reports.js';
import { resolveScope } from '../../src/commands/scope.js';
import { addDays, periodOf, zonedTimeToUtc, type CalendarDate } from '../../src/domain/calendar.js';
import type { ReportScope } from '../../src/store/reports.js';

/** A period's first and last day as the instants that bound it in a zone. */
const window = (from: CalendarDate, to: CalendarDate, zone: string) => ({
  from: zonedTimeToUtc(from, '00:00', zone),
  to: zonedTimeToUtc(addDays(to, 1), '00:00', zone),
});

/** Follow-ups logged through the command, at instants on both sides of the quarter's edges in New York and Shanghai. */
const FOLLOW_UPS: readonly { at: string; by: string; deal: string; text: string }[] = [
  // 23:00 on Dec 31 in New York (Jan 1 in Shanghai).
  { at: '2027-01-01T04:00:00Z', by: 'nick', deal: 'Albany Paper', text: 'call: year-end check' },
  // 00:30 on Oct 1 in Shanghai (Sep 30 in New York).
  { at: '2026-09-30T16:30:00Z', by: 'li', deal: 'Pudong Tech', text: 'meeting: kick-off' },
  { at: '2026-11-15T10:00:00Z', by: 'li', deal: 'Pudong Tech', text: 'email: quote sent' },
  { at: '2026-11-15T11:00:00Z', by: 'li', deal: 'Pudong Tech', text: 'a plain note' },
  // A manager's call on a rep's deal counts for the manager.
  { at: '2026-12-01T15:00:00Z', by: 'nora', deal: 'Staten Sails', text: 'call: intro' },
  { at: '2026-11-04T09:00:00Z', by: 'bernd', deal: 'Elbe Logistik', text: 'meeting: site visit' },
  { at: '2026-12-20T09:00:00Z', by: 'birgit', deal: 'Havel Energie', text: 'email: follow-up' },
];

/** Discounts on won deals: list amount (minor units) and basis points. */
const DISCOUNTS: readonly { deal: string; list: bigint; bps: number }[] = [
  { deal: 'Empire Tools', list: 2_777_778n, bps: 1000 },
  { deal: 'Yangtze Shipping', list: 6_600_000n, bps: 909 },
  { deal: 'Huangpu Trade', list: 55_000_000n, bps: 910 },
  { deal: 'Ruhr Steel', list: 5_000_000n, bps: 1000 },
];

/** Satisfaction scores recorded on won deals, around the quarter's edges. */
const SCORES: readonly { deal: string; score: number | null; recordedAt: string | null }[] = [
  { deal: 'Empire Tools', score: 4, recordedAt: '2026-12-31T23:00:00Z' },
  { deal: 'Brooklyn Bakers', score: 5, recordedAt: '2026-10-20T15:00:00Z' },
  { deal: 'Yangtze Shipping', score: 2, recordedAt: '2026-12-31T17:00:00Z' },
  { deal: 'Huangpu Trade', score: 3, recordedAt: '2026-10-02T02:00:00Z' },
  { deal: 'Ruhr Steel', score: 5, recordedAt: '2026-11-01T10:00:00Z' },
  { deal: 'Pacific Surf', score: null, recordedAt: null },
];

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`scorecard queries on ${provider}`, () => {
    let edge: EdgeWorkspace;
    let ids: Record<string, string>;
    let teamIds: Record<string, string>;
    beforeAll(async () => {
      edge = await edgeWorkspace(provider);
      for (const note of FOLLOW_UPS) {
        const result = await edge.run(`/deal note ${edge.deals.get(note.deal)} ${note.text}`, note.by, new Date(note.at));
        if (result.error) throw new Error(result.text);
      }
      const dealId = async (account: string) => {
        const number = Number(edge.deals.get(account)?.slice(2));
        const deal = await edge.db.deal.findFirst({
          where: { workspaceId: edge.workspaceId, number },
          select: { id: true, ownerId: true },
        });
        if (!deal) throw new Error(account);
        return deal;
      };
      for (const discount of DISCOUNTS) {
        const { id } = await dealId(discount.deal);
        await edge.db.deal.update({
          where: { id },
          data: { listAmountMinor: discount.list, discountBps: discount.bps },
          select: { id: true },
        });
      }
      for (const score of SCORES) {
        const deal = await dealId(score.deal);
        // Winning a deal may have scheduled its follow-up already: record the score on it, or create it.
        const recorded = { score: score.score, recordedAt: score.recordedAt === null ? null : new Date(score.recordedAt) };
        await edge.db.afterSalesFollowUp.upsert({
          where: { dealId: deal.id },
          create: {
            workspaceId: edge.workspaceId,
            dealId: deal.id,
            ownerId: deal.ownerId,
            dueOn: new Date('2026-12-01T00:00:00Z'),
            ...recorded,
          },
          update: recorded,
          select: { id: true },
        });
      }
      const members = await edge.db.member.findMany({ where: { workspaceId: edge.workspaceId }, select: { id: true, handle: true } });
      ids = Object.fromEntries(members.map((m) => [m.handle, m.id]));
      const teams = await edge.db.team.findMany({ where: { workspaceId: edge.workspaceId }, select: { id: true, name: true } });
      teamIds = Object.fromEntries(teams.map((t) => [t.name, t.id]));
    }, 240_000);
    afterAll(() => edge.cleanup());

    const scopeSql = (scope: ReportScope, person = Prisma.sql`d."ownerId"`) =>
      scope.teamId !== undefined
        ? Prisma.sql`AND d."teamId" = ${scope.teamId}`
        : scope.ownerIds
          ? Prisma.sql`AND ${person} IN (${Prisma.join([...scope.ownerIds])})`
          : Prisma.empty;

    const cases = () => [
      {
        name: 'everyone, Q3 FY2027 in New York',
        scope: {},
        ...window(EDGE_QUARTERS.previous.from, EDGE_QUARTERS.previous.to, 'America/New_York'),
      },
      {
        name: 'everyone, Q3 FY2027 in Shanghai',
        scope: {},
        ...window(EDGE_QUARTERS.previous.from, EDGE_QUARTERS.previous.to, 'Asia/Shanghai'),
      },
      { name: 'team Berlin, FY2027', scope: { teamId: teamIds.Berlin }, ...window('2026-04-01', '2027-03-31', 'Europe/Berlin') },
      {
        name: `inactive @${EDGE_INACTIVE}, FY2027`,
        scope: { ownerIds: [ids[EDGE_INACTIVE]!] },
        ...window('2026-04-01', '2027-03-31', 'America/New_York'),
      },
      {
        name: 'team Shanghai, Q3 FY2027 in Shanghai',
        scope: { teamId: teamIds.Shanghai },
        ...window('2026-10-01', '2026-12-31', 'Asia/Shanghai'),
      },
      { name: '@nora, Q3 FY2027', scope: { ownerIds: [ids.nora!] }, ...window('2026-10-01', '2026-12-31', 'America/New_York') },
    ];

    /** `owner metric` → "count sum", from one row per event, follow-up or score. */
    async function expectedCounts(scope: ReportScope, from: Date, to: Date): Promise<Map<string, string>> {
      const tally = new Map<string, { count: number; sum: number }>();
      const add = (key: string, sum = 0) => {
        const known = tally.get(key) ?? { count: 0, sum: 0 };
        tally.set(key, { count: known.count + 1, sum: known.sum + sum });
      };
      // A forward move: to Won or to a later open stage, by the workspace's stage table.
      const moves = await edge.db.$queryRaw<{ ownerId: string; dealId: string }[]>`
        SELECT DISTINCT d."ownerId" AS "ownerId", e."dealId" AS "dealId"
        FROM "DealEvent" e
        JOIN "Deal" d ON d."id" = e."dealId"
        JOIN "Stage" ts ON ts."workspaceId" = e."workspaceId" AND ts."key" = e."toStage"
        JOIN "Stage" fs ON fs."workspaceId" = e."workspaceId" AND fs."key" = e."fromStage"
        WHERE e."workspaceId" = ${edge.workspaceId} AND e."type" = 'stage_changed' AND ts."kind" <> 'lost'
          AND ts."position" > fs."position" AND e."at" >= ${from} AND e."at" < ${to} ${scopeSql(scope)}`;
      for (const move of moves) add(`${move.ownerId} advanced`);
      const activities = await edge.db.$queryRaw<{ memberId: string; kind: string }[]>`
        SELECT a."memberId" AS "memberId", a."kind" AS "kind" FROM "Activity" a JOIN "Deal" d ON d."id" = a."dealId"
        WHERE a."workspaceId" = ${edge.workspaceId} AND a."kind" <> 'note' AND a."at" >= ${from} AND a."at" < ${to}
          ${scopeSql(scope, Prisma.sql`a."memberId"`)}`;
      for (const activity of activities) add(`${activity.memberId} ${activity.kind}`);
      const scores = await edge.db.$queryRaw<{ ownerId: string; score: unknown }[]>`
        SELECT d."ownerId" AS "ownerId", f."score" AS "score" FROM "AfterSalesFollowUp" f JOIN "Deal" d ON d."id" = f."dealId"
        WHERE f."workspaceId" = ${edge.workspaceId} AND f."score" IS NOT NULL AND f."recordedAt" >= ${from} AND f."recordedAt" < ${to}
          ${scopeSql(scope)}`;
      for (const score of scores) add(`${score.ownerId} satisfaction`, num(score.score));
      return new Map([...tally].map(([key, value]) => [key, `${value.count} ${value.sum}`]));
    }

    it('counts deals advanced, follow-ups by kind and satisfaction scores per person, as plain SQL does', async () => {
      const stages = (await edge.contextFor('ada')).workspace.stages;
      let advanced = 0;
      let followUps = 0;
      let scored = 0;
      for (const c of cases()) {
        const scope = { workspaceId: edge.workspaceId, ...c.scope };
        const rows = await scorecardCounts(edge.db, scope, { from: c.from, to: c.to, stages });
        const got = new Map(rows.map((row) => [`${row.ownerId} ${row.metric}`, `${row.count} ${row.sum}`]));
        expect(got, c.name).toEqual(await expectedCounts(scope, c.from, c.to));
        advanced += rows.filter((row) => row.metric === 'advanced').length;
        followUps += rows.filter((row) => ['call', 'meeting', 'email'].includes(row.metric)).length;
        scored += rows.filter((row) => row.metric === 'satisfaction').length;
      }
      // The cases are not empty: each kind of count shows up somewhere.
      expect([advanced > 0, followUps > 0, scored > 0]).toEqual([true, true, true]);
      // The window's edges: New York's Q3 has nick's 23:00 call on Dec 31, Shanghai's has li's 00:30 meeting on Oct 1.
      const [newYork, shanghai] = cases();
      const count = async (c: typeof newYork, key: string) =>
        (await scorecardCounts(edge.db, { workspaceId: edge.workspaceId }, { from: c!.from, to: c!.to, stages })).find(
          (row) => `${row.ownerId} ${row.metric}` === key,
        )?.count;
      expect(await count(newYork, `${ids.nick} call`)).toBe(1);
      expect(await count(shanghai, `${ids.nick} call`)).toBeUndefined();
      expect(await count(shanghai, `${ids.li} meeting`)).toBe(1);
      expect(await count(newYork, `${ids.li} meeting`)).toBeUndefined();
    });

    it('sums the pipeline created and the won deals’ list amounts and discounts per person, as plain SQL does', async () => {
      for (const c of cases()) {
        const scope = { workspaceId: edge.workspaceId, ...c.scope };
        const created = await pipelineCreated(edge.db, scope, c);
        const deals = await edge.db.$queryRaw<{ ownerId: string; currency: string; amount: unknown }[]>`
          SELECT d."ownerId" AS "ownerId", d."currency" AS "currency", d."amountMinor" AS "amount" FROM "Deal" d
          WHERE d."workspaceId" = ${edge.workspaceId} AND d."createdAt" >= ${c.from} AND d."createdAt" < ${c.to} ${scopeSql(scope)}`;
        const expected = new Map<string, string>();
        for (const deal of deals) {
          const key = `${deal.ownerId} ${deal.currency}`;
          const [n, sum] = (expected.get(key) ?? '0 0').split(' ').map(BigInt) as [bigint, bigint];
          expected.set(key, `${n + 1n} ${sum + big(deal.amount)}`);
        }
        expect(new Map(created.map((row) => [`${row.ownerId} ${row.currency}`, `${row.count} ${row.sumMinor}`])), c.name).toEqual(expected);
      }
      for (const c of [
        { scope: {}, from: EDGE_QUARTERS.previous.from, to: EDGE_QUARTERS.previous.to },
        { scope: { teamId: teamIds.Berlin! }, from: '2026-04-01', to: '2027-03-31' },
        { scope: { ownerIds: [ids[EDGE_INACTIVE]!] }, from: '2026-04-01', to: '2027-03-31' },
      ]) {
        const scope = { workspaceId: edge.workspaceId, ...c.scope };
        const got = await wonDiscounts(edge.db, scope, { wonStages: ['won'], closeFrom: c.from, closeTo: c.to });
        const won = await edge.db.$queryRaw<{ ownerId: string; currency: string; list: unknown; amount: unknown; bps: number | null }[]>`
          SELECT d."ownerId" AS "ownerId", d."currency" AS "currency", d."listAmountMinor" AS "list", d."amountMinor" AS "amount", d."discountBps" AS "bps"
          FROM "Deal" d
          WHERE d."workspaceId" = ${edge.workspaceId} AND d."stage" = 'won'
            AND d."closeDate" >= ${new Date(`${c.from}T00:00:00Z`)} AND d."closeDate" <= ${new Date(`${c.to}T00:00:00Z`)} ${scopeSql(scope)}`;
        const list = (row: (typeof won)[number]) => (row.list === null ? big(row.amount) : big(row.list));
        const perOwner = (rows: readonly { ownerId: string; currency: string; sumMinor: number }[]) => {
          const sums = new Map<string, bigint>();
          for (const row of rows)
            sums.set(`${row.ownerId} ${row.currency}`, (sums.get(`${row.ownerId} ${row.currency}`) ?? 0n) + BigInt(row.sumMinor));
          return sums;
        };
        const expectedList = new Map<string, bigint>();
        const expectedDiscount = new Map<string, bigint>();
        for (const row of won) {
          const key = `${row.ownerId} ${row.currency}`;
          expectedList.set(key, (expectedList.get(key) ?? 0n) + list(row));
          expectedDiscount.set(key, (expectedDiscount.get(key) ?? 0n) + roundHalfAway(list(row) * BigInt(row.bps ?? 0), 10_000n));
        }
        expect(perOwner(got.listed)).toEqual(expectedList);
        expect(perOwner(got.discounted)).toEqual(expectedDiscount);
      }
    });

    it('gives each rep’s line in USD: won, attainment as /quota, win rate, discount and satisfaction as plain SQL', async () => {
      const ctx = await edge.contextFor('ada');
      // Q3 FY2027 (an April fiscal start): October to December 2026.
      const period = periodOf('quarter', '2026-11-15', ctx.workspace.fiscalYearStartMonth);
      expect([period.start, period.end]).toEqual([EDGE_QUARTERS.previous.from, EDGE_QUARTERS.previous.to]);
      const scope = await resolveScope(ctx, { kind: 'all' });
      const card = await loadScorecard(ctx, scope, period);
      // Every closed deal of the quarter with its amount in USD: CNY at the latest rate dated on or before its close date.
      const rows = await edge.db.$queryRaw<
        { ownerId: string; stage: string; currency: string; amount: unknown; list: unknown; bps: number | null; rate: string | null }[]
      >`
        SELECT d."ownerId" AS "ownerId", d."stage" AS "stage", d."currency" AS "currency", d."amountMinor" AS "amount",
          COALESCE(d."listAmountMinor", d."amountMinor") AS "list", d."discountBps" AS "bps",
          (SELECT r."rate" FROM "ExchangeRate" r
           WHERE r."workspaceId" = d."workspaceId" AND r."currency" = d."currency" AND r."quoteCurrency" = 'USD' AND r."effectiveDate" <= d."closeDate"
           ORDER BY r."effectiveDate" DESC LIMIT 1) AS "rate"
        FROM "Deal" d
        WHERE d."workspaceId" = ${edge.workspaceId} AND d."stage" IN ('won', 'lost')
          AND d."closeDate" >= ${new Date('2026-10-01T00:00:00Z')} AND d."closeDate" <= ${new Date('2026-12-31T00:00:00Z')}`;
      const usd = (currency: string, minor: bigint, rate: string | null): bigint | null => {
        if (currency === 'USD') return minor;
        if (rate === null) return null;
        const [whole, fraction = ''] = rate.split('.');
        return roundHalfAway(minor * BigInt(`${whole}${fraction}`), 10n ** BigInt(fraction.length));
      };
      const scores = await edge.db.$queryRaw<{ ownerId: string; score: unknown }[]>`
        SELECT d."ownerId" AS "ownerId", f."score" AS "score" FROM "AfterSalesFollowUp" f JOIN "Deal" d ON d."id" = f."dealId"
        WHERE f."workspaceId" = ${edge.workspaceId} AND f."score" IS NOT NULL
          AND f."recordedAt" >= ${zonedTimeToUtc('2026-10-01', '00:00', 'America/New_York')}
          AND f."recordedAt" < ${zonedTimeToUtc('2027-01-01', '00:00', 'America/New_York')}`;
      const report = await quotaReport(ctx, await resolveScope(ctx, { kind: 'team', name: 'shanghai' }), period);
      let discounted = 0;
      for (const line of card.lines) {
        const mine = rows.filter((row) => row.ownerId === line.ownerId);
        const won = mine.filter((row) => row.stage === 'won');
        const lost = mine.filter((row) => row.stage === 'lost');
        const wonUsd = won.flatMap((row) => {
          const value = usd(row.currency, big(row.amount), row.rate);
          return value === null ? [] : [value];
        });
        expect(line.wonMinor, line.name).toBe(Number(wonUsd.reduce((n, v) => n + v, 0n)));
        expect(line.winRatePct, line.name).toBe(pctOrNull(won.length, won.length + lost.length));
        let listSum = 0n;
        let discountSum = 0n;
        for (const row of won) {
          const listUsd = usd(row.currency, big(row.list), row.rate);
          const discountUsd = usd(row.currency, roundHalfAway(big(row.list) * BigInt(row.bps ?? 0), 10_000n), row.rate);
          if (listUsd === null || discountUsd === null) continue;
          listSum += listUsd;
          discountSum += discountUsd;
        }
        expect(line.discountPct, line.name).toBe(pctOrNull(Number(discountSum), Number(listSum)));
        if ((line.discountPct ?? 0) > 0) discounted++;
        const myScores = scores.filter((row) => row.ownerId === line.ownerId).map((row) => num(row.score));
        expect(line.satisfactionCount).toBe(myScores.length);
        expect(line.satisfaction, line.name).toBe(
          myScores.length === 0
            ? null
            : Number(roundHalfAway(BigInt(myScores.reduce((n, s) => n + s, 0)) * 10n, BigInt(myScores.length))) / 10,
        );
        // Attainment is /quota's: the same person's line of the team's quota report (li's quota is in CNY).
        const quotaLine = report.lines.find((row) => row.label === line.name);
        if (quotaLine) expect(line.attainmentPct, line.name).toBe(quotaLine.attainment?.attainmentPct ?? null);
      }
      expect(discounted).toBeGreaterThan(1);
      const wang = card.lines.find((line) => line.ownerId === ids.wang);
      expect(wang?.attainmentPct).toBe(pctOrNull(wang?.wonMinor ?? 0, 15_000_000));
      expect(card.lines.find((line) => line.ownerId === ids.li)?.attainmentPct).not.toBeNull();
      // Klaus is inactive, owns won deals in euros (no rate): his line is there, marked, with the euros left out and named.
      expect(card.lines.find((line) => line.ownerId === ids[EDGE_INACTIVE])?.name).toBe('Klaus Keller (inactive)');
      expect(card.conversion.missing.map((gap) => gap.currency)).toContain('EUR');
    });
  });
}
