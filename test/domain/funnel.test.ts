import { describe, expect, it } from 'vitest';
import { funnelFigures, msToDays, sliceVolume, type ClosedRow, type StageFlowRow } from '../../src/domain/funnel.js';
import { DEFAULT_STAGES } from '../../src/domain/stages.js';

const DAY = 86_400_000;

const flowRow = (stage: string, over: Partial<StageFlowRow> = {}): StageFlowRow => ({
  slice: '',
  stage,
  entered: 0,
  movedOn: 0,
  lostThere: 0,
  wonLater: 0,
  stays: 0,
  medianStayMs: null,
  ...over,
});

const closedRow = (stage: string, currency: string, count: number, sumMinor: number): ClosedRow => ({
  slice: '',
  stage,
  currency,
  closeDate: '2026-11-16',
  count,
  sumMinor,
});

const figures = (over: Partial<Parameters<typeof funnelFigures>[0]> = {}) =>
  funnelFigures({
    stages: DEFAULT_STAGES,
    currency: 'USD',
    flow: [],
    closed: [],
    converted: [],
    cycle: undefined,
    lostReasons: [],
    ...over,
  });

describe('funnelFigures', () => {
  it('has a line per open stage, and no rate, average or cycle when nothing happened', () => {
    const result = figures();
    expect(result.lines.map((line) => line.stage.key)).toEqual(['lead', 'qualified', 'needs_analysis', 'proposal', 'negotiation']);
    expect(result.lines[0]).toMatchObject({ entered: 0, movedOn: 0, lostThere: 0, nextPct: null, wonPct: null, medianDays: null });
    expect(result).toMatchObject({ won: 0, lost: 0, winRatePct: null, winRateAmountPct: null, avgWonMinor: null, medianCycleDays: null });
    expect(result.lostReasons).toEqual([]);
  });

  it('turns the flow counts into conversions to the next stage and to Won, and medians into days with one decimal', () => {
    const result = figures({
      flow: [flowRow('proposal', { entered: 3, movedOn: 2, lostThere: 1, wonLater: 1, stays: 2, medianStayMs: 2.25 * DAY })],
    });
    expect(result.lines.find((line) => line.stage.key === 'proposal')).toMatchObject({
      entered: 3,
      movedOn: 2,
      lostThere: 1,
      nextPct: 66.7,
      wonPct: 33.3,
      medianDays: 2.3,
    });
  });

  it('counts every closed deal for the win rate by count, and only amounts with a rate for the win rate by amount and the average', () => {
    const closed = [
      closedRow('won', 'USD', 2, 1_001),
      closedRow('won', 'EUR', 1, 999_999),
      closedRow('lost', 'USD', 3, 3_003),
      closedRow('proposal', 'USD', 4, 8_000),
    ];
    // The EUR win had no rate: convertClosed left it out.
    const converted = [closedRow('won', 'USD', 2, 1_001), closedRow('lost', 'USD', 3, 3_003)];
    const result = figures({ closed, converted });
    expect(result).toMatchObject({ won: 3, lost: 3, winRatePct: 50, wonMinor: 1_001, lostMinor: 3_003, winRateAmountPct: 25 });
    expect(result.avgWonMinor).toBe(501);
    expect(figures({ closed: [closedRow('lost', 'USD', 2, 10)], converted: [closedRow('lost', 'USD', 2, 10)] }).winRatePct).toBe(0);
    expect(figures({ closed: [closedRow('won', 'EUR', 1, 10)], converted: [] }).avgWonMinor).toBeNull();
  });

  it('rounds the median cycle to whole days, and lists lost reasons most frequent first', () => {
    expect(figures({ cycle: { slice: '', won: 2, medianCycleMs: 7.5 * DAY } }).medianCycleDays).toBe(8);
    expect(figures({ cycle: { slice: '', won: 1, medianCycleMs: 1.4 * DAY } }).medianCycleDays).toBe(1);
    expect(
      figures({
        lostReasons: [
          { slice: '', reason: 'Budget', count: 1 },
          { slice: '', reason: null, count: 1 },
          { slice: '', reason: 'Price', count: 2 },
        ],
      }).lostReasons,
    ).toEqual([
      { reason: 'Price', count: 2 },
      { reason: null, count: 1 },
      { reason: 'Budget', count: 1 },
    ]);
  });

  it('measures a slice by its stage entries and closed deals', () => {
    const result = figures({
      flow: [flowRow('lead', { entered: 4 }), flowRow('proposal', { entered: 2 })],
      closed: [closedRow('won', 'USD', 1, 5), closedRow('lost', 'USD', 2, 5)],
    });
    expect(sliceVolume(result)).toBe(9);
  });
});

describe('msToDays', () => {
  it('rounds half up to whole days or one decimal', () => {
    expect(msToDays(0.5 * DAY, 0)).toBe(1);
    expect(msToDays(0.49 * DAY, 0)).toBe(0);
    expect(msToDays(1.25 * DAY, 1)).toBe(1.3);
    expect(msToDays(12 * DAY, 1)).toBe(12);
  });
});
