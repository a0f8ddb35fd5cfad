/**
 * Calendar dates, reporting periods and fiscal years.
 *
 * A calendar date is a plain `YYYY-MM-DD` string with no time zone: a close date is a day, not an
 * instant. "Today" only exists relative to a place, so it is always computed from an instant and an
 * IANA zone (a rep in Shanghai is already in tomorrow while a manager in New York is still in today).
 * Date arithmetic is done on UTC day numbers, which have no DST; only instant↔wall-clock conversions
 * go through the zone database (dayjs + Intl).
 *
 * Fiscal years are named after the calendar year in which they END: with an April start, FY2027 runs
 * 2026-04-01..2027-03-31; with a January start, FY2027 is calendar 2027. Fiscal Q1 begins at the start month.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import { DomainError } from './errors.js';

dayjs.extend(utc);
dayjs.extend(timezone);

// Reading typed dates and periods lives in its own module; it uses only functions from this one.
export { parseDate, parsePeriod } from './date-parsing.js';

export type CalendarDate = string;
export type DateContext = { now: Date; timeZone: string; fiscalYearStartMonth: number /* 1..12 */ };
export type PeriodKind = 'month' | 'quarter' | 'year';
export type Period = {
  kind: PeriodKind;
  key: string;
  start: CalendarDate;
  end: CalendarDate /* inclusive */;
  fiscalYear: number;
  quarter?: number;
};

const DAY_MS = 86_400_000;
/** Years a typed or stored date may have; anything outside is a typo (`20226-01-05`) or nonsense. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

// ---------------------------------------------------------------------------------------------
// Plain dates (UTC day numbers)

export type Ymd = { y: number; m: number; d: number };

export function daysInMonth(y: number, m: number): number {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}
function exists(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}
function ymd(y: number, m: number, d: number): CalendarDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
/** The calendar date of a year, month (1..12) and day, or undefined when there is no such day or the year is out of range. */
export function calendarDateOf(y: number, m: number, d: number): CalendarDate | undefined {
  return y >= MIN_YEAR && y <= MAX_YEAR && exists(y, m, d) ? ymd(y, m, d) : undefined;
}
function split(date: CalendarDate): Ymd {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [y, m, d] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  if (!match || !exists(y, m, d)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  return { y, m, d };
}
/** Year, month (1..12) and day of a calendar date; throws a RangeError on anything else. */
export function dateParts(date: CalendarDate): Ymd {
  return split(date);
}
function dayNumber(date: CalendarDate): number {
  const { y, m, d } = split(date);
  const value = new Date(0);
  value.setUTCFullYear(y, m - 1, d); // unlike Date.UTC, does not map years 0..99 to 19xx
  return value.getTime() / DAY_MS;
}
function fromDayNumber(days: number): CalendarDate {
  const value = new Date(days * DAY_MS);
  return ymd(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
}
function monthEnd(y: number, m: number): CalendarDate {
  return ymd(y, m, daysInMonth(y, m));
}
/** Shifts by whole months; a day past the target month's end clamps to it (Jan 31 + 1 month → Feb 28). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const { y, m, d } = split(date);
  const index = y * 12 + (m - 1) + months;
  const [ny, nm] = [Math.floor(index / 12), (index % 12) + 1];
  return ymd(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}
/** 1 = Monday … 7 = Sunday. */
export function isoWeekdayOf(date: CalendarDate): number {
  return ((new Date(dayNumber(date) * DAY_MS).getUTCDay() + 6) % 7) + 1;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(dayNumber(date) + days);
}
/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}
/** Dates are stored as the instant of UTC midnight of that day. */
export function dateToUtcMidnight(date: CalendarDate): Date {
  return new Date(dayNumber(date) * DAY_MS);
}
/** The UTC calendar day of a stored value (a value that is not exactly midnight keeps its UTC day). */
export function utcMidnightToDate(value: Date): CalendarDate {
  if (Number.isNaN(value.getTime())) throw new RangeError('Invalid Date');
  return fromDayNumber(Math.floor(value.getTime() / DAY_MS));
}

// ---------------------------------------------------------------------------------------------
// Time zones

/**
 * Zones Intl accepted. Checking builds an Intl.DateTimeFormat, which is slow and runs on every zoned
 * date (#14), so a valid zone is remembered; an invalid one is not (it is user input, and unbounded).
 */
const validTimeZones = new Set<string>();

export function isValidTimeZone(tz: string): boolean {
  if (validTimeZones.has(tz)) return true;
  if (!tz.trim()) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    return false;
  }
  validTimeZones.add(tz);
  return true;
}

/** One formatter per zone (a valid IANA zone: a few hundred at most), as building one is the slow part of Intl. */
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The zone's UTC offset at an instant, in whole minutes, from a remembered formatter's wall-clock parts.
 * dayjs' `.tz()` builds a new formatter through `toLocaleString` on every call and parses its text back:
 * 0.4 ms of CPU per chat command in a profile of the load benchmark (#14), where every command asks for
 * "today" at a new instant, which the answers remembered below cannot serve.
 */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormats.set(timeZone, format);
  }
  const wall: Record<string, number> = {};
  for (const part of format.formatToParts(ms)) if (part.type !== 'literal') wall[part.type] = Number(part.value);
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(wall.year ?? 1970, (wall.month ?? 1) - 1, wall.day ?? 1);
  asUtc.setUTCHours(wall.hour ?? 0, wall.minute ?? 0, wall.second ?? 0, 0);
  return Math.round((asUtc.getTime() - Math.floor(ms / 1000) * 1000) / 60_000);
}

function zoned(instant: Date | number, timeZone: string): dayjs.Dayjs {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  const offset = zoneOffsetMinutes(ms, timeZone);
  // dayjs reads an offset of at most 16 as hours: such an offset (local mean time before 1912) takes the slow path.
  return offset !== 0 && Math.abs(offset) <= 16 ? dayjs(ms).tz(timeZone) : dayjs.utc(ms).utcOffset(offset);
}

/**
 * The zone arithmetic below is pure, slow (dayjs' zone plugin formats through Intl on every call) and asked
 * the same few questions many times in a run: a 100-manager digest converted the same quarter bounds and
 * slot times thousands of times, half a second of a five-second run (#14). Answers are remembered, at most
 * ZONE_ANSWERS_MAX of them (the cache is emptied when full: its keys include what users type).
 */
const ZONE_ANSWERS_MAX = 4096;

function remembered<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (cache.size >= ZONE_ANSWERS_MAX) cache.clear();
  cache.set(key, value);
  return value;
}

type LocalTimeParts = { date: CalendarDate; hour: number; minute: number; isoWeekday: number };
const localParts = new Map<string, Readonly<LocalTimeParts>>();

/** Wall-clock date and time at `now` in `timeZone`; isoWeekday 1 = Monday … 7 = Sunday. */
export function localTimeParts(now: Date, timeZone: string): LocalTimeParts {
  const parts = remembered(localParts, `${String(now.getTime())} ${timeZone}`, () => {
    const local = zoned(now, timeZone);
    return Object.freeze({
      date: local.format('YYYY-MM-DD'),
      hour: local.hour(),
      minute: local.minute(),
      isoWeekday: ((local.day() + 6) % 7) + 1,
    });
  });
  return { ...parts };
}

export function todayIn(ctx: DateContext): CalendarDate {
  return localTimeParts(ctx.now, ctx.timeZone).date;
}

/**
 * The instant at which the wall clock in `timeZone` shows `hhmm` on `date`. Follows the usual
 * ("compatible") convention at DST changes: a time skipped by spring-forward is moved later by the
 * gap (02:30 → 03:30), and a time that occurs twice at fall-back resolves to the earlier instant.
 */
export function zonedTimeToUtc(date: CalendarDate, hhmm: string, timeZone: string): Date {
  return new Date(remembered(utcInstants, `${date} ${hhmm} ${timeZone}`, () => wallTimeToUtc(date, hhmm, timeZone).getTime()));
}

const utcInstants = new Map<string, number>();

function wallTimeToUtc(date: CalendarDate, hhmm: string, timeZone: string): Date {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  const [hour, minute] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || hour > 23 || minute > 59) throw new RangeError(`Not a time of day (HH:MM): ${hhmm}`);
  const wall = dateToUtcMidnight(date).getTime() + (hour * 60 + minute) * 60_000;
  const offsetAt = (ms: number): number => zoned(ms, timeZone).utcOffset() * 60_000;
  // Offsets in force a day either side of the wall time bracket any transition near it.
  const before = offsetAt(wall - DAY_MS);
  const after = offsetAt(wall + DAY_MS);
  const candidates = [wall - before, wall - after].filter((ms) => ms + offsetAt(ms) === wall);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  return new Date(wall - before); // in the gap: keep the pre-transition offset, i.e. shift later
}

// ---------------------------------------------------------------------------------------------
// Fiscal periods

function checkStartMonth(start: number): void {
  if (!Number.isInteger(start) || start < 1 || start > 12) throw new RangeError(`fiscalYearStartMonth must be 1..12, got ${start}`);
}
function fiscalYearOf(y: number, m: number, start: number): number {
  return start === 1 || m < start ? y : y + 1;
}
function fiscalYearStart(fiscalYear: number, start: number): CalendarDate {
  return ymd(start === 1 ? fiscalYear : fiscalYear - 1, start, 1);
}
function monthPeriod(y: number, m: number, start: number): Period {
  const key = `${y}-${String(m).padStart(2, '0')}`;
  return { kind: 'month', key, start: ymd(y, m, 1), end: monthEnd(y, m), fiscalYear: fiscalYearOf(y, m, start) };
}
function quarterPeriod(fiscalYear: number, quarter: number, start: number): Period {
  const first = addMonths(fiscalYearStart(fiscalYear, start), (quarter - 1) * 3);
  const end = addDays(addMonths(first, 3), -1);
  return { kind: 'quarter', key: `${fiscalYear}-Q${quarter}`, start: first, end, fiscalYear, quarter };
}
function yearPeriod(fiscalYear: number, start: number): Period {
  const first = fiscalYearStart(fiscalYear, start);
  return { kind: 'year', key: `FY${fiscalYear}`, start: first, end: addDays(addMonths(first, 12), -1), fiscalYear };
}

/** The month, fiscal quarter or fiscal year that contains `date`. */
export function periodOf(kind: PeriodKind, date: CalendarDate, fiscalYearStartMonth: number): Period {
  checkStartMonth(fiscalYearStartMonth);
  const { y, m } = split(date);
  const fiscalYear = fiscalYearOf(y, m, fiscalYearStartMonth);
  if (kind === 'month') return monthPeriod(y, m, fiscalYearStartMonth);
  if (kind === 'year') return yearPeriod(fiscalYear, fiscalYearStartMonth);
  return quarterPeriod(fiscalYear, Math.floor(((m - fiscalYearStartMonth + 12) % 12) / 3) + 1, fiscalYearStartMonth);
}

/** Inverse of `Period.key`: `2026-11`, `2026-Q4`, `FY2027`. */
export function periodFromKey(key: string, fiscalYearStartMonth: number): Period {
  checkStartMonth(fiscalYearStartMonth);
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  const year = /^FY(\d{4})$/.exec(key);
  const y = Number((month ?? quarter ?? year)?.[1]);
  if (!(y >= MIN_YEAR && y <= MAX_YEAR)) throw new DomainError('period.invalid', { input: key });
  if (month && exists(y, Number(month[2]), 1)) return monthPeriod(y, Number(month[2]), fiscalYearStartMonth);
  if (quarter) return quarterPeriod(y, Number(quarter[2]), fiscalYearStartMonth);
  if (year) return yearPeriod(y, fiscalYearStartMonth);
  throw new DomainError('period.invalid', { input: key });
}

/** Share (0..1) of the period's days elapsed, counting today as elapsed: the pace of a quota. */
export function elapsedFraction(period: Period, today: CalendarDate): number {
  if (today < period.start) return 0;
  if (today > period.end) return 1;
  return (daysBetween(period.start, today) + 1) / (daysBetween(period.start, period.end) + 1);
}
