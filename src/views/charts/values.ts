/** How a chart's numbers read: formatted as its screen formats them, and plotted. */
import { currencyDigits } from '../../domain/money.js';
import { count, money, percent } from '../format.js';
import type { ChartSpec } from './spec.js';

/** A value as the chart's format reads it; `compact` for axis ticks ($50K, ¥5万). */
export function chartValue(spec: Pick<ChartSpec, 'format' | 'locale'>, value: number, compact = false): string {
  switch (spec.format.kind) {
    case 'money':
      return money(spec.locale, Math.round(value), spec.format.currency, compact);
    case 'percent':
      return percent(spec.locale, value);
    case 'count':
      return count(spec.locale, value);
  }
}

/** Money charts plot major units (what a reader compares); percentages and counts as they are. */
export function plotted(spec: Pick<ChartSpec, 'format'>, value: number): number {
  return spec.format.kind === 'money' ? value / 10 ** currencyDigits(spec.format.currency) : value;
}
