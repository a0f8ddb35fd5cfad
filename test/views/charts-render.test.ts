import { describe, expect, it } from 'vitest';
import type { Screen } from '../../src/views/screen.js';
import type { ChartSpec } from '../../src/views/charts/spec.js';
import { renderCard } from '../../src/views/render/adaptive-card.js';
import { renderMessage } from '../../src/views/render/block-kit.js';
import { validateCard } from '../support/adaptive-cards.js';
import { checkBlockKitLimits } from '../support/block-kit-limits.js';

const money: ChartSpec = {
  kind: 'bar',
  title: '管道 · 按阶段',
  locale: 'zh-CN',
  categories: ['线索', '资格确认', '方案'],
  series: [{ name: '金额', values: [33_300_000, 9_570_000, 56_850_000] }],
  format: { kind: 'money', currency: 'USD' },
};
const specs: ChartSpec[] = [
  money,
  { ...money, kind: 'hbar', title: 'Won by rep', locale: 'en' },
  { ...money, kind: 'line', series: [money.series[0] ?? { name: '', values: [] }, { name: 'Quota', values: [1, 2, 3] }] },
  { ...money, kind: 'bar', series: [money.series[0] ?? { name: '', values: [] }, { name: 'Quota', values: [1, 2, 3] }] },
  { ...money, kind: 'donut', format: { kind: 'count' }, series: [{ name: 'Deals', values: [6, 4, 9] }] },
  { ...money, kind: 'bar', format: { kind: 'percent' }, series: [{ name: 'Conversion', values: [62.5, 40, 12.5] }] },
];
const screenOf = (chart: ChartSpec): Screen => ({
  kind: 'pipeline',
  title: chart.title,
  blocks: [
    { type: 'header', text: chart.title },
    { type: 'chart', chart },
    { type: 'context', text: 'note' },
  ],
});
const moreText = (n: number) => `and ${n} more`;

describe('charts on Teams', () => {
  it('are native chart elements that validate against the Adaptive Cards schema, Teams charts included', () => {
    const types = specs.map((spec) => {
      const card = renderCard(screenOf(spec), { moreText });
      expect(validateCard(card)).toEqual([]);
      return card.body[1]?.type;
    });
    expect(types).toEqual([
      'Chart.VerticalBar',
      'Chart.HorizontalBar',
      'Chart.Line',
      'Chart.VerticalBar.Grouped',
      'Chart.Donut',
      'Chart.VerticalBar',
    ]);
  });

  it('give money in major units, name the currency and fall back to the text bars', () => {
    const element = renderCard(screenOf(money), { moreText }).body[1];
    expect(element).toMatchObject({
      type: 'Chart.VerticalBar',
      title: '管道 · 按阶段 (USD)',
      data: [
        { x: '线索', y: 333_000 },
        { x: '资格确认', y: 95_700 },
        { x: '方案', y: 568_500 },
      ],
      fallback: { type: 'TextBlock' },
    });
    expect(JSON.stringify(element)).toContain('US$568,500.00');
  });

  it('the validator refuses a chart with bad data', () => {
    const card = renderCard(screenOf(money), { moreText });
    const broken = { ...card, body: [{ type: 'Chart.Line', title: 'x', data: [{ legend: 'a', values: [{ x: 'b', y: 'NaN' }] }] }] };
    expect(validateCard(broken).join('\n')).toContain('a point needs a string x and a number y');
    expect(validateCard({ ...card, body: [{ type: 'Chart.Pie3D', data: [] }] }).join('\n')).toMatch(/Chart\.Pie3D/);
  });
});

describe('charts on Slack', () => {
  it('are an image block when the chart has a URL', () => {
    const url = 'https://dealdesk.example.com/charts/1/sig/abc.png';
    const message = renderMessage(screenOf(money), { moreText, chartImageUrl: () => url });
    expect(checkBlockKitLimits(message)).toEqual([]);
    expect(message.blocks[1]).toMatchObject({ type: 'image', image_url: url, title: { type: 'plain_text', text: '管道 · 按阶段' } });
    expect(message.blocks[1]).toHaveProperty('alt_text', expect.stringContaining('方案'));
  });

  it('are text bars in a code block without a URL, or when the URL is too long for Slack', () => {
    for (const chartImageUrl of [undefined, () => undefined, () => `https://x/${'a'.repeat(3000)}`]) {
      const message = renderMessage(screenOf(money), { moreText, ...(chartImageUrl ? { chartImageUrl } : {}) });
      expect(checkBlockKitLimits(message)).toEqual([]);
      expect(message.blocks[1]).toMatchObject({ type: 'section' });
      expect(JSON.stringify(message.blocks[1])).toContain('*管道 · 按阶段*\\n```\\n  线索      ');
    }
  });
});
