/**
 * Reading close dates, due dates and reporting periods the way people type them in chat, in English
 * and Chinese. Everything is relative to "today" in the user's zone (`todayIn(ctx)`); fiscal words
 * (quarter, year) follow `ctx.fiscalYearStartMonth`. Re-exported by `calendar.ts`.
 *
 * Date semantics (today = the user's local day):
 * - A bare weekday (`fri`, `周五`) is its next occurrence on or after TOMORROW: 1..7 days ahead, so
 *   on a Friday `fri` means the following Friday, never today.
 * - `next fri` / `下周五` is that weekday in the next ISO week (Monday-based); `next week` / `下周` is
 *   the Friday of the next ISO week.
 * - `this week` / `eow` / `本周` is this week's Friday, or today on a Saturday or Sunday.
 * - `eom`, `eoq`, `eoy` (`月底`, `季末`, `年底`) are the last day of the current month, FISCAL quarter
 *   and FISCAL year; `next month` / `下个月` is the last day of next month.
 * - A month and day without a year (`12/15`, `dec 15`, `12月15日`) is the next occurrence on or after
 *   today; `2/29` whose next occurrence falls in a common year is invalid.
 * - Past dates are returned as they are; whether one is acceptable is the caller's decision.
 *
 * Period semantics: `Q4 2026`, `2026-Q4`, `2026年第4季度` name fiscal quarter 4 of fiscal year 2026
 * (fiscal years are named after the calendar year in which they end); a bare `q4` is of the current
 * fiscal year. `this year`, `今年` mean the current fiscal year.
 *
 * This module imports from `calendar.ts`, which re-exports it: it must not use those imports at load time.
 */
import { addDays, addMonths, daysInMonth, isoWeekdayOf, MAX_YEAR, MIN_YEAR, periodFromKey, periodOf, todayIn } from './calendar.js';
import type { CalendarDate, DateContext, Period, PeriodKind } from './calendar.js';
import { DomainError } from './errors.js';
import { lookupWord } from './text-match.js';

const MONTH_WORDS: Readonly<Record<string, number>> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
const WEEKDAY_WORDS: Readonly<Record<string, number>> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};
const ZH_WEEKDAYS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const ZH_DIGITS: Readonly<Record<string, number>> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};
/** A relative offset beyond this many days is out of range whatever today is. */
const MAX_OFFSET_DAYS = 200 * 366;

// ---------------------------------------------------------------------------------------------
// Shared

/** NFKC (full-width → ASCII), lower case, commas to spaces, no trailing full stop, single spaces. */
function normalize(input: string): string {
  return input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[,、]/g, ' ')
    .trim()
    .replace(/[.。!]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Arabic digits or a Chinese numeral up to 99 (`三`, `两`, `十`, `十五`, `二十`, `二十三`). */
function readCount(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const word = lookupWord(NUMBER_WORDS, text);
  if (word !== undefined) return word;
  const match = /^([一二两三四五六七八九])?(十)?([〇零一二三四五六七八九])?$/u.exec(text);
  if (!match || text === '') return undefined;
  const [, tens, ten, units] = match;
  if (!ten) return tens && !units ? lookupWord(ZH_DIGITS, tens) : units && !tens ? lookupWord(ZH_DIGITS, units) : undefined;
  return (tens ? (lookupWord(ZH_DIGITS, tens) ?? 0) : 1) * 10 + (units ? (lookupWord(ZH_DIGITS, units) ?? 0) : 0);
}

function parts(date: CalendarDate): { y: number; m: number; d: number } {
  const [y, m, d] = date.split('-').map(Number);
  return { y: y ?? Number.NaN, m: m ?? Number.NaN, d: d ?? Number.NaN };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

// ---------------------------------------------------------------------------------------------
// Dates

type Today = { date: CalendarDate; fiscalStart: number };

/**
 * A close date or due date as typed in chat, relative to today in `ctx.timeZone`. Throws
 * `date.invalid` for unreadable input or a day that does not exist, `date.out_of_range` for a year
 * outside MIN_YEAR..MAX_YEAR. See the module comment for what each word means.
 */
export function parseDate(input: string, ctx: DateContext): CalendarDate {
  const text = normalize(input).replace(/^(?:by|on|due) /, '');
  const today: Today = { date: todayIn(ctx), fiscalStart: ctx.fiscalYearStartMonth };
  const date = readDate(text, today, input);
  if (date === undefined) throw new DomainError('date.invalid', { input });
  const { y } = parts(date);
  if (!(y >= MIN_YEAR && y <= MAX_YEAR)) throw new DomainError('date.out_of_range', { input });
  return date;
}

function readDate(text: string, today: Today, input: string): CalendarDate | undefined {
  const compact = text.replace(/\s/g, ''); // Chinese is typed without spaces, or with stray ones
  const phrase = lookupWord(DATE_PHRASES, text) ?? lookupWord(DATE_PHRASES, compact);
  if (phrase) return phrase(today);

  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (match) return exactDate(Number(match[1]), Number(match[2]), Number(match[3]), input);
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text); // US month/day/year
  if (match) return exactDate(Number(match[3]), Number(match[1]), Number(match[2]), input);
  match = /^(\d{1,2})[-/](\d{1,2})$/.exec(text); // US month/day
  if (match) return upcomingDate(Number(match[1]), Number(match[2]), today.date, input);

  // "15 dec", "15th december 2026", "dec 15", "december 15 2026", "Dec. 15, 2026"
  match = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?(?: (\d{4}))?$/.exec(text);
  const dayFirst = match ? { day: match[1], month: match[2], year: match[3] } : undefined;
  match = /^([a-z]+)\.? ?(\d{1,2})(?:st|nd|rd|th)?(?: (\d{4}))?$/.exec(text);
  const monthFirst = match ? { day: match[2], month: match[1], year: match[3] } : undefined;
  const named = dayFirst ?? monthFirst;
  const month = named ? lookupWord(MONTH_WORDS, named.month ?? '') : undefined;
  if (named && month !== undefined) {
    const day = Number(named.day);
    return named.year ? exactDate(Number(named.year), month, day, input) : upcomingDate(month, day, today.date, input);
  }

  // "12月15日", "12月15号", "2026年12月15日", "十二月十五日"
  match = /^(?:(\d{4})年)?([\d一二三四五六七八九十]{1,3})月([\d一二三四五六七八九十]{1,3})[日号]?$/u.exec(compact);
  if (match) {
    const [m, d] = [readCount(match[2] ?? ''), readCount(match[3] ?? '')];
    if (m === undefined || d === undefined) return undefined;
    return match[1] ? exactDate(Number(match[1]), m, d, input) : upcomingDate(m, d, today.date, input);
  }

  match = /^([a-z]+)$/.exec(text);
  const weekday = match ? lookupWord(WEEKDAY_WORDS, match[1] ?? '') : undefined;
  if (weekday) return nextWeekday(today.date, weekday);
  match = /^next ([a-z]+)$/.exec(text);
  const nextWeekdayNumber = match ? lookupWord(WEEKDAY_WORDS, match[1] ?? '') : undefined;
  if (nextWeekdayNumber) return weekdayOfNextWeek(today.date, nextWeekdayNumber);
  match = /^(下)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天])$/u.exec(compact);
  if (match) {
    const day = lookupWord(ZH_WEEKDAYS, match[2] ?? '') ?? 5;
    return match[1] ? weekdayOfNextWeek(today.date, day) : nextWeekday(today.date, day);
  }

  // "in 3 days", "in two weeks", "in 1 month", "+10d", "+2w"
  match = /^(?:in ([a-z]+|\d+) (days?|weeks?|wks?|months?|mos?)|\+ ?(\d+) ?(d|w|days?|weeks?))$/.exec(text);
  if (match) return offsetDate(today.date, readCount(match[1] ?? match[3] ?? ''), match[2] ?? match[4] ?? '', input);
  // "3天后", "2周后", "两周后", "1个月后", "三个星期以后"
  match = /^(\d+|[一二两三四五六七八九十]{1,3})个?(天|日|周|星期|礼拜|月)(?:后|之后|以后)$/u.exec(compact);
  if (match) return offsetDate(today.date, readCount(match[1] ?? ''), match[2] ?? '', input);
  return undefined;
}

const thisWeekEnd = (today: CalendarDate): CalendarDate => {
  const weekday = isoWeekdayOf(today);
  return weekday <= 5 ? addDays(today, 5 - weekday) : today;
};
const monthEndOf = (date: CalendarDate): CalendarDate => periodOf('month', date, 1).end;
const quarterEnd = (t: Today): CalendarDate => periodOf('quarter', t.date, t.fiscalStart).end;
const yearEnd = (t: Today): CalendarDate => periodOf('year', t.date, t.fiscalStart).end;

function phrases(words: readonly string[], resolve: (today: Today) => CalendarDate): [string, (today: Today) => CalendarDate][] {
  return words.map((word) => [word, resolve]);
}

/** Fixed words, English (single-spaced) and Chinese (without spaces). */
const DATE_PHRASES: Readonly<Record<string, (today: Today) => CalendarDate>> = Object.fromEntries([
  ...phrases(['today', 'tod', '今天', '今日'], (t) => t.date),
  ...phrases(['tomorrow', 'tmrw', 'tmr', '明天', '明日'], (t) => addDays(t.date, 1)),
  ...phrases(['后天'], (t) => addDays(t.date, 2)),
  ...phrases(['大后天'], (t) => addDays(t.date, 3)),
  ...phrases(['this week', 'eow', 'end of week', 'end of the week', 'end of this week', '本周', '这周', '这个星期', '本周末'], (t) =>
    thisWeekEnd(t.date),
  ),
  ...phrases(['next week', '下周', '下个周', '下星期', '下个星期', '下礼拜', '下个礼拜'], (t) => weekdayOfNextWeek(t.date, 5)),
  ...phrases(['eom', 'end of month', 'end of the month', 'end of this month', '月底', '月末', '本月底', '本月末', '这个月底'], (t) =>
    monthEndOf(t.date),
  ),
  ...phrases(['next month', 'end of next month', '下月', '下个月', '下月底', '下个月底', '下月末'], (t) =>
    monthEndOf(addMonths(t.date, 1)),
  ),
  ...phrases(
    ['eoq', 'end of quarter', 'end of the quarter', 'end of this quarter', '季末', '季度末', '本季末', '本季度末', '这个季度末'],
    quarterEnd,
  ),
  ...phrases(
    [
      'eoy',
      'eofy',
      'end of year',
      'end of the year',
      'end of this year',
      'end of fiscal year',
      'end of the fiscal year',
      '年底',
      '年末',
      '今年年底',
      '今年底',
      '财年末',
      '本财年末',
    ],
    yearEnd,
  ),
]);

/** A year, month and day as typed: the year range is checked before the day's existence. */
function exactDate(y: number, m: number, d: number, input: string): CalendarDate {
  if (!(y >= MIN_YEAR && y <= MAX_YEAR)) throw new DomainError('date.out_of_range', { input });
  if (!(d >= 1 && d <= daysInMonth(y, m))) throw new DomainError('date.invalid', { input });
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Month and day without a year: this year's if not already past, else next year's. */
function upcomingDate(m: number, d: number, today: CalendarDate, input: string): CalendarDate {
  const now = parts(today);
  const year = m > now.m || (m === now.m && d >= now.d) ? now.y : now.y + 1;
  if (!(d >= 1 && d <= daysInMonth(year, m))) throw new DomainError('date.invalid', { input });
  return `${year}-${pad(m)}-${pad(d)}`;
}

/** The next such weekday strictly after today (1..7 days ahead). */
function nextWeekday(today: CalendarDate, weekday: number): CalendarDate {
  return addDays(today, (weekday - isoWeekdayOf(today) + 7) % 7 || 7);
}

/** That weekday (1 = Monday) in the ISO week after today's. */
function weekdayOfNextWeek(today: CalendarDate, weekday: number): CalendarDate {
  return addDays(today, 7 - isoWeekdayOf(today) + weekday);
}

function offsetDate(today: CalendarDate, count: number | undefined, unit: string, input: string): CalendarDate | undefined {
  if (count === undefined) return undefined;
  const months = /^(months?|mos?|月)$/u.test(unit);
  const days = months ? count * 31 : /^(w|weeks?|wks?|周|星期|礼拜)$/u.test(unit) ? count * 7 : count;
  if (days > MAX_OFFSET_DAYS) throw new DomainError('date.out_of_range', { input });
  return months ? addMonths(today, count) : addDays(today, days);
}

// ---------------------------------------------------------------------------------------------
// Periods

/**
 * A reporting period as typed: a month, a fiscal quarter or a fiscal year, absolute or relative to
 * today in `ctx.timeZone`. Also reads every `formatPeriod` output and every `Period.key`. Throws
 * `period.invalid` for anything else, including years outside MIN_YEAR..MAX_YEAR.
 */
export function parsePeriod(input: string, ctx: DateContext): Period {
  const text = normalize(input);
  const compact = text.replace(/\s/g, '');
  const start = ctx.fiscalYearStartMonth;
  const invalid = (): DomainError => new DomainError('period.invalid', { input });
  const fromKey = (key: string): Period => {
    try {
      return periodFromKey(key, start);
    } catch (error) {
      if (error instanceof DomainError) throw invalid();
      throw error;
    }
  };

  const relative = lookupWord(RELATIVE_PERIODS, text) ?? lookupWord(RELATIVE_PERIODS, compact);
  if (relative) {
    const [kind, offset] = relative;
    const current = periodOf(kind, todayIn(ctx), start);
    if (offset === 0) return current;
    return periodOf(kind, addMonths(current.start, offset * MONTHS_IN[kind]), start);
  }

  // Months: "2026-11", "2026/11", "nov 2026", "november 2026", "2026年11月", "2026年十一月"
  let match = /^(\d{4})[-/.](\d{1,2})$/.exec(text);
  if (match) return fromKey(`${match[1]}-${pad(Number(match[2]))}`);
  match = /^([a-z]+)\.? (\d{4})$/.exec(text);
  const month = match ? lookupWord(MONTH_WORDS, match[1] ?? '') : undefined;
  if (match && month) return fromKey(`${match[2]}-${pad(month)}`);
  match = /^(\d{4})年([\d一二三四五六七八九十]{1,3})月份?$/u.exec(compact);
  const zhMonth = match ? readCount(match[2] ?? '') : undefined;
  if (match && zhMonth !== undefined) return fromKey(`${match[1]}-${pad(zhMonth)}`);

  // Fiscal quarters: "2026-Q4", "2027Q1", "Q4 2026", "Q1 FY2027", "FY27 Q1", "q4"
  match = /^(\d{4})-?q([1-4])$/.exec(compact) ?? /^fy-?(\d{4}|\d{2})-?q([1-4])$/.exec(compact);
  if (match) return fromKey(`${fullYear(match[1] ?? '')}-Q${match[2]}`);
  match = /^q([1-4])(?:-?(?:fy-?(\d{2})|(?:fy-?)?(\d{4})))?$/.exec(compact);
  if (match) {
    const year = match[2] ?? match[3];
    return fromKey(`${year ? fullYear(year) : currentFiscalYear(ctx)}-Q${match[1]}`);
  }
  // "2026年第4季度", "2026年Q4", "2026年四季度", "2027财年第1季度", "第4季度", "四季度"
  match = /^(?:(\d{4})(?:年|财年)度?)?(?:第([1-4一二三四])季度?|([1-4一二三四])季度|q([1-4]))$/u.exec(compact);
  if (match) {
    const quarter = readCount(match[2] ?? match[3] ?? match[4] ?? '');
    return fromKey(`${match[1] ?? currentFiscalYear(ctx)}-Q${quarter}`);
  }

  // Fiscal years: "FY2027", "FY 2027", "fy27", "2027财年", "2027财年度"
  match = /^fy-?(\d{4}|\d{2})$/.exec(compact) ?? /^(\d{4})财年度?$/u.exec(compact);
  if (match) return fromKey(`FY${fullYear(match[1] ?? '')}`);
  throw invalid();
}

const MONTHS_IN: Readonly<Record<PeriodKind, number>> = { month: 1, quarter: 3, year: 12 };

function relatives(kind: PeriodKind, offset: number, words: readonly string[]): [string, [PeriodKind, number]][] {
  return words.map((word) => [word, [kind, offset]]);
}

const RELATIVE_PERIODS: Readonly<Record<string, readonly [PeriodKind, number]>> = Object.fromEntries([
  ...relatives('month', 0, ['this month', 'current month', '本月', '这个月', '这月', '当月']),
  ...relatives('month', -1, ['last month', 'previous month', '上月', '上个月']),
  ...relatives('month', 1, ['next month', '下月', '下个月']),
  ...relatives('quarter', 0, ['this quarter', 'current quarter', 'this q', '本季度', '本季', '这个季度', '这季度', '当季']),
  ...relatives('quarter', -1, ['last quarter', 'previous quarter', 'last q', '上季度', '上季', '上个季度']),
  ...relatives('quarter', 1, ['next quarter', 'next q', '下季度', '下季', '下个季度']),
  ...relatives('year', 0, [
    'this year',
    'this fy',
    'this fiscal year',
    'current fiscal year',
    '今年',
    '本年',
    '本年度',
    '本财年',
    '今年度',
  ]),
  ...relatives('year', -1, ['last year', 'last fy', 'last fiscal year', 'previous fiscal year', '去年', '上财年', '上个财年', '上一财年']),
  ...relatives('year', 1, ['next year', 'next fy', 'next fiscal year', '明年', '下财年', '下个财年', '下一财年']),
]);

/** "27" → 2027; four digits unchanged. */
function fullYear(digits: string): number {
  return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
}

function currentFiscalYear(ctx: DateContext): number {
  return periodOf('year', todayIn(ctx), ctx.fiscalYearStartMonth).fiscalYear;
}
