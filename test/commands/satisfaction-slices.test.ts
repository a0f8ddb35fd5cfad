// `/satisfaction … by channel|region` (#15 point 4) on the edge dataset with regions and channels
// (test/support/sliced-edge.ts): each slice's average, responses, call-backs, due and unanswered as plain SQL
// counts the follow-ups of its deals, the slices adding up to the whole, which is the unsliced report.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import type { EdgeWorkspace } from '../support/edge-dataset.js';
import { slicedEdgeWorkspace } from '../support/sliced-edge.js';
import { num } from '../support/sql.js';
import { Prisma } from '../../src/store/generated/sqlite/client.js';
import { dealRef } from '../../src/domain/deal.js';
import { sliceName } from '../../src/views/screens/report-slices.js';
import type { Block, Screen } from '../../src/views/screen.js';

type Table = Extract<Block, { type: 'table' }>;
const tableOf = (screen: Screen): Table | undefined => screen.blocks.find((b): b is Table => b.type === 'table');
/** Scores recorded on the follow-ups, in the order they fall due: some low, some high, some left unanswered. */
const SCORES = [5, null, 2, 4, null, 1, 3, 5];
const FROM = new Date('2026-04-01T00:00:00Z');
const TO = new Date('2027-03-31T00:00:00Z');
/** EDGE_NOW's day: a follow-up due on or before it is due. */
const TODAY = new Date('2027-01-18T00:00:00Z');

for (const provider of ALL_PROVIDERS)
  describeOn(provider)(`/satisfaction by channel and region on ${provider}`, () => {
    let edge: EdgeWorkspace;
    beforeAll(async () => {
      edge = await slicedEdgeWorkspace(provider);
      const followUps = await edge.db.afterSalesFollowUp.findMany({
        where: { workspaceId: edge.workspaceId },
        select: { deal: { select: { number: true } } },
        orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
      });
      for (const [i, followUp] of followUps.entries()) {
        const score = SCORES[i % SCORES.length];
        if (score === null || score === undefined) continue;
        const { text, error } = await edge.run(`/deal satisfaction ${dealRef(followUp.deal.number)} ${String(score)}`, 'ada');
        if (error) throw new Error(text);
      }
    }, 180_000);
    afterAll(() => edge.cleanup());

    /** The figures per slice key, from the follow-ups themselves. */
    async function expected(by: 'channel' | 'region'): Promise<Map<string, string[]>> {
      const region = Prisma.sql`COALESCE((SELECT t."region" FROM "Team" t WHERE t."id" = d."teamId"), '')`;
      const rows = await edge.db.$queryRaw<Record<string, unknown>[]>`
        SELECT x."slice" AS "slice", COUNT(*) AS "scheduled", COUNT(x."score") AS "responses", SUM(x."score") AS "total",
               SUM(CASE WHEN x."dueOn" <= ${TODAY} THEN 1 ELSE 0 END) AS "due",
               SUM(CASE WHEN x."dueOn" <= ${TODAY} AND x."score" IS NULL THEN 1 ELSE 0 END) AS "unanswered"
        FROM (
          SELECT f."score" AS "score", f."dueOn" AS "dueOn", ${by === 'channel' ? Prisma.sql`d."sourceChannel"` : region} AS "slice"
          FROM "AfterSalesFollowUp" f JOIN "Deal" d ON d."id" = f."dealId"
          WHERE f."workspaceId" = ${edge.workspaceId} AND f."dueOn" >= ${FROM} AND f."dueOn" <= ${TO}
        ) x
        GROUP BY x."slice"`;
      return new Map(
        rows.map((row) => {
          const [scheduled, responses, total, due, unanswered] = ['scheduled', 'responses', 'total', 'due', 'unanswered'].map((k) =>
            num(row[k]),
          );
          const average = responses ? (Math.round(((total ?? 0) * 10) / responses) / 10).toFixed(1) : '—';
          return [String(row.slice), [average, ...[responses, scheduled, due, unanswered].map((n) => String(n ?? 0))]];
        }),
      );
    }

    it('gives each slice’s average, responses, call-backs, due and unanswered as plain SQL counts them, adding up to the whole report', async () => {
      const whole = await edge.run('/satisfaction all FY2027', 'ada');
      for (const by of ['channel', 'region'] as const) {
        const sliced = await edge.run(`/satisfaction all FY2027 by ${by}`, 'ada');
        expect(sliced.error).toBeUndefined();
        expect(sliced.text).toContain(`Satisfaction · Edge Works · FY2027 · by ${by}`);
        const table = tableOf(sliced.screen);
        const want = await expected(by);
        expect(want.size).toBeGreaterThan(1);
        expect(new Map(table?.rows.map(([name = '', ...figures]) => [name, figures]))).toEqual(
          new Map([...want].map(([key, figures]) => [sliceName(by, key, 'en'), figures])),
        );
        // Most call-backs first.
        const scheduled = table?.rows.map((row) => Number(row[3])) ?? [];
        expect(scheduled).toEqual([...scheduled].sort((a, b) => b - a));
        // The totals row is the unsliced report, and the slices' counts add up to it.
        const [label, average, responses, callBacks, due, unanswered] = table?.totals ?? [];
        expect(label).toBe(by === 'channel' ? 'All channels' : 'All regions');
        // Scores, due call-backs and unanswered ones in the data, so every column is checked on something.
        for (const figure of [responses, due, unanswered]) expect(Number(figure)).toBeGreaterThan(0);
        expect(Number(due)).toBeLessThan(Number(callBacks));
        expect(whole.text).toMatch(new RegExp(`Average score\\s+${average ?? ''} / 5`));
        expect(whole.text).toMatch(new RegExp(`Responses\\s+${responses ?? ''} of ${callBacks ?? ''} call-backs`));
        expect(whole.text).toMatch(new RegExp(`Due so far\\s+${due ?? ''}\\b`));
        expect(whole.text).toMatch(new RegExp(`Due and unanswered\\s+${unanswered ?? ''}\\b`));
        for (const column of [2, 3, 4, 5])
          expect(table?.rows.reduce((n, row) => n + Number(row[column]), 0)).toBe(Number(table?.totals?.[column]));
      }
    });

    it('reads the slice words in Chinese, and answers a slicing it does not offer with the sentence, in either language', async () => {
      await edge.run('/dealdesk language zh', 'ada');
      const zh = await edge.run('/满意度 all FY2027 按区域', 'ada');
      expect(zh.error).toBeUndefined();
      expect(zh.text).toContain('全部区域');
      expect(zh.text).toContain('未设区域');
      const badZh = await edge.run('/satisfaction all 按等级', 'ada');
      expect(badZh.error?.code).toBe('report.by_unknown');
      expect(badZh.text).toContain('“等级”不是这份报表的分组方式。请输入 by channel 或 by region');
      await edge.run('/dealdesk language en', 'ada');
      const bad = await edge.run('/satisfaction all by rep', 'ada');
      expect(bad.error?.code).toBe('report.by_unknown');
      expect(bad.text).toContain('“rep” is not a way to slice this report. Type by channel or by region');
    });

    it('keeps a rep to their own customers when sliced', async () => {
      const refused = await edge.run('/satisfaction all by region', 'nick');
      expect(refused.error?.code).toBe('satisfaction.forbidden_scope');
    });
  });
