/**
 * Pipeline and forecast arithmetic over aggregated rows in one currency: the use cases convert rows into
 * the reporting currency first (domain/exchange.ts); a row left in another currency (no rate) is not added.
 */
import type { StageDef } from './stages.js';
import { weightedMinor } from './reports.js';

export type PipelineRowInput = {
  stage: string;
  currency: string;
  count: number;
  sumMinor: number;
  oldestEnteredAt: Date | null;
  staleCount: number;
};

export type PipelineStageLine = {
  stage: StageDef;
  count: number;
  sumMinor: number;
  weightedMinor: number;
  oldestDays: number | null;
  staleCount: number;
};
export type CurrencyTotals = { currency: string; count: number; sumMinor: number; weightedMinor: number };
export type PipelineSummary = { currency: string; lines: PipelineStageLine[]; total: CurrencyTotals };

const DAY_MS = 86_400_000;

export function summarizePipeline(
  rows: readonly PipelineRowInput[],
  stages: readonly StageDef[],
  currency: string,
  now: Date,
): PipelineSummary {
  const open = stages.filter((stage) => stage.kind === 'open');
  const lines = open.map((stage) => {
    const matching = rows.filter((row) => row.stage === stage.key && row.currency === currency);
    const sum = matching.reduce((total, row) => total + row.sumMinor, 0);
    const oldest = matching.reduce<Date | null>(
      (min, row) => (row.oldestEnteredAt && (!min || row.oldestEnteredAt < min) ? row.oldestEnteredAt : min),
      null,
    );
    return {
      stage,
      count: matching.reduce((total, row) => total + row.count, 0),
      sumMinor: sum,
      weightedMinor: weightedMinor(sum, stage.probability),
      oldestDays: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / DAY_MS)) : null,
      staleCount: matching.reduce((total, row) => total + row.staleCount, 0),
    };
  });
  const total = {
    currency,
    count: lines.reduce((n, line) => n + line.count, 0),
    sumMinor: lines.reduce((n, line) => n + line.sumMinor, 0),
    weightedMinor: lines.reduce((n, line) => n + line.weightedMinor, 0),
  };
  return { currency, lines, total };
}

export type CategoryRowInput = { category: string; stage: string; currency: string; count: number; sumMinor: number };

export type ForecastFigures = {
  currency: string;
  closedMinor: number;
  closedCount: number;
  commitMinor: number;
  bestMinor: number;
  pipelineMinor: number;
  /** Σ over open, non-omitted deals of amount × stage probability (rounded per stage). */
  weightedOpenMinor: number;
  counts: { commit: number; best: number; pipeline: number };
  /** closed + commit */
  commitForecastMinor: number;
  /** closed + commit + best */
  bestCaseForecastMinor: number;
  /** closed + weighted open pipeline */
  weightedForecastMinor: number;
};

export function forecastFigures(
  closed: { count: number; sumMinor: number },
  rows: readonly CategoryRowInput[],
  stages: readonly StageDef[],
  currency: string,
): ForecastFigures {
  const mine = rows.filter((row) => row.currency === currency && row.category !== 'omit');
  const sumOf = (category: string) => mine.filter((row) => row.category === category).reduce((n, row) => n + row.sumMinor, 0);
  const countOf = (category: string) => mine.filter((row) => row.category === category).reduce((n, row) => n + row.count, 0);
  const weightedOpen = stages
    .filter((stage) => stage.kind === 'open')
    .reduce(
      (n, stage) =>
        n +
        weightedMinor(
          mine.filter((row) => row.stage === stage.key).reduce((s, row) => s + row.sumMinor, 0),
          stage.probability,
        ),
      0,
    );
  const commit = sumOf('commit');
  const best = sumOf('best');
  return {
    currency,
    closedMinor: closed.sumMinor,
    closedCount: closed.count,
    commitMinor: commit,
    bestMinor: best,
    pipelineMinor: sumOf('pipeline'),
    weightedOpenMinor: weightedOpen,
    counts: { commit: countOf('commit'), best: countOf('best'), pipeline: countOf('pipeline') },
    commitForecastMinor: closed.sumMinor + commit,
    bestCaseForecastMinor: closed.sumMinor + commit + best,
    weightedForecastMinor: closed.sumMinor + weightedOpen,
  };
}
