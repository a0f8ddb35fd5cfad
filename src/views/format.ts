import { formatMoney } from '../domain/money.js';
import { formatDate, type CalendarDate } from '../domain/calendar.js';
import { stageName, type StageDef } from '../domain/stages.js';
import type { Locale } from '../i18n/locale.js';

/** Display helpers shared by the screen builders; every number a user sees is formatted here. */
export function money(locale: Locale, minor: number, currency: string, compact = false): string {
  return formatMoney({ minor, currency }, locale, { compact });
}

export function day(locale: Locale, date: CalendarDate | null): string {
  return date ? formatDate(date, locale) : '—';
}

export function percent(locale: Locale, value: number | null): string {
  if (value === null) return '—';
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)}%`;
}

export function count(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale).format(value);
}

export function stageLabel(locale: Locale, stages: readonly StageDef[], key: string): string {
  const stage = stages.find((s) => s.key === key);
  return stage ? stageName(stage, locale) : key;
}

/** Whole days between two instants, never negative. */
export function ageDays(from: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - from.getTime()) / 86_400_000));
}
