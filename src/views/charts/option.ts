/**
 * The ECharts option for a chart spec: one place that decides how each kind looks (colours, axes,
 * labels in the spec's locale and number format). Animation is off: the picture is drawn once, server-side.
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TitleComponentOption } from 'echarts/components';
import type { ChartSpec } from './spec.js';
import { chartValue, plotted } from './values.js';

/** The font the PNG renderer loads (Noto Sans SC: Latin and Chinese glyphs in one file). */
export const CHART_FONT_FAMILY = 'Noto Sans SC';
const PALETTE = ['#4263eb', '#12b886', '#f59f00', '#e64980', '#7950f2', '#15aabf', '#fa5252', '#82c91e'];

type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption
>;

export type ChartSize = { width: number; height: number };

/** Horizontal bars grow with their categories; the others have one size. */
export function chartSize(spec: ChartSpec): ChartSize {
  if (spec.kind === 'hbar') return { width: 720, height: Math.max(240, 90 + 30 * spec.categories.length) };
  return { width: 720, height: 400 };
}

export function chartOption(spec: ChartSpec): ChartOption {
  const many = spec.series.length > 1;
  const axisValue = (value: number): string => chartValue(spec, spec.format.kind === 'money' ? unplot(spec, value) : value, true);
  const labelOf = (params: unknown): string => {
    const value = (params as { value?: unknown }).value;
    return typeof value === 'number' ? axisValue(value) : '';
  };
  const base: ChartOption = {
    animation: false,
    backgroundColor: '#ffffff',
    color: PALETTE,
    textStyle: { fontFamily: CHART_FONT_FAMILY, fontWeight: 'normal' },
    title: { text: spec.title, left: 'center', top: 12, textStyle: { fontFamily: CHART_FONT_FAMILY, fontWeight: 'normal', fontSize: 18 } },
    ...(many || spec.kind === 'donut' ? { legend: { bottom: 8, textStyle: { fontFamily: CHART_FONT_FAMILY } } } : {}),
  };
  const data = (values: readonly number[]) => values.map((v) => plotted(spec, v));
  const grid: GridComponentOption = { left: 24, right: 32, top: 56, bottom: many ? 48 : 24 };
  switch (spec.kind) {
    case 'donut': {
      const series = spec.series[0];
      return {
        ...base,
        series: [
          {
            type: 'pie',
            radius: ['42%', '68%'],
            center: ['50%', '52%'],
            label: { formatter: (p: unknown) => `${(p as { name: string }).name}\n${labelOf(p)}`, fontFamily: CHART_FONT_FAMILY },
            data: spec.categories.map((name, i) => ({ name, value: plotted(spec, Math.max(0, series?.values[i] ?? 0)) })),
          },
        ],
      };
    }
    case 'hbar':
      return {
        ...base,
        grid,
        xAxis: { type: 'value', axisLabel: { formatter: axisValue } },
        yAxis: { type: 'category', inverse: true, data: spec.categories },
        series: spec.series.map((s) => ({
          type: 'bar',
          name: s.name,
          data: data(s.values),
          label: { show: true, position: 'right', formatter: labelOf },
        })),
      };
    case 'bar':
    case 'line':
      return {
        ...base,
        grid,
        xAxis: { type: 'category', data: spec.categories, axisLabel: { interval: 0, hideOverlap: true } },
        yAxis: { type: 'value', axisLabel: { formatter: axisValue } },
        series: spec.series.map((s): BarSeriesOption | LineSeriesOption => {
          const label = { show: spec.categories.length <= 12, position: 'top' as const, formatter: labelOf };
          return spec.kind === 'line'
            ? { type: 'line', name: s.name, data: data(s.values), symbolSize: 6, lineStyle: { width: 3 }, label }
            : { type: 'bar', name: s.name, data: data(s.values), label };
        }),
      };
  }
}

/** Back from plotted major units to the spec's own (minor units for money). */
function unplot(spec: ChartSpec, value: number): number {
  return spec.format.kind === 'money' ? value / plotted(spec, 1) : value;
}
