/**
 * When slots fall due. Pure: instants in, instants out; no database, no clock of its own.
 *
 * A slot is due from its instant until `catchUpMinutes` after it, so a runner ticking every minute
 * sees it on the first tick at or after its time and, if the bot was down then, on the first tick
 * after it came back — delivered late, not skipped — as long as that is within the catch-up window.
 * The runner's slot table makes the repeated sightings harmless.
 */
import { addDays, isoWeekdayOf, utcMidnightToDate, zonedTimeToUtc, type CalendarDate } from '../domain/calendar.js';

/** A slot seen within this long after its time is on time, not late (a tick is not instantaneous). */
export const ON_TIME_MINUTES = 2;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export type SlotInstant = { slotAt: Date; late: boolean };

export function isLate(slotAt: Date, now: Date, onTimeMinutes: number = ON_TIME_MINUTES): boolean {
  return now.getTime() - slotAt.getTime() > onTimeMinutes * MINUTE_MS;
}

export type DailySchedule = {
  now: Date;
  /** IANA zone whose wall clock the schedule follows. */
  timeZone: string;
  /** Local "HH:mm". A time skipped by a spring-forward falls at the same distance after the change (02:30 → 03:30). */
  localTime: string;
  /** ISO weekdays of the local date, 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[];
  /** How long after its time a missed slot is still delivered (late); 0 = only on time. */
  catchUpMinutes: number;
  onTimeMinutes?: number;
};

/**
 * The slots of a daily local-time schedule that are due at `now`, oldest first: the instants of
 * `localTime` on each local date with an allowed weekday, at or before `now` and no more than
 * `catchUpMinutes` (at least the on-time tolerance) before it. Each local date has one instant,
 * including the day a fall-back repeats the hour (the first occurrence is used).
 */
export function dailySlotsDue(schedule: DailySchedule): (SlotInstant & { localDate: CalendarDate })[] {
  const { now, timeZone, localTime, weekdays } = schedule;
  const onTime = schedule.onTimeMinutes ?? ON_TIME_MINUTES;
  const windowMs = catchUpWindowMs(schedule.catchUpMinutes, onTime);
  for (const day of weekdays)
    if (!Number.isInteger(day) || day < 1 || day > 7) throw new RangeError(`weekdays must be 1 (Monday) … 7 (Sunday), got ${day}`);
  // The local date of `now` is the UTC date ± 1 (offsets are within ±14 h); a slot on the local date
  // k days back is at least (k − 1) days (less an hour of DST) old.
  const utcToday = utcMidnightToDate(now);
  const due: (SlotInstant & { localDate: CalendarDate })[] = [];
  for (let back = Math.ceil(windowMs / DAY_MS) + 2; back >= -1; back--) {
    const localDate = addDays(utcToday, -back);
    if (!weekdays.includes(isoWeekdayOf(localDate))) continue;
    const slotAt = slotInstant(localDate, localTime, timeZone);
    const age = now.getTime() - slotAt.getTime();
    if (age >= 0 && age <= windowMs) due.push({ slotAt, late: isLate(slotAt, now, onTime), localDate });
  }
  return due;
}

export type IntervalSchedule = {
  now: Date;
  /** When the clock started, e.g. the request's creation. */
  since: Date;
  /** First slot this long after `since` (e.g. 24 h for a reminder). */
  afterMinutes: number;
  /** Then again every this many minutes; unset: once. */
  everyMinutes?: number;
  catchUpMinutes: number;
  onTimeMinutes?: number;
};

/**
 * The slots of an interval schedule that are due at `now`, oldest first: `since + afterMinutes`
 * (then every `everyMinutes`), at or before `now` and within the catch-up window.
 */
export function elapsedSlots(schedule: IntervalSchedule): SlotInstant[] {
  const { now, since, afterMinutes, everyMinutes } = schedule;
  const onTime = schedule.onTimeMinutes ?? ON_TIME_MINUTES;
  const windowMs = catchUpWindowMs(schedule.catchUpMinutes, onTime);
  if (!(afterMinutes >= 0) || !Number.isFinite(afterMinutes))
    throw new RangeError(`afterMinutes must be a number ≥ 0, got ${afterMinutes}`);
  if (everyMinutes !== undefined && !(everyMinutes > 0 && Number.isFinite(everyMinutes)))
    throw new RangeError(`everyMinutes must be a number > 0, got ${everyMinutes}`);
  const first = since.getTime() + afterMinutes * MINUTE_MS;
  const last = now.getTime();
  if (Number.isNaN(first) || Number.isNaN(last)) throw new RangeError('Invalid Date');
  if (first > last) return [];
  const every = everyMinutes === undefined ? undefined : everyMinutes * MINUTE_MS;
  const [fromIndex, toIndex] =
    every === undefined ? [0, 0] : [Math.max(0, Math.ceil((last - windowMs - first) / every)), Math.floor((last - first) / every)];
  const due: SlotInstant[] = [];
  for (let index = fromIndex; index <= toIndex; index++) {
    const slotAt = new Date(first + index * (every ?? 0));
    if (last - slotAt.getTime() <= windowMs) due.push({ slotAt, late: isLate(slotAt, now, onTime) });
  }
  return due;
}

// Parsed where the digest schedule (domain/) needs it; exported here too for the jobs that read digestDays.
export { parseIsoWeekdays } from '../domain/digest-schedule.js';

// Time-zone conversion is the costly part (a millisecond) and each tick asks again for every
// recipient; the answer for a date, time and zone never changes, so it is remembered.
const slotInstants = new Map<string, number>();
const MAX_REMEMBERED = 50_000;

function slotInstant(date: CalendarDate, localTime: string, timeZone: string): Date {
  const key = `${timeZone} ${date} ${localTime}`;
  let ms = slotInstants.get(key);
  if (ms === undefined) {
    ms = zonedTimeToUtc(date, localTime, timeZone).getTime();
    if (slotInstants.size >= MAX_REMEMBERED) slotInstants.clear();
    slotInstants.set(key, ms);
  }
  return new Date(ms);
}

function catchUpWindowMs(catchUpMinutes: number, onTimeMinutes: number): number {
  if (!(catchUpMinutes >= 0) || !Number.isFinite(catchUpMinutes))
    throw new RangeError(`catchUpMinutes must be a number ≥ 0, got ${catchUpMinutes}`);
  return Math.max(catchUpMinutes, onTimeMinutes) * MINUTE_MS;
}
