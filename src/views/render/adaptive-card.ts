/**
 * Adaptive Cards renderer for Microsoft Teams (card schema 1.5, the newest Teams supports). Like the
 * text and Block Kit renderers it adds no wording: every word comes from the (already localized)
 * Screen or Form, apart from the caller's localized "and N more" line.
 *
 * Buttons are Universal Actions: `Action.Execute` with verb `dd.run` (forms: `dd.form`) and
 * `data` = `ActionData` (`{ command, id, form?, prompt?, inputId? }`), which Teams delivers as an
 * `adaptiveCard/action` invoke. Each carries an `Action.Submit` `fallback` with the same data plus
 * `verb`, as Microsoft recommends for clients without Universal Actions; such a client sends a message
 * whose `value` is that data (the Teams adapter routes it by `value.verb`). `readCardAction` reads both.
 *
 * A button that needs more words (`action.input`) becomes an `Action.ShowCard` holding a multiline
 * `Input.Text` (id `dd_input_<n>`, n = the button's index in `actionsOf(screen)`) and an
 * `Action.Execute` that submits it; its data names the input in `inputId`.
 *
 * Tables are the 1.5 `Table` element (Teams renders it on desktop, web and mobile): column weights
 * sized so figures stay on one line (`tableColumnWidths`), right-aligned columns aligned per column,
 * the header as the first row (`firstRowAsHeaders`) and the header and totals rows in bold.
 *
 * User text is plain, not markdown: `[label](url)` is broken with a zero-width space so a deal title
 * or note cannot become a link; line breaks become paragraph breaks (`\n\n`), which every host renders.
 *
 * Cards stay under CARD_MAX_BYTES of JSON (Teams rejects messages of about 28 KB): items and table
 * rows are capped, then content (items, rows, facts, text) is dropped from the end until the card
 * fits, and each shortened list or table ends with the caller's `moreText(n)` line.
 */
import { fitKeeps } from './fit.js';
import { actionsOf, type Action, type Block, type Form, type FormField, type Screen, type Tone } from '../screen.js';
import { chartTextLines, displayWidth } from './text.js';
import type { ChartSpec } from '../charts/spec.js';
import { plotted } from '../charts/values.js';

// ---------------------------------------------------------------------------------------------------
// Constants

export const CARD_VERSION = '1.5';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** The verb of every screen button. */
export const RUN_VERB = 'dd.run';
/** The default verb of a form's submit button. */
export const FORM_VERB = 'dd.form';
/** Id prefix of the text inputs behind buttons that need more words: `dd_input_<n>`. */
export const INPUT_ID_PREFIX = 'dd_input_';
/** Card JSON budget in UTF-8 bytes; Teams rejects messages of about 28 KB, envelope included. */
export const CARD_MAX_BYTES = 24_000;
/** Items and table rows shown at most, before the byte budget is even considered. */
export const ITEMS_MAX = 50;
export const ROWS_MAX = 50;
/** Buttons per ActionSet (Teams shows at most 6 actions per set). */
export const BUTTONS_PER_SET = 5;
/** Teams refreshes a card automatically for at most 60 listed users. */
export const REFRESH_USERS_MAX = 60;
/** Keys of card data that are not input values; form field names may not use them. */
export const RESERVED_DATA_KEYS: readonly string[] = [
  'verb',
  'command',
  'id',
  'form',
  'prompt',
  'inputId',
  'commandId',
  'hidden',
  'msteams',
  'action',
  'trigger',
];

const ELLIPSIS = '…';
const TEXT_MAX = 3000;
const LINE_MAX = 500;
const CELL_MAX = 200;
const TITLE_MAX = 100;
const INPUT_VALUE_MAX = 5000;
/**
 * Table column widths are in display units (a Latin letter or digit 1, a CJK character 2: about 8 px at
 * Teams' 14 px text). The columns are planned to fit TABLE_UNITS, a chat card on a laptop (about 540 px,
 * less its padding); each cell adds CELL_PADDING_UNITS for its padding and border.
 */
const TABLE_UNITS = 62;
const CELL_PADDING_UNITS = 2;
/** A text column asks for its longest cell up to this; longer text wraps. */
const TEXT_COLUMN_MAX = 24;
/** A text column gives up room down to its longest word, at least this (or its content, if narrower). */
const TEXT_COLUMN_MIN = 8;

// ---------------------------------------------------------------------------------------------------
// Card types: only what this renderer emits.

export type TextSize = 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
export type TextWeight = 'Lighter' | 'Default' | 'Bolder';
export type TextColor = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';
export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge' | 'Padding';
export type HorizontalAlignment = 'Left' | 'Center' | 'Right';
export type ActionStyle = 'default' | 'positive' | 'destructive';

type ElementBase = { id?: string; separator?: boolean; spacing?: Spacing };

export type TextBlock = ElementBase & {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  size?: TextSize;
  weight?: TextWeight;
  color?: TextColor;
  isSubtle?: boolean;
  horizontalAlignment?: HorizontalAlignment;
};
export type Fact = { title: string; value: string };
export type FactSet = ElementBase & { type: 'FactSet'; facts: Fact[] };
export type Column = {
  type: 'Column';
  width: 'auto' | 'stretch' | number;
  items: CardElement[];
  verticalContentAlignment?: 'Top' | 'Center' | 'Bottom';
};
export type ColumnSet = ElementBase & { type: 'ColumnSet'; columns: Column[] };
export type Container = ElementBase & { type: 'Container'; items: CardElement[] };
export type TableColumn = { width: number; horizontalCellContentAlignment?: HorizontalAlignment };
export type TableCell = { type: 'TableCell'; items: CardElement[] };
export type TableRow = { type: 'TableRow'; cells: TableCell[] };
export type Table = ElementBase & { type: 'Table'; columns: TableColumn[]; rows: TableRow[]; firstRowAsHeaders: boolean };
export type ActionSet = ElementBase & { type: 'ActionSet'; actions: CardAction[] };
export type TextInput = ElementBase & {
  type: 'Input.Text';
  id: string;
  label?: string;
  placeholder?: string;
  value?: string;
  isMultiline?: boolean;
  isRequired?: boolean;
  errorMessage?: string;
};
export type Choice = { title: string; value: string };
export type ChoiceSetInput = ElementBase & {
  type: 'Input.ChoiceSet';
  id: string;
  style: 'compact';
  choices: Choice[];
  label?: string;
  placeholder?: string;
  value?: string;
  isRequired?: boolean;
  errorMessage?: string;
};
/** Teams' native charts (Adaptive Cards 1.5 in Teams); hosts without them show the `fallback` text. */
export type ChartPoint = { x: string; y: number };
export type VerticalBarChart = ElementBase & { type: 'Chart.VerticalBar'; title: string; data: ChartPoint[]; fallback: TextBlock };
export type GroupedBarChart = ElementBase & {
  type: 'Chart.VerticalBar.Grouped';
  title: string;
  data: { legend: string; values: ChartPoint[] }[];
  fallback: TextBlock;
};
export type HorizontalBarChart = ElementBase & { type: 'Chart.HorizontalBar'; title: string; data: ChartPoint[]; fallback: TextBlock };
export type LineChart = ElementBase & {
  type: 'Chart.Line';
  title: string;
  data: { legend: string; values: ChartPoint[] }[];
  fallback: TextBlock;
};
export type DonutChart = ElementBase & {
  type: 'Chart.Donut';
  title: string;
  data: { legend: string; value: number }[];
  fallback: TextBlock;
};
export type ChartElement = VerticalBarChart | GroupedBarChart | HorizontalBarChart | LineChart | DonutChart;
export type CardElement = TextBlock | FactSet | ColumnSet | Container | Table | ActionSet | TextInput | ChoiceSetInput | ChartElement;

/** What a screen button sends. */
export type ActionData = { command: string; id: string; form?: string; prompt?: string; inputId?: string };
/** What a form's submit button sends (Teams adds the input values, keyed by field name). */
export type FormData = { commandId: string; form: string; hidden: Record<string, string> };
export type CardData = ActionData | FormData;

export type SubmitAction = { type: 'Action.Submit'; title: string; data: CardData & { verb: string }; style?: ActionStyle };
export type ExecuteAction = {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: CardData;
  style?: ActionStyle;
  fallback: SubmitAction;
};
export type ShowCardAction = { type: 'Action.ShowCard'; title: string; style?: ActionStyle; card: InlineCard };
export type CardAction = ExecuteAction | ShowCardAction;

/** The card an Action.ShowCard reveals; it inherits the version of the card it is in. */
export type InlineCard = { type: 'AdaptiveCard'; body: CardElement[]; actions?: CardAction[] };

export type Refresh = { action: { type: 'Action.Execute'; verb: string; data?: Record<string, unknown> }; userIds?: string[] };

export type AdaptiveCard = {
  type: 'AdaptiveCard';
  $schema: typeof CARD_SCHEMA;
  version: typeof CARD_VERSION;
  fallbackText?: string;
  body: CardElement[];
  actions?: CardAction[];
  refresh?: Refresh;
  msteams?: { width: 'Full' };
};

export type MoreText = (n: number) => string;
export type CardOptions = {
  moreText: MoreText;
  /** Makes Teams re-fetch the card (an `adaptiveCard/action` invoke with this verb) when listed users see it. */
  refresh?: { verb: string; data?: Record<string, unknown>; userIds?: string[] };
};
export type FormCardOptions = {
  /** The submit button's verb; `dd.form` by default. */
  verb?: string;
  /** Field name → message; messages for names that are not fields are shown above the form. */
  errors?: Record<string, string>;
  /** Field name → value to show instead of the field's own (e.g. what the user typed before an error). */
  values?: Record<string, string>;
};

// ---------------------------------------------------------------------------------------------------
// Text helpers

/** Cuts to `max` UTF-16 units (never inside a surrogate pair), ending in "…" when cut. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - ELLIPSIS.length) break;
    out += char;
  }
  return out.trimEnd() + ELLIPSIS;
}

// Control characters other than tab and line breaks, which no host renders.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** User text made inert for Adaptive Cards markdown: `[label](url)` cannot form a link. */
function defuse(text: string): string {
  return text.replace(CONTROL, '').replace(/\]\s*\(/g, ']\u200B(');
}

function oneLine(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/\t/g, ' ')
    .trim();
}

/** Single-line text (titles, labels, cells). */
function line(text: string, max = LINE_MAX): string {
  return clip(defuse(oneLine(text)), max);
}

/** Multi-line text: lines become paragraphs, which Teams and every other host render as breaks. */
function paragraphs(text: string, max = TEXT_MAX): string {
  const lines = defuse(text.replace(/\r\n?/g, '\n'))
    .split('\n')
    .map((l) => l.replace(/\t/g, ' ').trimEnd())
    .filter((l) => l.trim().length > 0);
  return clip(lines.join('\n\n'), max);
}

function textBlock(text: string, extra: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

function contextBlock(text: string): TextBlock {
  return textBlock(text, { isSubtle: true, size: 'Small' });
}

const TONE_COLOR: Record<Tone, TextColor | undefined> = { info: undefined, success: 'Good', warning: 'Warning', error: 'Attention' };

function moreLine(moreText: MoreText, dropped: number): CardElement[] {
  if (dropped <= 0) return [];
  const text = paragraphs(moreText(dropped), LINE_MAX);
  return text ? [contextBlock(text)] : [];
}

function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

// ---------------------------------------------------------------------------------------------------
// Buttons

const STYLE: Record<NonNullable<Action['style']>, ActionStyle> = { primary: 'positive', danger: 'destructive' };

function execute(title: string, verb: string, data: CardData, style: ActionStyle | undefined): ExecuteAction {
  const styled = style ? { style } : {};
  return {
    type: 'Action.Execute',
    title,
    verb,
    data,
    ...styled,
    fallback: { type: 'Action.Submit', title, data: { ...data, verb }, ...styled },
  };
}

export function inputId(index: number): string {
  return `${INPUT_ID_PREFIX}${index}`;
}

/** The data a screen button sends, as `encodeAction` does for Slack. */
export function actionData(action: Action, index?: number): ActionData {
  return {
    command: action.command,
    id: action.id,
    ...(action.form ? { form: action.form } : {}),
    ...(action.input ? { prompt: action.input.prompt } : {}),
    ...(action.input && index !== undefined ? { inputId: inputId(index) } : {}),
  };
}

/** A screen button: Action.Execute, or for `input` a ShowCard with the text box and its own submit. */
function button(action: Action, index: number): CardAction {
  const title = line(action.label, TITLE_MAX) || ELLIPSIS;
  const style = action.style ? STYLE[action.style] : undefined;
  if (!action.input) return execute(title, RUN_VERB, actionData(action), style);
  // A required input needs a label (for screen readers) and an error message: the prompt, else the title.
  const prompt = line(action.input.prompt) || title;
  const placeholder = line(action.input.placeholder ?? '');
  const input: TextInput = {
    type: 'Input.Text',
    id: inputId(index),
    label: prompt,
    isMultiline: true,
    isRequired: true,
    ...(placeholder ? { placeholder } : {}),
    errorMessage: prompt,
  };
  return {
    type: 'Action.ShowCard',
    title,
    ...(style ? { style } : {}),
    card: { type: 'AdaptiveCard', body: [input], actions: [execute(title, RUN_VERB, actionData(action, index), style)] },
  };
}

/**
 * A row of buttons that Teams can show without cutting their titles ("Stale de…" on a 540 px card), in
 * display columns of about 7.5 px: the card's 508 px inside its padding, each button's padding, border and
 * spacing taking 5 columns.
 */
const BUTTON_ROW_COLUMNS = 66;
const BUTTON_FRAME_COLUMNS = 5;

/** Buttons in rows of at most BUTTONS_PER_SET that fit a card's width, in order. */
function actionSets(buttons: readonly CardAction[]): ActionSet[] {
  const sets: ActionSet[] = [];
  let row: CardAction[] = [];
  let used = 0;
  for (const button of buttons) {
    const width = displayWidth(button.title) + BUTTON_FRAME_COLUMNS;
    if (row.length > 0 && (row.length === BUTTONS_PER_SET || used + width > BUTTON_ROW_COLUMNS)) {
      sets.push({ type: 'ActionSet', actions: row });
      row = [];
      used = 0;
    }
    row.push(button);
    used += width;
  }
  if (row.length > 0) sets.push({ type: 'ActionSet', actions: row });
  return sets;
}

// ---------------------------------------------------------------------------------------------------
// Segments: each Screen block becomes a segment whose units (items, rows, facts) can be dropped from
// the end to fit the budget.

type Segment = {
  /** Droppable units; a segment of size 1 is kept or dropped whole. */
  size: number;
  /** Frames (header, buttons) get room before content when something has to go. */
  priority: 'frame' | 'content';
  /** A divider came before this block: its first element gets `separator`. */
  separated: boolean;
  render(keep: number): CardElement[];
};

function whole(elements: CardElement[], priority: Segment['priority']): Omit<Segment, 'separated'> {
  return { size: elements.length > 0 ? 1 : 0, priority, render: (keep) => (keep > 0 ? elements : []) };
}

function fieldsSegment(block: Extract<Block, { type: 'fields' }>, moreText: MoreText): Omit<Segment, 'separated'> {
  const facts = block.fields
    .map((f) => ({ title: line(f.label, 200), value: paragraphs(f.value, 1000) }))
    .filter((f) => f.title || f.value);
  return {
    size: facts.length,
    priority: 'content',
    render(keep) {
      if (keep <= 0) return [];
      return [{ type: 'FactSet', facts: facts.slice(0, keep) }, ...moreLine(moreText, facts.length - keep)];
    },
  };
}

/** The display width of a text's longest unbreakable run: lines break at spaces and beside any CJK character. */
function widestWord(text: string): number {
  let widest = 0;
  let run = 0;
  for (const char of text) {
    const width = displayWidth(char);
    run = /\s/.test(char) ? 0 : width > 1 ? 0 : run + width;
    widest = Math.max(widest, run, width > 1 ? width : 0);
  }
  return widest;
}

/**
 * Table column weights sized from their content (the header's longest word and the longest cell).
 * A right-aligned column (money, counts, percentages) is never narrower than its longest value, so an
 * amount like "¥12,345,678.00" stays on one line; a text column asks for at most TEXT_COLUMN_MAX and,
 * while the columns would not fit TABLE_UNITS, the widest text column gives up a unit at a time down
 * to its longest word (at least TEXT_COLUMN_MIN): text wraps between words, figures do not wrap. The
 * weights are relative, so a wider card (full width, a large screen) widens every column in proportion.
 */
export function tableColumnWidths(columns: readonly { header: string; right: boolean }[], rows: readonly (readonly string[])[]): number[] {
  const needs = columns.map((column, i) => {
    const widest = Math.max(0, ...rows.map((row) => displayWidth(row[i] ?? '')));
    // A header may wrap between its words; a short CJK header is kept whole.
    const headerWord = Math.max(0, ...column.header.split(/\s+/).map(displayWidth));
    const content = Math.max(1, widest, headerWord);
    return column.right ? content : Math.min(TEXT_COLUMN_MAX, content);
  });
  // Words are not broken: a text column keeps room for its longest one.
  const longestWord = (i: number) => Math.max(0, ...rows.map((row) => widestWord(row[i] ?? '')));
  const floors = needs.map((need, i) => (columns[i]?.right ? need : Math.min(need, Math.max(TEXT_COLUMN_MIN, longestWord(i)))));
  let over = needs.reduce((sum, need) => sum + need + CELL_PADDING_UNITS, 0) - TABLE_UNITS;
  while (over > 0) {
    let widest = -1;
    needs.forEach((need, i) => {
      if (need > (floors[i] ?? need) && (widest < 0 || need > (needs[widest] ?? 0))) widest = i;
    });
    if (widest < 0) break;
    needs[widest] = (needs[widest] ?? 1) - 1;
    over--;
  }
  return needs.map((need) => need + CELL_PADDING_UNITS);
}

function tableSegment(block: Extract<Block, { type: 'table' }>, moreText: MoreText): Omit<Segment, 'separated'> {
  const columns = block.columns;
  if (columns.length === 0) return { size: 0, priority: 'content', render: () => [] };
  const norm = (row: readonly string[]): string[] => columns.map((_, i) => line(row[i] ?? '', CELL_MAX));
  const head = norm(columns.map((c) => c.label));
  const all = block.rows.map(norm);
  const rows = all.slice(0, ROWS_MAX);
  const totals = block.totals ? norm(block.totals) : undefined;
  const widths = tableColumnWidths(
    columns.map((column, i) => ({ header: head[i] ?? '', right: column.align === 'right' })),
    [...rows, ...(totals ? [totals] : [])],
  );
  const tableColumns: TableColumn[] = columns.map((column, i) => ({
    width: widths[i] ?? 1,
    ...(column.align === 'right' ? { horizontalCellContentAlignment: 'Right' as const } : {}),
  }));
  const tableRow = (row: readonly string[], bold: boolean): TableRow => ({
    type: 'TableRow',
    cells: row.map((text) => ({ type: 'TableCell', items: text ? [textBlock(text, bold ? { weight: 'Bolder' } : {})] : [] })),
  });
  return {
    size: rows.length,
    priority: 'content',
    render(keep) {
      const tableRows = [
        tableRow(head, true),
        ...rows.slice(0, keep).map((row) => tableRow(row, false)),
        ...(totals ? [tableRow(totals, true)] : []),
      ];
      return [{ type: 'Table', columns: tableColumns, rows: tableRows, firstRowAsHeaders: true }, ...moreLine(moreText, all.length - keep)];
    },
  };
}

function itemsSegment(block: Extract<Block, { type: 'items' }>, nextIndex: () => number, moreText: MoreText): Omit<Segment, 'separated'> {
  const rendered: Container[] = [];
  for (const item of block.items) {
    // Every button is numbered, shown or not, so indexes stay those of actionsOf(screen).
    const index = item.action ? nextIndex() : -1;
    if (rendered.length >= ITEMS_MAX) continue;
    const title = line(item.title, 1000);
    const detail = item.detail ? paragraphs(item.detail, 1000) : '';
    const texts: TextBlock[] = [
      ...(title ? [textBlock(title, { weight: 'Bolder' })] : []),
      ...(detail ? [textBlock(detail, { isSubtle: true, spacing: 'None' })] : []),
    ];
    if (!item.action) {
      if (texts.length > 0) rendered.push({ type: 'Container', spacing: 'Medium', items: texts });
      continue;
    }
    const set: ActionSet = { type: 'ActionSet', actions: [button(item.action, index)] };
    if (item.action.input || texts.length === 0) {
      // A ShowCard opens inside its column, so a button with a text box gets the full width.
      rendered.push({ type: 'Container', spacing: 'Medium', items: [...texts, set] });
    } else {
      rendered.push({
        type: 'Container',
        spacing: 'Medium',
        items: [
          {
            type: 'ColumnSet',
            columns: [
              { type: 'Column', width: 'stretch', items: texts },
              { type: 'Column', width: 'auto', verticalContentAlignment: 'Center', items: [set] },
            ],
          },
        ],
      });
    }
  }
  const total = block.items.length;
  return {
    size: rendered.length,
    priority: 'content',
    render: (keep) => [...rendered.slice(0, keep), ...moreLine(moreText, total - keep)],
  };
}

function actionsSegment(actions: readonly Action[], nextIndex: () => number): Omit<Segment, 'separated'> {
  const buttons = actions.map((action) => button(action, nextIndex()));
  return { size: buttons.length, priority: 'frame', render: (keep) => actionSets(buttons.slice(0, keep)) };
}

function screenSegments(screen: Screen, nextIndex: () => number, moreText: MoreText): Segment[] {
  const segments: Segment[] = [];
  let separated = false;
  for (const block of screen.blocks) {
    if (block.type === 'divider') {
      separated = segments.length > 0;
      continue;
    }
    const segment = blockSegment(block, nextIndex, moreText);
    segments.push({ ...segment, separated });
    separated = false;
  }
  return segments;
}

function blockSegment(block: Exclude<Block, { type: 'divider' }>, nextIndex: () => number, moreText: MoreText): Omit<Segment, 'separated'> {
  switch (block.type) {
    case 'header': {
      const text = line(block.text, 300);
      return whole(text ? [textBlock(text, { size: 'Large', weight: 'Bolder' })] : [], 'frame');
    }
    case 'text': {
      const text = paragraphs(block.text);
      const color = TONE_COLOR[block.tone ?? 'info'];
      return whole(text ? [textBlock(text, color ? { color } : {})] : [], 'content');
    }
    case 'context': {
      const text = paragraphs(block.text);
      return whole(text ? [contextBlock(text)] : [], 'content');
    }
    case 'fields':
      return fieldsSegment(block, moreText);
    case 'table':
      return tableSegment(block, moreText);
    case 'items':
      return itemsSegment(block, nextIndex, moreText);
    case 'actions':
      return actionsSegment(block.actions, nextIndex);
    case 'chart':
      return whole([chartElement(block.chart)], 'content');
  }
}

/**
 * A chart as Teams' own chart element. Teams formats the numbers itself, so money is given in major
 * units and the currency is named in the title; the element's fallback is the text version.
 */
export function chartElement(spec: ChartSpec): ChartElement {
  const title = line(spec.format.kind === 'money' ? `${spec.title} (${spec.format.currency})` : spec.title, TITLE_MAX * 2);
  const fallback = textBlock(clip(chartTextLines(spec).join('\n\n'), TEXT_MAX), { isSubtle: true });
  const points = (values: readonly number[]): ChartPoint[] =>
    spec.categories.map((category, i) => ({ x: line(category, CELL_MAX), y: plotted(spec, values[i] ?? 0) }));
  const first = spec.series[0]?.values ?? [];
  const legends = () => spec.series.map((s) => ({ legend: line(s.name, CELL_MAX), values: points(s.values) }));
  switch (spec.kind) {
    case 'bar':
      return spec.series.length > 1
        ? { type: 'Chart.VerticalBar.Grouped', title, data: legends(), fallback }
        : { type: 'Chart.VerticalBar', title, data: points(first), fallback };
    case 'hbar':
      return { type: 'Chart.HorizontalBar', title, data: points(first), fallback };
    case 'line':
      return { type: 'Chart.Line', title, data: legends(), fallback };
    case 'donut':
      return {
        type: 'Chart.Donut',
        title,
        data: spec.categories.map((category, i) => ({
          legend: line(category, CELL_MAX),
          value: plotted(spec, Math.max(0, first[i] ?? 0)),
        })),
        fallback,
      };
  }
}

function assemble(segments: readonly Segment[], keeps: readonly number[]): CardElement[] {
  const body: CardElement[] = [];
  let pendingSeparator = false;
  segments.forEach((segment, i) => {
    pendingSeparator ||= segment.separated;
    const elements = segment.render(keeps[i] ?? 0);
    const [first, ...rest] = elements;
    if (!first) return;
    body.push(pendingSeparator && body.length > 0 ? { ...first, separator: true } : first, ...rest);
    pendingSeparator = false;
  });
  return body;
}

/** The largest keeps (frames first, then content in reading order) whose card fits `fits`. */
function layout(segments: readonly Segment[], fits: (body: CardElement[]) => boolean): CardElement[] {
  const keeps = fitKeeps(segments, (candidate) => fits(assemble(segments, candidate)));
  const body = assemble(segments, keeps);
  while (body.length > 0 && !fits(body)) body.pop();
  return body;
}

function counter(): () => number {
  let next = 0;
  return () => next++;
}

// ---------------------------------------------------------------------------------------------------
// Cards

function refreshOf(refresh: NonNullable<CardOptions['refresh']>): Refresh {
  return {
    action: { type: 'Action.Execute', verb: refresh.verb, ...(refresh.data ? { data: refresh.data } : {}) },
    ...(refresh.userIds ? { userIds: refresh.userIds.slice(0, REFRESH_USERS_MAX) } : {}),
  };
}

/** A screen as a card. Buttons keep the order (and `dd_input_<n>` numbering) of `actionsOf(screen)`. */
export function renderCard(screen: Screen, options: CardOptions): AdaptiveCard {
  const next = counter();
  const segments = screenSegments(screen, next, options.moreText);
  // Numbering must follow actionsOf's order; the check keeps the two in step.
  if (next() !== actionsOf(screen).length) throw new Error('Adaptive Card renderer numbered buttons out of step with actionsOf');
  const fallbackText = line(screen.title, 300);
  const wide = screen.blocks.some((b) => b.type === 'table' && b.columns.length > 3);
  const frame: Omit<AdaptiveCard, 'body'> = {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    ...(fallbackText ? { fallbackText } : {}),
    ...(options.refresh ? { refresh: refreshOf(options.refresh) } : {}),
    ...(wide ? { msteams: { width: 'Full' as const } } : {}),
  };
  const body = layout(segments, (candidate) => byteLength({ ...frame, body: candidate }) <= CARD_MAX_BYTES);
  return { ...frame, body };
}

function formInput(field: FormField, value: string | undefined, errorMessage: string | undefined): TextInput | ChoiceSetInput {
  const label = line(field.label, 200) || field.name;
  const placeholder = field.placeholder ? line(field.placeholder, 200) : '';
  const common = {
    id: field.name,
    label,
    ...(field.required ? { isRequired: true } : {}),
    ...(errorMessage ? { errorMessage } : {}),
    ...(placeholder ? { placeholder } : {}),
  };
  const choices = (field.options ?? [])
    .filter((o) => o.value.length > 0)
    .map((o) => ({ title: line(o.label, 200) || o.value, value: o.value }));
  if (field.kind === 'select' && choices.length > 0) {
    const selected = value !== undefined && choices.some((c) => c.value === value) ? { value } : {};
    return { type: 'Input.ChoiceSet', style: 'compact', choices, ...common, ...selected };
  }
  return {
    type: 'Input.Text',
    ...common,
    ...(field.kind === 'textarea' ? { isMultiline: true } : {}),
    ...(value ? { value: clip(value, INPUT_VALUE_MAX) } : {}),
  };
}

/**
 * A form as a card: one input per field (id = the field's name), a red line under each field with an
 * error (Teams shows no server-side errors otherwise), and a submit button (`Action.Execute`, verb
 * `dd.form` unless given) whose data is `FormData`; Teams merges the inputs' values into it.
 * Throws if a field's name is one of RESERVED_DATA_KEYS, as its value would overwrite the data.
 */
export function renderFormCard(form: Form, options: FormCardOptions = {}): AdaptiveCard {
  const errors = options.errors ?? {};
  const values = options.values ?? {};
  const names = new Set(form.fields.map((f) => f.name));
  const own = (record: Record<string, string>, key: string): string | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);
  const body: CardElement[] = [];
  const title = line(form.title, 300);
  if (title) body.push(textBlock(title, { size: 'Medium', weight: 'Bolder' }));
  for (const [name, message] of Object.entries(errors)) {
    const text = names.has(name) ? '' : paragraphs(message, 1000);
    if (text) body.push(textBlock(text, { color: 'Attention' }));
  }
  const seen = new Set<string>();
  for (const field of form.fields) {
    if (RESERVED_DATA_KEYS.includes(field.name) || field.name.startsWith(INPUT_ID_PREFIX))
      throw new Error(`form field name "${field.name}" is reserved in card data`);
    if (seen.has(field.name)) continue;
    seen.add(field.name);
    const error = own(errors, field.name)?.trim() ? paragraphs(own(errors, field.name) ?? '', 1000) : '';
    // Teams shows errorMessage when a required field is left empty; the label is the only wording we have for that.
    const errorMessage = error ? line(error, 500) : field.required ? line(field.label, 200) || undefined : undefined;
    // Adaptive Cards have no file input: the field's label and its words say how to send the file instead.
    if (field.kind === 'file') {
      body.push(textBlock(line(field.label, 200) || field.name, { weight: 'Bolder' }));
      const how = field.placeholder?.trim() ? paragraphs(field.placeholder, 1000) : '';
      if (how) body.push(textBlock(how, { spacing: 'Small' }));
    } else body.push(formInput(field, own(values, field.name) ?? field.value, errorMessage));
    if (error) body.push(textBlock(error, { color: 'Attention', size: 'Small', spacing: 'Small' }));
    if (field.hint?.trim()) body.push(textBlock(paragraphs(field.hint, 1000), { isSubtle: true, size: 'Small', spacing: 'Small' }));
  }
  const hidden: Record<string, string> = {};
  for (const [key, value] of Object.entries(form.hidden ?? {})) if (key !== '__proto__') hidden[key] = value;
  const submit = execute(
    line(form.submitLabel, TITLE_MAX) || ELLIPSIS,
    options.verb ?? FORM_VERB,
    { commandId: form.commandId, form: form.id, hidden },
    'positive',
  );
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    ...(title ? { fallbackText: title } : {}),
    body,
    actions: [submit],
  };
}

// ---------------------------------------------------------------------------------------------------
// Reading what a card sends

export type CardActionInput = {
  verb?: string;
  command?: string;
  /** The button's action id (`deal.move`, `page.next`, …). */
  id?: string;
  form?: string;
  commandId?: string;
  hidden?: Record<string, string>;
  /** The text typed into the button's own input (`dd_input_<n>`), when it has one. */
  input?: string;
  /** Every input value in the payload (field name or `dd_input_<n>` → value). */
  values: Record<string, string>;
};

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const VALUES_MAX = 100;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  let count = 0;
  for (const [key, v] of Object.entries(value)) {
    if (UNSAFE_KEYS.has(key) || count >= VALUES_MAX) continue;
    if (typeof v === 'string') out[key] = v;
    else if (typeof v === 'number' && Number.isFinite(v)) out[key] = String(v);
    else if (typeof v === 'boolean') out[key] = String(v);
    else continue;
    count++;
  }
  return out;
}

/**
 * Reads what a card sent: an `adaptiveCard/action` invoke's `activity.value` (`{ action: { verb, data } }`),
 * that `action` itself, or a message submit's `activity.value` (the data with `verb` and the input
 * values merged in). Anything malformed yields `{ values: {} }`; nothing throws.
 */
export function readCardAction(payload: unknown): CardActionInput {
  let verb: string | undefined;
  let data: unknown = payload;
  const action =
    isRecord(payload) && isRecord(payload['action'])
      ? payload['action']
      : isRecord(payload) && payload['type'] === 'Action.Execute'
        ? payload
        : undefined;
  if (action) {
    verb = str(action['verb']);
    data = action['data'];
  }
  if (!isRecord(data)) return { ...(verb ? { verb } : {}), values: {} };
  verb ??= str(data['verb']);
  const all = stringRecord(data);
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(all)) if (!RESERVED_DATA_KEYS.includes(key)) values[key] = value;
  const inputKey = str(data['inputId']);
  const input = inputKey && inputKey.startsWith(INPUT_ID_PREFIX) && Object.hasOwn(values, inputKey) ? values[inputKey] : undefined;
  const command = str(data['command']);
  const id = str(data['id']);
  const form = str(data['form']);
  const commandId = str(data['commandId']);
  return {
    ...(verb ? { verb } : {}),
    ...(command?.trim() ? { command } : {}),
    ...(id ? { id } : {}),
    ...(form ? { form } : {}),
    ...(commandId ? { commandId } : {}),
    ...(isRecord(data['hidden']) ? { hidden: stringRecord(data['hidden']) } : {}),
    ...(input !== undefined ? { input } : {}),
    values,
  };
}
