import { describe, expect, it } from 'vitest';
import type { KnownBlock, ModalView } from '@slack/types';
import { actionsOf, type Action, type Block, type Form, type Screen } from '../../src/views/screen.js';
import {
  actionIndex,
  decodeAction,
  encodeAction,
  readModalValues,
  renderHome,
  renderLoadingModal,
  renderMessage,
  renderModal,
} from '../../src/views/render/block-kit.js';
import { BLOCK_KIT, checkBlockKitLimits } from '../support/block-kit-limits.js';
import { displayWidth } from '../../src/views/render/text.js';
import { t } from '../../src/i18n/index.js';
import { DEFAULT_STAGES } from '../../src/domain/stages.js';
import { newDealFormScreen, moveStageForm, noteForm } from '../../src/views/screens/forms.js';
import { open, realScreens } from '../support/screen-fixtures.js';

const moreText = (n: number): string => `…and ${n} more`;
const options = { moreText };

type Json = Record<string, unknown>;

function render(screen: Screen): { text: string; blocks: KnownBlock[] } {
  const message = renderMessage(screen, options);
  expect(checkBlockKitLimits({ text: message.text, blocks: message.blocks })).toEqual([]);
  return message;
}

/** Every button in the rendered blocks, in order (accessories and actions elements). */
function buttonsOf(blocks: readonly KnownBlock[]): Json[] {
  const found: Json[] = [];
  for (const block of blocks) {
    if (block.type === 'section' && block.accessory?.type === 'button') found.push(block.accessory as unknown as Json);
    if (block.type === 'actions')
      for (const element of block.elements) if (element.type === 'button') found.push(element as unknown as Json);
  }
  return found;
}

/** Every mrkdwn/plain text string in the blocks. */
function textsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) textsOf(v, out);
  else if (typeof value === 'object' && value !== null) {
    const record = value as Json;
    if ((record['type'] === 'mrkdwn' || record['type'] === 'plain_text') && typeof record['text'] === 'string') out.push(record['text']);
    for (const v of Object.values(record)) textsOf(v, out);
  }
  return out;
}

function sectionTexts(blocks: readonly KnownBlock[]): string[] {
  return blocks.flatMap((block) => (block.type === 'section' && block.text ? [block.text.text] : []));
}

function contextTexts(blocks: readonly KnownBlock[]): string[] {
  return blocks.flatMap((block) =>
    block.type === 'context' ? block.elements.flatMap((e) => ('text' in e && typeof e.text === 'string' ? [e.text] : [])) : [],
  );
}

/** The table blocks' cells as text (a rich_text cell's text elements joined), row by row. */
function tableCells(blocks: readonly KnownBlock[]): string[][] {
  return blocks.flatMap((block) =>
    block.type === 'table'
      ? block.rows.map((row) =>
          row.map((cell) =>
            cell.type === 'rich_text'
              ? cell.elements
                  .flatMap((e) => ('elements' in e ? e.elements.flatMap((t) => (t.type === 'text' ? [t.text] : [])) : []))
                  .join('')
              : cell.text,
          ),
        )
      : [],
  );
}

function everyBlockScreen(): Screen {
  return {
    kind: 'deal_list',
    title: 'Everything',
    blocks: [
      { type: 'header', text: 'Everything · 全部' },
      { type: 'text', text: 'Saved.', tone: 'success' },
      { type: 'text', text: 'Careful.', tone: 'warning' },
      { type: 'text', text: 'Broken.', tone: 'error' },
      { type: 'text', text: 'Plain.' },
      {
        type: 'fields',
        fields: [
          { label: 'Amount', value: '$1,000.00' },
          { label: '阶段', value: '方案' },
        ],
      },
      { type: 'divider' },
      {
        type: 'table',
        columns: [{ label: 'Stage' }, { label: 'Deals', align: 'right' }, { label: 'Total', align: 'right' }],
        rows: [
          ['Lead', '3', '$1,000.00'],
          ['需求分析', '12', '$20,500.00'],
        ],
        totals: ['Total', '15', '$21,500.00'],
      },
      {
        type: 'items',
        items: [
          { title: 'D-1 Acme', detail: '$5 · Lead', action: open(1) },
          { title: 'Note: called', detail: 'Alice, 2 days ago' },
          { title: 'D-2 无锡华光电子', action: open(2) },
        ],
      },
      { type: 'context', text: '1–3 of 3' },
      {
        type: 'actions',
        actions: [
          { id: 'deal.won', label: 'Won', style: 'primary', command: 'deal move D-1 won' },
          {
            id: 'deal.lost',
            label: 'Lost',
            style: 'danger',
            command: 'deal move D-1 lost',
            input: { prompt: 'Why was it lost?' },
            form: 'deal.lost',
          },
        ],
      },
    ],
  };
}

describe('renderMessage', () => {
  it('maps every block type', () => {
    const screen = everyBlockScreen();
    const { text, blocks } = render(screen);
    expect(text).toBe('Everything\n✅ Saved.');
    expect(blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'section',
      'section',
      'divider',
      'table',
      'section',
      'section',
      'section',
      'context',
      'actions',
    ]);
    expect(sectionTexts(blocks).slice(0, 4)).toEqual(['✅ Saved.', '⚠️ Careful.', '❌ Broken.', 'Plain.']);
    const fields = blocks[5];
    expect(fields?.type === 'section' && fields.fields?.map((f) => f.text)).toEqual(['*Amount*\n$1,000.00', '*阶段*\n方案']);
    // Items: buttons as accessories, the action-less item as its own text.
    const items = blocks.slice(8, 11);
    expect(items.map((b) => (b.type === 'section' ? [b.text?.text, b.accessory?.type ?? null] : null))).toEqual([
      ['*D-1 Acme*\n$5 · Lead', 'button'],
      ['*Note: called*\nAlice, 2 days ago', null],
      ['*D-2 无锡华光电子*', 'button'],
    ]);
    const actions = blocks[12];
    expect(actions?.type === 'actions' && actions.elements.map((e) => (e.type === 'button' ? e.style : undefined))).toEqual([
      'primary',
      'danger',
    ]);
    // All mrkdwn is verbatim, so Slack never auto-links or parses mentions.
    const json = JSON.stringify(blocks);
    expect(json).not.toMatch(/"type":"mrkdwn","text":"[^"]*"}/);
  });

  it('numbers buttons dd.<n> in actionsOf order and encodes each command', () => {
    const screen = everyBlockScreen();
    const { blocks } = render(screen);
    const expected = actionsOf(screen);
    const buttons = buttonsOf(blocks);
    expect(buttons.map((b) => b['action_id'])).toEqual(expected.map((_, i) => `dd.${i}`));
    buttons.forEach((b, i) => {
      const decoded = decodeAction(String(b['value']));
      const action = expected[i];
      expect(decoded).toEqual({
        command: action?.command,
        id: action?.id,
        ...(action?.form ? { form: action.form } : {}),
        ...(action?.input ? { prompt: action.input.prompt } : {}),
      });
      expect(actionIndex(b['action_id'])).toBe(i);
    });
  });

  it('escapes user text and never produces mentions', () => {
    const evil = 'Hi <!channel> <@U123> <!here|here> @here @channel Tom & Jerry > 1 <https://evil.example|click>';
    const screen: Screen = {
      kind: 'message',
      title: evil,
      blocks: [
        { type: 'header', text: evil },
        { type: 'text', text: evil },
        { type: 'fields', fields: [{ label: evil, value: evil }] },
        { type: 'table', columns: [{ label: 'A & B' }], rows: [[evil], ['```'], ['<@U999>']] },
        // The message's first table is a table block; a second one is a code block.
        { type: 'table', columns: [{ label: 'A & B' }], rows: [[evil], ['```'], ['<@U999>']] },
        { type: 'items', items: [{ title: evil, detail: evil, action: { id: 'x', label: evil, command: 'deal show D-1' } }] },
        { type: 'context', text: evil },
      ],
    };
    const { text, blocks } = render(screen);
    const mrkdwnTexts = [text, ...blocks.flatMap((b) => JSON.stringify(b).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g) ?? [])];
    for (const value of mrkdwnTexts) {
      expect(value).not.toContain('<!');
      expect(value).not.toContain('<@');
      expect(value).not.toContain('<http');
      expect(value).not.toMatch(/@(here|channel)\b/);
      expect(value).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(sectionTexts(blocks)[0]).toContain('&lt;!channel&gt; &lt;@U123&gt;');
    expect(sectionTexts(blocks)[0]).toContain('Tom &amp; Jerry &gt; 1');
    // The ``` in a cell cannot close the preformatted block early.
    const table = sectionTexts(blocks).find((s) => s.startsWith('```')) ?? '';
    expect(table.match(/```/g)).toHaveLength(2);
    // Table block cells are raw_text, which Slack shows as typed and never parses; @here is still defused.
    const cells = tableCells(blocks);
    expect(cells[1]?.[0]).toContain('<!channel> <@U123>');
    expect(cells[1]?.[0]).not.toMatch(/@(here|channel)\b/);
    expect(cells.slice(2)).toEqual([['```'], ['<@U999>']]);
    // plain_text (header, button) is shown literally by Slack and never parsed, so it is not escaped.
    const header = blocks[0];
    expect(header?.type === 'header' && header.text.text.startsWith('Hi <!channel>')).toBe(true);
    for (const block of blocks) {
      for (const match of JSON.stringify(block).matchAll(/"type":"mrkdwn"[^}]*}/g)) expect(match[0]).toContain('"verbatim":true');
    }
  });

  it('aligns code-block tables by display width (CJK counts two columns), right-aligning numbers, totals after a rule', () => {
    const screen: Screen = {
      kind: 'pipeline',
      title: '管道',
      blocks: [
        // The first table is the message's table block, so the one under test is a code block.
        { type: 'table', columns: [{ label: 'First' }], rows: [['1']] },
        {
          type: 'table',
          columns: [{ label: '阶段' }, { label: '数量', align: 'right' }, { label: 'Total', align: 'right' }],
          rows: [
            ['线索 10%', '17', '$1,484,800.00'],
            ['需求分析 40%', '3', '$800.00'],
            ['Negotiation 80%', '8', '$308,000.00'],
          ],
          totals: ['合计', '28', '$1,793,600.00'],
        },
      ],
    };
    const { blocks } = render(screen);
    const [table] = sectionTexts(blocks);
    expect(table?.startsWith('```\n') && table.endsWith('\n```')).toBe(true);
    const lines = (table ?? '').slice(4, -4).split('\n');
    expect(lines).toHaveLength(7);
    const widths = lines.map(displayWidth);
    expect(new Set(widths).size).toBe(1);
    expect(lines[5]).toMatch(/^─+ +─+ +─+$/);
    expect(lines[6]).toMatch(/^合计 +28 +\$1,793,600\.00$/);
    expect(lines[3]?.endsWith('      $800.00')).toBe(true);
  });

  it('chunks fields ten to a section', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: `v${i}` }));
    const { blocks } = render({ kind: 'settings', title: 'Fields', blocks: [{ type: 'fields', fields }] });
    expect(blocks.map((b) => (b.type === 'section' ? b.fields?.length : 0))).toEqual([10, 10, 3]);
    const all = blocks.flatMap((b) => (b.type === 'section' ? (b.fields ?? []).map((f) => f.text) : []));
    expect(all).toEqual(fields.map((f) => `*${f.label}*\n${f.value}`));
  });

  it('keeps 300 items within 50 blocks and the JSON cap, saying how many more, and keeps the buttons after them', () => {
    const items = Array.from({ length: 300 }, (_, i) => ({
      title: `D-${i} Account ${i}`,
      detail: `$${i}.00 · Lead · Nov ${1 + (i % 28)}, 2026 · Rep ${i}`,
      action: open(i),
    }));
    const screen: Screen = {
      kind: 'deal_list',
      title: 'Open deals',
      blocks: [
        { type: 'header', text: 'Open deals' },
        { type: 'items', items },
        { type: 'context', text: '1–300 of 300' },
        { type: 'actions', actions: [{ id: 'page.next', label: 'Next', command: 'deal list page 2' }] },
      ],
    };
    const { blocks } = render(screen);
    expect(blocks.length).toBeLessThanOrEqual(BLOCK_KIT.message.blocks);
    expect(JSON.stringify(blocks).length).toBeLessThanOrEqual(BLOCK_KIT.message.blocksJson);
    const itemSections = blocks.filter((b) => b.type === 'section' && b.accessory);
    expect(itemSections.length).toBeGreaterThan(10);
    const more = contextTexts(blocks).find((text) => text.startsWith('…and'));
    expect(more).toBe(`…and ${300 - itemSections.length} more`);
    expect(blocks.at(-1)?.type).toBe('actions');
    expect(contextTexts(blocks)).toContain('1–300 of 300');
    // Kept buttons keep their actionsOf indices; the paging button is still dd.300.
    const ids = buttonsOf(blocks).map((b) => b['action_id']);
    expect(ids.slice(0, -1)).toEqual(itemSections.map((_, i) => `dd.${i}`));
    expect(ids.at(-1)).toBe('dd.300');
    expect(decodeAction(String(buttonsOf(blocks).at(-1)?.['value']))?.command).toBe('deal list page 2');
  });

  it('packs action-less items into shared sections', () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ title: `/cmd${i}`, detail: `Does thing ${i}` }));
    const { blocks } = render({ kind: 'help', title: 'Help', blocks: [{ type: 'items', items }] });
    expect(blocks).toHaveLength(1);
    expect(sectionTexts(blocks)[0]).toBe(items.map((item) => `*${item.title}*\n${item.detail}`).join('\n\n'));
  });

  it('splits a 200-row table into preformatted sections and drops rows from the end to fit', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [
      `Stage ${i} 阶段 ${'·'.repeat(30 + (i % 20))}`,
      String(i),
      `$${(i * 1234.5).toFixed(2)}`,
    ]);
    const screen: Screen = {
      kind: 'pipeline',
      title: 'Big',
      blocks: [
        {
          type: 'table',
          columns: [{ label: 'Stage' }, { label: 'N', align: 'right' }, { label: 'Total', align: 'right' }],
          rows,
          totals: ['Total', '19900', '$1.00'],
        },
      ],
    };
    const { blocks } = render(screen);
    const tables = sectionTexts(blocks);
    expect(tables.length).toBeGreaterThan(1);
    for (const text of tables) {
      expect(text.length).toBeLessThanOrEqual(BLOCK_KIT.section.text);
      expect(text.startsWith('```\n') && text.endsWith('\n```')).toBe(true);
    }
    const lines = tables.flatMap((text) => text.slice(4, -4).split('\n'));
    const shown = lines.filter((line) => line.startsWith('Stage ') && line.includes('阶段'));
    expect(shown[0]).toMatch(/^Stage 0 阶段/);
    expect(lines.at(-1)).toMatch(/^Total +19900 +\$1\.00$/);
    expect(shown.length).toBeGreaterThan(50);
    expect(shown.length).toBeLessThan(200);
    expect(contextTexts(blocks)).toEqual([`…and ${200 - shown.length} more`]);
    // Rows are whole and in order.
    expect(shown.map((line) => /^Stage (\d+) /.exec(line)?.[1])).toEqual(shown.map((_, i) => String(i)));
  });

  it('splits a 10000-character text at line boundaries', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(3, '0')} ${'x'.repeat(95)}`);
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThanOrEqual(10_000 - 1);
    const { blocks } = render({ kind: 'message', title: 'Long', blocks: [{ type: 'text', text }] });
    const sections = sectionTexts(blocks);
    expect(sections.length).toBeGreaterThanOrEqual(4);
    for (const section of sections) expect(section.length).toBeLessThanOrEqual(BLOCK_KIT.section.text);
    expect(sections.join('\n')).toBe(text);
  });

  it('splits a 10000-character line without breaks, and cuts text that cannot fit with an ellipsis', () => {
    const word = 'lorem ipsum dolor sit amet, ';
    const line = word.repeat(Math.ceil(10_000 / word.length)).slice(0, 10_000);
    const one = render({ kind: 'message', title: 'Long', blocks: [{ type: 'text', text: line }] });
    expect(sectionTexts(one.blocks).length).toBeGreaterThanOrEqual(4);
    const huge = render({
      kind: 'message',
      title: 'Huge',
      blocks: [
        { type: 'text', text: `${line}\n${line}\n${line}` },
        { type: 'actions', actions: [open(1)] },
      ],
    });
    expect(sectionTexts(huge.blocks).at(-1)?.endsWith('…')).toBe(true);
    expect(huge.blocks.at(-1)?.type).toBe('actions');
    expect(huge.text.length).toBeLessThanOrEqual(BLOCK_KIT.section.text);
  });

  it('puts 60 buttons in actions blocks of at most 25, all in order', () => {
    const actions = Array.from({ length: 60 }, (_, i) => open(i));
    const screen: Screen = { kind: 'message', title: 'Buttons', blocks: [{ type: 'actions', actions }] };
    const { blocks } = render(screen);
    for (const block of blocks) expect(block.type === 'actions' && block.elements.length <= 25).toBe(true);
    const buttons = buttonsOf(blocks);
    expect(buttons).toHaveLength(60);
    expect(buttons.map((b) => b['action_id'])).toEqual(actions.map((_, i) => `dd.${i}`));
    expect(buttons.map((b) => decodeAction(String(b['value']))?.command)).toEqual(actions.map((a) => a.command));
  });

  it('truncates long labels and headers with an ellipsis', () => {
    const long = 'Ä'.repeat(400);
    const screen: Screen = {
      kind: 'deal_card',
      title: long,
      blocks: [
        { type: 'header', text: long },
        { type: 'fields', fields: [{ label: long, value: 'v'.repeat(5000) }] },
        { type: 'items', items: [{ title: long.repeat(10), detail: long.repeat(10), action: { id: 'x', label: long, command: 'x' } }] },
        { type: 'actions', actions: [{ id: 'y', label: '按钮'.repeat(100), command: 'y' }] },
      ],
    };
    const { blocks } = render(screen);
    const header = blocks[0];
    expect(header?.type === 'header' && header.text.text.length).toBe(BLOCK_KIT.header.text);
    expect(header?.type === 'header' && header.text.text.endsWith('…')).toBe(true);
    const field = blocks[1];
    expect(field?.type === 'section' && (field.fields?.[0]?.text.length ?? 0) <= BLOCK_KIT.section.fieldText).toBe(true);
    for (const button of buttonsOf(blocks)) {
      const text = (button['text'] as Json)['text'] as string;
      expect(text.length).toBeLessThanOrEqual(BLOCK_KIT.button.text);
      expect(text.endsWith('…')).toBe(true);
    }
  });

  it('never splits a surrogate pair or an escape when cutting', () => {
    const screen: Screen = {
      kind: 'message',
      title: 'x',
      blocks: [
        { type: 'header', text: '😀'.repeat(100) },
        { type: 'context', text: '&'.repeat(1000) },
      ],
    };
    const { blocks } = render(screen);
    const header = blocks[0];
    expect(header?.type === 'header' && header.text.text).toBe(`${'😀'.repeat(74)}…`);
    const context = contextTexts(blocks)[0] ?? '';
    expect(context).toMatch(/^(&amp;)+…$/);
  });

  it('stays within limits when fixed blocks alone are too many', () => {
    const blocks: Block[] = Array.from({ length: 80 }, (_, i) => ({ type: 'context', text: `${i} ${'c'.repeat(400)}` }));
    const rendered = render({ kind: 'message', title: 'Many', blocks });
    expect(rendered.blocks.length).toBeLessThanOrEqual(BLOCK_KIT.message.blocks);
  });

  it('renders empty and blank blocks without invalid blocks', () => {
    const { blocks } = render({
      kind: 'message',
      title: '',
      blocks: [
        { type: 'header', text: ' ' },
        { type: 'text', text: '\n\n' },
        { type: 'fields', fields: [] },
        { type: 'table', columns: [], rows: [] },
        { type: 'items', items: [] },
        { type: 'actions', actions: [] },
        { type: 'context', text: '' },
        { type: 'divider' },
      ],
    });
    expect(blocks.map((b) => b.type)).toEqual(['divider']);
  });
});

describe('renderMessage: Slack table blocks', () => {
  const pipelineTable = (rows: string[][]): Block => ({
    type: 'table',
    columns: [
      { label: '阶段' },
      { label: 'Deals', align: 'right' },
      { label: 'Total', align: 'right' },
      { label: 'Oldest', align: 'right' },
    ],
    rows,
    totals: ['Total', '28', '$1,793,600.00', ''],
  });
  const stages = [
    ['线索 10%', '17', '$1,484,800.00', '12 days'],
    ['Negotiation 80%', '11', '$308,800.00', '—'],
  ];
  const tableBlocks = (blocks: readonly KnownBlock[]) => blocks.filter((b) => b.type === 'table');
  const oneColumn = (n: number, totals: boolean): Block => ({
    type: 'table',
    columns: [{ label: 'Rep' }],
    rows: Array.from({ length: n }, (_, i) => [`r${i}`]),
    ...(totals ? { totals: ['All'] } : {}),
  });

  it('renders the first table as a table block: bold header and totals, figures right-aligned, text columns wrapped', () => {
    const { text, blocks } = render({
      kind: 'pipeline',
      title: 'Pipeline · Alice',
      blocks: [{ type: 'header', text: 'Pipeline · Alice' }, pipelineTable(stages), { type: 'context', text: 'Stale after 14 days' }],
    });
    expect(blocks.map((b) => b.type)).toEqual(['header', 'table', 'context']);
    const [table] = tableBlocks(blocks);
    expect(table?.type === 'table' && table.column_settings).toEqual([
      { is_wrapped: true },
      { align: 'right' },
      { align: 'right' },
      { align: 'right' },
    ]);
    expect(tableCells(blocks)).toEqual([
      ['阶段', 'Deals', 'Total', 'Oldest'],
      ['线索 10%', '17', '$1,484,800.00', '12 days'],
      ['Negotiation 80%', '11', '$308,800.00', '—'],
      // An empty cell holds a no-break space: the table block refuses empty text.
      ['Total', '28', '$1,793,600.00', '\u00a0'],
    ]);
    const rows = table?.type === 'table' ? table.rows : [];
    const kinds = rows.map((row) => row.map((cell) => cell.type));
    expect(kinds).toEqual([Array(4).fill('rich_text'), Array(4).fill('raw_text'), Array(4).fill('raw_text'), Array(4).fill('rich_text')]);
    for (const row of [rows[0], rows.at(-1)]) for (const cell of row ?? []) expect(JSON.stringify(cell)).toContain('"style":{"bold":true}');
    // The notification text stays the plain title; the figures are in the table block.
    expect(text).toBe('Pipeline · Alice');
  });

  it('keeps one table block a message: later tables, and tables on the Home tab, are code blocks', () => {
    const screen: Screen = {
      kind: 'pipeline',
      title: 'By channel',
      blocks: [pipelineTable(stages), { type: 'text', text: 'Partner' }, pipelineTable(stages), pipelineTable(stages)],
    };
    const { blocks } = render(screen);
    expect(tableBlocks(blocks)).toHaveLength(1);
    expect(blocks[0]?.type).toBe('table');
    const code = sectionTexts(blocks).filter((t) => t.startsWith('```'));
    expect(code).toHaveLength(2);
    for (const text of code) expect(text).toMatch(/^Negotiation 80% +11 +\$308,800\.00 +—$/m);
    const home = renderHome([screen], options);
    expect(checkBlockKitLimits({ view: home })).toEqual([]);
    const homeBlocks = home.blocks as KnownBlock[];
    expect(tableBlocks(homeBlocks)).toEqual([]);
    expect(sectionTexts(homeBlocks).filter((t) => t.startsWith('```'))).toHaveLength(3);
  });

  it('uses the table block up to its 100 rows with header and totals, and a code block beyond, keeping every row', () => {
    for (const [rows, totals] of [
      [99, false],
      [98, true],
    ] as const) {
      const { blocks } = render({ kind: 'quota', title: 'Quota', blocks: [oneColumn(rows, totals)] });
      expect(tableCells(blocks)).toHaveLength(100);
      expect(tableCells(blocks).at(-1)).toEqual([totals ? 'All' : `r${rows - 1}`]);
    }
    const { blocks } = render({ kind: 'quota', title: 'Quota', blocks: [oneColumn(99, true)] });
    expect(tableBlocks(blocks)).toEqual([]);
    const lines = sectionTexts(blocks).flatMap((t) => t.slice(4, -4).split('\n'));
    expect(lines.filter((line) => /^r\d+$/.test(line))).toHaveLength(99);
    expect(lines.at(-1)).toBe('All');
    expect(contextTexts(blocks)).toEqual([]);
  });

  it('uses a code block for a table of more than 20 columns, or none', () => {
    const columns = Array.from({ length: 21 }, (_, i) => ({ label: `C${i}`, align: 'right' as const }));
    const wide = render({
      kind: 'scorecard',
      title: 'Wide',
      blocks: [{ type: 'table', columns, rows: [columns.map((_, i) => String(i))] }],
    });
    expect(tableBlocks(wide.blocks)).toEqual([]);
    expect(sectionTexts(wide.blocks)[0]).toMatch(/^```\nC0 +C1 /);
    const twenty = render({ kind: 'scorecard', title: 'Wide', blocks: [{ type: 'table', columns: columns.slice(1), rows: [] }] });
    expect(tableCells(twenty.blocks)).toEqual([columns.slice(1).map((c) => c.label)]);
  });

  it('falls back to the code block when the message budget would cut rows of the table block', () => {
    // 90 rows of six cells fit the row limit, but their cells weigh more JSON than Slack takes in a message.
    const rows = Array.from({ length: 90 }, (_, i) => [`Rep ${i}`, '$120,000.00', '$80,000.00', '66.7%', '+$1,000.00', '1.2×']);
    const columns = ['Name', 'Quota', 'Won', 'Attainment', 'Pace', 'Coverage'].map((label, i) => ({
      label,
      ...(i > 0 ? { align: 'right' as const } : {}),
    }));
    const { blocks } = render({
      kind: 'quota',
      title: 'Quota',
      blocks: [{ type: 'table', columns, rows, totals: ['All', ...rows[0]!.slice(1)] }],
    });
    expect(tableBlocks(blocks)).toEqual([]);
    const lines = sectionTexts(blocks).flatMap((t) => t.slice(4, -4).split('\n'));
    expect(lines.filter((line) => line.startsWith('Rep '))).toHaveLength(90);
    expect(lines.at(-1)).toMatch(/^All +\$120,000\.00/);
  });
});

describe('encodeAction / decodeAction', () => {
  it('round-trips', () => {
    const action: Action = {
      id: 'deal.note',
      label: 'Log note',
      command: 'deal note D-5',
      input: { prompt: 'What happened?' },
      form: 'deal.note',
    };
    const value = encodeAction(action);
    expect(JSON.parse(value)).toEqual({ c: 'deal note D-5', f: 'deal.note', p: 'What happened?', id: 'deal.note' });
    expect(Object.keys(JSON.parse(value) as object)).toEqual(['c', 'f', 'p', 'id']);
    expect(decodeAction(value)).toEqual({ command: 'deal note D-5', form: 'deal.note', prompt: 'What happened?', id: 'deal.note' });
    expect(decodeAction(encodeAction({ id: 'pipeline', label: 'P', command: 'pipeline 中文 "q"' }))).toEqual({
      command: 'pipeline 中文 "q"',
      id: 'pipeline',
    });
  });

  it('drops the prompt when the value would be too long', () => {
    const value = encodeAction({ id: 'deal.note', label: 'Log', command: 'deal note D-5', input: { prompt: 'p'.repeat(2500) } });
    expect(value.length).toBeLessThanOrEqual(BLOCK_KIT.button.value);
    expect(decodeAction(value)).toEqual({ command: 'deal note D-5', id: 'deal.note' });
  });

  it('is robust to garbage', () => {
    for (const garbage of [
      '',
      'null',
      '[]',
      '{',
      '"x"',
      '{"c":1,"id":"x"}',
      '{"c":"x"}',
      '{"c":"","id":"x"}',
      'x'.repeat(100_000),
      '{"__proto__":{"c":"x"}}',
    ]) {
      expect(decodeAction(garbage)).toBeUndefined();
    }
    expect(decodeAction('{"c":"deal show D-1","f":"evil.form","p":5,"id":"deal.show"}')).toEqual({
      command: 'deal show D-1',
      id: 'deal.show',
    });
    expect(decodeAction(42 as unknown as string)).toBeUndefined();
    expect(actionIndex('dd.x')).toBeUndefined();
    expect(actionIndex(undefined)).toBeUndefined();
  });
});

const form: Form = {
  id: 'deal.new',
  commandId: 'deal.new',
  title: 'Create a brand new deal for the team',
  submitLabel: 'Create',
  hidden: { deal: 'D-1' },
  fields: [
    { name: 'account', label: 'Account', kind: 'text', required: true, placeholder: 'Acme', value: 'Acme & Co' },
    { name: 'amount', label: 'Amount', kind: 'amount', required: true, hint: 'In USD' },
    {
      name: 'stage',
      label: 'Stage',
      kind: 'select',
      required: false,
      value: 'proposal',
      options: DEFAULT_STAGES.map((s) => ({ value: s.key, label: s.nameEn })),
    },
    { name: 'close', label: 'Close date', kind: 'date', required: false },
    { name: 'note', label: 'Note', kind: 'textarea', required: false, placeholder: 'p'.repeat(300) },
  ],
};

function modalBlocks(view: ModalView): Json[] {
  return view.blocks as unknown as Json[];
}

describe('renderModal', () => {
  it('renders one input per field with block_id and action_id = field name', () => {
    const view = renderModal(form, {
      callbackId: 'dd.form',
      privateMetadata: '{"c":"deal.new"}',
      closeLabel: 'Cancel',
      errors: { amount: 'Give an amount', general: 'Something failed' },
    });
    expect(checkBlockKitLimits({ view })).toEqual([]);
    expect(view.title.text.length).toBeLessThanOrEqual(BLOCK_KIT.modal.title);
    expect(view.title.text.endsWith('…')).toBe(true);
    expect(view.submit?.text).toBe('Create');
    expect(view.close?.text).toBe('Cancel');
    expect(view.callback_id).toBe('dd.form');
    expect(view.private_metadata).toBe('{"c":"deal.new"}');
    const blocks = modalBlocks(view);
    expect(blocks[0]?.['type']).toBe('section');
    const inputs = blocks.slice(1);
    expect(inputs.map((b) => [b['block_id'], (b['element'] as Json)['action_id'], (b['element'] as Json)['type'], b['optional']])).toEqual([
      ['account', 'account', 'plain_text_input', false],
      ['amount', 'amount', 'plain_text_input', false],
      ['stage', 'stage', 'static_select', true],
      ['close', 'close', 'plain_text_input', true],
      ['note', 'note', 'plain_text_input', true],
    ]);
    expect((inputs[0]?.['element'] as Json)['initial_value']).toBe('Acme & Co');
    expect((inputs[1]?.['hint'] as Json)['text']).toBe('❌ Give an amount\nIn USD');
    const select = inputs[2]?.['element'] as Json;
    expect((select['options'] as unknown[]).length).toBe(DEFAULT_STAGES.length);
    expect(select['initial_option']).toEqual({ text: { type: 'plain_text', text: 'Proposal', emoji: true }, value: 'proposal' });
    expect((inputs[4]?.['element'] as Json)['multiline']).toBe(true);
    expect(((inputs[4]?.['element'] as Json)['placeholder'] as Json)['text']).toHaveLength(150);
  });

  it('uses the submit label override and refuses over-long ids', () => {
    expect(renderModal(form, { callbackId: 'c', privateMetadata: '', closeLabel: 'Close', submitLabel: 'Save' }).submit?.text).toBe('Save');
    expect(() => renderModal(form, { callbackId: 'c'.repeat(256), privateMetadata: '', closeLabel: 'Close' })).toThrow(RangeError);
    expect(() => renderModal(form, { callbackId: 'c', privateMetadata: 'm'.repeat(3001), closeLabel: 'Close' })).toThrow(RangeError);
  });

  it('caps select options at 100 and keeps the selected one', () => {
    const options = Array.from({ length: 150 }, (_, i) => ({ value: `v${i}`, label: `Option ${i} ${'x'.repeat(100)}` }));
    const big: Form = { ...form, fields: [{ name: 'pick', label: 'Pick', kind: 'select', required: true, value: 'v120', options }] };
    const view = renderModal(big, { callbackId: 'c', privateMetadata: '', closeLabel: 'Close' });
    expect(checkBlockKitLimits({ view })).toEqual([]);
    const select = modalBlocks(view)[0]?.['element'] as Json;
    expect((select['options'] as unknown[]).length).toBe(100);
    expect((select['initial_option'] as Json)['value']).toBe('v120');
  });

  it('renders a loading modal', () => {
    const view = renderLoadingModal('DealDesk is loading the form', 'Loading… <!channel>', 'Close');
    expect(checkBlockKitLimits({ view })).toEqual([]);
    expect(view.title.text.length).toBeLessThanOrEqual(BLOCK_KIT.modal.title);
    expect(JSON.stringify(view)).toContain('&lt;!channel&gt;');
  });
});

describe('readModalValues', () => {
  const values = {
    account: { account: { type: 'plain_text_input', value: 'Acme' } },
    amount: { amount: { type: 'plain_text_input', value: null } },
    stage: { stage: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Proposal' }, value: 'proposal' } } },
    close: { close: { type: 'datepicker', selected_date: '2026-12-31' } },
    other: { other: { type: 'static_select', selected_option: null } },
  };

  it('reads state.values, view.state and the whole view alike', () => {
    const expected = { account: 'Acme', amount: '', stage: 'proposal', close: '2026-12-31', other: '' };
    expect(readModalValues(values)).toEqual(expected);
    expect(readModalValues({ values })).toEqual(expected);
    expect(readModalValues({ type: 'modal', state: { values } })).toEqual(expected);
  });

  it('is robust to garbage', () => {
    for (const garbage of [undefined, null, 42, 'x', [], { values: 7 }, { a: 1 }, { a: { b: 2 } }, { a: { a: { type: 'x' } } }]) {
      expect(readModalValues(garbage)).toEqual({});
    }
    expect(readModalValues({ a: { a: { type: 'plain_text_input', value: 'ok' } }, b: 'junk', __proto__x: null })).toEqual({ a: 'ok' });
    const polluted = readModalValues(JSON.parse('{"__proto__":{"__proto__":{"type":"plain_text_input","value":"x"}}}'));
    expect(Object.getPrototypeOf(polluted)).toBe(Object.prototype);
  });
});

describe('renderHome', () => {
  it('joins screens with dividers, within 100 blocks, numbering buttons across screens', () => {
    const items = Array.from({ length: 300 }, (_, i) => ({ title: `D-${i}`, detail: 'detail', action: open(i) }));
    const screens: Screen[] = [
      everyBlockScreen(),
      {
        kind: 'deal_list',
        title: 'List',
        blocks: [
          { type: 'header', text: 'List' },
          { type: 'items', items },
          { type: 'actions', actions: [open(999)] },
        ],
      },
      everyBlockScreen(),
    ];
    const home = renderHome(screens, options);
    expect(home.type).toBe('home');
    expect(checkBlockKitLimits({ view: home })).toEqual([]);
    expect(home.blocks.length).toBeLessThanOrEqual(100);
    const blocks = home.blocks as KnownBlock[];
    expect(blocks.filter((b) => b.type === 'divider').length).toBeGreaterThanOrEqual(2);
    const ids = buttonsOf(blocks).map((b) => b['action_id'] as string);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 4)).toEqual(['dd.0', 'dd.1', 'dd.2', 'dd.3']);
    expect(contextTexts(blocks).some((text) => text.startsWith('…and'))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------
// The real screen builders, with fabricated data, in both languages.

describe('real screens', () => {
  for (const locale of ['en', 'zh-CN'] as const) {
    it(`render within limits in ${locale}`, () => {
      const more = (count: number): string => t(locale, 'list.more', { count });
      const screens = realScreens(locale);
      for (const screen of screens) {
        const message = renderMessage(screen, { moreText: more });
        expect(checkBlockKitLimits(message)).toEqual([]);
        expect(message.text.length).toBeGreaterThan(0);
        const buttons = buttonsOf(message.blocks);
        const actions = actionsOf(screen);
        expect(buttons).toHaveLength(actions.length);
        buttons.forEach((button, i) => {
          expect(button['action_id']).toBe(`dd.${i}`);
          expect(decodeAction(String(button['value']))?.command).toBe(actions[i]?.command);
        });
        for (const text of textsOf(message.blocks)) {
          expect(text).not.toContain('<!');
          expect(text).not.toContain('<@');
        }
      }
      expect(checkBlockKitLimits({ view: renderHome(screens, { moreText: more }) })).toEqual([]);

      const stagesForm = newDealFormScreen(locale, DEFAULT_STAGES, 'USD').form;
      expect(stagesForm).toBeDefined();
      for (const f of [
        stagesForm,
        moveStageForm(locale, DEFAULT_STAGES, { ref: 'D-4', stage: 'proposal' }),
        noteForm(locale, { ref: 'D-4' }),
      ]) {
        if (!f) continue;
        const view = renderModal(f, {
          callbackId: 'dealdesk.form',
          privateMetadata: JSON.stringify({ c: f.commandId, h: f.hidden ?? {} }),
          closeLabel: t(locale, 'form.cancel'),
        });
        expect(checkBlockKitLimits({ view })).toEqual([]);
      }
    });
  }

  it('shows the deal list with an Open button per deal and paging after', () => {
    const [list] = realScreens('zh-CN');
    if (!list) throw new Error('no screen');
    const { blocks } = renderMessage(list, { moreText: (count) => t('zh-CN', 'list.more', { count }) });
    expect(blocks[0]?.type).toBe('header');
    expect(blocks.filter((b) => b.type === 'section' && b.accessory?.type === 'button')).toHaveLength(10);
    expect(blocks.at(-1)?.type).toBe('actions');
    expect(sectionTexts(blocks)[0]).toContain('Redwood &lt;Analytics&gt;');
  });
});
