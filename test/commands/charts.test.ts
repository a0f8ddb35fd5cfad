// The charts on /forecast, /funnel and /leaderboard show the figures of their own screens (#15 point 8).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import type { Block, Screen } from '../../src/views/screen.js';
import type { ChartSpec } from '../../src/views/charts/spec.js';
import { renderCard } from '../../src/views/render/adaptive-card.js';
import { validateCard } from '../support/adaptive-cards.js';

const chartsOf = (screen: Screen): ChartSpec[] => screen.blocks.flatMap((b) => (b.type === 'chart' ? [b.chart] : []));
const table = (blocks: readonly Block[]) => {
  const found = blocks.find((b) => b.type === 'table');
  if (found?.type !== 'table') throw new Error('no table');
  return found;
};
const parseMoney = (text: string): number => Math.round(Number(text.replace(/[^0-9.]/g, '')) * 100);

describeOn('sqlite')('charts on report screens', () => {
  let demo: DemoWorkspace;
  beforeAll(async () => {
    demo = await demoWorkspace('sqlite');
  });
  afterAll(() => demo.cleanup());

  it('/forecast charts the calls against the quota and won amount by week, adding up to closed won', async () => {
    const { screen } = await demo.run('/forecast team', 'mike');
    const [calls, trend] = chartsOf(screen);
    const rows = table(screen.blocks).rows;
    const closed = parseMoney(rows[0]?.[2] ?? '');
    expect(calls).toMatchObject({ kind: 'bar', title: 'Forecast against quota', format: { kind: 'money', currency: 'USD' } });
    expect(calls?.categories).toEqual(['Closed won', 'Commit forecast', 'Best case forecast', 'Weighted forecast', 'Quota']);
    expect(calls?.series[0]?.values[0]).toBe(closed);
    expect(trend).toMatchObject({ kind: 'line', title: 'Won by week (weeks from Monday)' });
    expect(trend?.categories[0]).toBe('Sep 28');
    // Today is Monday Nov 23: the trend ends with the current week, none after it.
    expect(trend?.categories.at(-1)).toBe('Nov 23');
    expect(trend?.series[0]?.values.reduce((a, b) => a + b, 0)).toBe(closed);
    expect(validateCard(renderCard(screen, { moreText: String }))).toEqual([]);
  });

  it("/pipeline charts each stage's total as its table shows it", async () => {
    const { screen } = await demo.run('/pipeline team', 'mike');
    const [stages] = chartsOf(screen);
    const rows = table(screen.blocks).rows;
    expect(stages).toMatchObject({ kind: 'bar', title: 'Open pipeline by stage', format: { kind: 'money', currency: 'USD' } });
    expect(stages?.categories).toEqual(rows.map((row) => row[0]?.replace(/ \d+%$/, '')));
    expect(stages?.series[0]?.values).toEqual(rows.map((row) => parseMoney(row[2] ?? '')));
  });

  it('/funnel charts the deals that entered each stage; /leaderboard ranks in the table order; in Chinese too', async () => {
    const funnel = (await demo.run('/funnel team', 'mike')).screen;
    const [entered] = chartsOf(funnel);
    const rows = table(funnel.blocks).rows;
    expect(entered).toMatchObject({ kind: 'hbar', format: { kind: 'count' } });
    expect(entered?.categories).toEqual(rows.map((row) => row[0]));
    expect(entered?.series[0]?.values).toEqual(rows.map((row) => Number(row[1])));

    const board = (await demo.run('/leaderboard won', 'mike')).screen;
    const [ranking] = chartsOf(board);
    expect(ranking).toMatchObject({ kind: 'hbar', title: 'Ranking: Won', format: { kind: 'money', currency: 'USD' } });
    expect(ranking?.categories).toEqual(table(board.blocks).rows.map((row) => row[1]));

    expect(chartsOf((await demo.run('/leaderboard won', 'alice')).screen)).toEqual([]);
    const zh = chartsOf((await demo.run('/forecast team', 'jing.chen')).screen);
    expect(zh[0]).toMatchObject({ title: '预测与配额对比', locale: 'zh-CN' });
  });
});
