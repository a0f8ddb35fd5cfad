/** Exchange rates of a workspace: 1 currency = rate quote currency, from a calendar day on. */
import type { Db } from './db.js';
import { dateToUtcMidnight, utcMidnightToDate, type CalendarDate } from '../domain/calendar.js';
import type { RateEntry } from '../domain/exchange.js';
import { cachedPartChanged } from './workspaces.js';

export type StoredRate = RateEntry & { quoteCurrency: string; setByName: string | null };

/** The rates into `quoteCurrency` as the rates screen lists them, oldest first, each with who set it. */
export async function ratesListed(db: Db, workspaceId: string, quoteCurrency: string): Promise<StoredRate[]> {
  const rows = await db.exchangeRate.findMany({
    where: { workspaceId, quoteCurrency },
    orderBy: [{ currency: 'asc' }, { effectiveDate: 'asc' }],
    select: { currency: true, quoteCurrency: true, rate: true, effectiveDate: true, setById: true },
  });
  // Who set them, in a second query only when someone did (a nested select asks even for no rows, #14).
  const setByIds = [...new Set(rows.flatMap((row) => (row.setById ? [row.setById] : [])))];
  const setBy = setByIds.length > 0 ? await db.member.findMany({ where: { id: { in: setByIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(setBy.map((member) => [member.id, member.name]));
  return rows.map((row) => ({
    currency: row.currency,
    quoteCurrency: row.quoteCurrency,
    rate: row.rate,
    effectiveDate: utcMidnightToDate(row.effectiveDate),
    setByName: row.setById ? (names.get(row.setById) ?? null) : null,
  }));
}

/**
 * Sets the rate of a currency from a day on; a second rate for the same day replaces the first. The
 * workspace's cached context carries its rates, so every replica reads them again.
 */
export async function setRate(
  db: Db,
  input: {
    workspaceId: string;
    currency: string;
    quoteCurrency: string;
    rate: string;
    effectiveDate: CalendarDate;
    setById: string | null;
  },
): Promise<void> {
  const effectiveDate = dateToUtcMidnight(input.effectiveDate);
  await db.exchangeRate.upsert({
    where: {
      workspaceId_currency_quoteCurrency_effectiveDate: {
        workspaceId: input.workspaceId,
        currency: input.currency,
        quoteCurrency: input.quoteCurrency,
        effectiveDate,
      },
    },
    create: { ...input, effectiveDate },
    update: { rate: input.rate, setById: input.setById },
  });
  await cachedPartChanged(db, input.workspaceId);
}

/** How many rates convert into a currency other than `quoteCurrency` (they stop applying when it changes). */
export async function ratesIntoOtherCount(db: Db, workspaceId: string, quoteCurrency: string): Promise<number> {
  return db.exchangeRate.count({ where: { workspaceId, quoteCurrency: { not: quoteCurrency } } });
}
