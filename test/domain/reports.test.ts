import { describe, expect, it } from 'vitest';
import { attainment, ratioPercent, roundDiv, toSafeNumber, weightedMinor } from '../../src/domain/reports.js';

describe('report arithmetic', () => {
  it('rounds attainment half away from zero exactly, where floating point would not', () => {
    // 50,050 / 100,000 = 50.05 %: binary floating point gives 500.4999… tenths and would show 50 %.
    expect(ratioPercent(5_005_000, 10_000_000)).toBe(50.1);
    expect(attainment(10_000_000, 5_005_000, 0, 0.5).attainmentPct).toBe(50.1);
    expect(ratioPercent(1, 0)).toBeNull();
  });

  it('weights a stage total once, rounding half away from zero', () => {
    expect(weightedMinor(5, 10)).toBe(1); // 0.5 → 1
    expect(weightedMinor(4, 10)).toBe(0); // 0.4 → 0
    expect(weightedMinor(12_345_678_901, 60)).toBe(7_407_407_341); // 7,407,407,340.6
  });

  it('reports pace and coverage against an even earning rate', () => {
    const a = attainment(30_000_000, 12_000_000, 54_000_000, 0.5);
    expect(a).toMatchObject({ gapMinor: 18_000_000, expectedToDateMinor: 15_000_000, paceDeltaMinor: -3_000_000, coverage: 3 });
    expect(attainment(100, 150, 10, 1).coverage).toBeNull();
  });
});

describe('roundDiv and toSafeNumber', () => {
  it('rounds a quotient half away from zero, whatever the signs', () => {
    expect(roundDiv(5n, 2n)).toBe(3n);
    expect(roundDiv(-5n, 2n)).toBe(-3n);
    expect(roundDiv(5n, -2n)).toBe(-3n);
    expect(roundDiv(-5n, -2n)).toBe(3n);
    expect(roundDiv(7n, 3n)).toBe(2n); // 2.33 → 2
    expect(roundDiv(-7n, 3n)).toBe(-2n);
    expect(roundDiv(8n, 3n)).toBe(3n); // 2.67 → 3
    expect(roundDiv(-8n, -3n)).toBe(3n);
    expect(roundDiv(0n, -4n)).toBe(0n);
    expect(roundDiv(6n, 3n)).toBe(2n);
  });

  it('converts safe integers and refuses larger ones, saying which', () => {
    expect(toSafeNumber(9_007_199_254_740_991n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(toSafeNumber(-9_007_199_254_740_991n)).toBe(-Number.MAX_SAFE_INTEGER);
    expect(() => toSafeNumber(9_007_199_254_740_992n)).toThrow(new RangeError('amount 9007199254740992 is beyond safe integer range'));
    expect(() => toSafeNumber(-9_007_199_254_740_992n)).toThrow(RangeError);
  });

  it('weights negative and bigint totals the same way', () => {
    expect(weightedMinor(-5, 10)).toBe(-1);
    expect(weightedMinor(-4, 10)).toBe(0);
    expect(weightedMinor(15n, 10)).toBe(2); // 1.5 → 2
    expect(weightedMinor(1_000, 100)).toBe(1_000);
    expect(weightedMinor(1_000, 0)).toBe(0);
  });
});

describe('attainment', () => {
  it('is exactly 100 % with no gap and no coverage when the quota is met to the cent', () => {
    expect(attainment(10_000, 10_000, 5_000, 1)).toEqual({
      quotaMinor: 10_000,
      closedMinor: 10_000,
      attainmentPct: 100,
      gapMinor: 0,
      expectedToDateMinor: 10_000,
      paceDeltaMinor: 0,
      coverage: null,
    });
  });

  it('one cent short leaves a one-cent gap and coverage of the open pipeline over it', () => {
    expect(attainment(10_000, 9_999, 5, 1)).toMatchObject({ attainmentPct: 100, gapMinor: 1, coverage: 5 });
  });

  it('keeps the gap at zero above the quota and reports the overshoot as ahead of pace', () => {
    expect(attainment(10_000, 12_500, 0, 0.5)).toEqual({
      quotaMinor: 10_000,
      closedMinor: 12_500,
      attainmentPct: 125,
      gapMinor: 0,
      expectedToDateMinor: 5_000,
      paceDeltaMinor: 7_500,
      coverage: null,
    });
  });

  it('expects nothing before the period and the whole quota after it', () => {
    expect(attainment(10_000, 1_000, 0, -0.25)).toMatchObject({ expectedToDateMinor: 0, paceDeltaMinor: 1_000 });
    expect(attainment(10_000, 1_000, 0, 0)).toMatchObject({ expectedToDateMinor: 0, paceDeltaMinor: 1_000 });
    expect(attainment(10_000, 1_000, 0, 1.5)).toMatchObject({ expectedToDateMinor: 10_000, paceDeltaMinor: -9_000 });
    expect(attainment(10_001, 0, 0, 0.5).expectedToDateMinor).toBe(5_001); // 5,000.5 → 5,001
  });

  it('has no attainment without a quota, and coverage to one decimal', () => {
    expect(attainment(0, 500, 100, 0.5)).toMatchObject({ attainmentPct: null, gapMinor: 0, coverage: null });
    expect(attainment(3_000, 0, 1_000, 0.5).coverage).toBe(0.3); // 0.333…
    expect(attainment(3_000, 0, 2_000, 0.5).coverage).toBe(0.7); // 0.666…
    expect(attainment(3_000, 0, 0, 0.5).coverage).toBe(0);
  });
});
