import { formatMoney } from '../domain/money.js';
import { dateParts, type CalendarDate, type Period } from '../domain/calendar.js';
import { stageName, type StageDef } from '../domain/stages.js';
import { keyOf, t, type KeySuffix } from '../i18n/index.js';
import type { Locale } from '../i18n/locale.js';

/** Display helpers shared by the screen builders; every number a user sees is formatted here. */
export function money(locale: Locale, minor: number, currency: string, compact = false): string {
  return formatMoney({ minor, currency }, locale, { compact });
}

export function day(locale: Locale, date: CalendarDate | null): string {
  return date ? formatDate(date, locale) : '—';
}

/**
 * One Intl.DateTimeFormat per locale and options (#14): building one costs far more than using it (a
 * forecast built thirteen for its week labels, 0.8 ms of each answer). The keys are bounded: two locales,
 * the few option sets below and valid time zones.
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

export function dateTimeFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** An instant as a date and time of day in a zone: "Nov 2, 2026, 8:30 AM" / "2026年11月2日 08:30". */
export function dateTime(locale: Locale, at: Date, timeZone: string): string {
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(at);
}

/** One Intl.NumberFormat per locale and kind (#14): building one costs far more than using it. */
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, kind: 'percent' | 'count'): Intl.NumberFormat {
  const key = `${locale}|${kind}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, kind === 'percent' ? { maximumFractionDigits: 1 } : {});
    numberFormats.set(key, format);
  }
  return format;
}

export function percent(locale: Locale, value: number | null): string {
  if (value === null) return '—';
  return `${numberFormat(locale, 'percent').format(value)}%`;
}

export function count(locale: Locale, value: number): string {
  return numberFormat(locale, 'count').format(value);
}

export function stageLabel(locale: Locale, stages: readonly StageDef[], key: string): string {
  const stage = stages.find((s) => s.key === key);
  return stage ? stageName(stage, locale) : key;
}

/** Whole days between two instants, never negative. */
export function ageDays(from: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - from.getTime()) / 86_400_000));
}

/**
 * The catalogue word for a value of a closed set that is stored as a plain string (a category, a channel,
 * a status): `known` lists the set, and the compiler checks that each member has a `prefix.<member>` entry.
 * A stored value outside the set is shown as it is.
 */
export function storedWord<P extends string>(locale: Locale, prefix: P, known: readonly KeySuffix<P>[], value: string): string {
  const member = known.find((k) => k === value);
  return member === undefined ? value : t(locale, keyOf(prefix, member));
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

function monthOf(m: number): (typeof MONTHS)[number] {
  const month = MONTHS[m - 1];
  if (month === undefined) throw new RangeError(`Not a month: ${m}`);
  return month;
}

/** en "Dec 15, 2026"; zh-CN "2026年12月15日". Spelled out from the catalogue rather than via ICU so it never drifts. */
export function formatDate(date: CalendarDate, locale: Locale): string {
  const { y, m, d } = dateParts(date);
  return t(locale, 'calendar.date', { year: y, month: t(locale, keyOf('calendar.month_short', monthOf(m))), day: d });
}

/**
 * en "Q4 2026" / "November 2026" / "FY2027"; zh-CN "2026年第4季度" / "2026年11月" / "2027财年".
 * When the fiscal year is not the calendar year, a quarter is labelled as fiscal ("Q1 FY2027",
 * "2027财年第1季度"), since "Q1 2027" would otherwise read as January–March 2027.
 */
export function formatPeriod(period: Period, locale: Locale): string {
  const { y, m } = dateParts(period.start);
  if (period.kind === 'month')
    return t(locale, 'calendar.period.month', { year: y, month: t(locale, keyOf('calendar.month', monthOf(m))) });
  if (period.kind === 'year') return t(locale, 'calendar.period.fiscal_year', { year: period.fiscalYear });
  const quarter = period.quarter ?? 1;
  const calendarAligned = period.fiscalYear === y && m === (quarter - 1) * 3 + 1;
  return t(locale, calendarAligned ? 'calendar.period.quarter' : 'calendar.period.fiscal_quarter', { year: period.fiscalYear, quarter });
}
