/**
 * Quota attainment lines, pure: a line per person or team, and the total. The use case converts every
 * amount into the reporting currency first (domain/exchange.ts), so all lines share one currency.
 * The sums come from store/reports.ts; the use case that loads them is quotaReport (commands/reports.ts).
 */
import { attainment, type Attainment } from './reports.js';
import type { Period } from './calendar.js';
import type { Conversion } from './exchange.js';

export type QuotaLine = {
  label: string;
  currency: string;
  quotaMinor: number | null;
  wonMinor: number;
  wonCount: number;
  openMinor: number;
  attainment: Attainment | null;
};

/** `conversion`: the rates the figures were converted at, and what was left out for want of a rate. */
export type QuotaReport = { lines: QuotaLine[]; total: QuotaLine; period: Period; elapsed: number; conversion: Conversion };

/** A quota amount in its currency. */
export type QuotaAmount = { amountMinor: number; currency: string };

/** Won or open deals of one owner in one currency: how many and their sum. */
export type OwnerCurrencySum = { ownerId: string; currency: string; count: number; sumMinor: number };

/**
 * The currency a sum of quotas is kept in: `preferred` (the workspace's) when any quota is set in it,
 * else the first other currency that has one, so a quota is never silently dropped.
 */
export function quotaCurrency(quotas: readonly (QuotaAmount | undefined)[], preferred: string): string {
  const currencies = quotas.flatMap((q) => (q ? [q.currency] : []));
  return currencies.includes(preferred) ? preferred : ([...currencies].sort()[0] ?? preferred);
}

/** The sum of the quotas set in {@link quotaCurrency}; undefined when none is set. */
export function sumQuotas(quotas: readonly (QuotaAmount | undefined)[], preferred: string): QuotaAmount | undefined {
  const currency = quotaCurrency(quotas, preferred);
  const present = quotas.filter((q): q is QuotaAmount => q !== undefined && q.currency === currency);
  if (present.length === 0) return undefined;
  return { amountMinor: present.reduce((n, q) => n + q.amountMinor, 0), currency };
}

/** One line: the owners' won and open sums in the quota's currency (else the workspace's), against the quota. */
export function quotaLine(
  label: string,
  ownerIds: readonly string[],
  quota: QuotaAmount | undefined,
  won: readonly OwnerCurrencySum[],
  open: readonly OwnerCurrencySum[],
  defaultCurrency: string,
  elapsed: number,
): QuotaLine {
  const currency = quota?.currency ?? defaultCurrency;
  const pick = (rows: readonly OwnerCurrencySum[]) => rows.filter((row) => row.currency === currency && ownerIds.includes(row.ownerId));
  const wonRows = pick(won);
  const wonMinor = wonRows.reduce((n, row) => n + row.sumMinor, 0);
  const openMinor = pick(open).reduce((n, row) => n + row.sumMinor, 0);
  return {
    label,
    currency,
    quotaMinor: quota?.amountMinor ?? null,
    wonMinor,
    wonCount: wonRows.reduce((n, row) => n + row.count, 0),
    openMinor,
    attainment: quota ? attainment(quota.amountMinor, wonMinor, openMinor, elapsed) : null,
  };
}

/** The total of lines in `currency`; lines in other currencies are not added. */
export function totalLine(label: string, lines: readonly QuotaLine[], currency: string, elapsed: number): QuotaLine {
  const inCurrency = lines.filter((l) => l.currency === currency);
  const quotaTotal = inCurrency.some((l) => l.quotaMinor !== null) ? inCurrency.reduce((n, l) => n + (l.quotaMinor ?? 0), 0) : null;
  const wonTotal = inCurrency.reduce((n, l) => n + l.wonMinor, 0);
  const openTotal = inCurrency.reduce((n, l) => n + l.openMinor, 0);
  return {
    label,
    currency,
    quotaMinor: quotaTotal,
    wonMinor: wonTotal,
    wonCount: inCurrency.reduce((n, l) => n + l.wonCount, 0),
    openMinor: openTotal,
    attainment: quotaTotal === null ? null : attainment(quotaTotal, wonTotal, openTotal, elapsed),
  };
}
