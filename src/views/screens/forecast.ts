import type { Screen } from '../screen.js';
import type { ForecastFigures } from '../../domain/pipeline.js';
import { percentOf } from '../../domain/money.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { count, money, percent } from '../format.js';
import type { Conversion } from '../../domain/exchange.js';
import { conversionNotes } from '../conversion.js';

export type ForecastData = {
  heading: string;
  periodLabel: string;
  figures: ForecastFigures;
  quotaMinor: number | null;
  /** The rates used and what was left out for want of one. */
  conversion: Conversion;
};

export function forecastScreen(data: ForecastData, locale: Locale): Screen {
  const f = data.figures;
  const cash = (minor: number) => money(locale, minor, f.currency);
  const ofQuota = (minor: number) =>
    data.quotaMinor === null ? '' : ` · ${t(locale, 'forecast.of_quota', { pct: percent(locale, percentOf(minor, data.quotaMinor)) })}`;
  const heading = `${t(locale, 'forecast.title')} · ${data.heading} · ${data.periodLabel}`;
  return {
    kind: 'forecast',
    title: heading,
    blocks: [
      { type: 'header', text: heading },
      {
        type: 'table',
        columns: [
          { label: t(locale, 'forecast.col.category') },
          { label: t(locale, 'forecast.col.deals'), align: 'right' },
          { label: t(locale, 'forecast.col.amount'), align: 'right' },
        ],
        rows: [
          [t(locale, 'forecast.closed'), count(locale, f.closedCount), cash(f.closedMinor)],
          [t(locale, 'forecast.commit'), count(locale, f.counts.commit), cash(f.commitMinor)],
          [t(locale, 'forecast.best'), count(locale, f.counts.best), cash(f.bestMinor)],
          [t(locale, 'forecast.pipeline'), count(locale, f.counts.pipeline), cash(f.pipelineMinor)],
          [t(locale, 'forecast.weighted_open'), '', cash(f.weightedOpenMinor)],
        ],
      },
      {
        type: 'fields',
        fields: [
          { label: t(locale, 'forecast.quota'), value: data.quotaMinor === null ? t(locale, 'quota.not_set') : cash(data.quotaMinor) },
          { label: t(locale, 'forecast.commit_forecast'), value: cash(f.commitForecastMinor) + ofQuota(f.commitForecastMinor) },
          { label: t(locale, 'forecast.best_case_forecast'), value: cash(f.bestCaseForecastMinor) + ofQuota(f.bestCaseForecastMinor) },
          { label: t(locale, 'forecast.weighted_forecast'), value: cash(f.weightedForecastMinor) + ofQuota(f.weightedForecastMinor) },
        ],
      },
      { type: 'context', text: t(locale, 'forecast.legend') },
      ...conversionNotes(data.conversion, f.currency, locale).map((text) => ({ type: 'context' as const, text })),
    ],
  };
}
