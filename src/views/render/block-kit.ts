/**
 * Block Kit renderer for Slack: chat messages, modals for forms, and the Home tab. Like the text
 * renderer it adds no wording — every word comes from the (already localized) Screen, apart from the
 * caller's localized "and N more" line — and it never exceeds Slack's limits (see slack-limits.ts):
 * long text is split into several sections at line boundaries, and when a screen would not fit in one
 * message, items and table rows are dropped from the end and summarised with `moreText`.
 *
 * User text is Slack mrkdwn-escaped (&, <, >) and sent with `verbatim: true`, so it can never
 * produce mentions (`<!channel>`, `<@U123>`) or links; `@here`-style words are also defused.
 *
 * Buttons carry `action_id` `dd.<n>`, n being the button's index in `actionsOf(screen)` (on the Home
 * tab, the running index across its screens), and a `value` from `encodeAction`, which is all an
 * adapter needs to run the button's command.
 */
import { fitKeeps } from './fit.js';
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  FileInput,
  HeaderBlock,
  HomeView,
  ImageBlock,
  InputBlock,
  KnownBlock,
  ModalView,
  MrkdwnElement,
  PlainTextElement,
  PlainTextInput,
  PlainTextOption,
  RawTextElement,
  RichTextBlock,
  SectionBlock,
  StaticSelect,
  TableBlock,
} from '@slack/types';
import { actionsOf, type Action, type Block, type Form, type FormField, type FormId, type Screen, type Tone } from '../screen.js';
import { chartTextLines, displayWidth } from './text.js';
import type { ChartSpec } from '../charts/spec.js';
import {
  ACTION_ID_MAX,
  ACTIONS_MAX_ELEMENTS,
  BLOCK_ID_MAX,
  BUTTON_TEXT_MAX,
  BUTTON_VALUE_MAX,
  CALLBACK_ID_MAX,
  CONTEXT_TEXT_MAX,
  HEADER_TEXT_MAX,
  HOME_MAX_BLOCKS,
  IMAGE_ALT_TEXT_MAX,
  IMAGE_TITLE_MAX,
  IMAGE_URL_MAX,
  INPUT_HINT_MAX,
  INPUT_LABEL_MAX,
  MESSAGE_MAX_BLOCKS,
  MESSAGE_MAX_BLOCKS_JSON,
  MESSAGE_MAX_TABLES,
  MODAL_MAX_BLOCKS,
  OPTION_TEXT_MAX,
  OPTION_VALUE_MAX,
  PLACEHOLDER_MAX,
  PLAIN_TEXT_INPUT_MAX,
  PRIVATE_METADATA_MAX,
  SECTION_FIELD_TEXT_MAX,
  SECTION_MAX_FIELDS,
  SECTION_TEXT_MAX,
  SELECT_MAX_OPTIONS,
  TABLE_MAX_CELLS,
  TABLE_MAX_ROWS,
  VIEW_BUTTON_MAX,
  VIEW_TITLE_MAX,
} from './slack-limits.js';

export type MoreText = (n: number) => string;
export type RenderOptions = {
  moreText: MoreText;
  /**
   * The public URL of a chart's PNG (served by the bot's own HTTP server), or undefined when there is
   * none: the chart is then shown as text bars.
   */
  chartImageUrl?: (chart: ChartSpec) => string | undefined;
  /**
   * The id of the chart's PNG uploaded to Slack (Socket Mode, no public URL: the Slack adapter uploads
   * before rendering), shown with an image block's `slack_file`; used when there is no URL.
   */
  chartFileId?: (chart: ChartSpec) => string | undefined;
};
/** Where a chart's picture comes from, if anywhere. */
type ChartImages = Pick<RenderOptions, 'chartImageUrl' | 'chartFileId'>;

// ---------------------------------------------------------------------------------------------------
// Text helpers

const ELLIPSIS = '…';
const TONE_EMOJI: Record<Tone, string> = { info: '', success: '✅ ', warning: '⚠️ ', error: '❌ ' };
/** Longest a single text line may be before it is hard-split (room for a tone prefix and an ellipsis). */
const LINE_MAX = SECTION_TEXT_MAX - 10;
/** Widest a table cell may be, in display columns. */
const CELL_MAX_WIDTH = 80;
/** The notification fallback stays short; Slack allows far more. */
const FALLBACK_TEXT_MAX = SECTION_TEXT_MAX;
/** Buttons per actions block when there is room; Slack allows 25. */
const BUTTONS_PER_ROW = 5;

function escapeChars(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Breaks `@here`, `@channel`, `@everyone` with an invisible word joiner, in case a client parses them bare. */
function defuse(text: string): string {
  return text.replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

/**
 * The encoded text if it fits in `max`, else as much as fits plus "…". Cuts between code points, so an
 * escape (`&amp;`) or a surrogate pair is never split.
 */
function fitEncoded(raw: string, max: number, encode: (text: string) => string): string {
  const whole = encode(raw);
  if (whole.length <= max) return whole;
  const room = max - ELLIPSIS.length;
  let out = '';
  for (const char of raw) {
    const piece = encode(char);
    if (out.length + piece.length > room) break;
    out += piece;
  }
  return out.trimEnd() + ELLIPSIS;
}

const identity = (text: string): string => text;

function fitPlain(text: string, max: number): string {
  return fitEncoded(text, max, identity);
}

function fitMrkdwn(text: string, max: number): string {
  return fitEncoded(defuse(text), max, escapeChars);
}

function oneLine(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/\t/g, ' ')
    .trim();
}

function plain(text: string): PlainTextElement {
  return { type: 'plain_text', text: text.length > 0 ? text : ELLIPSIS, emoji: true };
}

function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text) };
}

function context(text: string): ContextBlock {
  return { type: 'context', elements: [mrkdwn(text)] };
}

/** Raw text → encoded lines no longer than LINE_MAX, split at line breaks, then at spaces if a line is too long. */
function encodedLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of defuse(text.replace(/\r\n?/g, '\n')).split('\n')) {
    let rest = raw;
    while (escapeChars(rest).length > LINE_MAX) {
      let cut = '';
      let cutLength = 0;
      let lastSpace = -1;
      for (const char of rest) {
        const piece = escapeChars(char);
        if (cutLength + piece.length > LINE_MAX) break;
        cut += char;
        cutLength += piece.length;
        if (/\s/.test(char)) lastSpace = cut.length;
      }
      if (lastSpace > cut.length * 0.6) cut = cut.slice(0, lastSpace);
      lines.push(escapeChars(cut).trimEnd());
      rest = rest.slice(cut.length).trimStart();
    }
    lines.push(escapeChars(rest));
  }
  return lines;
}

/** Packs encoded lines into section-sized texts (joined with `separator`), dropping blank ones. */
function pack(lines: readonly string[], max: number, separator = '\n'): string[] {
  const texts: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current === '') current = line;
    else if (current.length + separator.length + line.length <= max) current += separator + line;
    else {
      texts.push(current);
      current = line;
    }
  }
  texts.push(current);
  return texts.filter((text) => text.trim().length > 0);
}

// ---------------------------------------------------------------------------------------------------
// Buttons

const FORM_IDS = {
  'deal.new': true,
  'deal.move': true,
  'deal.note': true,
  'deal.lost': true,
  'deal.discount': true,
  'discount.reject': true,
  'team.new': true,
  'member.edit': true,
  'member.handover': true,
  'account.contact': true,
  'import.upload': true,
  'deal.satisfaction': true,
} as const satisfies Record<FormId, true>;

function isFormId(value: unknown): value is FormId {
  return typeof value === 'string' && Object.hasOwn(FORM_IDS, value);
}

export type DecodedAction = { command: string; form?: FormId; prompt?: string; id: string };

/**
 * A button's value: JSON `{"c": command, "f"?: form, "p"?: input prompt, "id": action id}`. The prompt
 * is left out when it would make the value longer than Slack's 2000 characters.
 */
export function encodeAction(action: Action): string {
  const form = action.form ? { f: action.form } : {};
  const withPrompt = JSON.stringify({ c: action.command, ...form, ...(action.input ? { p: action.input.prompt } : {}), id: action.id });
  if (withPrompt.length <= BUTTON_VALUE_MAX || !action.input) return withPrompt;
  return JSON.stringify({ c: action.command, ...form, id: action.id });
}

/** Reads a button value written by `encodeAction`; undefined for anything else. */
export function decodeAction(value: string): DecodedAction | undefined {
  if (typeof value !== 'string' || value.length > 4 * BUTTON_VALUE_MAX) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const { c, f, p, id } = parsed;
  if (typeof c !== 'string' || c.trim() === '' || typeof id !== 'string') return undefined;
  return { command: c, ...(isFormId(f) ? { form: f } : {}), ...(typeof p === 'string' ? { prompt: p } : {}), id };
}

export const ACTION_ID_PREFIX = 'dd.';

export function actionId(index: number): string {
  return `${ACTION_ID_PREFIX}${index}`;
}

/** The button index in an `action_id` written by this renderer (`dd.3` → 3), else undefined. */
export function actionIndex(id: unknown): number | undefined {
  if (typeof id !== 'string') return undefined;
  const match = /^dd\.(\d{1,6})$/.exec(id);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function button(action: Action, index: number): Button | undefined {
  const value = encodeAction(action);
  const id = actionId(index);
  if (value.length > BUTTON_VALUE_MAX || id.length > ACTION_ID_MAX) return undefined;
  return {
    type: 'button',
    action_id: id,
    text: plain(fitPlain(oneLine(action.label), BUTTON_TEXT_MAX)),
    value,
    ...(action.style ? { style: action.style } : {}),
  } satisfies Button;
}

/** The action id of a screen's Share to channel button: not one of `actionsOf`, so not numbered. */
const SHARE_ACTION_ID = `${ACTION_ID_PREFIX}share`;

/** A screen's Share to channel button, in a row of its own under the answer (nothing when its command is too long). */
function shareSegment(action: Action): Segment {
  const value = encodeAction(action);
  if (value.length > BUTTON_VALUE_MAX) return fixed([]);
  const share: Button = {
    type: 'button',
    action_id: SHARE_ACTION_ID,
    text: plain(fitPlain(oneLine(action.label), BUTTON_TEXT_MAX)),
    value,
  };
  return fixed([{ type: 'actions', elements: [share] }]);
}

// ---------------------------------------------------------------------------------------------------
// Segments: each Screen block becomes a segment whose units (items, rows, lines, fields, buttons) can be
// dropped from the end to fit the budget.

type Segment = {
  /** How many droppable units the segment has; 0 for a block that is kept whole. */
  size: number;
  /** Buttons are kept before content (items, rows, text) when something has to go. */
  priority: 'frame' | 'content';
  render(keep: number, wide: boolean): KnownBlock[];
  /** A native table's row count when all its rows are kept (header and totals included). */
  wholeRows?: number;
};

function fixed(blocks: KnownBlock[]): Segment {
  return { size: 0, priority: 'frame', render: () => blocks };
}

function moreBlocks(moreText: MoreText, dropped: number): KnownBlock[] {
  if (dropped <= 0) return [];
  const text = moreText(dropped);
  return text.trim() ? [context(fitMrkdwn(text, CONTEXT_TEXT_MAX))] : [];
}

function textSegment(text: string, tone: Tone | undefined): Segment {
  const lines = encodedLines(text);
  while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  const prefix = TONE_EMOJI[tone ?? 'info'];
  return {
    size: lines.length,
    priority: 'content',
    render(keep) {
      if (keep <= 0) return [];
      const kept = lines.slice(0, keep);
      if (keep < lines.length) kept[kept.length - 1] = `${(kept[kept.length - 1] ?? '').trimEnd()}${ELLIPSIS}`;
      kept[0] = prefix + (kept[0] ?? '');
      return pack(kept, SECTION_TEXT_MAX).map(section);
    },
  };
}

function fieldsSegment(fields: readonly { label: string; value: string }[], moreText: MoreText): Segment {
  const texts = fields
    .map((field) => {
      const label = fitMrkdwn(oneLine(field.label), 200);
      const bold = label ? `*${label}*` : '';
      const value = field.value.trim() ? fitMrkdwn(field.value, SECTION_FIELD_TEXT_MAX - bold.length - 1) : '';
      return [bold, value].filter(Boolean).join('\n');
    })
    .filter((text) => text.length > 0);
  return {
    size: texts.length,
    priority: 'content',
    render(keep) {
      const blocks: KnownBlock[] = [];
      for (let i = 0; i < keep; i += SECTION_MAX_FIELDS) {
        blocks.push({ type: 'section', fields: texts.slice(i, Math.min(keep, i + SECTION_MAX_FIELDS)).map(mrkdwn) });
      }
      return [...blocks, ...moreBlocks(moreText, texts.length - keep)];
    },
  };
}

function cell(text: string): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  if (displayWidth(flat) <= CELL_MAX_WIDTH) return flat;
  let out = '';
  for (const char of flat) {
    if (displayWidth(out + char) > CELL_MAX_WIDTH - 1) break;
    out += char;
  }
  return out + ELLIPSIS;
}

function tableSegment(block: Extract<Block, { type: 'table' }>, moreText: MoreText): Segment {
  const columns = block.columns;
  const width = columns.length;
  const norm = (row: readonly string[]): string[] => columns.map((_, i) => cell(row[i] ?? ''));
  const head = norm(columns.map((c) => c.label));
  const rows = block.rows.map(norm);
  const totals = block.totals ? norm(block.totals) : undefined;
  const fence = '```';
  // A line of the preformatted table: padded by display width, then made safe (``` cannot close the block).
  const encodeLine = (line: string): string => fitMrkdwn(line.replace(/`(?=`)/g, '`\u200b'), SECTION_TEXT_MAX - 2 * fence.length - 2);
  return {
    size: width === 0 ? 0 : rows.length,
    priority: 'content',
    render(keep) {
      if (width === 0) return [];
      const kept = rows.slice(0, keep);
      const all = [head, ...kept, ...(totals ? [totals] : [])];
      const widths = columns.map((_, i) => Math.max(...all.map((row) => displayWidth(row[i] ?? ''))));
      const format = (row: readonly string[]): string =>
        columns
          .map((column, i) => {
            const text = row[i] ?? '';
            const fill = ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(text)));
            return column.align === 'right' ? fill + text : text + fill;
          })
          .join('  ')
          .trimEnd();
      const rule = widths.map((w) => '─'.repeat(w)).join('  ');
      const lines = [format(head), rule, ...kept.map(format), ...(totals ? [rule, format(totals)] : [])].map(encodeLine);
      const sections = pack(lines, SECTION_TEXT_MAX - 2 * fence.length - 2).map((body) => section(`${fence}\n${body}\n${fence}`));
      return [...sections, ...moreBlocks(moreText, rows.length - keep)];
    },
  };
}

/** What an empty cell holds: the table block refuses a cell whose text is empty. */
const EMPTY_CELL = '\u00a0';

function rawCell(text: string): RawTextElement {
  return { type: 'raw_text', text: text || EMPTY_CELL };
}

function boldCell(text: string): RichTextBlock {
  return {
    type: 'rich_text',
    elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: text || EMPTY_CELL, style: { bold: true } }] }],
  };
}

/** Whether Slack's table block can hold the whole table: its header, rows and totals, and its columns. */
function fitsTableBlock(block: Extract<Block, { type: 'table' }>): boolean {
  const rows = 1 + block.rows.length + (block.totals ? 1 : 0);
  return block.columns.length > 0 && block.columns.length <= TABLE_MAX_CELLS && rows <= TABLE_MAX_ROWS;
}

/**
 * The table as Slack's own table block, header and totals rows in bold, right-aligned columns (money,
 * counts) aligned right and never wrapped, text columns wrapped. Cells are raw_text: shown as typed, never
 * parsed for mentions or links. Used only for a table that fits the block whole (fitsTableBlock: at most
 * TABLE_MAX_ROWS = 100 rows with header and totals, TABLE_MAX_CELLS = 20 columns). A longer table is not
 * split into several blocks, since a message carries one table block; it falls back to the code block,
 * which holds more rows and cuts with "and N more". renderMessage falls back too when the message budget
 * would cut rows of the table block.
 */
function nativeTableSegment(block: Extract<Block, { type: 'table' }>, moreText: MoreText): Segment {
  const { columns } = block;
  const norm = (row: readonly string[]): string[] => columns.map((_, i) => cell(defuse(row[i] ?? '')).trim());
  const head = norm(columns.map((c) => c.label)).map(boldCell);
  const rows = block.rows.map((row) => norm(row).map(rawCell));
  const totals = block.totals ? norm(block.totals).map(boldCell) : undefined;
  const settings = columns.map((column) => (column.align === 'right' ? { align: 'right' as const } : { is_wrapped: true }));
  return {
    size: rows.length,
    priority: 'content',
    wholeRows: 1 + rows.length + (totals ? 1 : 0),
    render(keep) {
      const table: TableBlock = {
        type: 'table',
        column_settings: settings,
        rows: [head, ...rows.slice(0, keep), ...(totals ? [totals] : [])],
      };
      return [table, ...moreBlocks(moreText, rows.length - keep)];
    },
  };
}

type RenderedItem = { text: string; button?: Button };

function itemsSegment(block: Extract<Block, { type: 'items' }>, nextAction: () => number, moreText: MoreText): Segment {
  const items: RenderedItem[] = [];
  for (const item of block.items) {
    const index = item.action ? nextAction() : -1;
    const title = fitMrkdwn(oneLine(item.title), 1000);
    const bold = title ? `*${title}*` : '';
    const detail = item.detail?.trim() ? fitMrkdwn(item.detail, SECTION_TEXT_MAX - bold.length - 1) : '';
    let text = [bold, detail].filter(Boolean).join('\n');
    const accessory = item.action ? button(item.action, index) : undefined;
    if (!text && item.action) text = fitMrkdwn(oneLine(item.action.label), SECTION_TEXT_MAX) || ELLIPSIS;
    items.push(accessory ? { text, button: accessory } : { text });
  }
  return {
    size: items.length,
    priority: 'content',
    render(keep) {
      const blocks: KnownBlock[] = [];
      let loose: string[] = [];
      const flush = (): void => {
        blocks.push(...pack(loose, SECTION_TEXT_MAX, '\n\n').map(section));
        loose = [];
      };
      for (const item of items.slice(0, keep)) {
        if (item.button) {
          flush();
          blocks.push({ ...section(item.text), accessory: item.button });
        } else if (item.text) {
          loose.push(item.text);
        }
      }
      flush();
      return [...blocks, ...moreBlocks(moreText, items.length - keep)];
    },
  };
}

function actionsSegment(actions: readonly Action[], nextAction: () => number): Segment {
  const buttons = actions.map((action) => button(action, nextAction())).filter((b): b is Button => b !== undefined);
  return {
    size: buttons.length,
    priority: 'frame',
    render(keep, wide) {
      const perBlock = wide ? ACTIONS_MAX_ELEMENTS : BUTTONS_PER_ROW;
      const blocks: ActionsBlock[] = [];
      for (let i = 0; i < keep; i += perBlock) blocks.push({ type: 'actions', elements: buttons.slice(i, Math.min(keep, i + perBlock)) });
      return blocks;
    },
  };
}

function screenSegments(
  screen: Screen,
  nextAction: () => number,
  moreText: MoreText,
  charts: ChartImages = {},
  /** How many tables may become Slack table blocks (the first ones that fit one); the rest are code blocks. */
  nativeTables = 0,
): Segment[] {
  const segments: Segment[] = [];
  let tablesLeft = nativeTables;
  for (const block of screen.blocks) {
    switch (block.type) {
      case 'header': {
        const text = fitPlain(oneLine(block.text), HEADER_TEXT_MAX);
        if (text) segments.push(fixed([{ type: 'header', text: plain(text) } satisfies HeaderBlock]));
        break;
      }
      case 'text':
        segments.push(textSegment(block.text, block.tone));
        break;
      case 'fields':
        segments.push(fieldsSegment(block.fields, moreText));
        break;
      case 'table':
        if (tablesLeft > 0 && fitsTableBlock(block)) {
          tablesLeft--;
          segments.push(nativeTableSegment(block, moreText));
        } else segments.push(tableSegment(block, moreText));
        break;
      case 'items':
        segments.push(itemsSegment(block, nextAction, moreText));
        break;
      case 'actions':
        segments.push(actionsSegment(block.actions, nextAction));
        break;
      case 'context':
        if (block.text.trim()) segments.push(fixed([context(fitMrkdwn(block.text, CONTEXT_TEXT_MAX))]));
        break;
      case 'divider':
        segments.push(fixed([{ type: 'divider' }]));
        break;
      case 'chart':
        segments.push(chartSegment(block.chart, charts));
        break;
    }
  }
  return segments;
}

/**
 * An image block when the chart has a URL that fits Slack's limit, or else an uploaded file (`slack_file`,
 * never both), with the text bars as its alt text; without either, the text bars in a code block.
 */
function chartSegment(chart: ChartSpec, charts: ChartImages): Segment {
  const lines = chartTextLines(chart);
  const url = charts.chartImageUrl?.(chart);
  const fileId = url && url.length <= IMAGE_URL_MAX ? undefined : charts.chartFileId?.(chart);
  const described = {
    alt_text: fitPlain(lines.join('\n'), IMAGE_ALT_TEXT_MAX),
    title: plain(fitPlain(oneLine(chart.title), IMAGE_TITLE_MAX)),
  };
  const block: KnownBlock =
    url && url.length <= IMAGE_URL_MAX
      ? ({ type: 'image', image_url: url, ...described } satisfies ImageBlock)
      : fileId
        ? ({ type: 'image', slack_file: { id: fileId }, ...described } satisfies ImageBlock)
        : section(chartCode(lines));
  return { size: 1, priority: 'content', render: (keep) => (keep > 0 ? [block] : []) };
}

/** The title in bold over the bars in a code block (so they line up), rows dropped from the end to fit a section. */
function chartCode([title = '', ...rows]: readonly string[]): string {
  const head = `*${fitMrkdwn(oneLine(title), 300)}*`;
  const body = rows.map((row) => escapeChars(defuse(row.replace(/`/g, "'"))));
  const text = (n: number) => `${head}\n\`\`\`\n${[...body.slice(0, n), ...(n < body.length ? [ELLIPSIS] : [])].join('\n')}\n\`\`\``;
  let keep = body.length;
  while (keep > 0 && text(keep).length > SECTION_TEXT_MAX) keep--;
  return text(keep);
}

type Budget = { maxBlocks: number; maxChars: number };

/**
 * Renders the segments within the budget. Everything if it fits (5 buttons a row, else 25); otherwise
 * buttons are given room first, then content in reading order, each segment keeping as many units as
 * fit — so items and rows are dropped from the end. Whole blocks are dropped only as a last resort.
 */
function layout(segments: readonly Segment[], budget: Budget): KnownBlock[] {
  const build = (wide: boolean, keeps: readonly number[] = segments.map((s) => s.size)): KnownBlock[] =>
    segments.flatMap((s, i) => s.render(keeps[i] ?? 0, wide));
  const fits = (blocks: readonly KnownBlock[]): boolean =>
    blocks.length <= budget.maxBlocks && (budget.maxChars === Infinity || JSON.stringify(blocks).length <= budget.maxChars);

  let blocks = build(false);
  if (fits(blocks)) return blocks;
  blocks = build(true);
  if (fits(blocks)) return blocks;

  blocks = build(
    true,
    fitKeeps(segments, (keeps) => fits(build(true, keeps))),
  );
  while (blocks.length > 0 && !fits(blocks)) blocks.pop();
  return blocks;
}

function counter(start = 0): () => number {
  let next = start;
  return () => next++;
}

// ---------------------------------------------------------------------------------------------------
// Messages and the Home tab

/** A chat message (`chat.postMessage` / `chat.update` / `respond`): fallback `text` plus `blocks`. */
export function renderMessage(screen: Screen, options: RenderOptions): { text: string; blocks: KnownBlock[] } {
  const budget = { maxBlocks: MESSAGE_MAX_BLOCKS, maxChars: MESSAGE_MAX_BLOCKS_JSON };
  const laidOut = (nativeTables: number) => {
    const next = counter();
    const segments = screenSegments(screen, next, options.moreText, options, nativeTables);
    // Numbering must follow actionsOf's order; the check keeps the two in step.
    if (next() !== actionsOf(screen).length) throw new Error('Block Kit renderer numbered buttons out of step with actionsOf');
    if (screen.share) segments.push(shareSegment(screen.share));
    return { segments, blocks: layout(segments, budget) };
  };
  // The first table that fits becomes a table block, kept only if the budget leaves it whole (its cells
  // weigh more JSON than a code block's lines); else every table is a code block.
  const native = laidOut(MESSAGE_MAX_TABLES);
  const whole = native.segments.map((segment) => segment.wholeRows).filter((rows) => rows !== undefined);
  const shown = native.blocks.flatMap((block) => (block.type === 'table' ? [block.rows.length] : []));
  const blocks = shown.length === whole.length && shown.every((rows, i) => rows === whole[i]) ? native.blocks : laidOut(0).blocks;
  return { text: fallbackText(screen), blocks };
}

/** The notification text: the screen's title and its first text block (with its tone mark). */
function fallbackText(screen: Screen): string {
  const title =
    screen.title.trim() || (screen.blocks.find((b): b is Extract<Block, { type: 'header' }> => b.type === 'header')?.text.trim() ?? '');
  const first = screen.blocks.find((b): b is Extract<Block, { type: 'text' }> => b.type === 'text');
  const mark = first ? TONE_EMOJI[first.tone ?? 'info'] : '';
  const body = first?.text.trim() ?? '';
  const text = body === '' ? title : body === title ? `${mark}${title}` : [title, `${mark}${body}`].filter(Boolean).join('\n');
  return fitMrkdwn(text, FALLBACK_TEXT_MAX);
}

/** The Home tab: the screens one after another with dividers between, at most 100 blocks. */
export function renderHome(screens: readonly Screen[], options: RenderOptions): HomeView {
  const next = counter();
  const segments: Segment[] = [];
  screens.forEach((screen, i) => {
    if (i > 0) segments.push(fixed([{ type: 'divider' }]));
    segments.push(...screenSegments(screen, next, options.moreText, options));
  });
  return { type: 'home', blocks: layout(segments, { maxBlocks: HOME_MAX_BLOCKS, maxChars: Infinity }) };
}

// ---------------------------------------------------------------------------------------------------
// Modals

export type ModalOptions = {
  callbackId: string;
  privateMetadata: string;
  submitLabel?: string;
  closeLabel: string;
  /** Field name → message; messages for names that are not fields are shown above the form. */
  errors?: Record<string, string>;
};

function viewLabel(text: string): PlainTextElement {
  return plain(fitPlain(oneLine(text), VIEW_TITLE_MAX));
}

function checkViewIds(callbackId: string, privateMetadata: string): void {
  // Cutting these would corrupt them, so an over-long one is a programming error.
  if (callbackId.length > CALLBACK_ID_MAX)
    throw new RangeError(`callback_id is ${callbackId.length} characters; Slack allows ${CALLBACK_ID_MAX}`);
  if (privateMetadata.length > PRIVATE_METADATA_MAX)
    throw new RangeError(`private_metadata is ${privateMetadata.length} characters; Slack allows ${PRIVATE_METADATA_MAX}`);
}

function option(value: string, label: string): PlainTextOption {
  return { text: plain(fitPlain(oneLine(label) || value, OPTION_TEXT_MAX)), value };
}

/** What a file field accepts: one CSV file (Slack checks the extension; the command checks the content). */
const FILE_TYPES = ['csv'];

function fieldElement(field: FormField, id: string, focus: boolean): PlainTextInput | StaticSelect | FileInput {
  if (field.kind === 'file') return { type: 'file_input', action_id: id, filetypes: FILE_TYPES, max_files: 1 } satisfies FileInput;
  const placeholder = field.placeholder?.trim() ? { placeholder: plain(fitPlain(oneLine(field.placeholder), PLACEHOLDER_MAX)) } : {};
  const focusing = focus ? { focus_on_load: true } : {};
  const choices = (field.options ?? []).filter((o) => o.value.length > 0 && o.value.length <= OPTION_VALUE_MAX);
  if (field.kind === 'select' && choices.length > 0) {
    const selected = field.value === undefined ? -1 : choices.findIndex((o) => o.value === field.value);
    let shown = choices.slice(0, SELECT_MAX_OPTIONS);
    const chosen = choices[selected];
    if (chosen && selected >= SELECT_MAX_OPTIONS) shown = [...choices.slice(0, SELECT_MAX_OPTIONS - 1), chosen];
    const options = shown.map((o) => option(o.value, o.label));
    const initial = chosen ? options.find((o) => o.value === chosen.value) : undefined;
    return {
      type: 'static_select',
      action_id: id,
      options,
      ...(initial ? { initial_option: initial } : {}),
      ...placeholder,
      ...focusing,
    } satisfies StaticSelect;
  }
  return {
    type: 'plain_text_input',
    action_id: id,
    ...(field.kind === 'textarea' ? { multiline: true } : {}),
    ...(field.value ? { initial_value: fitPlain(field.value, PLAIN_TEXT_INPUT_MAX) } : {}),
    ...placeholder,
    ...focusing,
  } satisfies PlainTextInput;
}

function inputBlock(field: FormField, error: string | undefined, focus: boolean): InputBlock {
  const id = field.name.slice(0, Math.min(BLOCK_ID_MAX, ACTION_ID_MAX));
  const hint = [error?.trim() ? `${TONE_EMOJI.error}${error.trim()}` : '', field.hint?.trim() ?? ''].filter(Boolean).join('\n');
  return {
    type: 'input',
    block_id: id,
    optional: !field.required,
    label: plain(fitPlain(oneLine(field.label) || field.name, INPUT_LABEL_MAX)),
    element: fieldElement(field, id, focus),
    ...(hint ? { hint: plain(fitPlain(hint, INPUT_HINT_MAX)) } : {}),
  } satisfies InputBlock;
}

/**
 * A form as a modal: one input block per field, `block_id` and `action_id` both the field's name, so
 * `readModalValues` gives back field name → value. Throws RangeError if callbackId or privateMetadata
 * are too long for Slack (they cannot be shortened without corrupting them).
 */
export function renderModal(form: Form, options: ModalOptions): ModalView {
  checkViewIds(options.callbackId, options.privateMetadata);
  const errors = options.errors ?? {};
  const names = new Set(form.fields.map((f) => f.name));
  const blocks: KnownBlock[] = [];
  for (const [name, message] of Object.entries(errors)) {
    if (!names.has(name) && message.trim()) blocks.push(section(fitMrkdwn(`${TONE_EMOJI.error}${message.trim()}`, SECTION_TEXT_MAX)));
  }
  const seen = new Set<string>();
  for (const field of form.fields) {
    if (blocks.length >= MODAL_MAX_BLOCKS) break;
    if (seen.has(field.name)) continue;
    seen.add(field.name);
    const error = Object.hasOwn(errors, field.name) ? errors[field.name] : undefined;
    blocks.push(inputBlock(field, error, seen.size === 1));
  }
  return {
    type: 'modal',
    callback_id: options.callbackId,
    private_metadata: options.privateMetadata,
    title: viewLabel(form.title),
    submit: plain(fitPlain(oneLine(options.submitLabel ?? form.submitLabel), VIEW_BUTTON_MAX)),
    close: plain(fitPlain(oneLine(options.closeLabel), VIEW_BUTTON_MAX)),
    blocks: blocks.slice(0, MODAL_MAX_BLOCKS),
  } satisfies ModalView;
}

/** A modal to open at once with a trigger_id (valid for 3 seconds), to be updated when the data is ready. */
export function renderLoadingModal(title: string, text: string, closeLabel: string): ModalView {
  return {
    type: 'modal',
    title: viewLabel(title),
    close: plain(fitPlain(oneLine(closeLabel), VIEW_BUTTON_MAX)),
    blocks: text.trim() ? [section(fitMrkdwn(text, SECTION_TEXT_MAX))] : [],
  } satisfies ModalView;
}

// ---------------------------------------------------------------------------------------------------
// Reading submitted values

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** block_id → action_id → element state `{ type, … }`. */
function isValuesMap(value: unknown): value is Json {
  return (
    isRecord(value) &&
    Object.values(value).every(
      (actions) => isRecord(actions) && Object.values(actions).every((state) => isRecord(state) && typeof state['type'] === 'string'),
    )
  );
}

function valuesMap(input: unknown, depth = 0): Json | undefined {
  if (!isRecord(input) || depth > 2) return undefined;
  if (isValuesMap(input)) return input;
  if (isValuesMap(input['values'])) return input['values'];
  if (isRecord(input['state'])) return valuesMap(input['state'], depth + 1);
  if (isRecord(input['view'])) return valuesMap(input['view'], depth + 1);
  return isRecord(input['values']) ? input['values'] : input;
}

function optionValue(option: unknown): string | undefined {
  return isRecord(option) && typeof option['value'] === 'string' ? option['value'] : undefined;
}

/** One element's submitted value as a string; '' when empty; undefined when unreadable. */
function elementValue(state: Json): string | undefined {
  const value = state['value'];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if ('selected_option' in state) return optionValue(state['selected_option']) ?? '';
  const selected = state['selected_options'];
  if (Array.isArray(selected))
    return selected
      .map(optionValue)
      .filter((v): v is string => v !== undefined)
      .join(',');
  for (const key of ['selected_date', 'selected_time', 'selected_user', 'selected_conversation', 'selected_channel']) {
    const picked = state[key];
    if (typeof picked === 'string') return picked;
    if (key in state && picked === null) return '';
  }
  if (typeof state['selected_date_time'] === 'number') return String(state['selected_date_time']);
  // A file input gives the ids of the uploaded files; the adapter downloads them.
  if (Array.isArray(state['files']))
    return state['files']
      .map((file) => (isRecord(file) && typeof file['id'] === 'string' ? file['id'] : undefined))
      .filter((id): id is string => id !== undefined)
      .join(',');
  for (const key of ['selected_users', 'selected_conversations', 'selected_channels']) {
    const picked = state[key];
    if (Array.isArray(picked)) return picked.filter((v): v is string => typeof v === 'string').join(',');
  }
  if (value === null) return '';
  return undefined;
}

/**
 * Field name → submitted string from Slack's `view.state.values` (also accepts `view.state` or the
 * whole view). Empty inputs give ''. Anything malformed is skipped, never thrown.
 */
export function readModalValues(state: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  const values = valuesMap(state);
  if (!values) return result;
  for (const [blockId, actions] of Object.entries(values)) {
    if (!isRecord(actions) || blockId === '__proto__') continue;
    const own = actions[blockId];
    const candidates = isRecord(own) ? [own] : Object.values(actions).filter(isRecord);
    for (const candidate of candidates) {
      const value = elementValue(candidate);
      if (value !== undefined) {
        result[blockId] = value;
        break;
      }
    }
  }
  return result;
}
