/**
 * Exchange rates, pure: amounts stay stored in their own currency, and reports convert them into the
 * workspace's reporting currency with the rate in force on each amount's date (close date for closed
 * deals, today for open ones). A rate is a decimal string kept exactly as typed ("0.1378"); conversion
 * is integer arithmetic with BigInt, rounded half away from zero once. An amount without a rate is
 * never guessed: it is left out of totals and named.
 */
import { DomainError } from './errors.js';
import { currencyDigits } from './money.js';
import { roundDiv, toSafeNumber } from './reports.js';
import type { CalendarDate } from './calendar.js';

/** 1 `currency` = `rate` units of the reporting currency, from `effectiveDate` on. */
export type RateEntry = { currency: string; rate: string; effectiveDate: CalendarDate };

export type RateUsed = RateEntry;
/**
 * Amounts in `currency` that had no rate on their date (`date`: the earliest such date): `count` deals,
 * or `count` quotas when `kind` is 'quotas', summing `sumMinor` in that currency.
 */
export type MissingRate = { kind: 'deals' | 'quotas'; currency: string; date: CalendarDate; count: number; sumMinor: number };
export type Conversion = { ratesUsed: RateUsed[]; missing: MissingRate[] };

/** Most significant digits a rate may have. */
export const MAX_RATE_DIGITS = 10;

/**
 * Reads a typed rate ("0.1378", "7.2", "１４９.５"); throws `rates.rate_invalid` unless it is a positive
 * decimal of at most {@link MAX_RATE_DIGITS} significant digits. Returns it without needless zeros.
 */
export function parseRate(input: string): string {
  const text = input.normalize('NFKC').trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new DomainError('rates.rate_invalid', { input });
  const whole = (match[1] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  const significant = `${whole}${fraction}`.replace(/^0+/, '');
  if (significant === '' || significant.length > MAX_RATE_DIGITS) throw new DomainError('rates.rate_invalid', { input });
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/** A decimal string as an integer and a power of ten: "0.1378" → [1378n, 4]. */
function decimalParts(rate: string): [bigint, number] {
  const [whole = '0', fraction = ''] = rate.split('.');
  return [BigInt(`${whole}${fraction}`), fraction.length];
}

/**
 * `amountMinor` of `fromCurrency` in minor units of `toCurrency` at `rate` (1 from = rate to), honouring
 * each currency's minor-unit digits (JPY 0, USD 2, KWD 3), rounded half away from zero once.
 */
export function convertMinor(amountMinor: number, fromCurrency: string, toCurrency: string, rate: string): number {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`amountMinor must be a safe integer, got ${amountMinor}`);
  if (fromCurrency === toCurrency) return amountMinor;
  const [units, scale] = decimalParts(rate);
  const shift = currencyDigits(toCurrency) - currencyDigits(fromCurrency) - scale;
  const numerator = BigInt(amountMinor) * units * (shift > 0 ? 10n ** BigInt(shift) : 1n);
  const denominator = shift < 0 ? 10n ** BigInt(-shift) : 1n;
  return toSafeNumber(roundDiv(numerator, denominator));
}

/** The latest rate of `currency` whose effective date is on or before `date`; undefined when none is. */
export function rateInForce(rates: readonly RateEntry[], currency: string, date: CalendarDate): RateEntry | undefined {
  let best: RateEntry | undefined;
  for (const rate of rates) {
    if (rate.currency !== currency || rate.effectiveDate > date) continue;
    if (!best || rate.effectiveDate > best.effectiveDate) best = rate;
  }
  return best;
}

type AmountRow = { currency: string; count: number; sumMinor: number };

/**
 * Rows in the reporting currency: each row's sum converted with the rate in force on `dateOf(row)`.
 * Rows without a rate are dropped from `rows` (so never added to a total) and named in `missing`.
 */
export function toReporting<T extends AmountRow>(
  rows: readonly T[],
  dateOf: (row: T) => CalendarDate,
  rates: readonly RateEntry[],
  reportingCurrency: string,
): { rows: T[]; conversion: Conversion } {
  const converted: T[] = [];
  const used = new Map<string, RateUsed>();
  const missing = new Map<string, MissingRate>();
  for (const row of rows) {
    if (row.currency === reportingCurrency) {
      converted.push(row);
      continue;
    }
    const date = dateOf(row);
    const rate = rateInForce(rates, row.currency, date);
    if (rate) {
      used.set(`${rate.currency} ${rate.effectiveDate}`, rate);
      converted.push({
        ...row,
        currency: reportingCurrency,
        sumMinor: convertMinor(row.sumMinor, row.currency, reportingCurrency, rate.rate),
      });
      continue;
    }
    const known = missing.get(row.currency);
    missing.set(row.currency, {
      kind: 'deals',
      currency: row.currency,
      date: known && known.date < date ? known.date : date,
      count: (known?.count ?? 0) + row.count,
      sumMinor: (known?.sumMinor ?? 0) + row.sumMinor,
    });
  }
  return { rows: converted, conversion: { ratesUsed: sortRates([...used.values()]), missing: [...missing.values()].sort(byCurrency) } };
}

/** Several conversions as one: each rate and each missing currency named once. */
export function mergeConversions(conversions: readonly Conversion[]): Conversion {
  const used = new Map<string, RateUsed>();
  const missing = new Map<string, MissingRate>();
  for (const conversion of conversions) {
    for (const rate of conversion.ratesUsed) used.set(`${rate.currency} ${rate.effectiveDate}`, rate);
    for (const gap of conversion.missing) {
      const key = `${gap.kind} ${gap.currency}`;
      const known = missing.get(key);
      missing.set(key, {
        kind: gap.kind,
        currency: gap.currency,
        date: known && known.date < gap.date ? known.date : gap.date,
        count: (known?.count ?? 0) + gap.count,
        sumMinor: (known?.sumMinor ?? 0) + gap.sumMinor,
      });
    }
  }
  return { ratesUsed: sortRates([...used.values()]), missing: [...missing.values()].sort(missingOrder) };
}

export const NO_CONVERSION: Conversion = { ratesUsed: [], missing: [] };

function byCurrency(a: { currency: string }, b: { currency: string }): number {
  return a.currency.localeCompare(b.currency);
}

function missingOrder(a: MissingRate, b: MissingRate): number {
  return a.kind.localeCompare(b.kind) || byCurrency(a, b);
}

function sortRates(rates: RateUsed[]): RateUsed[] {
  return rates.sort((a, b) => byCurrency(a, b) || a.effectiveDate.localeCompare(b.effectiveDate));
}
