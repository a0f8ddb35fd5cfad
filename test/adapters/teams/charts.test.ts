// Charts on Teams: the real Teams adapter over HTTP (anonymous mode), against the fake connector. Each card
// is checked against the Adaptive Cards schema, Teams' chart elements included (test/support/adaptive-cards.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOn } from '../../support/databases.js';
import { TEAMS_USERS, startTeamsHarness, type TeamsHarness } from '../../support/teams-server.js';

type Element = { type: string; title?: string; data?: unknown[] };
const chartsIn = (card: unknown): Element[] =>
  ((card as { body?: Element[] }).body ?? []).filter((element) => element.type.startsWith('Chart.'));

describeOn('sqlite')('charts on Teams', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness('sqlite');
  });
  afterAll(() => h.close());

  it('/forecast, /pipeline and /leaderboard answer with native chart elements, in English and Chinese', async () => {
    const forecast = await h.say('forecast team', TEAMS_USERS.mike);
    expect(forecast.status).toBe(200);
    expect(chartsIn(forecast.card).map((c) => [c.type, c.title])).toEqual([
      ['Chart.VerticalBar', 'Forecast against quota (USD)'],
      ['Chart.Line', 'Won by week (weeks from Monday) (USD)'],
    ]);
    expect(chartsIn((await h.say('pipeline team', TEAMS_USERS.mike)).card).map((c) => c.type)).toEqual(['Chart.VerticalBar']);
    const board = chartsIn((await h.say('leaderboard won', TEAMS_USERS.mike)).card);
    expect(board.map((c) => c.type)).toEqual(['Chart.HorizontalBar']);
    expect(board[0]?.data?.length).toBeGreaterThan(1);
    const zh = chartsIn((await h.say('forecast', TEAMS_USERS['wei.zhang'])).card);
    expect(zh[0]?.title).toBe('预测与配额对比 (USD)');
    expect(h.cards.length).toBe(4);
  });
});
