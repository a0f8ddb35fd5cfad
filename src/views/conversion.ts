import type { Conversion } from '../domain/exchange.js';
import { t } from '../i18n/index.js';
import type { Locale } from '../i18n/locale.js';
import { formatDate, money } from './format.js';

/**
 * The footnotes of a report in the reporting currency: which rates it used ("Converted at 1 CNY =
 * 0.1378 USD (Dec 1, 2026); …"), and each currency left out for want of a rate, with what to type.
 */
export function conversionNotes(conversion: Conversion, reportingCurrency: string, locale: Locale): string[] {
  const notes: string[] = [];
  if (conversion.ratesUsed.length > 0) {
    const rates = conversion.ratesUsed
      .map((rate) =>
        t(locale, 'rates.used_one', {
          pair: t(locale, 'rates.pair', { currency: rate.currency, rate: rate.rate, quote: reportingCurrency }),
          date: formatDate(rate.effectiveDate, locale),
        }),
      )
      .join(locale === 'zh-CN' ? '；' : '; ');
    notes.push(t(locale, 'rates.used', { rates }));
  }
  for (const gap of conversion.missing) {
    notes.push(
      t(locale, gap.kind === 'quotas' ? 'rates.missing_quota' : 'rates.missing', {
        currency: gap.currency,
        date: formatDate(gap.date, locale),
        key: gap.date,
        count: gap.count,
        total: money(locale, gap.sumMinor, gap.currency),
      }),
    );
  }
  return notes;
}
