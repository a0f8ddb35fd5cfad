import { describe, expect, it } from 'vitest';
import { attainment, ratioPercent, weightedMinor } from '../../src/domain/reports.js';

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
