// `/scorecard [who] [period]` and `/leaderboard [team [name]|all] [metric] [period]` on the edge dataset, as their users see them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { edgeWorkspace, type EdgeWorkspace } from '../support/edge-dataset.js';
import { parseLeaderboardArgs } from '../../src/commands/leaderboard.js';
import type { Block } from '../../src/views/screen.js';

const tableOf = (blocks: readonly Block[]) => {
  const table = blocks.find((block) => block.type === 'table');
  if (table?.type !== 'table') throw new Error('no table');
  return table;
};

/** A table's cell by row name and column label. */
const cell = (blocks: readonly Block[], name: string, column: string): string | undefined => {
  const table = tableOf(blocks);
  const index = table.columns.findIndex((c) => c.label === column);
  return table.rows.find((row) => row.includes(name))?.[index];
};

const fieldValue = (blocks: readonly Block[], label: string): string | undefined => {
  for (const block of blocks) if (block.type === 'fields') for (const field of block.fields) if (field.label === label) return field.value;
  return undefined;
};

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/scorecard and /leaderboard on ${provider}`, () => {
    let edge: EdgeWorkspace;
    beforeAll(async () => {
      edge = await edgeWorkspace(provider);
      await edge.run(`/deal note ${edge.deals.get('Albany Paper')} call: year-end check`, 'nick', new Date('2026-12-15T15:00:00Z'));
      await edge.run(`/deal note ${edge.deals.get('Albany Paper')} meeting: demo`, 'nick', new Date('2026-12-16T15:00:00Z'));
    }, 180_000);
    afterAll(() => edge.cleanup());

    it('shows a line per rep for who and period asked, with the quota report’s attainment', async () => {
      const team = await edge.run('/scorecard team New York 2027-Q3', 'nora');
      expect(team.error).toBeUndefined();
      expect(team.screen.kind).toBe('scorecard');
      expect(team.text).toContain('Scorecard · New York · Q3 FY2027');
      // The team's people; its manager only once she has figures (in Q4, a deal she created).
      expect(tableOf(team.screen.blocks).rows.map((row) => row[0])).toEqual(['Nick Nolan', 'Nina Novak']);
      const q4 = await edge.run('/scorecard team New York 2027-Q4', 'nora');
      expect(cell(q4.screen.blocks, 'Nora Newman', 'Pipeline created')).toBe('1 · $15K');
      // Nick won Empire Tools ($25,000) on Oct 1 and lost nothing in Q3; his quota is $100K.
      expect(cell(team.screen.blocks, 'Nick Nolan', 'Won')).toBe('$25K');
      expect(cell(team.screen.blocks, 'Nick Nolan', 'Attainment')).toBe('25%');
      expect(cell(team.screen.blocks, 'Nick Nolan', 'Win rate')).toBe('100%');
      expect(cell(team.screen.blocks, 'Nick Nolan', 'Calls · meetings · e-mails')).toBe('1 · 1 · 0');
      expect(cell(team.screen.blocks, 'Nick Nolan', 'Satisfaction')).toBe('—');
      const quota = await edge.run('/quota team New York 2027-Q3', 'nora');
      expect(quota.text).toMatch(/Nick Nolan\s+\$100K\s+\$25K\s+25%/);

      // A rep's default: their own figures this quarter, as fields; `me` and a period work too.
      const own = await edge.run('/scorecard', 'nick');
      expect(own.text).toContain('Scorecard · Nick Nolan · Q4 FY2027');
      expect(fieldValue(own.screen.blocks, 'Win rate')).toBe('0%');
      const q3 = await edge.run('/scorecard me q3 2027', 'nick');
      expect(fieldValue(q3.screen.blocks, 'Won')).toBe('$25K');

      // Everyone: the inactive rep is listed, marked; Berlin's euros are named.
      const all = await edge.run('/scorecard all FY2027', 'ada');
      expect(tableOf(all.screen.blocks).rows.map((row) => row[0])).toContain('Klaus Keller (inactive)');
      expect(all.text).toContain('No rate for EUR');
      const chinese = await edge.run('/绩效 @nick 2027-Q3', 'ada');
      expect(chinese.screen.kind).toBe('scorecard');
    });

    it('refuses a rep someone else’s scorecard and a manager another team’s', async () => {
      const refused = await edge.run('/scorecard @nina', 'nick');
      expect(refused.error?.code).toBe('scorecard.forbidden');
      expect(refused.text).toContain('Type /scorecard me.');
      expect((await edge.run('/scorecard team Berlin', 'nora')).error?.code).toBe('scorecard.forbidden');
      expect((await edge.run('/scorecard all', 'nick')).error?.code).toBe('scorecard.forbidden');
      expect((await edge.run('/scorecard @nick', 'nora')).error).toBeUndefined();
    });

    it('ranks a team on one column, best first, in English or Chinese metric words', async () => {
      const won = await edge.run('/leaderboard team New York won 2027-Q3', 'nora');
      expect(won.error).toBeUndefined();
      expect(won.text).toContain('Leaderboard: Won · New York · Q3 FY2027');
      expect(tableOf(won.screen.blocks).rows).toEqual([
        ['1', 'Nick Nolan', '$25K'],
        ['2', 'Nina Novak', '$18K'],
      ]);
      // Cycle ranks the shortest first (Nick 58 days, Nina 122 in Q3); without a win there is no rank (Q4).
      const cycle = await edge.run('/leaderboard 周期 2027-Q3', 'nora');
      expect(tableOf(cycle.screen.blocks).rows.map((row) => row.slice(0, 2))).toEqual([
        ['1', 'Nick Nolan'],
        ['2', 'Nina Novak'],
      ]);
      const unranked = await edge.run('/leaderboard cycle 2027-Q4', 'nora');
      expect(tableOf(unranked.screen.blocks).rows.map((row) => row.slice(0, 2))).toEqual([
        ['1', 'Nina Novak'],
        ['—', 'Nick Nolan'],
        ['—', 'Nora Newman'],
      ]);
      // An admin ranks everyone by default, or a named team; the metric may follow the period.
      const everyone = await edge.run('/leaderboard 2027-Q3 winrate', 'ada');
      expect(everyone.text).toContain('Leaderboard: Win rate · Edge Works · Q3 FY2027');
      expect((await edge.run('/leaderboard team Berlin discount', 'ada')).error).toBeUndefined();
    });

    it('shows a rep only their own line and rank', async () => {
      const mine = await edge.run('/leaderboard won 2027-Q3', 'nina');
      expect(mine.error).toBeUndefined();
      expect(mine.text).toContain('You are number 2 of 2 on Won: $18K.');
      expect(mine.text).not.toContain('Nick Nolan');
      expect(mine.screen.blocks.some((block) => block.type === 'table')).toBe(false);
      const none = await edge.run('/leaderboard satisfaction 2027-Q3', 'nina');
      expect(none.text).toContain('You have no figure for Satisfaction in this period yet');
      expect((await edge.run('/leaderboard team Berlin', 'nina')).error?.code).toBe('leaderboard.rep_scope');
      expect((await edge.run('/leaderboard all', 'nina')).error?.code).toBe('leaderboard.rep_scope');
    });

    it('says which metrics exist, and what a manager may rank, in one sentence', async () => {
      const wrong = await edge.run('/leaderboard revenu', 'ada');
      expect(wrong.error?.code).toBe('leaderboard.metric_unknown');
      expect(wrong.text).toContain('“revenu” is not a column to rank on. Type one of won, attainment, pipeline, advanced');
      const zh = await edge.run('/dealdesk language zh', 'bernd');
      expect(zh.error).toBeUndefined();
      const wrongZh = await edge.run('/leaderboard 销量', 'bernd');
      expect(wrongZh.text).toContain('“销量”不是可以排名的列');
      expect((await edge.run('/leaderboard team New York', 'bernd')).error?.code).toBe('leaderboard.forbidden');
      expect((await edge.run('/leaderboard @nick', 'ada')).error?.code).toBe('leaderboard.not_a_team');
    });
  });
}

describe('parseLeaderboardArgs', () => {
  it('splits the team, the metric and the period', async () => {
    const edge = await edgeWorkspace('sqlite');
    try {
      const ctx = await edge.contextFor('ada');
      expect(await parseLeaderboardArgs(['team', 'Berlin', 'winrate', 'FY2027'], ctx)).toEqual({
        scope: ['team', 'Berlin'],
        metric: 'winrate',
        period: ['FY2027'],
        by: 'none',
      });
      expect(await parseLeaderboardArgs(['team', 'Berlin', 'winrate', 'FY2027', 'by', 'region'], ctx)).toEqual({
        scope: ['team', 'Berlin'],
        metric: 'winrate',
        period: ['FY2027'],
        by: 'region',
      });
      expect(await parseLeaderboardArgs(['按渠道', '赢单', 'FY2027'], ctx)).toEqual({
        scope: [],
        metric: 'won',
        period: ['FY2027'],
        by: 'channel',
      });
      expect(await parseLeaderboardArgs(['this', 'quarter', '满意度'], ctx)).toEqual({
        scope: [],
        metric: 'satisfaction',
        period: ['this', 'quarter'],
        by: 'none',
      });
      expect(await parseLeaderboardArgs([], ctx)).toEqual({ scope: [], metric: 'won', period: [], by: 'none' });
    } finally {
      await edge.cleanup();
    }
  }, 180_000);
});
