// The funnel's stage flow (store/funnel.ts stageFlow) on hand-made histories with the edges its
// statement has to get right: two events of one deal at the same instant, a deal entering one stage
// twice at once, re-entering a stage, reopened after Lost (and lost before the window), entries exactly
// at the window's start and end, moves after `asOf`, events that are not stage moves, another team,
// another workspace, and a deal counted once per competitor. Checked against a plain-SQL recomputation
// (one correlated subquery per question and entry) for every slicing, and by hand for two stages.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn, freshDatabase, type FreshDatabase } from '../support/databases.js';
import { median, num, time } from '../support/sql.js';
import { Prisma } from '../../src/store/generated/sqlite/client.js';
import { sliceOf, stageFlow, type StoreSliceBy } from '../../src/store/funnel.js';
import type { ReportScope } from '../../src/store/reports.js';
import { DEFAULT_STAGES } from '../../src/domain/stages.js';

const DAY = 86_400_000;
const FROM = new Date('2026-10-01T00:00:00Z');
const TO = new Date('2026-11-01T00:00:00Z');
const AS_OF = new Date('2026-11-15T00:00:00Z');
const at = (iso: string) => new Date(`${iso}Z`);
const STAGE_EVENTS = Prisma.sql`('created', 'stage_changed')`;

type Move = { at: Date; to: string | null; from?: string; type?: string };

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`stage flow at the edges on ${provider}`, () => {
    let fresh: FreshDatabase;
    let ws: string;
    let east: string;
    beforeAll(async () => {
      fresh = await freshDatabase(provider);
      const db = fresh.db;
      ws = (await db.workspace.create({ data: { name: 'Edges' }, select: { id: true } })).id;
      const other = (await db.workspace.create({ data: { name: 'Elsewhere' }, select: { id: true } })).id;
      for (const stage of DEFAULT_STAGES)
        await db.stage.create({
          data: {
            workspaceId: ws,
            key: stage.key,
            position: stage.position,
            probability: stage.probability,
            kind: stage.kind,
            nameEn: stage.nameEn,
            nameZh: stage.nameZh,
          },
        });
      const team = async (name: string) =>
        (await db.team.create({ data: { workspaceId: ws, name, nameKey: name.toLowerCase() }, select: { id: true } })).id;
      east = await team('East');
      const west = await team('West');
      const owner = (await db.member.create({ data: { workspaceId: ws, name: 'ann', handle: 'ann', teamId: east }, select: { id: true } }))
        .id;
      const stranger = (await db.member.create({ data: { workspaceId: other, name: 'zed', handle: 'zed' }, select: { id: true } })).id;
      const competitor = async (name: string) =>
        (await db.competitor.create({ data: { workspaceId: ws, name, nameKey: name.toLowerCase() }, select: { id: true } })).id;
      const rival = await competitor('Rival');
      const upstart = await competitor('Upstart');
      let number = 0;
      const deal = async (moves: Move[], options: { teamId?: string; competitors?: string[]; workspaceId?: string } = {}) => {
        const workspaceId = options.workspaceId ?? ws;
        number++;
        const account = await db.account.create({
          data: { workspaceId, name: `A${String(number)}`, nameKey: `a${String(number)}` },
          select: { id: true },
        });
        const last = moves.filter((move) => move.to !== null).at(-1);
        const { id } = await db.deal.create({
          data: {
            workspaceId,
            number,
            title: `Deal ${String(number)}`,
            searchKey: `deal ${String(number)}`,
            accountId: account.id,
            ownerId: workspaceId === ws ? owner : stranger,
            teamId: workspaceId === ws ? (options.teamId ?? east) : null,
            amountMinor: 100n,
            currency: 'USD',
            stage: last?.to ?? 'lead',
            forecastCategory: 'pipeline',
            stageEnteredAt: last?.at ?? FROM,
            lastActivityAt: last?.at ?? FROM,
            createdAt: moves[0]?.at ?? FROM,
          },
          select: { id: true },
        });
        for (const [i, move] of moves.entries())
          await db.dealEvent.create({
            data: {
              workspaceId,
              dealId: id,
              type: move.type ?? (i === 0 ? 'created' : 'stage_changed'),
              at: move.at,
              toStage: move.to,
              fromStage: move.from ?? null,
            },
          });
        for (const competitorId of options.competitors ?? []) await db.dealCompetitor.create({ data: { dealId: id, competitorId } });
      };
      // Created and moved on at the same instant (its only move on); the stay ends at the next move after it.
      await deal([
        { at: at('2026-10-05T10:00:00'), to: 'lead' },
        { at: at('2026-10-05T10:00:00'), to: 'qualified', from: 'lead' },
        { at: at('2026-10-07T10:00:00'), to: 'lost', from: 'qualified' },
      ]);
      // Entered lead twice at one instant (counted once), a note between, then lost from lead.
      await deal(
        [
          { at: at('2026-10-06T00:00:00'), to: 'lead' },
          { at: at('2026-10-06T00:00:00'), to: 'lead', from: 'lead' },
          { at: at('2026-10-07T00:00:00'), to: null, type: 'note' },
          { at: at('2026-10-09T00:00:00'), to: 'lost', from: 'lead' },
        ],
        { competitors: [rival] },
      );
      // Back to lead and forward again: each stage counted at its first entry.
      await deal(
        [
          { at: at('2026-10-02T00:00:00'), to: 'lead' },
          { at: at('2026-10-04T00:00:00'), to: 'qualified', from: 'lead' },
          { at: at('2026-10-06T00:00:00'), to: 'lead', from: 'qualified' },
          { at: at('2026-10-08T00:00:00'), to: 'qualified', from: 'lead' },
          { at: at('2026-10-10T00:00:00'), to: 'proposal', from: 'qualified' },
        ],
        { competitors: [rival, upstart] },
      );
      // Lost from qualified, reopened, then won.
      await deal(
        [
          { at: at('2026-10-03T00:00:00'), to: 'qualified' },
          { at: at('2026-10-05T00:00:00'), to: 'lost', from: 'qualified' },
          { at: at('2026-10-09T00:00:00'), to: 'qualified', from: 'lost' },
          { at: at('2026-10-20T00:00:00'), to: 'won', from: 'qualified' },
        ],
        { competitors: [upstart] },
      );
      // Lost before the window, reopened in it; its next move comes after `asOf`.
      await deal([
        { at: at('2026-09-20T00:00:00'), to: 'proposal' },
        { at: at('2026-09-25T00:00:00'), to: 'lost', from: 'proposal' },
        { at: at('2026-10-12T00:00:00'), to: 'proposal', from: 'lost' },
        { at: at('2026-11-20T00:00:00'), to: 'negotiation', from: 'proposal' },
      ]);
      // Entered lead exactly at the window's start; qualified exactly at its end (not an entry, but a move on).
      await deal([
        { at: FROM, to: 'lead' },
        { at: TO, to: 'qualified', from: 'lead' },
      ]);
      // Entered lead just before the window: only its qualified entry counts.
      await deal([
        { at: new Date(FROM.getTime() - 1), to: 'lead' },
        { at: at('2026-10-15T00:00:00'), to: 'qualified', from: 'lead' },
      ]);
      // Another team's deal, still in lead; another workspace's, not counted.
      await deal([{ at: at('2026-10-20T00:00:00'), to: 'lead' }], { teamId: west });
      await deal([{ at: at('2026-10-20T00:00:00'), to: 'lead' }], { workspaceId: other });
      // Won after `asOf`: not won yet.
      await deal([
        { at: at('2026-10-30T00:00:00'), to: 'negotiation' },
        { at: at('2026-11-20T00:00:00'), to: 'won', from: 'negotiation' },
      ]);
    }, 120_000);
    afterAll(() => fresh.cleanup());

    /** Each first entry's figures, one correlated subquery per question, and the medians in code. */
    async function expected(scope: ReportScope, by: StoreSliceBy) {
      const slice = sliceOf(by);
      const later = (condition: Prisma.Sql) => Prisma.sql`CASE WHEN EXISTS (
          SELECT 1 FROM "DealEvent" n JOIN "Stage" ns ON ns."workspaceId" = n."workspaceId" AND ns."key" = n."toStage"
          WHERE n."dealId" = f."dealId" AND n."type" IN ${STAGE_EVENTS} AND n."at" >= f."first" AND n."at" <= ${AS_OF} AND ${condition}
        ) THEN 1 ELSE 0 END`;
      const entries = await fresh.db.$queryRaw<Record<string, unknown>[]>`
        SELECT f."slice" AS "slice", f."stage" AS "stage", f."first" AS "first",
          ${later(Prisma.sql`(ns."kind" = 'won' OR (ns."kind" = 'open' AND ns."position" > f."position"))`)} AS "movedOn",
          ${later(Prisma.sql`ns."kind" = 'won'`)} AS "wonLater",
          ${later(Prisma.sql`ns."kind" = 'lost' AND n."fromStage" = f."stage"`)} AS "lostThere",
          (SELECT MIN(n."at") FROM "DealEvent" n
           WHERE n."dealId" = f."dealId" AND n."type" IN ${STAGE_EVENTS} AND n."toStage" IS NOT NULL AND n."toStage" <> f."stage"
             AND n."at" > f."first" AND n."at" <= ${AS_OF}) AS "left"
        FROM (
          SELECT e."dealId" AS "dealId", e."toStage" AS "stage", s."position" AS "position", ${slice.expr} AS "slice", MIN(e."at") AS "first"
          FROM "DealEvent" e
          JOIN "Deal" d ON d."id" = e."dealId"
          JOIN "Stage" s ON s."workspaceId" = e."workspaceId" AND s."key" = e."toStage"
          ${slice.joins}
          WHERE e."workspaceId" = ${ws} AND s."kind" = 'open' AND e."type" IN ${STAGE_EVENTS}
            AND e."at" >= ${FROM} AND e."at" < ${TO} AND e."at" <= ${AS_OF}
            ${scope.teamId !== undefined ? Prisma.sql`AND d."teamId" = ${scope.teamId}` : Prisma.empty}
          GROUP BY e."dealId", e."toStage", s."position", ${slice.expr}
        ) f`;
      const groups = new Map<
        string,
        { slice: string; stage: string; entered: number; movedOn: number; lostThere: number; wonLater: number; stays: number[] }
      >();
      for (const entry of entries) {
        const key = `${String(entry.slice)}|${String(entry.stage)}`;
        const group = groups.get(key) ?? {
          slice: String(entry.slice),
          stage: String(entry.stage),
          entered: 0,
          movedOn: 0,
          lostThere: 0,
          wonLater: 0,
          stays: [],
        };
        group.entered++;
        group.movedOn += num(entry.movedOn);
        group.lostThere += num(entry.lostThere);
        group.wonLater += num(entry.wonLater);
        if (entry.left !== null) group.stays.push(time(entry.left as Date | string) - time(entry.first as Date | string));
        groups.set(key, group);
      }
      return [...groups.values()].map(({ stays, ...group }) => ({ ...group, stays: stays.length, medianStayMs: median(stays) }));
    }

    const sorted = <T extends { slice: string; stage: string }>(rows: T[]) =>
      [...rows].sort((a, b) => `${a.slice}|${a.stage}`.localeCompare(`${b.slice}|${b.stage}`));

    const flow = (scope: ReportScope, by: StoreSliceBy) =>
      stageFlow(fresh.db, scope, { stages: DEFAULT_STAGES, from: FROM, to: TO, asOf: AS_OF, by });

    it('counts ties, re-entries, reopened deals and the window edges as the plain recomputation does', async () => {
      const all = sorted(await flow({ workspaceId: ws }, 'none'));
      expect(all.find((row) => row.stage === 'lead')).toEqual({
        slice: '',
        stage: 'lead',
        entered: 5,
        movedOn: 3,
        lostThere: 1,
        wonLater: 0,
        stays: 4,
        medianStayMs: 2.5 * DAY,
      });
      expect(all.find((row) => row.stage === 'qualified')).toEqual({
        slice: '',
        stage: 'qualified',
        entered: 4,
        movedOn: 2,
        lostThere: 2,
        wonLater: 1,
        stays: 3,
        medianStayMs: 2 * DAY,
      });
      expect(all.find((row) => row.stage === 'proposal')).toMatchObject({
        entered: 2,
        movedOn: 0,
        lostThere: 0,
        stays: 0,
        medianStayMs: null,
      });
      expect(all.find((row) => row.stage === 'negotiation')).toMatchObject({ entered: 1, wonLater: 0, stays: 0, medianStayMs: null });
      for (const by of ['none', 'team', 'competitor', 'rep'] as const) {
        expect(sorted(await flow({ workspaceId: ws }, by)), by).toEqual(sorted(await expected({ workspaceId: ws }, by)));
      }
      expect(sorted(await flow({ workspaceId: ws, teamId: east }, 'competitor'))).toEqual(
        sorted(await expected({ workspaceId: ws, teamId: east }, 'competitor')),
      );
    });
  });
}
