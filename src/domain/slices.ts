/**
 * Reports sliced by the deal's source channel or its team's region (`/pipeline … by channel`,
 * `/forecast … by region`, the digest's line per channel). The sums come grouped by slice from SQL
 * (store/slices.ts); this file only regroups them. The whole of a sliced report is read from the same
 * rows merged back to the unsliced report's grouping, so it equals the unsliced report to the minor unit.
 */
import type { FunnelSliceBy } from './funnel.js';
import { sumRowsBy } from './reports.js';

/** The slicings every report offers: the deal's source channel, its team's region ('' when none). */
export type ReportSliceBy = Extract<FunnelSliceBy, 'channel' | 'region'>;

export const REPORT_SLICES: readonly ReportSliceBy[] = ['channel', 'region'];

type Summable = { count: number; sumMinor: number };

/**
 * Rows of every slice merged into the rows the unsliced query would have returned: those with the same
 * `keyOf` add their counts and sums (`combine` merges anything else a row carries).
 */
export function mergeSlices<T extends Summable & { slice: string }>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  combine: (into: Omit<T, 'slice'>, row: T) => Omit<T, 'slice'> = (into) => into,
): Omit<T, 'slice'>[] {
  return sumRowsBy(rows, keyOf, ({ slice: _slice, ...rest }) => rest, combine);
}

/** Rows grouped by their slice, each slice's rows without the slice. */
export function bySlice<T extends { slice: string }>(rows: readonly T[]): Map<string, Omit<T, 'slice'>[]> {
  const groups = new Map<string, Omit<T, 'slice'>[]>();
  for (const { slice, ...rest } of rows) {
    const group = groups.get(slice);
    if (group) group.push(rest);
    else groups.set(slice, [rest]);
  }
  return groups;
}

/** Largest first by `size`; the slice without a region (or any '' key) after the named ones of the same size, then by name. */
export function orderSlices<T extends { key: string }>(slices: readonly T[], size: (slice: T) => number): T[] {
  return [...slices].sort((a, b) => size(b) - size(a) || Number(a.key === '') - Number(b.key === '') || a.key.localeCompare(b.key));
}

type PipelineRow = Summable & { slice: string; stage: string; currency: string; oldestEnteredAt: Date | null; staleCount: number };

/** Pipeline rows of every slice as the unsliced pipeline reads them: per stage and currency. */
export function wholePipelineRows<T extends PipelineRow>(rows: readonly T[]): Omit<T, 'slice'>[] {
  return mergeSlices(
    rows,
    (row) => `${row.stage} ${row.currency}`,
    (into, row) => ({
      ...into,
      staleCount: into.staleCount + row.staleCount,
      oldestEnteredAt:
        into.oldestEnteredAt && row.oldestEnteredAt && row.oldestEnteredAt < into.oldestEnteredAt
          ? row.oldestEnteredAt
          : (into.oldestEnteredAt ?? row.oldestEnteredAt),
    }),
  );
}
