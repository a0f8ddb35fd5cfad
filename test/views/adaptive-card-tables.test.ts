// Teams table columns sized for money (#16 point 8): in a chat card on a laptop (about 540 px wide), every
// figure of a pipeline, quota or forecast table stays on one line, in English and in Chinese, while text
// columns wrap. The widths are checked against a pixel model of Teams' text (Segoe UI / Microsoft YaHei
// at 14 px, rounded up), not against the renderer's own units.
import { describe, expect, it } from 'vitest';
import type { Screen } from '../../src/views/screen.js';
import { renderCard, tableColumnWidths, type Table } from '../../src/views/render/adaptive-card.js';
import { pipelineScreen } from '../../src/views/screens/pipeline.js';
import { quotaScreen } from '../../src/views/screens/quota.js';
import { forecastScreen } from '../../src/views/screens/forecast.js';
import { DEFAULT_STAGES, type StageDef } from '../../src/domain/stages.js';
import type { Locale } from '../../src/i18n/locale.js';
import { quotaLine } from '../support/screen-fixtures.js';
import { validateCard } from '../support/adaptive-cards.js';

/** The card's inner width: 540 px less 16 px of padding on each side. */
const CARD_PX = 508;
/** A cell's padding (4 px each side) and its grid line. */
const CELL_PX = 9;

/** Width of a text on one line at 14 px: CJK 14 px, narrow punctuation 4 px, anything else 8 px. */
function px(text: string): number {
  let width = 0;
  for (const char of text) {
    if (/[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFF60]/u.test(char)) width += 14;
    else if (/[.,:;'’ |!]/.test(char)) width += 4;
    else width += 8;
  }
  return width;
}

function tableOf(screen: Screen): Table {
  const card = renderCard(screen, { moreText: (n) => `${n} more` });
  expect(validateCard(card)).toEqual([]);
  const table = card.body.find((element) => element.type === 'Table');
  if (table?.type !== 'Table') throw new Error(`no table on ${screen.kind}`);
  return table;
}

function cellText(table: Table, row: number, column: number): string {
  const item = table.rows[row]?.cells[column]?.items[0];
  return item?.type === 'TextBlock' ? item.text : '';
}

/** The room each column gets in a 540 px card, in px of text (its share of the width less its padding). */
function roomOf(table: Table): number[] {
  const total = table.columns.reduce((sum, column) => sum + column.width, 0);
  return table.columns.map((column) => (column.width / total) * CARD_PX - CELL_PX);
}

/** Every right-aligned (figure) column has room for its longest cell, header row included. */
function expectFiguresOnOneLine(table: Table): void {
  const room = roomOf(table);
  table.columns.forEach((column, i) => {
    if (column.horizontalCellContentAlignment !== 'Right') return;
    const cells = table.rows.map((_, r) => cellText(table, r, i)).slice(1);
    const longest = cells.reduce((a, b) => (px(b) > px(a) ? b : a), '');
    expect(room[i], `column ${cellText(table, 0, i)}: “${longest}” (${px(longest)} px)`).toBeGreaterThanOrEqual(px(longest));
  });
}

/** Stages with names as long as people give them. */
const LONG_STAGES: StageDef[] = DEFAULT_STAGES.map((stage, i) =>
  i === 3 ? { ...stage, nameEn: 'Negotiation and legal review', nameZh: '商务谈判与法务审核阶段' } : stage,
);

function pipeline(locale: Locale, currency: string, base: number): Screen {
  const lines = LONG_STAGES.filter((s) => s.kind === 'open').map((stage, i) => ({
    stage,
    count: 12 + i,
    sumMinor: base * (i + 1),
    weightedMinor: Math.round((base * (i + 1) * stage.probability) / 100),
    oldestDays: 120 + i,
    staleCount: i,
  }));
  const sum = lines.reduce((s, l) => s + l.sumMinor, 0);
  return pipelineScreen(
    {
      scopeLabel: 'Acme Sales',
      staleAfterDays: 14,
      scopeWords: 'all',
      conversion: { ratesUsed: [], missing: [] },
      summary: { currency, lines, total: { currency, count: 80, sumMinor: sum, weightedMinor: Math.round(sum / 2) } },
    },
    locale,
  );
}

function forecast(locale: Locale): Screen {
  return forecastScreen(
    {
      heading: 'Acme Sales',
      periodLabel: 'Q4 2026',
      quotaMinor: 9_000_000_00,
      conversion: { ratesUsed: [], missing: [] },
      figures: {
        currency: 'USD',
        closedMinor: 1_234_567_00,
        closedCount: 15,
        commitMinor: 2_345_678_00,
        bestMinor: 3_456_789_00,
        pipelineMinor: 8_765_432_10,
        weightedOpenMinor: 4_321_000_00,
        counts: { commit: 13, best: 22, pipeline: 98 },
        commitForecastMinor: 3_580_245_00,
        bestCaseForecastMinor: 7_037_034_00,
        weightedForecastMinor: 5_555_567_00,
      },
    },
    locale,
  );
}

function quota(locale: Locale): Screen {
  const reps = ['Alexandra Montgomery-Smith', 'Brian Lee', '欧阳晓明', '李娜'].map((name, i) =>
    quotaLine(name, 1_250_000_00 * (i + 1), 987_654_00 * i),
  );
  return quotaScreen(
    {
      heading: 'North America',
      periodLabel: 'Q4 2026',
      lines: reps,
      total: quotaLine('North America', 12_500_000_00, 5_925_924_00),
      single: false,
      elapsedPct: 58.7,
      conversion: { ratesUsed: [], missing: [] },
    },
    locale,
  );
}

describe('Teams table column widths', () => {
  it('keeps the pipeline’s amounts on one line beside a long stage name, in English', () => {
    const table = tableOf(pipeline('en', 'USD', 1_234_567_00));
    expect(cellText(table, 1, 2)).toBe('$1,234,567.00');
    expect(table.rows.some((_, r) => cellText(table, r, 0).startsWith('Negotiation and legal review'))).toBe(true);
    expectFiguresOnOneLine(table);
    // The long stage name wraps rather than take the money's room: it gets less than any amount column.
    const room = roomOf(table);
    expect(room[0]).toBeLessThan(px('Negotiation and legal review 60%'));
    expect(room[0]).toBeGreaterThanOrEqual(px('Negotiation'));
    expect(table.columns[2]?.width).toBeGreaterThan(table.columns[1]?.width ?? Infinity);
  });

  it('keeps ¥12,345,678.00 on one line in a Chinese pipeline', () => {
    const table = tableOf(pipeline('zh-CN', 'CNY', 12_345_678_00));
    expect(cellText(table, 1, 2)).toBe('¥12,345,678.00');
    expect(cellText(table, 0, 3)).toBe('加权金额');
    expectFiguresOnOneLine(table);
  });

  it('keeps every figure of a forecast on one line, in both languages', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const table = tableOf(forecast(locale));
      expect(table.rows.flatMap((_, r) => table.columns.map((__, c) => cellText(table, r, c)))).toEqual(
        expect.arrayContaining([locale === 'en' ? '$8,765,432.10' : 'US$8,765,432.10']),
      );
      expectFiguresOnOneLine(table);
    }
  });

  it('keeps every figure of a six-column quota table on one line, with long names, in both languages', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const table = tableOf(quota(locale));
      expect(table.columns).toHaveLength(6);
      expectFiguresOnOneLine(table);
      // The longest name wraps: its column is capped, not as wide as the name.
      expect(roomOf(table)[0]).toBeLessThan(px('Alexandra Montgomery-Smith'));
    }
  });

  it('sizes a Chinese table by display width: CJK characters count double, figures are never squeezed', () => {
    const widths = tableColumnWidths(
      [
        { header: '客户', right: false },
        { header: '负责人', right: false },
        { header: '金额', right: true },
        { header: '阶段', right: false },
      ],
      [
        ['无锡华光电子科技股份有限公司华东区分公司', '欧阳晓明', '¥12,345,678.00', '商务谈判'],
        ['上海', '李娜', '¥8.00', '线索'],
      ],
    );
    const total = widths.reduce((a, b) => a + b, 0);
    const [account, owner, amount, stage] = widths.map((w) => (w / total) * CARD_PX - CELL_PX);
    expect(amount).toBeGreaterThanOrEqual(px('¥12,345,678.00'));
    expect(owner).toBeGreaterThanOrEqual(px('欧阳晓明'));
    expect(stage).toBeGreaterThanOrEqual(px('商务谈判'));
    // The long company name is capped and wraps.
    expect(account).toBeLessThan(px('无锡华光电子科技股份有限公司华东区分公司'));
  });

  it('gives a short table room in proportion to its content', () => {
    expect(
      tableColumnWidths(
        [
          { header: 'Stage', right: false },
          { header: 'Deals', right: true },
        ],
        [['Lead', '3']],
      ),
    ).toEqual([7, 7]);
  });
});
