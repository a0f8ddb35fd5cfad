import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chartPng } from '../../src/views/charts/png.js';
import { CATEGORIES_MAX, decodeChart, encodeChart, type ChartSpec } from '../../src/views/charts/spec.js';
import { chartLink, openChartLink } from '../../src/views/charts/links.js';
import { chartOption, chartSize } from '../../src/views/charts/option.js';
import { renderText } from '../../src/views/render/text.js';
import { decodePng, differingShare, inkedShare, pngSize } from '../support/png.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/charts/', import.meta.url));
/** `UPDATE_CHART_REFERENCES=1 npx vitest run test/views/charts.test.ts` rewrites the reference images (look at them first). */
const UPDATE = process.env['UPDATE_CHART_REFERENCES'] === '1';

const pipelineEn: ChartSpec = {
  kind: 'bar',
  title: 'Pipeline by stage · North America',
  locale: 'en',
  categories: ['Lead', 'Qualified', 'Needs analysis', 'Proposal', 'Negotiation'],
  series: [{ name: 'Total', values: [33_300_000, 9_570_000, 56_850_000, 34_580_000, 15_530_000] }],
  format: { kind: 'money', currency: 'USD' },
};
const rankingZh: ChartSpec = {
  kind: 'hbar',
  title: '绩效排名 · 赢单金额 · 北美',
  locale: 'zh-CN',
  categories: ['王伟', 'Carmen Diaz', '李娜', 'Alice Carter'],
  series: [{ name: '赢单金额', values: [13_700_000, 9_000_000, 4_000_000, 2_800_000] }],
  format: { kind: 'money', currency: 'CNY' },
};
const trendZh: ChartSpec = {
  kind: 'line',
  title: '每周赢单金额',
  locale: 'zh-CN',
  categories: ['10月5日', '10月12日', '10月19日', '10月26日', '11月2日', '11月9日'],
  series: [{ name: '赢单', values: [0, 500_000, 2_300_000, 1_200_000, 800_000, 4_000_000] }],
  format: { kind: 'money', currency: 'USD' },
};
const funnelEn: ChartSpec = {
  kind: 'donut',
  title: 'Deals entered by stage',
  locale: 'en',
  categories: ['Lead', 'Qualified', 'Proposal'],
  series: [{ name: 'Entered', values: [40, 25, 10] }],
  format: { kind: 'count' },
};

describe('chart specs', () => {
  it('travel as a short string and come back the same', () => {
    for (const spec of [pipelineEn, rankingZh, trendZh, funnelEn]) {
      const encoded = encodeChart(spec);
      expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeChart(encoded)).toEqual(spec);
    }
    expect(encodeChart(pipelineEn).length).toBeLessThan(300);
  });

  it('are cut to their limits and refuse what is not one', () => {
    const many = { ...funnelEn, categories: Array.from({ length: 40 }, (_, i) => `Stage ${i}`), series: [{ name: 'n', values: [] }] };
    const back = decodeChart(encodeChart(many));
    expect(back?.categories).toHaveLength(CATEGORIES_MAX);
    expect(back?.series[0]?.values).toEqual(Array.from({ length: CATEGORIES_MAX }, () => 0));
    expect(decodeChart('not-a-chart')).toBeUndefined();
    expect(decodeChart(Buffer.from('{"a":1}').toString('base64url'))).toBeUndefined();
    expect(decodeChart('a/b')).toBeUndefined();
  });
});

describe('chart links', () => {
  const key = Buffer.alloc(32, 7);
  const now = Date.UTC(2026, 11, 1, 12);
  const link = chartLink(pipelineEn, { baseUrl: 'https://dealdesk.example.com/', key, now: () => now });
  const parts = () => {
    const match = /^https:\/\/dealdesk\.example\.com\/charts\/(\d+)\/([^/]+)\/([^/]+)$/.exec(link);
    if (!match) throw new Error(`unexpected link ${link}`);
    return { expiry: match[1] ?? '', signature: match[2] ?? '', file: match[3] ?? '' };
  };

  it('open to the chart they were made for until they expire', () => {
    expect(openChartLink(parts(), key, now)).toEqual(pipelineEn);
    expect(openChartLink(parts(), key, now + 29 * 86_400_000)).toEqual(pipelineEn);
    expect(openChartLink(parts(), key, now + 31 * 86_400_000)).toBeUndefined();
  });

  it('open nothing when any part is changed or the key differs', () => {
    const p = parts();
    expect(openChartLink(p, Buffer.alloc(32, 8), now)).toBeUndefined();
    expect(openChartLink({ ...p, expiry: String(Number(p.expiry) + 1) }, key, now)).toBeUndefined();
    const flipped = (p.signature[0] === 'A' ? 'B' : 'A') + p.signature.slice(1);
    expect(openChartLink({ ...p, signature: flipped }, key, now)).toBeUndefined();
    const other =
      chartLink(funnelEn, { baseUrl: 'https://x', key, now: () => now })
        .split('/')
        .pop() ?? '';
    expect(openChartLink({ ...p, file: other }, key, now)).toBeUndefined();
    expect(openChartLink({ ...p, file: p.file.replace('.png', '.svg') }, key, now)).toBeUndefined();
  });
});

describe('chart text', () => {
  it('draws a bar per category scaled to the largest, with values as the screen formats them', () => {
    const text = renderText({ kind: 'pipeline', title: 't', blocks: [{ type: 'chart', chart: pipelineEn }] });
    expect(text.split('\n')).toEqual([
      'Pipeline by stage · North America',
      '  Lead            ████████████░░░░░░░░  $333,000.00',
      '  Qualified       ███░░░░░░░░░░░░░░░░░  $95,700.00',
      '  Needs analysis  ████████████████████  $568,500.00',
      '  Proposal        ████████████░░░░░░░░  $345,800.00',
      '  Negotiation     █████░░░░░░░░░░░░░░░  $155,300.00',
    ]);
    const zh = renderText({ kind: 'scorecard', title: 't', blocks: [{ type: 'chart', chart: rankingZh }] });
    expect(zh).toContain('  王伟          ████████████████████  ¥137,000.00');
    const donut = renderText({ kind: 'funnel', title: 't', blocks: [{ type: 'chart', chart: funnelEn }] });
    expect(donut).toContain('  Lead       ████████████████████  40 (53.3%)');
  });

  it('formats axes in the chart locale and currency', () => {
    const option = chartOption(rankingZh) as { xAxis: { axisLabel: { formatter: (v: number) => string } } };
    expect(option.xAxis.axisLabel.formatter(50_000)).toBe('¥5万');
    const en = chartOption(pipelineEn) as { yAxis: { axisLabel: { formatter: (v: number) => string } } };
    expect(en.yAxis.axisLabel.formatter(500_000)).toBe('$500K');
  });
});

describe('chart PNGs', () => {
  const cases: [string, ChartSpec][] = [
    ['pipeline-en', pipelineEn],
    ['ranking-zh', rankingZh],
    ['trend-zh', trendZh],
    ['funnel-en', funnelEn],
  ];
  for (const [name, spec] of cases) {
    it(`${name}: the right size, not blank, and like its reference image`, async () => {
      const png = await chartPng(spec);
      expect(pngSize(png)).toEqual(chartSize(spec));
      const pixels = decodePng(png);
      expect(inkedShare(pixels)).toBeGreaterThan(0.02);
      const reference = `${FIXTURES}${name}.png`;
      if (UPDATE || !existsSync(reference)) writeFileSync(reference, png);
      expect(differingShare(pixels, decodePng(readFileSync(reference)))).toBeLessThan(0.01);
    });
  }

  it('draws Chinese labels as glyphs: another title makes another picture in its place', async () => {
    const a = decodePng(await chartPng(trendZh));
    const b = decodePng(await chartPng({ ...trendZh, title: '每月赢单金额' }));
    const changed = differingShare(a, b);
    expect(changed).toBeGreaterThan(0.0005);
    expect(changed).toBeLessThan(0.02);
  });
});
