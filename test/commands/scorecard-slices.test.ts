// `/scorecard`, `/leaderboard` and `/quota … by channel|region` (#15 point 4) on the edge dataset with regions
// and channels (test/support/sliced-edge.ts), with satisfaction scores recorded: each slice's counts, win rates
// and scores as plain SQL counts them, the slices adding up to the whole, which is the unsliced report.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import type { EdgeWorkspace } from '../support/edge-dataset.js';
import { slicedEdgeWorkspace } from '../support/sliced-edge.js';
import { num, pctOrNull } from '../support/sql.js';
import { integer, percentValue } from '../support/screen-values.js';
import { Prisma } from '../../src/store/generated/sqlite/client.js';
import { dealRef } from '../../src/domain/deal.js';
import { sliceName } from '../../src/views/screens/report-slices.js';
import type { Block, Screen } from '../../src/views/screen.js';

type Table = Extract<Block, { type: 'table' }>;
const tablesOf = (screen: Screen): Table[] => screen.blocks.filter((b): b is Table => b.type === 'table');
const tableOf = (screen: Screen): Table => {
  const [table] = tablesOf(screen);
  if (!table) throw new Error('no table');
  return table;
};
/** A row's cells by column label. */
const byColumn = (table: Table, row: readonly string[]): Map<string, string> =>
  new Map(table.columns.map((column, i) => [column.label, row[i] ?? '']));

const SCORES = [5, 2, 4, 1, 3];
/** FY2027 (April start) in the workspace's zone, America/New_York: its first and the next fiscal year's first instant. */
const FROM = new Date('2026-04-01T04:00:00Z');
const TO = new Date('2027-04-01T04:00:00Z');
const CLOSE_FROM = new Date('2026-04-01T00:00:00Z');
const CLOSE_TO = new Date('2027-03-31T00:00:00Z');

const sliceSql = (by: 'channel' | 'region') =>
  by === 'channel' ? Prisma.sql`d."sourceChannel"` : Prisma.sql`COALESCE((SELECT t."region" FROM "Team" t WHERE t."id" = d."teamId"), '')`;

for (const provider of ALL_PROVIDERS)
  describeOn(provider)(`/scorecard, /leaderboard and /quota by channel and region on ${provider}`, () => {
    let edge: EdgeWorkspace;
    beforeAll(async () => {
      edge = await slicedEdgeWorkspace(provider);
      const followUps = await edge.db.afterSalesFollowUp.findMany({
        where: { workspaceId: edge.workspaceId },
        select: { deal: { select: { number: true } } },
        orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
      });
      for (const [i, followUp] of followUps.entries()) {
        const score = SCORES[i % SCORES.length] ?? 3;
        const { text, error } = await edge.run(`/deal satisfaction ${dealRef(followUp.deal.number)} ${String(score)}`, 'ada');
        if (error) throw new Error(text);
      }
    }, 180_000);
    afterAll(() => edge.cleanup());

    /** Per slice (and owner, when `byOwner`): deals created in FY2027, won and lost ones closed in it, scores recorded in it. */
    async function expected(by: 'channel' | 'region', byOwner = false) {
      const key = byOwner ? Prisma.sql`d."ownerId"` : Prisma.sql`CAST('' AS TEXT)`;
      const inWorkspace = Prisma.sql`d."workspaceId" = ${edge.workspaceId}`;
      const rows = await edge.db.$queryRaw<Record<string, unknown>[]>`
        SELECT x."slice" AS "slice", x."owner" AS "owner", SUM(x."created") AS "created", SUM(x."won") AS "won", SUM(x."lost") AS "lost",
               SUM(x."scores") AS "scores", SUM(x."scoreSum") AS "scoreSum"
        FROM (
          SELECT ${sliceSql(by)} AS "slice", ${key} AS "owner",
                 CASE WHEN d."createdAt" >= ${FROM} AND d."createdAt" < ${TO} THEN 1 ELSE 0 END AS "created",
                 CASE WHEN d."stage" = 'won' AND d."closeDate" >= ${CLOSE_FROM} AND d."closeDate" <= ${CLOSE_TO} THEN 1 ELSE 0 END AS "won",
                 CASE WHEN d."stage" = 'lost' AND d."closeDate" >= ${CLOSE_FROM} AND d."closeDate" <= ${CLOSE_TO} THEN 1 ELSE 0 END AS "lost",
                 (SELECT COUNT(*) FROM "AfterSalesFollowUp" f WHERE f."dealId" = d."id" AND f."score" IS NOT NULL
                    AND f."recordedAt" >= ${FROM} AND f."recordedAt" < ${TO}) AS "scores",
                 (SELECT COALESCE(SUM(f."score"), 0) FROM "AfterSalesFollowUp" f WHERE f."dealId" = d."id" AND f."score" IS NOT NULL
                    AND f."recordedAt" >= ${FROM} AND f."recordedAt" < ${TO}) AS "scoreSum"
          FROM "Deal" d WHERE ${inWorkspace}
        ) x
        GROUP BY x."slice", x."owner"`;
      return rows.map((row) => {
        const [created, won, lost, scores, scoreSum] = ['created', 'won', 'lost', 'scores', 'scoreSum'].map((k) => num(row[k]));
        return {
          slice: String(row.slice),
          owner: String(row.owner),
          created: created ?? 0,
          winRate: pctOrNull(won ?? 0, (won ?? 0) + (lost ?? 0)),
          closed: (won ?? 0) + (lost ?? 0),
          satisfaction: scores
            ? `${(Math.round(((scoreSum ?? 0) * 10) / scores) / 10).toFixed(1).replace(/\.0$/, '')} (${String(scores)})`
            : '—',
        };
      });
    }

    it('gives each slice the scorecard figures of its deals as plain SQL counts them, the whole being every deal of the scope', async () => {
      for (const by of ['channel', 'region'] as const) {
        const sliced = await edge.run(`/scorecard all FY2027 by ${by}`, 'ada');
        expect(sliced.error).toBeUndefined();
        expect(sliced.text).toContain(`Scorecard · Edge Works · FY2027 · by ${by}`);
        const table = tableOf(sliced.screen);
        expect(table.columns.map((c) => c.label)).not.toContain('Attainment');
        const want = await expected(by);
        expect(want.length).toBeGreaterThan(1);
        const shown = new Map(table.rows.map((row) => [row[0] ?? '', byColumn(table, row)]));
        expect([...shown.keys()].sort()).toEqual(want.map((w) => sliceName(by, w.slice, 'en')).sort());
        for (const w of want) {
          const cells = shown.get(sliceName(by, w.slice, 'en'));
          expect(integer(cells?.get('Pipeline created')?.split(' · ')[0] ?? '')).toBe(w.created);
          expect(percentValue(cells?.get('Win rate') ?? '')).toBe(w.winRate);
          expect(cells?.get('Satisfaction')).toBe(w.satisfaction);
        }
        // Scores recorded, so the column is checked on something.
        expect(want.some((w) => w.satisfaction !== '—')).toBe(true);
        // Counts add up to the whole line, the scope's figures.
        const whole = byColumn(table, table.totals ?? []);
        expect(whole.get(by === 'channel' ? 'Channel' : 'Region')).toBe(by === 'channel' ? 'All channels' : 'All regions');
        const count = (cells: Map<string, string> | undefined, column: string) => integer(cells?.get(column)?.split(' · ')[0] ?? '');
        for (const column of ['Pipeline created', 'Advanced'])
          expect(table.rows.reduce((n, row) => n + count(byColumn(table, row), column), 0)).toBe(count(whole, column));
        expect(count(whole, 'Pipeline created')).toBe(want.reduce((n, w) => n + w.created, 0));
        // The Whole scorecard button repeats who and period as typed.
        expect(sliced.screen.blocks.some((b) => b.type === 'actions' && b.actions.some((a) => a.command === 'scorecard all FY2027'))).toBe(
          true,
        );
      }
    });

    it('gives one person’s whole line exactly as their unsliced scorecard, but the attainment', async () => {
      const unsliced = await edge.run('/scorecard team New York FY2027', 'ada');
      const table = tableOf(unsliced.screen);
      const nick = table.rows.find((row) => row[0] === 'Nick Nolan') ?? [];
      const mine = byColumn(table, nick);
      for (const by of ['channel', 'region'] as const) {
        const sliced = await edge.run(`/scorecard @nick FY2027 by ${by}`, 'ada');
        const slicedTable = tableOf(sliced.screen);
        const whole = byColumn(slicedTable, slicedTable.totals ?? []);
        for (const [column, value] of whole)
          if (column !== 'Channel' && column !== 'Region') expect([column, value]).toEqual([column, mine.get(column)]);
      }
    });

    it('ranks people within each slice on their deals there; a rep sees only their own rank in each', async () => {
      const names = new Map(
        (await edge.db.member.findMany({ where: { workspaceId: edge.workspaceId }, select: { id: true, name: true } })).map((m) => [
          m.id,
          m.name,
        ]),
      );
      for (const by of ['channel', 'region'] as const) {
        const board = await edge.run(`/leaderboard all winrate FY2027 by ${by}`, 'ada');
        expect(board.error).toBeUndefined();
        expect(board.text).toContain(`Leaderboard: Win rate · Edge Works · FY2027 · by ${by}`);
        const want = (await expected(by, true)).filter((w) => w.closed > 0);
        const titles = board.screen.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : []));
        const tables = tablesOf(board.screen);
        expect(tables.length).toBe(titles.length);
        const shown = new Map<string, number | null>();
        titles.forEach((title, i) => {
          const slice = title.replace(/^(Channel|Region): /, '');
          const rows = tables[i]?.rows ?? [];
          for (const [rank = '', name = '', value = ''] of rows) {
            const mine = percentValue(value);
            if (mine === null) continue;
            shown.set(`${slice}/${name.replace(' (inactive)', '')}`, mine);
            // A rank is 1 + the number of better values in the slice.
            const better = rows.filter((row) => (percentValue(row[2] ?? '') ?? -1) > mine).length;
            expect(Number(rank)).toBe(1 + better);
          }
        });
        expect(shown).toEqual(new Map(want.map((w) => [`${sliceName(by, w.slice, 'en')}/${names.get(w.owner) ?? ''}`, w.winRate])));
      }
      const rep = await edge.run('/leaderboard won FY2027 by channel', 'nick');
      expect(rep.error).toBeUndefined();
      expect(tablesOf(rep.screen)).toEqual([]);
      expect(rep.text).toContain('Channel: Direct');
      expect(rep.text).toMatch(/You are number \d of \d on Won/);
      expect(rep.text).not.toContain('Nina Novak');
    });

    it('groups quota attainment by the teams’ regions, and shows each channel’s share of the whole quota', async () => {
      const whole = await edge.run('/quota all 2027-Q4', 'ada');
      const wholeTable = tableOf(whole.screen);
      const teamRow = (name: string) => wholeTable.rows.find((row) => row[0] === name)?.slice(1);
      const byRegion = await edge.run('/quota all 2027-Q4 by region', 'ada');
      expect(byRegion.error).toBeUndefined();
      const regions = tableOf(byRegion.screen);
      const regionRow = (name: string) => regions.rows.find((row) => row[0] === name)?.slice(1);
      // One team in each named region: the region's line is that team's line.
      expect(regionRow('Americas')).toEqual(teamRow('New York'));
      expect(regionRow('EMEA')).toEqual(teamRow('Berlin'));
      expect(regionRow('no region')).toBeDefined();
      expect(regions.totals?.slice(1)).toEqual(wholeTable.totals?.slice(1));
      expect(regions.rows.map((row) => row[0])).toHaveLength(3);

      const team = await edge.run('/quota team New York 2027-Q3', 'ada');
      const teamTotals = byColumn(tableOf(team.screen), tableOf(team.screen).totals ?? []);
      const byChannel = await edge.run('/quota team New York 2027-Q3 by channel', 'ada');
      const channels = tableOf(byChannel.screen);
      expect(channels.columns.map((c) => c.label)).toEqual(['Channel', 'Won', 'Of quota']);
      const totals = byColumn(channels, channels.totals ?? []);
      expect(totals.get('Won')).toBe(teamTotals.get('Won'));
      expect(totals.get('Of quota')).toBe(teamTotals.get('Attained'));
      const shares = channels.rows.map((row) => percentValue(row[2] ?? '') ?? 0);
      expect(shares.length).toBeGreaterThan(1);
      // Each share is rounded on its own: they add up to the whole within a tenth per slice.
      expect(Math.abs(shares.reduce((n, s) => n + s, 0) - (percentValue(totals.get('Of quota') ?? '') ?? 0))).toBeLessThanOrEqual(
        0.1 * shares.length,
      );
      expect(byChannel.text).toContain('Quotas are set for people and teams, not for slices');
    });

    it('reads the slice words in Chinese, says what to type for another slicing, and keeps a rep to their own scorecard', async () => {
      await edge.run('/dealdesk language zh', 'ada');
      const zh = await edge.run('/绩效 all FY2027 按区域', 'ada');
      expect(zh.error).toBeUndefined();
      expect(zh.text).toContain('全部区域');
      expect(zh.text).toContain('未设区域');
      const quotaZh = await edge.run('/quota all 2027-Q4 按渠道', 'ada');
      expect(quotaZh.text).toContain('占指标');
      const bad = await edge.run('/leaderboard all 按等级', 'ada');
      expect(bad.error?.code).toBe('report.by_unknown');
      expect(bad.text).toContain('“等级”不是这份报表的分组方式');
      await edge.run('/dealdesk language en', 'ada');
      const badQuota = await edge.run('/quota all by rep', 'ada');
      expect(badQuota.error?.code).toBe('report.by_unknown');
      expect((await edge.run('/scorecard team Berlin by region', 'nick')).error?.code).toBe('scorecard.forbidden');
    });
  });
