// Reports sliced by channel and region (#15 point 4): store/slices.ts and openPipelineBySlice checked
// against plain SQL written another way (a correlated subquery for the region, CASE per channel), on the
// edge dataset (USD, EUR without a rate, CNY; klaus deactivated; tess selling in no team; quarter edges),
// with New York in region Americas, Berlin in EMEA, Shanghai in none, and some deals sold through a
// partner or online. The slices add up to the unsliced queries' rows.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { EDGE_NOW, EDGE_QUARTERS, type EdgeWorkspace } from '../support/edge-dataset.js';
import { slicedEdgeWorkspace } from '../support/sliced-edge.js';
import { big, num } from '../support/sql.js';
import { Prisma } from '../../src/store/generated/sqlite/client.js';
import { categorySums, openPipelineByStage, openPipelineBySlice, ownerSums, type ReportScope } from '../../src/store/reports.js';
import { channelSums, openByCategoryBySlice, wonBySlice } from '../../src/store/slices.js';
import { scopeReads, teamReads } from '../../src/store/digest-data.js';
import type { ReportSliceBy } from '../../src/domain/slices.js';

const DAY = (date: string) => new Date(`${date}T00:00:00Z`);
const OPEN = ['lead', 'qualified', 'needs_analysis', 'proposal', 'negotiation'];

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`sliced report queries on ${provider}`, () => {
    let edge: EdgeWorkspace;
    let teamIds: Record<string, string>;
    beforeAll(async () => {
      edge = await slicedEdgeWorkspace(provider);
      const teams = await edge.db.team.findMany({ where: { workspaceId: edge.workspaceId }, select: { id: true, name: true } });
      teamIds = Object.fromEntries(teams.map((t) => [t.name, t.id]));
    }, 180_000);
    afterAll(() => edge.cleanup());

    /** The slice in plain SQL: the channel column, or the region read through a subquery ('' for none). */
    const sliceSql = (by: ReportSliceBy) =>
      by === 'channel'
        ? Prisma.sql`d."sourceChannel"`
        : Prisma.sql`COALESCE((SELECT t."region" FROM "Team" t WHERE t."id" = d."teamId"), '')`;
    const scopes = (): { name: string; scope: ReportScope; where: Prisma.Sql }[] => [
      { name: 'everyone', scope: { workspaceId: edge.workspaceId }, where: Prisma.empty },
      {
        name: 'team Berlin',
        scope: { workspaceId: edge.workspaceId, teamId: teamIds.Berlin! },
        where: Prisma.sql`AND d."teamId" = ${teamIds.Berlin}`,
      },
    ];
    const key = (...parts: unknown[]) => JSON.stringify(parts);

    it('gives the open pipeline per slice, stage and currency as plain SQL does, adding up to the unsliced rows', async () => {
      const staleBefore = new Date(EDGE_NOW.getTime() - 14 * 86_400_000);
      for (const { name, scope, where } of scopes())
        for (const by of ['channel', 'region'] as const) {
          const got = await openPipelineBySlice(edge.db, scope, { openStages: OPEN, staleBefore }, by);
          const rows = await edge.db.$queryRaw<{ slice: string; stage: string; currency: string; n: unknown; total: unknown }[]>`
            SELECT x."slice" AS "slice", x."stage" AS "stage", x."currency" AS "currency", COUNT(*) AS "n", SUM(x."amountMinor") AS "total"
            FROM (SELECT ${sliceSql(by)} AS "slice", d."stage" AS "stage", d."currency" AS "currency", d."amountMinor" AS "amountMinor"
                  FROM "Deal" d WHERE d."workspaceId" = ${edge.workspaceId} AND d."stage" IN (${Prisma.join(OPEN)}) ${where}) x
            GROUP BY x."slice", x."stage", x."currency"`;
          const expected = rows.map((r) => key(r.slice, r.stage, r.currency, num(r.n), Number(big(r.total)))).sort();
          expect(got.map((r) => key(r.slice, r.stage, r.currency, r.count, r.sumMinor)).sort(), `${name} by ${by}`).toEqual(expected);
          if (name === 'everyone' && by === 'region') expect(got.some((r) => r.slice === '')).toBe(true);
          // Every slice together is the unsliced pipeline, stage by stage and currency by currency.
          const whole = await openPipelineByStage(edge.db, scope, { openStages: OPEN, staleBefore });
          for (const row of whole) {
            const parts = got.filter((r) => r.stage === row.stage && r.currency === row.currency);
            expect(parts.reduce((n, r) => n + r.count, 0)).toBe(row.count);
            expect(parts.reduce((n, r) => n + r.sumMinor, 0)).toBe(row.sumMinor);
            expect(parts.reduce((n, r) => n + r.staleCount, 0)).toBe(row.staleCount);
          }
          expect(got.reduce((n, r) => n + r.count, 0)).toBe(whole.reduce((n, r) => n + r.count, 0));
        }
    });

    it('gives won deals and open deals by category per slice for a period, adding up to the unsliced rows', async () => {
      for (const period of [EDGE_QUARTERS.previous, EDGE_QUARTERS.current])
        for (const { name, scope, where } of scopes())
          for (const by of ['channel', 'region'] as const) {
            const [closeFrom, closeTo] = [DAY(period.from), DAY(period.to)];
            const won = await wonBySlice(edge.db, scope, { wonStages: ['won'], closeFrom, closeTo, by });
            const wonRows = await edge.db.$queryRaw<{ slice: string; currency: string; n: unknown; total: unknown }[]>`
              SELECT x."slice" AS "slice", x."currency" AS "currency", COUNT(*) AS "n", SUM(x."amountMinor") AS "total"
              FROM (SELECT ${sliceSql(by)} AS "slice", d."currency" AS "currency", d."amountMinor" AS "amountMinor"
                    FROM "Deal" d WHERE d."workspaceId" = ${edge.workspaceId} AND d."stage" = 'won'
                      AND d."closeDate" >= ${closeFrom} AND d."closeDate" <= ${closeTo} ${where}) x
              GROUP BY x."slice", x."currency"`;
            const sumBy = <T extends { count: number; sumMinor: number }>(rows: readonly T[], keyOf: (row: T) => string) => {
              const sums = new Map<string, [number, number]>();
              for (const row of rows) {
                const [n, s] = sums.get(keyOf(row)) ?? [0, 0];
                sums.set(keyOf(row), [n + row.count, s + row.sumMinor]);
              }
              return [...sums.entries()].map(([k, [n, s]]) => `${k} ${n} ${s}`).sort();
            };
            const label = `${name} ${period.key} by ${by}`;
            expect(
              sumBy(won, (r) => key(r.slice, r.currency)),
              label,
            ).toEqual(wonRows.map((r) => `${key(r.slice, r.currency)} ${num(r.n)} ${Number(big(r.total))}`).sort());
            const unsliced = (await ownerSums(edge.db, scope, { won: ['won'], open: OPEN }, closeFrom, closeTo)).won;
            const wonKey = (r: (typeof unsliced)[number]) => key(r.ownerId, r.teamId, r.currency, r.closeDate);
            expect(sumBy(won, wonKey), label).toEqual(sumBy(unsliced, wonKey));

            const open = await openByCategoryBySlice(edge.db, scope, { openStages: OPEN, closeFrom, closeTo, by });
            const openRows = await edge.db.$queryRaw<{ slice: string; category: string; n: unknown; total: unknown }[]>`
              SELECT x."slice" AS "slice", x."category" AS "category", COUNT(*) AS "n", SUM(x."amountMinor") AS "total"
              FROM (SELECT ${sliceSql(by)} AS "slice", d."forecastCategory" AS "category", d."amountMinor" AS "amountMinor"
                    FROM "Deal" d WHERE d."workspaceId" = ${edge.workspaceId} AND d."stage" IN (${Prisma.join(OPEN)})
                      AND d."closeDate" >= ${closeFrom} AND d."closeDate" <= ${closeTo} ${where}) x
              GROUP BY x."slice", x."category"`;
            expect(sumBy(open, (r) => key(r.slice, r.category))).toEqual(
              openRows.map((r) => `${key(r.slice, r.category)} ${num(r.n)} ${Number(big(r.total))}`).sort(),
            );
            const openKey = (r: { category: string; stage: string; currency: string }) => key(r.category, r.stage, r.currency);
            const unslicedOpen = (await categorySums(edge.db, scope, { won: ['won'], open: OPEN }, closeFrom, closeTo)).open;
            expect(sumBy(open, openKey)).toEqual(sumBy(unslicedOpen, openKey));
          }
    });

    it("reads the digest's won and open sums per channel as plain SQL does, and the same for each team from one grouped statement", async () => {
      const options = {
        openStages: OPEN,
        wonStages: ['won'],
        closeFrom: DAY(EDGE_QUARTERS.previous.from),
        closeTo: DAY(EDGE_QUARTERS.previous.to),
      };
      const rows = await edge.db.$queryRaw<{ channel: string; kind: string; n: unknown; total: unknown }[]>`
        SELECT d."sourceChannel" AS "channel", CASE WHEN d."stage" = 'won' THEN 'won' ELSE 'open' END AS "kind", COUNT(*) AS "n", SUM(d."amountMinor") AS "total"
        FROM "Deal" d
        WHERE d."workspaceId" = ${edge.workspaceId} AND d."teamId" = ${teamIds.Berlin}
          AND (d."stage" IN (${Prisma.join(OPEN)}) OR (d."stage" = 'won' AND d."closeDate" >= ${options.closeFrom} AND d."closeDate" <= ${options.closeTo}))
        GROUP BY d."sourceChannel", CASE WHEN d."stage" = 'won' THEN 'won' ELSE 'open' END`;
      const berlin = await channelSums(edge.db, { workspaceId: edge.workspaceId, teamId: teamIds.Berlin! }, options);
      const totals = (list: typeof berlin) => {
        const sums = new Map<string, [number, number]>();
        for (const r of list) {
          const [n, s] = sums.get(key(r.channel, r.kind)) ?? [0, 0];
          sums.set(key(r.channel, r.kind), [n + r.count, s + r.sumMinor]);
        }
        return [...sums.entries()].map(([k, [n, s]]) => `${k} ${n} ${s}`).sort();
      };
      expect(totals(berlin)).toEqual(rows.map((r) => `${key(r.channel, r.kind)} ${num(r.n)} ${Number(big(r.total))}`).sort());
      expect(berlin.filter((r) => r.kind === 'won').every((r) => r.closeDate !== null)).toBe(true);
      expect(berlin.filter((r) => r.kind === 'open').every((r) => r.closeDate === null)).toBe(true);
      const own = scopeReads(edge.db);
      const all = teamReads(edge.db, edge.workspaceId);
      for (const teamId of Object.values(teamIds)) {
        const scope = { workspaceId: edge.workspaceId, teamId };
        const order = (list: typeof berlin) => list.map((r) => key(r)).sort();
        expect(order(await all.channelSums(scope, options))).toEqual(order(await own.channelSums(scope, options)));
      }
    });
  });
}
