// The funnel's aggregate queries (store/funnel.ts) checked against plain SQL written another way
// (correlated subqueries per deal, medians picked from the sorted stays), on the edge dataset: period
// edges in New York and Shanghai, backward moves and DST days, an inactive owner, USD/EUR/CNY and an
// April fiscal year.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { edgeWorkspace, EDGE_INACTIVE, EDGE_NOW, EDGE_QUARTERS, type EdgeWorkspace } from '../support/edge-dataset.js';
import { big, median, num, pctOrNull, roundHalfAway, time } from '../support/sql.js';
import { Prisma } from '../../src/store/generated/sqlite/client.js';
import { closedFunnel, stageFlow } from '../../src/store/funnel.js';
import { loadFunnel } from '../../src/commands/reports.js';
import { zonedTimeToUtc, addDays, type CalendarDate } from '../../src/domain/calendar.js';
import type { ReportScope } from '../../src/store/reports.js';

const DAY = 86_400_000;
const STAGE_EVENTS = Prisma.sql`('created', 'stage_changed')`;

/** A period's first and last day as the instants that bound it in a zone. */
const window = (from: CalendarDate, to: CalendarDate, zone: string) => ({
  from: zonedTimeToUtc(from, '00:00', zone),
  to: zonedTimeToUtc(addDays(to, 1), '00:00', zone),
});

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`funnel queries on ${provider}`, () => {
    let edge: EdgeWorkspace;
    let ids: Record<string, string>;
    let teamIds: Record<string, string>;
    beforeAll(async () => {
      edge = await edgeWorkspace(provider);
      const members = await edge.db.member.findMany({ where: { workspaceId: edge.workspaceId }, select: { id: true, handle: true } });
      ids = Object.fromEntries(members.map((m) => [m.handle, m.id]));
      const teams = await edge.db.team.findMany({ where: { workspaceId: edge.workspaceId }, select: { id: true, name: true } });
      teamIds = Object.fromEntries(teams.map((t) => [t.name, t.id]));
    }, 180_000);
    afterAll(() => edge.cleanup());

    const scopeSql = (scope: ReportScope) =>
      scope.teamId !== undefined
        ? Prisma.sql`AND d."teamId" = ${scope.teamId}`
        : scope.ownerIds
          ? Prisma.sql`AND d."ownerId" IN (${Prisma.join([...scope.ownerIds])})`
          : Prisma.empty;

    /** Per open stage, recomputed with one correlated subquery per question. */
    async function expectedFlow(scope: ReportScope, from: Date, to: Date) {
      const later = (condition: Prisma.Sql) => Prisma.sql`CASE WHEN EXISTS (
          SELECT 1 FROM "DealEvent" n JOIN "Stage" ns ON ns."workspaceId" = n."workspaceId" AND ns."key" = n."toStage"
          WHERE n."dealId" = f."dealId" AND n."type" IN ${STAGE_EVENTS} AND n."at" >= f."first" AND n."at" <= ${EDGE_NOW} AND ${condition}
        ) THEN 1 ELSE 0 END`;
      const rows = await edge.db.$queryRaw<Record<string, unknown>[]>`
        SELECT f."stage" AS "stage", COUNT(*) AS "entered",
          SUM(${later(Prisma.sql`(ns."kind" = 'won' OR (ns."kind" = 'open' AND ns."position" > f."position"))`)}) AS "movedOn",
          SUM(${later(Prisma.sql`ns."kind" = 'won'`)}) AS "wonLater",
          SUM(${later(Prisma.sql`ns."kind" = 'lost' AND n."fromStage" = f."stage"`)}) AS "lostThere"
        FROM (
          SELECT e."dealId" AS "dealId", e."toStage" AS "stage", s."position" AS "position", MIN(e."at") AS "first"
          FROM "DealEvent" e
          JOIN "Deal" d ON d."id" = e."dealId"
          JOIN "Stage" s ON s."workspaceId" = e."workspaceId" AND s."key" = e."toStage"
          WHERE e."workspaceId" = ${edge.workspaceId} AND s."kind" = 'open' AND e."type" IN ${STAGE_EVENTS}
            AND e."at" >= ${from} AND e."at" < ${to} ${scopeSql(scope)}
          GROUP BY e."dealId", e."toStage", s."position"
        ) f
        GROUP BY f."stage"`;
      // Each stay: from the first entry in the window to the deal's next entry into another stage.
      const stays = await edge.db.$queryRaw<{ stage: string; first: Date | string; left: Date | string | null }[]>`
        SELECT f."stage" AS "stage", f."first" AS "first",
          (SELECT MIN(n."at") FROM "DealEvent" n
           WHERE n."dealId" = f."dealId" AND n."type" IN ${STAGE_EVENTS} AND n."toStage" IS NOT NULL AND n."toStage" <> f."stage"
             AND n."at" > f."first" AND n."at" <= ${EDGE_NOW}) AS "left"
        FROM (
          SELECT e."dealId" AS "dealId", e."toStage" AS "stage", MIN(e."at") AS "first"
          FROM "DealEvent" e
          JOIN "Deal" d ON d."id" = e."dealId"
          JOIN "Stage" s ON s."workspaceId" = e."workspaceId" AND s."key" = e."toStage"
          WHERE e."workspaceId" = ${edge.workspaceId} AND s."kind" = 'open' AND e."type" IN ${STAGE_EVENTS}
            AND e."at" >= ${from} AND e."at" < ${to} ${scopeSql(scope)}
          GROUP BY e."dealId", e."toStage"
        ) f`;
      return rows
        .map((row) => {
          const ended = stays.filter((s) => s.stage === row.stage && s.left !== null);
          return {
            stage: String(row.stage),
            entered: num(row.entered),
            movedOn: num(row.movedOn),
            lostThere: num(row.lostThere),
            wonLater: num(row.wonLater),
            stays: ended.length,
            medianStayMs: median(ended.map((s) => time(s.left ?? s.first) - time(s.first))),
          };
        })
        .sort((a, b) => a.stage.localeCompare(b.stage));
    }

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
        name: 'team Shanghai, Q4 FY2027 so far',
        scope: { teamId: teamIds.Shanghai },
        ...window(EDGE_QUARTERS.current.from, EDGE_QUARTERS.current.to, 'Asia/Shanghai'),
      },
    ];

    it('counts entries, moves on, losses and wins per stage, and the median stay, as plain SQL does', async () => {
      const stages = (await edge.contextFor('ada')).workspace.stages;
      for (const c of cases()) {
        const scope = { workspaceId: edge.workspaceId, ...c.scope };
        const flow = await stageFlow(edge.db, scope, { stages, from: c.from, to: c.to, asOf: EDGE_NOW, by: 'none' });
        const got = flow.map(({ slice: _slice, ...row }) => row).sort((a, b) => a.stage.localeCompare(b.stage));
        expect(got, c.name).toEqual(await expectedFlow(scope, c.from, c.to));
      }
    });

    it('slices the flow by channel, region, grade and rep, the slices adding up to the whole', async () => {
      const stages = (await edge.contextFor('ada')).workspace.stages;
      const c = cases()[0]!;
      const options = { stages, from: c.from, to: c.to, asOf: EDGE_NOW };
      const scope = { workspaceId: edge.workspaceId };
      const whole = await stageFlow(edge.db, scope, { ...options, by: 'none' });
      for (const by of ['channel', 'region', 'grade', 'rep'] as const) {
        const sliced = await stageFlow(edge.db, scope, { ...options, by });
        for (const row of whole) {
          const parts = sliced.filter((s) => s.stage === row.stage);
          expect(
            parts.reduce((n, s) => n + s.entered, 0),
            `${by} ${row.stage}`,
          ).toBe(row.entered);
          expect(parts.reduce((n, s) => n + s.movedOn, 0)).toBe(row.movedOn);
        }
      }
      const byRep = await stageFlow(edge.db, scope, { ...options, by: 'rep' });
      const rows = await edge.db.$queryRaw<{ ownerId: string; n: unknown }[]>`
        SELECT d."ownerId" AS "ownerId", COUNT(DISTINCT e."dealId") AS "n"
        FROM "DealEvent" e JOIN "Deal" d ON d."id" = e."dealId"
        WHERE e."workspaceId" = ${edge.workspaceId} AND e."type" IN ${STAGE_EVENTS} AND e."toStage" = 'proposal'
          AND e."at" >= ${c.from} AND e."at" < ${c.to}
        GROUP BY d."ownerId"`;
      for (const row of rows) expect(byRep.find((s) => s.slice === row.ownerId && s.stage === 'proposal')?.entered).toBe(num(row.n));
    });

    it('counts closed deals by close date, the median cycle and lost reasons, as plain SQL does', async () => {
      for (const c of [
        { scope: {}, from: EDGE_QUARTERS.previous.from, to: EDGE_QUARTERS.previous.to },
        { scope: { teamId: teamIds.Berlin! }, from: '2026-04-01', to: '2027-03-31' },
        { scope: { ownerIds: [ids[EDGE_INACTIVE]!] }, from: '2026-04-01', to: '2027-03-31' },
      ]) {
        const scope = { workspaceId: edge.workspaceId, ...c.scope };
        const got = await closedFunnel(edge.db, scope, {
          wonStages: ['won'],
          lostStages: ['lost'],
          closeFrom: c.from,
          closeTo: c.to,
          by: 'none',
        });
        const fromDay = new Date(`${c.from}T00:00:00Z`);
        const toDay = new Date(`${c.to}T00:00:00Z`);
        const counts = await edge.db.$queryRaw<{ stage: string; n: unknown; total: unknown }[]>`
          SELECT d."stage" AS "stage", COUNT(*) AS "n", SUM(d."amountMinor") AS "total" FROM "Deal" d
          WHERE d."workspaceId" = ${edge.workspaceId} AND d."stage" IN ('won', 'lost')
            AND d."closeDate" >= ${fromDay} AND d."closeDate" <= ${toDay} ${scopeSql(scope)}
          GROUP BY d."stage"`;
        for (const stage of ['won', 'lost']) {
          const row = counts.find((r) => r.stage === stage);
          const mine = got.closed.filter((r) => r.stage === stage);
          expect(mine.reduce((n, r) => n + r.count, 0)).toBe(num(row?.n));
          expect(BigInt(mine.reduce((n, r) => n + r.sumMinor, 0))).toBe(big(row?.total));
        }
        const cycles = await edge.db.$queryRaw<{ createdAt: Date; closedAt: Date }[]>`
          SELECT d."createdAt" AS "createdAt", d."closedAt" AS "closedAt" FROM "Deal" d
          WHERE d."workspaceId" = ${edge.workspaceId} AND d."stage" = 'won' AND d."closedAt" IS NOT NULL
            AND d."closeDate" >= ${fromDay} AND d."closeDate" <= ${toDay} ${scopeSql(scope)}`;
        const ms = cycles.map((r) => Math.max(0, r.closedAt.getTime() - r.createdAt.getTime()));
        expect(got.cycles[0]?.medianCycleMs ?? null).toBe(median(ms));
        const reasons = await edge.db.$queryRaw<{ reason: string | null; n: unknown }[]>`
          SELECT d."lostReason" AS "reason", COUNT(*) AS "n" FROM "Deal" d
          WHERE d."workspaceId" = ${edge.workspaceId} AND d."stage" = 'lost'
            AND d."closeDate" >= ${fromDay} AND d."closeDate" <= ${toDay} ${scopeSql(scope)}
          GROUP BY d."lostReason"`;
        expect(got.lostReasons.map((r) => `${r.reason} ${r.count}`).sort()).toEqual(reasons.map((r) => `${r.reason} ${num(r.n)}`).sort());
      }
    });

    it('gives win rates by count and by amount in USD, converting CNY at the rate of the close date and leaving EUR out', async () => {
      const ctx = await edge.contextFor('ada');
      const { from, to } = window(EDGE_QUARTERS.previous.from, EDGE_QUARTERS.previous.to, 'America/New_York');
      const data = await loadFunnel(
        ctx,
        { workspaceId: edge.workspaceId },
        { from, to, asOf: EDGE_NOW, closeFrom: '2026-04-01', closeTo: '2027-03-31' },
        'none',
      );
      const figures = data.slices[0]!.figures;
      // Every closed deal of FY2027 with its amount in USD: CNY at the latest rate dated on or before its close date.
      const rows = await edge.db.$queryRaw<{ stage: string; currency: string; amount: unknown; rate: string | null }[]>`
        SELECT d."stage" AS "stage", d."currency" AS "currency", d."amountMinor" AS "amount",
          (SELECT r."rate" FROM "ExchangeRate" r
           WHERE r."workspaceId" = d."workspaceId" AND r."currency" = d."currency" AND r."quoteCurrency" = 'USD' AND r."effectiveDate" <= d."closeDate"
           ORDER BY r."effectiveDate" DESC LIMIT 1) AS "rate"
        FROM "Deal" d
        WHERE d."workspaceId" = ${edge.workspaceId} AND d."stage" IN ('won', 'lost')
          AND d."closeDate" >= ${new Date('2026-04-01T00:00:00Z')} AND d."closeDate" <= ${new Date('2027-03-31T00:00:00Z')}`;
      const usd = (row: (typeof rows)[number]): bigint | null => {
        if (row.currency === 'USD') return big(row.amount);
        if (row.rate === null) return null;
        const [whole, fraction = ''] = row.rate.split('.');
        const scale = 10n ** BigInt(fraction.length);
        return roundHalfAway(big(row.amount) * BigInt(`${whole}${fraction}`), scale);
      };
      const sum = (stage: string) => rows.filter((r) => r.stage === stage).reduce((n, r) => n + (usd(r) ?? 0n), 0n);
      const count = (stage: string) => rows.filter((r) => r.stage === stage).length;
      const wonWithRate = rows.filter((r) => r.stage === 'won' && usd(r) !== null).length;
      expect(rows.some((r) => r.currency === 'CNY' && r.rate !== null)).toBe(true);
      expect(rows.some((r) => r.currency === 'EUR')).toBe(true);
      expect(figures.won).toBe(count('won'));
      expect(figures.lost).toBe(count('lost'));
      expect(figures.winRatePct).toBe(pctOrNull(count('won'), count('won') + count('lost')));
      expect(figures.wonMinor).toBe(Number(sum('won')));
      expect(figures.lostMinor).toBe(Number(sum('lost')));
      expect(figures.winRateAmountPct).toBe(pctOrNull(Number(sum('won')), Number(sum('won') + sum('lost'))));
      expect(figures.avgWonMinor).toBe(Number(roundHalfAway(sum('won'), BigInt(wonWithRate))));
      expect(data.conversion.missing.map((m) => m.currency)).toContain('EUR');
      // Median days in stage, one decimal.
      const flow = await expectedFlow({ workspaceId: edge.workspaceId }, from, to);
      for (const line of figures.lines) {
        const row = flow.find((r) => r.stage === line.stage.key);
        expect(line.medianDays).toBe(row?.medianStayMs == null ? null : Math.round((row.medianStayMs / DAY) * 10) / 10);
      }
    });
  });
}
