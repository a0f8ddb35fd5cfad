/**
 * A chart as PNG: ECharts' server-side SVG rendering (no DOM, no canvas) turned into pixels by resvg
 * with the Noto Sans SC font shipped by npm (`@expo-google-fonts/noto-sans-sc`), so Chinese labels draw
 * as Chinese glyphs on any machine after `npm install`, and no system font is consulted (the same
 * picture everywhere). Rasterizing runs on libuv's thread pool (`renderAsync`): the event loop only
 * builds the SVG.
 */
import { fileURLToPath } from 'node:url';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { renderAsync } from '@resvg/resvg-js';
import type { ChartSpec } from './spec.js';
import { CHART_FONT_FAMILY, chartOption, chartSize } from './option.js';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

const FONT_FILE = fileURLToPath(import.meta.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'));

export function chartSvg(spec: ChartSpec): string {
  const size = chartSize(spec);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...size });
  try {
    chart.setOption(chartOption(spec));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export async function chartPng(spec: ChartSpec): Promise<Buffer> {
  const image = await renderAsync(chartSvg(spec), {
    background: '#ffffff',
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
  });
  return image.asPng();
}
