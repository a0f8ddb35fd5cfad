import { describe, expect, it } from 'vitest';
import { WEEKS_MAX, wonByWeek } from '../../src/domain/won-by-week.js';

describe('won by week', () => {
  it('adds each day to the week (from Monday) it falls in, every week present, nothing outside the period', () => {
    const rows = [
      { closeDate: '2026-10-01', sumMinor: 100 }, // Thursday: week of Sep 28
      { closeDate: '2026-10-04', sumMinor: 50 }, // Sunday: same week
      { closeDate: '2026-10-05', sumMinor: 7 }, // Monday: next week
      { closeDate: '2026-10-20', sumMinor: 3 },
      { closeDate: '2026-12-31', sumMinor: 9 }, // Thursday: week of Dec 28
      { closeDate: '2026-09-30', sumMinor: 1000 }, // before the period
      { closeDate: '2027-01-01', sumMinor: 1000 }, // after it
    ];
    const weeks = wonByWeek(rows, '2026-10-01', '2026-12-31', '2027-01-18');
    expect(weeks).toHaveLength(14);
    expect(weeks.slice(0, 4)).toEqual([
      { weekStart: '2026-09-28', sumMinor: 150 },
      { weekStart: '2026-10-05', sumMinor: 7 },
      { weekStart: '2026-10-12', sumMinor: 0 },
      { weekStart: '2026-10-19', sumMinor: 3 },
    ]);
    expect(weeks.at(-1)).toEqual({ weekStart: '2026-12-28', sumMinor: 9 });
    expect(weeks.reduce((sum, week) => sum + week.sumMinor, 0)).toBe(169);
  });

  it('keeps the last weeks of a long period', () => {
    const weeks = wonByWeek([{ closeDate: '2026-12-30', sumMinor: 5 }], '2026-01-01', '2026-12-31', '2027-01-18');
    expect(weeks).toHaveLength(WEEKS_MAX);
    expect(weeks.at(-1)).toEqual({ weekStart: '2026-12-28', sumMinor: 5 });
  });

  it('ends with the current week in a period not over yet: no week after today', () => {
    // Wednesday 2026-11-18: the week of Nov 16 is the last one shown.
    const weeks = wonByWeek([{ closeDate: '2026-11-16', sumMinor: 4 }], '2026-10-01', '2026-12-31', '2026-11-18');
    expect(weeks.at(-1)).toEqual({ weekStart: '2026-11-16', sumMinor: 4 });
    expect(weeks).toHaveLength(8);
    // A period that has not begun has no week yet.
    expect(wonByWeek([], '2027-01-01', '2027-03-31', '2026-11-18')).toEqual([]);
  });
});
