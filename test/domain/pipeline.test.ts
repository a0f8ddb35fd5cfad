import { describe, expect, it } from 'vitest';
import { forecastFigures, summarizePipeline, type CategoryRowInput, type PipelineRowInput } from '../../src/domain/pipeline.js';
import { DEFAULT_STAGES } from '../../src/domain/stages.js';

const NOW = new Date('2026-11-23T15:00:00Z');
const DAY = 86_400_000;

const row = (over: Partial<PipelineRowInput> & Pick<PipelineRowInput, 'stage'>): PipelineRowInput => ({
  currency: 'USD',
  count: 1,
  sumMinor: 0,
  oldestEnteredAt: null,
  staleCount: 0,
  ...over,
});

describe('summarizePipeline', () => {
  it('has a line per open stage with count, sum, weighted sum, oldest days and stale deals, in one currency', () => {
    const summary = summarizePipeline(
      [
        row({ stage: 'proposal', count: 2, sumMinor: 1_005, oldestEnteredAt: new Date(NOW.getTime() - 3 * DAY - 1), staleCount: 1 }),
        row({ stage: 'proposal', count: 1, sumMinor: 10, oldestEnteredAt: new Date(NOW.getTime() - 10 * DAY + 1), staleCount: 2 }),
        row({ stage: 'proposal', count: 4, sumMinor: 99_999, currency: 'EUR', oldestEnteredAt: new Date(NOW.getTime() - 99 * DAY) }),
        row({ stage: 'lead', count: 3, sumMinor: 15 }),
        row({ stage: 'won', count: 5, sumMinor: 1_000_000 }),
      ],
      DEFAULT_STAGES,
      'USD',
      NOW,
    );
    expect(summary.currency).toBe('USD');
    expect(summary.lines.map((line) => line.stage.key)).toEqual(['lead', 'qualified', 'needs_analysis', 'proposal', 'negotiation']);
    const figures = summary.lines.map(({ count, sumMinor, weightedMinor, oldestDays, staleCount }) => ({
      count,
      sumMinor,
      weightedMinor,
      oldestDays,
      staleCount,
    }));
    expect(figures).toEqual([
      { count: 3, sumMinor: 15, weightedMinor: 2, oldestDays: null, staleCount: 0 }, // 1.5 → 2
      { count: 0, sumMinor: 0, weightedMinor: 0, oldestDays: null, staleCount: 0 },
      { count: 0, sumMinor: 0, weightedMinor: 0, oldestDays: null, staleCount: 0 },
      { count: 3, sumMinor: 1_015, weightedMinor: 609, oldestDays: 9, staleCount: 3 }, // 609.0; 9.99 days → 9
      { count: 0, sumMinor: 0, weightedMinor: 0, oldestDays: null, staleCount: 0 },
    ]);
    expect(summary.total).toEqual({ currency: 'USD', count: 6, sumMinor: 1_030, weightedMinor: 611 });
  });

  it('takes the oldest entry whatever the row order, and never counts negative days', () => {
    const older = new Date(NOW.getTime() - 5 * DAY);
    const newer = new Date(NOW.getTime() - 2 * DAY);
    const oldest = (rows: PipelineRowInput[]) =>
      summarizePipeline(rows, DEFAULT_STAGES, 'USD', NOW).lines.find((l) => l.stage.key === 'lead')?.oldestDays;
    expect(oldest([row({ stage: 'lead', oldestEnteredAt: older }), row({ stage: 'lead', oldestEnteredAt: newer })])).toBe(5);
    expect(oldest([row({ stage: 'lead', oldestEnteredAt: newer }), row({ stage: 'lead', oldestEnteredAt: older })])).toBe(5);
    expect(oldest([row({ stage: 'lead', oldestEnteredAt: newer }), row({ stage: 'lead', oldestEnteredAt: null })])).toBe(2);
    expect(oldest([row({ stage: 'lead', oldestEnteredAt: new Date(NOW.getTime() + DAY) })])).toBe(0);
    expect(oldest([row({ stage: 'lead', oldestEnteredAt: NOW })])).toBe(0);
  });
});

describe('forecastFigures', () => {
  const cat = (category: string, stage: string, sumMinor: number, count = 1, currency = 'USD'): CategoryRowInput => ({
    category,
    stage,
    currency,
    count,
    sumMinor,
  });

  it('adds closed, commit and best case, and weights the open pipeline per stage, leaving out omitted deals', () => {
    const figures = forecastFigures(
      { count: 2, sumMinor: 10_000 },
      [
        cat('commit', 'negotiation', 3_000, 2),
        cat('commit', 'proposal', 1_005),
        cat('best', 'proposal', 2_000, 3),
        cat('pipeline', 'lead', 15, 4),
        cat('pipeline', 'lead', 10, 1),
        cat('omit', 'negotiation', 50_000, 7),
        cat('commit', 'negotiation', 80_000, 9, 'EUR'),
      ],
      DEFAULT_STAGES,
      'USD',
    );
    expect(figures).toEqual({
      currency: 'USD',
      closedMinor: 10_000,
      closedCount: 2,
      commitMinor: 4_005,
      bestMinor: 2_000,
      pipelineMinor: 25,
      // lead 25 × 10 % = 2.5 → 3; proposal 3,005 × 60 % = 1,803; negotiation 3,000 × 80 % = 2,400.
      weightedOpenMinor: 4_206,
      counts: { commit: 3, best: 3, pipeline: 5 },
      commitForecastMinor: 14_005,
      bestCaseForecastMinor: 16_005,
      weightedForecastMinor: 14_206,
    });
  });

  it('is the closed amount alone with nothing open', () => {
    expect(forecastFigures({ count: 0, sumMinor: 0 }, [], DEFAULT_STAGES, 'USD')).toEqual({
      currency: 'USD',
      closedMinor: 0,
      closedCount: 0,
      commitMinor: 0,
      bestMinor: 0,
      pipelineMinor: 0,
      weightedOpenMinor: 0,
      counts: { commit: 0, best: 0, pipeline: 0 },
      commitForecastMinor: 0,
      bestCaseForecastMinor: 0,
      weightedForecastMinor: 0,
    });
  });

  it('does not weight rows of closed stages', () => {
    expect(forecastFigures({ count: 0, sumMinor: 0 }, [cat('pipeline', 'won', 1_000)], DEFAULT_STAGES, 'USD').weightedOpenMinor).toBe(0);
  });
});
