import type { Block, Screen } from '../screen.js';
import { chartSpec } from '../charts/spec.js';
import { dateToUtcMidnight, type CalendarDate } from '../../domain/calendar.js';
import type { WeekSum } from '../../domain/won-by-week.js';
import type { ForecastFigures } from '../../domain/pipeline.js';
import { percentOf } from '../../domain/money.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { count, dateTimeFormat, money, percent } from '../format.js';
import type { Conversion } from '../../domain/exchange.js';
import { conversionNotes } from '../conversion.js';

export type ForecastData = {
  heading: string;
  periodLabel: string;
  figures: ForecastFigures;
  quotaMinor: number | null;
  /** The rates used and what was left out for want of one. */
  conversion: Conversion;
  /** Won amount per week of the period (reporting currency), for the trend chart. */
  wonByWeek?: readonly WeekSum[];
};

/** A week's first day as a chart label: "Oct 5", "10月5日". */
function weekLabel(locale: Locale, date: CalendarDate): string {
  return dateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(dateToUtcMidnight(date));
}

/** The forecast calls against the quota, and won amount by week. */
function forecastCharts(data: ForecastData, locale: Locale): Block[] {
  const f = data.figures;
  const format = { kind: 'money' as const, currency: f.currency };
  const calls: [string, number][] = [
    [t(locale, 'forecast.closed'), f.closedMinor],
    [t(locale, 'chart.commit_forecast'), f.commitForecastMinor],
    [t(locale, 'chart.best_case_forecast'), f.bestCaseForecastMinor],
    [t(locale, 'chart.weighted_forecast'), f.weightedForecastMinor],
    ...(data.quotaMinor === null ? [] : [[t(locale, 'forecast.quota'), data.quotaMinor] as [string, number]]),
  ];
  const blocks: Block[] = [
    {
      type: 'chart',
      chart: chartSpec({
        kind: 'bar',
        title: t(locale, 'chart.forecast'),
        categories: calls.map(([label]) => label),
        series: [{ name: t(locale, 'chart.amount'), values: calls.map(([, minor]) => minor) }],
        format,
        locale,
      }),
    },
  ];
  const weeks = data.wonByWeek ?? [];
  if (weeks.length > 1)
    blocks.push({
      type: 'chart',
      chart: chartSpec({
        kind: 'line',
        title: t(locale, 'chart.won_by_week'),
        categories: weeks.map((week) => weekLabel(locale, week.weekStart)),
        series: [{ name: t(locale, 'chart.won'), values: weeks.map((week) => week.sumMinor) }],
        format,
        locale,
      }),
    });
  return blocks;
}

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
      ...forecastCharts(data, locale),
      { type: 'context', text: t(locale, 'forecast.legend') },
      ...conversionNotes(data.conversion, f.currency, locale).map((text) => ({ type: 'context' as const, text })),
    ],
  };
}
