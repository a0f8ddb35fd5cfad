import type { Block, Screen } from '../screen.js';
import type { StoredRate } from '../../store/rates.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { formatDate } from '../format.js';

export type RatesData = { rates: readonly StoredRate[]; reportingCurrency: string; canEdit: boolean; notice?: string };

/** The latest rate of each currency first, then the older ones, newest first. */
export function ratesScreen(data: RatesData, locale: Locale): Screen {
  const title = t(locale, 'rates.title', { currency: data.reportingCurrency });
  const newestFirst = [...data.rates].sort(
    (a, b) => b.effectiveDate.localeCompare(a.effectiveDate) || a.currency.localeCompare(b.currency),
  );
  const latest = new Map<string, StoredRate>();
  for (const rate of newestFirst) if (!latest.has(rate.currency)) latest.set(rate.currency, rate);
  const current = [...latest.values()].sort((a, b) => a.currency.localeCompare(b.currency));
  const history = newestFirst.filter((rate) => latest.get(rate.currency) !== rate);
  const row = (rate: StoredRate, label: string) => [
    t(locale, 'rates.pair', { currency: rate.currency, rate: rate.rate, quote: rate.quoteCurrency }),
    formatDate(rate.effectiveDate, locale),
    rate.setByName ?? '—',
    label,
  ];
  const blocks: Block[] = [
    ...(data.notice ? [{ type: 'text' as const, text: data.notice, tone: 'success' as const }] : []),
    { type: 'header', text: title },
  ];
  if (data.rates.length === 0) {
    blocks.push({ type: 'text', text: t(locale, 'rates.none', { currency: data.reportingCurrency }) });
  } else {
    blocks.push({
      type: 'table',
      columns: [
        { label: t(locale, 'rates.col.rate') },
        { label: t(locale, 'rates.col.from') },
        { label: t(locale, 'rates.col.set_by') },
        { label: t(locale, 'rates.col.status') },
      ],
      rows: [
        ...current.map((rate) => row(rate, t(locale, 'rates.current'))),
        ...history.map((rate) => row(rate, t(locale, 'rates.earlier'))),
      ],
    });
  }
  blocks.push({ type: 'context', text: t(locale, data.canEdit ? 'rates.how_to_set' : 'settings.admin_only_hint') });
  return { kind: 'settings', title, blocks };
}
