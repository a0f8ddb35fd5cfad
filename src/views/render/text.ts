/**
 * Plain-text renderer for the local shell (and logs). Tables are padded by display width, so Chinese
 * text (two columns per character) lines up with English; buttons are numbered for `!N`.
 */
import { actionsOf, type Block, type Screen } from '../screen.js';
import type { ChartSpec } from '../charts/spec.js';
import { chartValue } from '../charts/values.js';
import { percent } from '../format.js';

const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

const TONE_MARK = { info: '', success: '✓ ', warning: '! ', error: '✗ ' } as const;

export function renderText(screen: Screen): string {
  const lines: string[] = [];
  let button = 0;
  const label = (text: string): string => `[!${++button} ${text}]`;
  for (const block of screen.blocks) lines.push(...renderBlock(block, label));
  if (screen.form) {
    lines.push(screen.form.title);
    for (const field of screen.form.fields)
      lines.push(`  ${field.label}${field.required ? ' *' : ''}${field.hint ? ` — ${field.hint}` : ''}`);
  }
  // Numbering must follow actionsOf's order, which is reading order; the assertion keeps them in step.
  if (button !== actionsOf(screen).length) throw new Error('text renderer numbered buttons out of step with actionsOf');
  return lines.join('\n');
}

function renderBlock(block: Block, label: (text: string) => string): string[] {
  switch (block.type) {
    case 'header':
      return [block.text, '─'.repeat(Math.min(60, Math.max(8, displayWidth(block.text))))];
    case 'text':
      return [`${TONE_MARK[block.tone ?? 'info']}${block.text}`];
    case 'context':
      return [`  ${block.text}`];
    case 'divider':
      return [''];
    case 'chart':
      return chartTextLines(block.chart);
    case 'fields': {
      const width = Math.max(...block.fields.map((f) => displayWidth(f.label)));
      return block.fields.map((f) => `${pad(f.label, width, 'left')}  ${f.value}`);
    }
    case 'items':
      return block.items.map((item) => {
        const action = item.action ? ` ${label(item.action.label)}` : '';
        return `• ${item.title}${item.detail ? ` — ${item.detail}` : ''}${action}`;
      });
    case 'actions':
      return [block.actions.map((action) => label(action.label)).join(' ')];
    case 'table': {
      const rows = [block.columns.map((c) => c.label), ...block.rows, ...(block.totals ? [block.totals] : [])];
      const widths = block.columns.map((_, i) => Math.max(...rows.map((row) => displayWidth(row[i] ?? ''))));
      const format = (row: readonly string[]): string =>
        block.columns
          .map((column, i) => pad(row[i] ?? '', widths[i] ?? 0, column.align ?? 'left'))
          .join('  ')
          .trimEnd();
      const rule = widths.map((w) => '─'.repeat(w)).join('  ');
      return [format(rows[0] ?? []), rule, ...block.rows.map(format), ...(block.totals ? [rule, format(block.totals)] : [])];
    }
  }
}

const BAR_WIDTH = 20;

function bar(value: number, max: number): string {
  const cells = max > 0 ? Math.round((Math.max(0, value) / max) * BAR_WIDTH) : 0;
  return '█'.repeat(cells) + '░'.repeat(BAR_WIDTH - cells);
}

/**
 * A chart as text: its title, then one bar of block characters per category (per category and series
 * when there are several) scaled to the largest value, and the value as the screen formats it; a donut
 * adds each slice's share. The shell prints it, Slack shows it when it cannot link an image, and it is
 * the image's alt text.
 */
export function chartTextLines(spec: ChartSpec): string[] {
  const many = spec.series.length > 1;
  const rows = spec.categories.flatMap((category, i) =>
    spec.series.map((series) => ({ label: many ? `${category} · ${series.name}` : category, value: series.values[i] ?? 0 })),
  );
  const max = Math.max(0, ...rows.map((r) => r.value));
  const width = Math.max(0, ...rows.map((r) => displayWidth(r.label)));
  const total = spec.kind === 'donut' ? rows.reduce((sum, r) => sum + Math.max(0, r.value), 0) : 0;
  const share = (value: number): string =>
    total > 0 ? ` (${percent(spec.locale, Math.round((Math.max(0, value) / total) * 1000) / 10)})` : '';
  return [
    spec.title,
    ...rows.map((r) => `  ${pad(r.label, width, 'left')}  ${bar(r.value, max)}  ${chartValue(spec, r.value)}${share(r.value)}`),
  ];
}
