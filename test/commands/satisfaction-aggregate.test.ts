// `/satisfaction`'s figures come from aggregate SQL, one definition for the sliced and unsliced report: the
// follow-ups are counted by the database (only the few low scores it lists are read as rows), and every figure
// equals a plain SQL recomputation, on SQLite and PostgreSQL.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import type { EdgeWorkspace } from '../support/edge-dataset.js';
import { slicedEdgeWorkspace } from '../support/sliced-edge.js';
import { countingClient } from '../support/counting-client.js';
import { num } from '../support/sql.js';
import { execute } from '../../src/commands/execute.js';
import { dealRef } from '../../src/domain/deal.js';
import { renderText } from '../../src/views/render/text.js';

const SCORES = [5, null, 2, 4, null, 1, 3, 5];
const FROM = new Date('2026-04-01T00:00:00Z');
const TO = new Date('2027-03-31T00:00:00Z');
/** EDGE_NOW's day for ada (UTC): a follow-up due on or before it is due. */
const TODAY = new Date('2027-01-18T00:00:00Z');

for (const provider of ALL_PROVIDERS)
  describeOn(provider)(`/satisfaction from aggregate SQL on ${provider}`, () => {
    let edge: EdgeWorkspace;
    let counting: ReturnType<typeof countingClient>;
    beforeAll(async () => {
      edge = await slicedEdgeWorkspace(provider);
      counting = countingClient(provider, edge.url);
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
    afterAll(async () => {
      await counting.db.$disconnect();
      await edge.cleanup();
    });

    it('counts the follow-ups in the database and reads as rows only the low scores it lists', async () => {
      const ctx = { ...(await edge.contextFor('ada')), db: counting.db };
      counting.statements.length = 0;
      const result = await execute('/satisfaction all FY2027', ctx);
      expect(result.error).toBeUndefined();
      const reads = counting.statements.filter((statement) => statement.includes('AfterSalesFollowUp'));
      expect(reads.length).toBeGreaterThan(0);
      for (const statement of reads) expect(/GROUP BY|[`"]score[`"]\s*</i.test(statement), statement).toBe(true);
    });

    it('gives every figure as plain SQL computes it, and lists the scores below 3 lowest first', async () => {
      const { text, error } = await edge.run('/satisfaction all FY2027', 'ada');
      expect(error).toBeUndefined();
      const [row] = await edge.db.$queryRaw<Record<string, unknown>[]>`
        SELECT COUNT(*) AS "scheduled", COUNT(f."score") AS "responses", SUM(f."score") AS "total",
               SUM(CASE WHEN f."dueOn" <= ${TODAY} THEN 1 ELSE 0 END) AS "due",
               SUM(CASE WHEN f."dueOn" <= ${TODAY} AND f."score" IS NULL THEN 1 ELSE 0 END) AS "unanswered"
        FROM "AfterSalesFollowUp" f
        WHERE f."workspaceId" = ${edge.workspaceId} AND f."dueOn" >= ${FROM} AND f."dueOn" <= ${TO}`;
      const [scheduled = 0, responses = 0, total = 0, due = 0, unanswered = 0] = [
        'scheduled',
        'responses',
        'total',
        'due',
        'unanswered',
      ].map((k) => num(row?.[k]));
      expect([responses, due, unanswered].every((n) => n > 0)).toBe(true);
      const average = (Math.round((total * 10) / responses) / 10).toFixed(1).replace(/\.0$/, '');
      expect(text).toMatch(new RegExp(`Average score\\s+${average}(\\.0)? / 5`));
      expect(text).toMatch(new RegExp(`Responses\\s+${String(responses)} of ${String(scheduled)} call-backs`));
      expect(text).toMatch(new RegExp(`Due so far\\s+${String(due)}\\b`));
      expect(text).toMatch(new RegExp(`Due and unanswered\\s+${String(unanswered)}\\b`));
      const low = await edge.db.$queryRaw<{ number: unknown; score: unknown }[]>`
        SELECT d."number" AS "number", f."score" AS "score"
        FROM "AfterSalesFollowUp" f JOIN "Deal" d ON d."id" = f."dealId"
        WHERE f."workspaceId" = ${edge.workspaceId} AND f."dueOn" >= ${FROM} AND f."dueOn" <= ${TO} AND f."score" < 3
        ORDER BY f."score", f."dueOn", d."number"`;
      expect(low.length).toBeGreaterThan(1);
      const listed = [...text.matchAll(/D-(\d+)/g)].map((match) => Number(match[1]));
      expect(listed).toEqual(low.map((r) => num(r.number)));
      // The sliced report's totals row comes from the same counts.
      expect(renderText((await edge.run('/satisfaction all FY2027 by channel', 'ada')).screen)).toMatch(
        new RegExp(
          `All channels\\s+${average}(\\.0)?\\s+${String(responses)}\\s+${String(scheduled)}\\s+${String(due)}\\s+${String(unanswered)}`,
        ),
      );
    });
  });
