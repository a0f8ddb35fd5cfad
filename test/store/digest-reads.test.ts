// A scheduled digest run reads each part once for all of a workspace's teams (store/digest-data.ts
// teamReads) and cuts each team's rows from it: every part, for every team of the demo workspace, must
// equal what that team's own queries (scopeReads) return, also where a list is cut short by its limit;
// and reading every team costs the statements of reading one.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { scopeReads, teamReads, type DigestReads } from '../../src/store/digest-data.js';
import { openPipelineByStage, type ReportScope } from '../../src/store/reports.js';
import type { ClosedFunnel } from '../../src/store/funnel.js';
import { DEFAULT_STAGES } from '../../src/domain/stages.js';
import { dateToUtcMidnight } from '../../src/domain/calendar.js';

const DAY = 86_400_000;
const OPEN = DEFAULT_STAGES.filter((s) => s.kind === 'open').map((s) => s.key);
const WON = DEFAULT_STAGES.filter((s) => s.kind === 'won').map((s) => s.key);
const LOST = DEFAULT_STAGES.filter((s) => s.kind === 'lost').map((s) => s.key);
const EVENT_TYPES = ['created', 'stage_changed', 'amount_changed', 'close_date_changed'] as const;

/** Every part as loadManagerDigest asks for it, with limits small enough that the demo's lists are cut. */
async function readAll(reads: DigestReads, scope: ReportScope, now: Date, limit: number) {
  const staleBefore = new Date(now.getTime() - 14 * DAY);
  const today = '2026-11-23' as const;
  const pipeline = await reads.openPipeline(scope, { openStages: OPEN, staleBefore, slippingBefore: dateToUtcMidnight(today) });
  const totals = {
    slipping: pipeline.reduce((sum, row) => sum + (row.slippingCount ?? 0), 0),
    stale: pipeline.reduce((sum, row) => sum + row.staleCount, 0),
  };
  const window = { from: new Date(now.getTime() - 120 * DAY), to: now };
  return {
    pipeline: [...pipeline].sort((a, b) => `${a.stage}/${a.currency}`.localeCompare(`${b.stage}/${b.currency}`)),
    events: await reads.events(scope, window, EVENT_TYPES, limit),
    lists: await reads.dealLists(scope, {
      attention: { openStages: OPEN, today, staleBefore, limit, totals },
      biggest: {
        openStages: OPEN,
        currencies: ['USD', 'EUR', 'USD'],
        closeFrom: dateToUtcMidnight('2026-10-01'),
        closeTo: dateToUtcMidnight('2027-03-31'),
        limit,
      },
    }),
    ...(await reads
      .ownerSums(scope, { won: WON, open: OPEN }, dateToUtcMidnight('2026-01-01'), dateToUtcMidnight('2027-12-31'))
      .then((sums) => ({ won: sorted(sums.won), open: sorted(sums.open) }))),
    flow: [...(await reads.stageFlow(scope, { stages: DEFAULT_STAGES, from: window.from, to: now, asOf: now, by: 'none' }))].sort((a, b) =>
      a.stage.localeCompare(b.stage),
    ),
    closed: inAnyOrder(
      await reads.closedFunnel(scope, {
        wonStages: WON,
        lostStages: LOST,
        closeFrom: '2026-01-01',
        closeTo: '2026-12-31',
        by: 'none',
      }),
    ),
  };
}

/** The closed funnel's rows come in the database's GROUP BY order, which may differ between the two reads: its users sort them. */
function inAnyOrder(funnel: ClosedFunnel): ClosedFunnel {
  const byJson = <T>(rows: readonly T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { closed: byJson(funnel.closed), cycles: byJson(funnel.cycles), lostReasons: byJson(funnel.lostReasons) };
}

function sorted<T extends { ownerId: string; currency: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`a digest run's reads for all teams at once on ${provider}`, () => {
    let demo: DemoWorkspace;
    let teams: string[] = [];

    beforeAll(async () => {
      demo = await demoWorkspace(provider);
      teams = (await demo.db.team.findMany({ where: { workspaceId: demo.workspaceId }, select: { id: true } })).map((team) => team.id);
    });
    afterAll(async () => {
      await demo.cleanup();
    });

    it('gives each team the rows its own queries give, with lists cut at their limit', async () => {
      expect(teams.length).toBeGreaterThan(1);
      const together = teamReads(demo.db, demo.workspaceId);
      const seen = { cut: 0, events: 0, stale: 0, biggest: 0, flow: 0, closed: 0, won: 0 };
      for (const teamId of teams) {
        const scope = { workspaceId: demo.workspaceId, teamId };
        for (const limit of [1, 2, 500]) {
          const alone = await readAll(scopeReads(demo.db), scope, demo.now, limit);
          expect(await readAll(together, scope, demo.now, limit), `team ${teamId}, limit ${String(limit)}`).toEqual(alone);
          if (limit === 1 && (alone.lists.slipping.total > 1 || alone.lists.stale.total > 1)) seen.cut++;
          seen.events += alone.events.length;
          seen.stale += alone.lists.stale.deals.length;
          seen.biggest += alone.lists.biggest.length;
          seen.flow += alone.flow.length;
          seen.closed += alone.closed.closed.length;
          seen.won += alone.won.length;
        }
      }
      // The comparisons were not of empty lists, and some list was longer than its limit.
      for (const [part, count] of Object.entries(seen)) expect(count, part).toBeGreaterThan(0);
      const all = await openPipelineByStage(demo.db, { workspaceId: demo.workspaceId }, { openStages: OPEN, staleBefore: demo.now });
      expect(all.length).toBeGreaterThan(0);
    });

    it('reads every team with the statements of one, and any other scope with its own', async () => {
      let statements = 0;
      const counting = demo.db.$extends({
        query: {
          async $allOperations({ args, query }): Promise<unknown> {
            statements++;
            return query(args);
          },
        },
      }) as unknown as Db;
      const together = teamReads(counting, demo.workspaceId);
      const [first, ...rest] = teams;
      await readAll(together, { workspaceId: demo.workspaceId, teamId: first ?? '' }, demo.now, 2);
      const forOne = statements;
      for (const teamId of rest) await readAll(together, { workspaceId: demo.workspaceId, teamId }, demo.now, 2);
      expect(statements).toBe(forOne);
      // The whole workspace is no team's: read as itself, and as scopeReads reads it.
      const workspace = { workspaceId: demo.workspaceId };
      expect(await readAll(together, workspace, demo.now, 2)).toEqual(await readAll(scopeReads(demo.db), workspace, demo.now, 2));
      expect(statements).toBeGreaterThan(forOne);
    });
  });
}
