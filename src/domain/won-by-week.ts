/**
 * The trend of won amount by week, for the forecast's chart: the won sums the forecast already read (by
 * close date, converted to the reporting currency) added up per week, weeks starting on Monday, every
 * week of the period present (a week with nothing won is 0), so the line shows the gaps too.
 */
import { addDays, daysBetween, isoWeekdayOf, type CalendarDate } from './calendar.js';

export type WeekSum = { weekStart: CalendarDate; sumMinor: number };

/** At most this many weeks are shown: the last ones of a longer period. */
export const WEEKS_MAX = 24;

/** The weeks of `from`–`to` up to the one of `today` (a period not over yet has no weeks ahead; one not begun has none). */
export function wonByWeek(
  rows: readonly { closeDate: CalendarDate; sumMinor: number }[],
  from: CalendarDate,
  to: CalendarDate,
  today: CalendarDate,
): WeekSum[] {
  const last = today < to ? today : to;
  if (last < from) return [];
  const first = addDays(from, 1 - isoWeekdayOf(from));
  const weeks = Math.floor(daysBetween(first, last) / 7) + 1;
  const sums = Array.from({ length: Math.max(0, weeks) }, (_, i) => ({ weekStart: addDays(first, 7 * i), sumMinor: 0 }));
  for (const row of rows) {
    if (row.closeDate < from || row.closeDate > last) continue;
    const week = sums[Math.floor(daysBetween(first, row.closeDate) / 7)];
    if (week) week.sumMinor += row.sumMinor;
  }
  return sums.slice(-WEEKS_MAX);
}
