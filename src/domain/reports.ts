import { percentOf } from './money.js';

/**
 * Report arithmetic on integer minor units. Sums use BigInt so that many large deals times a
 * probability never lose precision; results are rounded half away from zero once, at the end.
 */

export function roundDiv(numerator: bigint, denominator: bigint): bigint {
  // Stryker disable EqualityOperator: `<= 0n` for `< 0n` only differs at zero, which is its own negation
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  // Stryker restore EqualityOperator
  const quotient = (n * 2n + d) / (2n * d);
  return negative ? -quotient : quotient;
}

type Summable = { count: number; sumMinor: number };

/**
 * Rows with the same `keyOf` summed into one: the first row of a key, as `shape` makes it, with every
 * later row's count and sum added (`combine` merges anything else a row carries). How sliced rows merge
 * back into the unsliced query's rows, and how finer groups (by owner, category…) give coarser ones.
 */
export function sumRowsBy<R extends Summable, T extends Summable>(
  rows: readonly R[],
  keyOf: (row: R) => string,
  shape: (row: R) => T,
  combine: (into: T, row: R) => T = (into) => into,
): T[] {
  const sums = new Map<string, T>();
  for (const row of rows) {
    const key = keyOf(row);
    const known = sums.get(key);
    sums.set(key, known ? combine({ ...known, count: known.count + row.count, sumMinor: known.sumMinor + row.sumMinor }, row) : shape(row));
  }
  return [...sums.values()];
}

/** Rows by a key (a team, an owner, or none), each group in the rows' order. */
export function groupRows<T, K>(rows: readonly T[], keyOf: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

export function toSafeNumber(value: bigint): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw new RangeError(`amount ${value} is beyond safe integer range`);
  return result;
}

/** Weighted value of a stage's total: sum × probability%, rounded once. */
export function weightedMinor(sumMinor: number | bigint, probability: number): number {
  return toSafeNumber(roundDiv(BigInt(sumMinor) * BigInt(probability), 100n));
}

/** Percentage of part in whole to one decimal, rounded half away from zero exactly; null when whole is zero. */
export function ratioPercent(part: number, whole: number): number | null {
  return percentOf(part, whole);
}

export type Attainment = {
  quotaMinor: number;
  closedMinor: number;
  /** closed / quota in %, one decimal; null without a quota. */
  attainmentPct: number | null;
  gapMinor: number;
  /** What should be closed by today if the quota were earned evenly over the period. */
  expectedToDateMinor: number;
  /** closed - expected: positive is ahead of pace. */
  paceDeltaMinor: number;
  /** Open pipeline in the period / gap, e.g. 3.1 (×); null when the gap is closed. */
  coverage: number | null;
};

export function attainment(quotaMinor: number, closedMinor: number, openPipelineMinor: number, elapsedFraction: number): Attainment {
  const expected = Math.round(quotaMinor * Math.min(1, Math.max(0, elapsedFraction)));
  const gap = Math.max(0, quotaMinor - closedMinor);
  return {
    quotaMinor,
    closedMinor,
    attainmentPct: ratioPercent(closedMinor, quotaMinor),
    gapMinor: gap,
    expectedToDateMinor: expected,
    paceDeltaMinor: closedMinor - expected,
    coverage: gap === 0 ? null : Math.round((openPipelineMinor / gap) * 10) / 10,
  };
}
