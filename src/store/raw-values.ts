/**
 * Values in and out of raw SQL, written once for every store module that aggregates in SQL: an instant as
 * the column stores it, and COUNT/SUM/date results as each provider returns them.
 */
import type { Provider } from './db.js';
import { Prisma as PrismaValues } from './generated/sqlite/client.js';
import { utcMidnightToDate, type CalendarDate } from '../domain/calendar.js';

/** An instant as the column stores it: SQLite keeps ISO text with `+00:00`, PostgreSQL `timestamp(3)`. */
export function instant(provider: Provider, at: Date): PrismaValues.Sql {
  const iso = at.toISOString();
  return provider === 'sqlite'
    ? PrismaValues.sql`${iso.replace('Z', '+00:00')}`
    : PrismaValues.sql`CAST(${iso.slice(0, -1)} AS timestamp(3))`;
}

/** A COUNT or SUM as the provider returns it (bigint, number, string or Decimal), exactly. */
export function toBigInt(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (typeof value === 'string') return BigInt(value);
  if (typeof value === 'object' && 'toFixed' in value && typeof value.toFixed === 'function')
    return BigInt((value as { toFixed(): string }).toFixed());
  throw new TypeError('not an integer');
}

/** A calendar date as a raw statement returns it: a Date, or (SQLite, through a CASE) the stored ISO text. */
export function calendarDateOf(value: unknown): CalendarDate | null {
  if (value instanceof Date) return utcMidnightToDate(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  return null;
}
