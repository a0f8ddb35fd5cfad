import { describe, expect, it } from 'vitest';
import { actionsOf, type Action, type Form, type Item, type Screen } from '../../src/views/screen.js';
import {
  CARD_MAX_BYTES,
  FORM_VERB,
  ITEMS_MAX,
  REFRESH_USERS_MAX,
  ROWS_MAX,
  RUN_VERB,
  readCardAction,
  renderCard,
  renderFormCard,
  type ActionData,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type TableRow,
  type ExecuteAction,
  type InlineCard,
} from '../../src/views/render/adaptive-card.js';
import { validateCard } from '../support/adaptive-cards.js';
import { lostDealScreen, open, realScreens } from '../support/screen-fixtures.js';
import { t } from '../../src/i18n/index.js';
import { DEFAULT_STAGES } from '../../src/domain/stages.js';
import { lostReasonForm, moveStageForm, newDealFormScreen, noteForm } from '../../src/views/screens/forms.js';

const moreText = (n: number): string => `…and ${n} more`;

function card(screen: Screen, options: Parameters<typeof renderCard>[1] = { moreText }): AdaptiveCard {
  const rendered = renderCard(screen, options);
  expect(validateCard(rendered)).toEqual([]);
  expect(Buffer.byteLength(JSON.stringify(rendered), 'utf8')).toBeLessThanOrEqual(CARD_MAX_BYTES);
  return rendered;
}

/** Every element, depth first in reading order (ShowCard cards included). */
function elementsOf(elements: readonly CardElement[], out: CardElement[] = []): CardElement[] {
  for (const element of elements) {
    out.push(element);
    if (element.type === 'Container') elementsOf(element.items, out);
    if (element.type === 'ColumnSet') for (const column of element.columns) elementsOf(column.items, out);
    if (element.type === 'Table') for (const row of element.rows) for (const cell of row.cells) elementsOf(cell.items, out);
    if (element.type === 'ActionSet')
      for (const action of element.actions) if (action.type === 'Action.ShowCard') elementsOf(action.card.body, out);
  }
  return out;
}

/** The buttons as the user sees them, in reading order. */
function buttonsOf(body: readonly CardElement[]): CardAction[] {
  return elementsOf(body).flatMap((e) => (e.type === 'ActionSet' ? e.actions : []));
}

/** The Action.Execute that runs each button (a ShowCard's is inside its card). */
function executesOf(body: readonly CardElement[]): ExecuteAction[] {
  return buttonsOf(body).flatMap((action) => (action.type === 'Action.Execute' ? [action] : innerExecutes(action.card)));
}

function innerExecutes(card: InlineCard): ExecuteAction[] {
  return (card.actions ?? []).flatMap((a) => (a.type === 'Action.Execute' ? [a] : []));
}

function dataOf(action: ExecuteAction): ActionData {
  const data = action.data;
  if (!('command' in data)) throw new Error('not a screen button');
  return data;
}

function textsOf(body: readonly CardElement[]): string[] {
  return elementsOf(body).flatMap((e) => (e.type === 'TextBlock' ? [e.text] : []));
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
          ['需求分析', '', '$20,500.00'],
        ],
        totals: ['Total', '15', '$21,500.00'],
      },
      {
        type: 'items',
        items: [
          { title: 'D-1 Acme', detail: '$5 · Lead', action: open(1) },
          { title: 'Note: called', detail: 'Alice, 2 days ago' },
          {
            title: 'D-2 无锡华光电子',
            action: { id: 'deal.note', label: 'Note', command: 'deal note D-2', input: { prompt: 'What happened?' } },
          },
        ],
      },
      { type: 'context', text: '1–3 of 3' },
      {
        type: 'actions',
        actions: [
          { id: 'deal.move', label: 'Move stage', command: 'deal move D-1', form: 'deal.move' },
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

describe('renderCard', () => {
  it('maps every block type to valid 1.5 elements', () => {
    const rendered = card(everyBlockScreen());
    expect(rendered).toMatchObject({ type: 'AdaptiveCard', version: '1.5', fallbackText: 'Everything' });
    expect(rendered.refresh).toBeUndefined();
    const body = rendered.body;
    expect(body.map((e) => e.type)).toEqual([
      'TextBlock',
      'TextBlock',
      'TextBlock',
      'TextBlock',
      'TextBlock',
      'FactSet',
      'Table',
      'Container',
      'Container',
      'Container',
      'TextBlock',
      'ActionSet',
    ]);
    expect(body[0]).toEqual({ type: 'TextBlock', text: 'Everything · 全部', wrap: true, size: 'Large', weight: 'Bolder' });
    expect(body.slice(1, 5).map((e) => (e.type === 'TextBlock' ? [e.text, e.color ?? null, e.wrap] : null))).toEqual([
      ['Saved.', 'Good', true],
      ['Careful.', 'Warning', true],
      ['Broken.', 'Attention', true],
      ['Plain.', null, true],
    ]);
    expect(body[5]).toEqual({
      type: 'FactSet',
      facts: [
        { title: 'Amount', value: '$1,000.00' },
        { title: '阶段', value: '方案' },
      ],
    });

    // The divider puts a separator on the table that follows it, and only there.
    const table = body[6];
    if (table?.type !== 'Table') throw new Error('no table');
    expect(table.separator).toBe(true);
    expect(body.filter((e) => e.separator)).toHaveLength(1);
    // Weighted widths from the widest cell plus its padding (adaptive-card-tables.test.ts), right-aligned
    // columns aligned as a whole, the header row first.
    expect(table.columns).toEqual([
      { width: 10 },
      { width: 7, horizontalCellContentAlignment: 'Right' },
      { width: 12, horizontalCellContentAlignment: 'Right' },
    ]);
    expect(table.firstRowAsHeaders).toBe(true);
    const rows = table.rows;
    expect(rows).toHaveLength(4);
    const cells = (row: TableRow | undefined) => (row?.cells ?? []).map((c) => (c.items[0]?.type === 'TextBlock' ? c.items[0] : undefined));
    // Header and totals bold, every row with a cell per column (an empty one for an empty value).
    expect(cells(rows[0]).map((c) => [c?.text, c?.weight])).toEqual([
      ['Stage', 'Bolder'],
      ['Deals', 'Bolder'],
      ['Total', 'Bolder'],
    ]);
    expect(cells(rows[1]).map((c) => c?.weight)).toEqual([undefined, undefined, undefined]);
    expect(cells(rows[2]).map((c) => c?.text)).toEqual(['需求分析', undefined, '$20,500.00']);
    expect(rows[2]?.cells[1]).toEqual({ type: 'TableCell', items: [] });
    expect(cells(rows[3]).map((c) => [c?.text, c?.weight])).toEqual([
      ['Total', 'Bolder'],
      ['15', 'Bolder'],
      ['$21,500.00', 'Bolder'],
    ]);
    for (const row of rows) expect(row.cells).toHaveLength(table.columns.length);

    // Items: title bold, detail subtle, the button beside (or, with a text box, below) them.
    const [first, second, third] = body.slice(7, 10);
    expect(textsOf(first?.type === 'Container' ? first.items : [])).toEqual(['D-1 Acme', '$5 · Lead']);
    const titles = elementsOf([first as CardElement]).filter((e) => e.type === 'TextBlock');
    expect(titles.map((e) => [e.weight, e.isSubtle])).toEqual([
      ['Bolder', undefined],
      [undefined, true],
    ]);
    expect(buttonsOf([first as CardElement]).map((b) => b.type)).toEqual(['Action.Execute']);
    expect(buttonsOf([second as CardElement])).toEqual([]);
    expect(buttonsOf([third as CardElement]).map((b) => b.type)).toEqual(['Action.ShowCard']);

    expect(body[10]).toEqual({ type: 'TextBlock', text: '1–3 of 3', wrap: true, isSubtle: true, size: 'Small' });
    const actions = body[11];
    expect(actions?.type === 'ActionSet' && actions.actions.map((a) => [a.type, a.title, a.style])).toEqual([
      ['Action.Execute', 'Move stage', undefined],
      ['Action.Execute', 'Won', 'positive'],
      ['Action.ShowCard', 'Lost', 'destructive'],
    ]);
  });

  it('sends the exact command of each actionsOf button, in order, as dd.run data', () => {
    const screen = everyBlockScreen();
    const executes = executesOf(card(screen).body);
    const actions = actionsOf(screen);
    expect(executes.map((e) => e.verb)).toEqual(actions.map(() => RUN_VERB));
    expect(executes.map(dataOf)).toEqual([
      { command: 'deal show D-1', id: 'deal.show' },
      { command: 'deal note D-2', id: 'deal.note', prompt: 'What happened?', inputId: 'dd_input_1' },
      { command: 'deal move D-1', id: 'deal.move', form: 'deal.move' },
      { command: 'deal move D-1 won', id: 'deal.won' },
      { command: 'deal move D-1 lost', id: 'deal.lost', form: 'deal.lost', prompt: 'Why was it lost?', inputId: 'dd_input_4' },
    ]);
    expect(executes.map((e) => dataOf(e).command)).toEqual(actions.map((a) => a.command));
    // Each Action.Execute falls back to an Action.Submit with the same data and the verb.
    for (const e of executes)
      expect(e.fallback).toEqual({
        type: 'Action.Submit',
        title: e.title,
        data: { ...e.data, verb: RUN_VERB },
        ...(e.style ? { style: e.style } : {}),
      });
  });

  it('asks for a button’s missing words in a ShowCard with a multiline text box', () => {
    const body = card(everyBlockScreen()).body;
    const lost = buttonsOf(body).find((b) => b.title === 'Lost');
    if (lost?.type !== 'Action.ShowCard') throw new Error('Lost is not a ShowCard');
    // Labelled, as the package requires of a required input (screen readers read the label).
    expect(lost.card.body).toEqual([
      {
        type: 'Input.Text',
        id: 'dd_input_4',
        label: 'Why was it lost?',
        isMultiline: true,
        isRequired: true,
        errorMessage: 'Why was it lost?',
      },
    ]);
    const [submit] = innerExecutes(lost.card);
    expect(submit?.title).toBe('Lost');
    expect(submit?.style).toBe('destructive');
    // What Teams sends back when the user types a reason and presses it.
    const read = readCardAction({
      action: { type: 'Action.Execute', verb: submit?.verb, data: { ...submit?.data, dd_input_4: 'Chose a competitor' } },
    });
    expect(read).toMatchObject({
      verb: RUN_VERB,
      command: 'deal move D-1 lost',
      form: 'deal.lost',
      input: 'Chose a competitor',
      values: { dd_input_4: 'Chose a competitor' },
    });
  });

  it('adds a refresh clause for Universal Actions when asked', () => {
    const userIds = Array.from({ length: 100 }, (_, i) => `29:user-${i}`);
    const rendered = card(everyBlockScreen(), { moreText, refresh: { verb: 'dd.refresh', data: { deal: 'deal-1' }, userIds } });
    expect(rendered.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'dd.refresh', data: { deal: 'deal-1' } },
      userIds: userIds.slice(0, REFRESH_USERS_MAX),
    });
    expect(card(everyBlockScreen(), { moreText, refresh: { verb: 'dd.refresh' } }).refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'dd.refresh' },
    });
  });

  it('keeps user text from becoming links and turns line breaks into paragraphs', () => {
    const rendered = card({
      kind: 'message',
      title: 'x',
      blocks: [
        { type: 'text', text: 'See [the deal](https://evil.example)\nsecond line\r\n\r\nthird' },
        { type: 'fields', fields: [{ label: 'Next', value: '[x] (https://evil.example)' }] },
      ],
    });
    const [text, facts] = rendered.body;
    expect(text?.type === 'TextBlock' && text.text).toBe('See [the deal]\u200B(https://evil.example)\n\nsecond line\n\nthird');
    expect(facts?.type === 'FactSet' && facts.facts[0]?.value).toBe('[x]\u200B(https://evil.example)');
  });

  it('caps a 300-item list to fit and says how many more there are', () => {
    const items: Item[] = Array.from({ length: 300 }, (_, i) => ({
      title: `D-${i + 1} Account ${i + 1} — Renewal`,
      detail: '$12,345.00 · Proposal · Nov 23, 2026 · Carmen Diaz',
      action: open(i + 1),
    }));
    const screen: Screen = {
      kind: 'deal_list',
      title: 'All',
      blocks: [
        { type: 'header', text: 'All deals' },
        { type: 'items', items },
        { type: 'actions', actions: [{ id: 'page.next', label: 'Next', command: 'deal list page 2' }] },
      ],
    };
    const body = card(screen).body;
    const executes = executesOf(body);
    const shown = executes.length - 1;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThanOrEqual(ITEMS_MAX);
    // The shown buttons are the first ones, in order, and the paging button survives.
    expect(executes.map((e) => dataOf(e).command)).toEqual([...items.slice(0, shown).map((i) => i.action?.command), 'deal list page 2']);
    expect(textsOf(body)).toContain(`…and ${300 - shown} more`);
  });

  it('caps a 200-row table to fit, keeping the header, totals and a more line', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`Rep number ${i + 1}`, '$100K', '$28K', '28%', '−$31K', '1.4×']);
    const screen: Screen = {
      kind: 'quota',
      title: 'Quota',
      blocks: [
        { type: 'header', text: 'Quota' },
        {
          type: 'table',
          columns: [
            { label: 'Name' },
            ...['Quota', 'Won', 'Attained', 'vs pace', 'Coverage'].map((label) => ({ label, align: 'right' as const })),
          ],
          rows,
          totals: ['Total', '$20M', '$5.6M', '28%', '−$6.2M', '1.4×'],
        },
        { type: 'context', text: 'Legend' },
      ],
    };
    const rendered = card(screen);
    expect(rendered.msteams).toEqual({ width: 'Full' });
    const table = rendered.body[1];
    if (table?.type !== 'Table') throw new Error('no table');
    const shown = table.rows.length - 2;
    expect(shown).toBeGreaterThan(5);
    expect(shown).toBeLessThanOrEqual(ROWS_MAX);
    expect(table.rows[1]?.cells[0]?.items).toEqual([{ type: 'TextBlock', text: 'Rep number 1', wrap: true }]);
    expect(table.rows.at(-1)?.cells[0]?.items).toEqual([{ type: 'TextBlock', text: 'Total', wrap: true, weight: 'Bolder' }]);
    expect(textsOf(rendered.body)).toContain(`…and ${200 - shown} more`);
  });

  it('keeps 60 buttons, in order, in ActionSets of at most 5', () => {
    const actions: Action[] = Array.from({ length: 60 }, (_, i) => ({
      id: `b${i}`,
      label: `Button ${i + 1}`,
      command: `deal show D-${i + 1}`,
      ...(i % 10 === 9 ? { input: { prompt: 'Why?' } } : {}),
    }));
    const screen: Screen = { kind: 'message', title: 'Many', blocks: [{ type: 'actions', actions }] };
    const body = card(screen).body;
    expect(body.every((e) => e.type === 'ActionSet' && e.actions.length <= 5)).toBe(true);
    expect(executesOf(body).map((e) => dataOf(e).command)).toEqual(actionsOf(screen).map((a) => a.command));
    const inputs = elementsOf(body).flatMap((e) => (e.type === 'Input.Text' ? [e.id] : []));
    expect(inputs).toEqual([9, 19, 29, 39, 49, 59].map((n) => `dd_input_${n}`));
  });

  it('starts a new row of buttons before their titles would be cut on a 540 px card', () => {
    const labels = ['Stale deals', 'Slipping deals', 'Forecast', 'By channel', 'By region'];
    const actions: Action[] = labels.map((label, i) => ({ id: `b${i}`, label, command: `pipeline ${i}` }));
    const rows = (screen: Screen): string[][] =>
      card(screen).body.flatMap((e) => (e.type === 'ActionSet' ? [e.actions.map((a) => a.title)] : []));
    expect(rows({ kind: 'pipeline', title: 'Pipeline', blocks: [{ type: 'actions', actions }] })).toEqual([
      labels.slice(0, 4),
      labels.slice(4),
    ]);
    // Chinese titles are shorter on screen: the same five buttons fit one row.
    const zh = ['停滞商机', '逾期商机', '预测', '按渠道', '按区域'].map((label, i) => ({ ...actions[i]!, label }));
    expect(rows({ kind: 'pipeline', title: '销售管道', blocks: [{ type: 'actions', actions: zh }] })).toHaveLength(1);
  });

  it('fits very long texts and many facts under the byte budget', () => {
    const long = '数据分析平台 '.repeat(2000);
    const screen: Screen = {
      kind: 'message',
      title: long,
      blocks: [
        { type: 'header', text: long },
        ...Array.from({ length: 20 }, () => ({ type: 'text' as const, text: long })),
        { type: 'fields', fields: Array.from({ length: 200 }, (_, i) => ({ label: `Field ${i}`, value: long })) },
        { type: 'actions', actions: [open(1)] },
      ],
    };
    const body = card(screen).body;
    expect(executesOf(body).map((e) => dataOf(e).command)).toEqual(['deal show D-1']);
  });

  it('renders an empty screen as a valid empty card', () => {
    expect(
      card({
        kind: 'message',
        title: '',
        blocks: [{ type: 'divider' }, { type: 'items', items: [] }, { type: 'table', columns: [], rows: [] }],
      }).body,
    ).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------

const form: Form = {
  id: 'deal.move',
  commandId: 'deal.move',
  title: 'Move stage',
  submitLabel: 'Move',
  hidden: { deal: 'D-4' },
  fields: [
    {
      name: 'stage',
      label: 'Stage',
      kind: 'select',
      required: true,
      options: DEFAULT_STAGES.map((s) => ({ value: s.key, label: s.nameEn })),
    },
    { name: 'reason', label: 'Reason', kind: 'textarea', required: false, placeholder: 'Why?', hint: 'Needed for Lost' },
    { name: 'amount', label: 'Amount', kind: 'amount', required: true, value: '50k' },
    { name: 'close', label: 'Close date', kind: 'date', required: false },
  ],
};

describe('renderFormCard', () => {
  it('renders each field kind as a labelled input and submits with dd.form', () => {
    const rendered = renderFormCard(form);
    expect(validateCard(rendered)).toEqual([]);
    const body = rendered.body;
    expect(body[0]).toEqual({ type: 'TextBlock', text: 'Move stage', wrap: true, size: 'Medium', weight: 'Bolder' });
    expect(body[1]).toMatchObject({
      type: 'Input.ChoiceSet',
      id: 'stage',
      label: 'Stage',
      style: 'compact',
      isRequired: true,
      errorMessage: 'Stage',
    });
    expect(body[1]?.type === 'Input.ChoiceSet' && body[1].choices[2]).toEqual({ title: 'Needs analysis', value: 'needs_analysis' });
    expect(body[2]).toEqual({ type: 'Input.Text', id: 'reason', label: 'Reason', placeholder: 'Why?', isMultiline: true });
    expect(body[3]).toEqual({ type: 'TextBlock', text: 'Needed for Lost', wrap: true, isSubtle: true, size: 'Small', spacing: 'Small' });
    expect(body[4]).toEqual({ type: 'Input.Text', id: 'amount', label: 'Amount', isRequired: true, errorMessage: 'Amount', value: '50k' });
    expect(body[5]).toEqual({ type: 'Input.Text', id: 'close', label: 'Close date' });
    const [submit] = rendered.actions ?? [];
    expect(submit).toEqual({
      type: 'Action.Execute',
      title: 'Move',
      verb: FORM_VERB,
      style: 'positive',
      data: { commandId: 'deal.move', form: 'deal.move', hidden: { deal: 'D-4' } },
      fallback: {
        type: 'Action.Submit',
        title: 'Move',
        style: 'positive',
        data: { commandId: 'deal.move', form: 'deal.move', hidden: { deal: 'D-4' }, verb: FORM_VERB },
      },
    });
    expect(renderFormCard(form, { verb: 'dd.other' }).actions?.[0]).toMatchObject({ verb: 'dd.other' });
  });

  it('shows errors in red under their inputs (and others on top), keeping what was typed', () => {
    const rendered = renderFormCard(form, {
      errors: { stage: 'Pick a stage', amount: 'Not an amount', deal: 'That deal is closed' },
      values: { amount: '5O k', stage: 'proposal', reason: 'Budget' },
    });
    expect(validateCard(rendered)).toEqual([]);
    const body = rendered.body;
    expect(body[1]).toEqual({ type: 'TextBlock', text: 'That deal is closed', wrap: true, color: 'Attention' });
    expect(body[2]).toMatchObject({ type: 'Input.ChoiceSet', id: 'stage', value: 'proposal', errorMessage: 'Pick a stage' });
    expect(body[3]).toEqual({ type: 'TextBlock', text: 'Pick a stage', wrap: true, color: 'Attention', size: 'Small', spacing: 'Small' });
    expect(body[4]).toMatchObject({ id: 'reason', value: 'Budget' });
    const amount = body.findIndex((e) => e.type === 'Input.Text' && e.id === 'amount');
    expect(body[amount]).toMatchObject({ value: '5O k', errorMessage: 'Not an amount' });
    expect(body[amount + 1]).toMatchObject({ type: 'TextBlock', text: 'Not an amount', color: 'Attention' });
  });

  it('refuses a field name that would collide with the card data', () => {
    expect(() => renderFormCard({ ...form, fields: [{ name: 'commandId', label: 'x', kind: 'text', required: false }] })).toThrow(
      /reserved/,
    );
    expect(() => renderFormCard({ ...form, fields: [{ name: 'dd_input_0', label: 'x', kind: 'text', required: false }] })).toThrow(
      /reserved/,
    );
  });

  it('round-trips a submission through readCardAction', () => {
    const rendered = renderFormCard(form);
    const submit = rendered.actions?.[0];
    if (submit?.type !== 'Action.Execute') throw new Error('no submit');
    const inputs = { stage: 'won', reason: 'Signed', amount: '50k', close: '' };
    expect(
      readCardAction({ action: { type: 'Action.Execute', verb: submit.verb, data: { ...submit.data, ...inputs } }, trigger: 'manual' }),
    ).toEqual({
      verb: FORM_VERB,
      form: 'deal.move',
      commandId: 'deal.move',
      hidden: { deal: 'D-4' },
      values: inputs,
    });
    // The Action.Submit fallback arrives as a message whose value is the data plus the inputs.
    expect(readCardAction({ ...submit.fallback.data, ...inputs })).toEqual({
      verb: FORM_VERB,
      form: 'deal.move',
      commandId: 'deal.move',
      hidden: { deal: 'D-4' },
      values: inputs,
    });
  });
});

// ---------------------------------------------------------------------------------------------------

describe('readCardAction', () => {
  it('reads an Action.Execute invoke, the action alone, and a message submit alike', () => {
    const data = { command: 'deal show D-1', id: 'deal.show' };
    const expected = { verb: RUN_VERB, command: 'deal show D-1', id: 'deal.show', values: {} };
    expect(readCardAction({ action: { type: 'Action.Execute', verb: RUN_VERB, data }, trigger: 'manual' })).toEqual(expected);
    expect(readCardAction({ type: 'Action.Execute', verb: RUN_VERB, data })).toEqual(expected);
    expect(readCardAction({ ...data, verb: RUN_VERB })).toEqual(expected);
    expect(readCardAction({ ...data, verb: RUN_VERB, dd_input_3: 'hello', n: 4, ok: true, list: ['x'], nested: { a: 1 } })).toEqual({
      ...expected,
      values: { dd_input_3: 'hello', n: '4', ok: 'true' },
    });
  });

  it('survives garbage', () => {
    for (const junk of [
      null,
      undefined,
      'deal show D-1',
      42,
      [],
      [{ command: 'x' }],
      { action: 5 },
      { action: { verb: 7, data: 'x' } },
      { action: null },
      { command: 5, hidden: 'x', verb: {} },
    ]) {
      const read = readCardAction(junk);
      expect(read.values).toEqual({});
      expect(read.command).toBeUndefined();
      expect(read.hidden === undefined || Object.keys(read.hidden).length === 0).toBe(true);
    }
    expect(readCardAction({ action: { verb: RUN_VERB, data: null } })).toEqual({ verb: RUN_VERB, values: {} });
    expect(readCardAction({ command: '   ', verb: RUN_VERB }).command).toBeUndefined();
    const polluted = readCardAction(
      JSON.parse(
        '{"__proto__": {"polluted": "yes"}, "hidden": {"__proto__": {"polluted": "yes"}, "deal": "D-1", "n": null}, "inputId": "dd_input_1", "x": "1"}',
      ),
    );
    expect(polluted.values).toEqual({ x: '1' });
    expect(polluted.hidden).toEqual({ deal: 'D-1' });
    expect(polluted.input).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // inputId may only name one of our dd_input_<n> inputs.
    expect(readCardAction({ inputId: 'x', x: 'typed' }).input).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------

describe('validateCard', () => {
  const base = { type: 'AdaptiveCard', version: '1.5' } as const;
  const execute = (extra: Record<string, unknown> = {}) => ({
    type: 'Action.Execute',
    title: 'Go',
    verb: 'dd.run',
    data: {},
    fallback: { type: 'Action.Submit', title: 'Go', data: { verb: 'dd.run' } },
    ...extra,
  });

  it('accepts a minimal valid card', () => {
    expect(validateCard({ ...base, body: [{ type: 'TextBlock', text: 'Hi' }], actions: [execute()] })).toEqual([]);
  });

  it('reports an unknown element type, including one newer than 1.5, and accepts a 1.5 Table', () => {
    expect(validateCard({ ...base, body: [{ type: 'Frobnicator', text: 'x' }] }).join('\n')).toMatch(
      /UnknownElementType: Unknown element type "Frobnicator"/,
    );
    expect(validateCard({ ...base, body: [{ type: 'Carousel', pages: [] }] }).join('\n')).toMatch(/Unknown element type "Carousel"/);
    const cell = (text: string) => ({ type: 'TableCell', items: [{ type: 'TextBlock', text }] });
    const table = {
      type: 'Table',
      columns: [{ width: 2 }, { width: 1, horizontalCellContentAlignment: 'Right' }],
      rows: [{ type: 'TableRow', cells: [cell('Stage'), cell('Deals')] }],
    };
    expect(validateCard({ ...base, body: [table] })).toEqual([]);
    expect(validateCard({ ...base, body: [{ ...table, columns: [{ width: 'wide' }] }] }).join('\n')).toMatch(/Invalid column width "wide"/);
  });

  it('reports an unknown action type and a property newer than 1.5', () => {
    expect(validateCard({ ...base, body: [], actions: [{ type: 'Action.Teleport', title: 'Go' }] }).join('\n')).toMatch(
      /UnknownActionType: Unknown action type "Action.Teleport"/,
    );
    expect(validateCard({ ...base, body: [], actions: [{ type: 'Action.Submit', title: 'Go', role: 'Button' }] }).join('\n')).toMatch(
      /UnsupportedProperty: Property "role" is supported in version 1.6/,
    );
  });

  it('reports an Action.Execute without a verb, one without a fallback, and a bad fallback', () => {
    expect(validateCard({ ...base, body: [], actions: [execute({ verb: undefined })] })).toEqual([
      'json card.actions[0]: an Action.Execute needs a verb',
    ]);
    expect(validateCard({ ...base, body: [], actions: [execute({ fallback: undefined })] }).join('\n')).toMatch(
      /needs an Action.Submit fallback/,
    );
    expect(
      validateCard({
        ...base,
        body: [],
        actions: [execute({ fallback: { type: 'Action.OpenUrl', title: 'Go', url: 'https://example.com' } })],
      }).join('\n'),
    ).toMatch(/needs an Action.Submit fallback/);
    expect(validateCard({ ...base, body: [], actions: [execute({ fallback: { type: 'Action.Submit', data: {} } })] }).join('\n')).toMatch(
      /fallback: a button needs a title/,
    );
    // Only a host without Universal Actions parses the fallback.
    expect(
      validateCard({
        ...base,
        body: [],
        actions: [execute({ fallback: { type: 'Action.Submit', title: 'Go', style: 'loud', data: {} } })],
      }),
    ).toEqual(['pre-1.4 parse Action.Submit InvalidPropertyValue: Invalid value "loud" for property "style".']);
  });

  it('reports duplicate input ids, also across ShowCards', () => {
    const input = { type: 'Input.Text', id: 'reason' };
    const show = { type: 'Action.ShowCard', title: 'More', card: { type: 'AdaptiveCard', body: [input] } };
    for (const dup of [
      { ...base, body: [input, input] },
      { ...base, body: [input], actions: [show] },
    ]) {
      const problems = validateCard(dup).join('\n');
      expect(problems).toMatch(/DuplicateId: Duplicate Id "reason"/);
      expect(problems).toMatch(/duplicate id "reason"/);
    }
  });

  it('reports invalid values, a missing title, inputs without ids or labels, empty choice sets', () => {
    const problems = validateCard({
      ...base,
      body: [
        { type: 'TextBlock', text: 'x', color: 'purple', size: 'huge', wrap: 'yes' },
        { type: 'ColumnSet', columns: [{ type: 'Column', width: 'wide', items: [] }] },
        { type: 'Input.Text' },
        { type: 'Input.Text', id: 'r', isRequired: true },
        { type: 'Input.ChoiceSet', id: 'c', choices: [] },
      ],
      actions: [
        { type: 'Action.Submit', data: {} },
        { ...execute(), style: 'loud' },
      ],
    }).join('\n');
    for (const expected of [
      /Invalid value "purple" for property "color"/,
      /Invalid value "huge" for property "size"/,
      /wrap must be a boolean/,
      /Invalid column width "wide"/,
      /a button needs a title/,
      /All inputs must have a unique Id/,
      /Required inputs should have a label/,
      /Required inputs should have an error message/,
      /at least one choice/,
      /Action.Execute InvalidPropertyValue: Invalid value "loud" for property "style"/,
    ]) {
      expect(problems).toMatch(expected);
    }
  });

  it('reports the wrong version, a bad refresh and an oversized card', () => {
    expect(validateCard({ type: 'AdaptiveCard', version: '1.2', body: [] }).join('\n')).toMatch(/version must be "1.5"/);
    expect(validateCard({ type: 'AdaptiveCard', version: '1.6', body: [] }).join('\n')).toMatch(/UnsupportedCardVersion/);
    expect(validateCard({ type: 'Card', version: '1.5', body: [] }).join('\n')).toMatch(/MissingCardType/);
    expect(
      validateCard({
        ...base,
        body: [],
        refresh: { action: { type: 'Action.Submit' }, userIds: Array.from({ length: 61 }, (_, i) => `u${i}`) },
      }).join('\n'),
    ).toMatch(
      /ActionTypeNotAllowed: Action type "Action.Submit"[\s\S]*must be an Action.Execute[\s\S]*needs a verb[\s\S]*at most 60 users/,
    );
    expect(validateCard({ ...base, body: [{ type: 'TextBlock', text: 'x'.repeat(30_000) }] }).join('\n')).toMatch(/bytes of JSON/);
    expect(validateCard('not a card')).toEqual(['json card: must be an object']);
  });
});

// ---------------------------------------------------------------------------------------------------
// The real screen builders, with fabricated data, in both languages.

describe('real screens', () => {
  for (const locale of ['en', 'zh-CN'] as const) {
    it(`render as valid cards in ${locale}, buttons in actionsOf order`, () => {
      const more = (count: number): string => t(locale, 'list.more', { count });
      for (const screen of [...realScreens(locale), lostDealScreen(locale)]) {
        const rendered = card(screen, { moreText: more });
        const executes = executesOf(rendered.body);
        expect(executes.map((e) => dataOf(e).command)).toEqual(actionsOf(screen).map((a) => a.command));
        for (const e of executes)
          expect(readCardAction({ action: { type: 'Action.Execute', verb: e.verb, data: e.data } }).command).toBe(dataOf(e).command);
        for (const text of textsOf(rendered.body)) expect(text).not.toMatch(/\]\s*\(/);
      }
    });

    it(`renders every form as a valid card in ${locale}, with and without errors`, () => {
      const forms = [
        newDealFormScreen(locale, DEFAULT_STAGES, 'USD').form,
        moveStageForm(locale, DEFAULT_STAGES, { ref: 'D-4', stage: 'proposal' }),
        lostReasonForm(locale, { ref: 'D-4' }, 'lost'),
        noteForm(locale, { ref: 'D-4' }),
      ];
      for (const f of forms) {
        if (!f) throw new Error('no form');
        const first = f.fields[0]?.name ?? '';
        for (const options of [
          {},
          { errors: { [first]: t(locale, 'list.empty'), other: t(locale, 'list.empty') }, values: { [first]: 'typed' } },
        ]) {
          const rendered = renderFormCard(f, options);
          expect(validateCard(rendered)).toEqual([]);
          const ids = elementsOf(rendered.body).flatMap((e) => (e.type === 'Input.Text' || e.type === 'Input.ChoiceSet' ? [e.id] : []));
          expect(ids).toEqual(f.fields.map((field) => field.name));
          expect(rendered.actions?.[0]).toMatchObject({
            type: 'Action.Execute',
            title: f.submitLabel,
            verb: FORM_VERB,
            data: { commandId: f.commandId, form: f.id, hidden: f.hidden ?? {} },
          });
        }
      }
    });
  }
});
