import { describe, expect, it } from 'vitest';
import { checkBlockKitLimits } from './block-kit-limits.js';

type Json = Record<string, unknown>;

describe('checkBlockKitLimits', () => {
  const section = (text: string): Json => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const buttonJson = (i: number): Json => ({ type: 'button', text: { type: 'plain_text', text: `B${i}` }, action_id: `a${i}`, value: 'v' });
  const problems = (payload: { blocks?: unknown; view?: unknown }): string[] => checkBlockKitLimits(payload);

  it('reports hand-made violations', () => {
    expect(problems({ blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }).join()).toMatch(/51 blocks; the limit is 50/);
    expect(problems({ blocks: [section('x'.repeat(3001))] }).join()).toMatch(/3001 characters; the limit is 3000/);
    expect(
      problems({ blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }] }).join(),
    ).toMatch(/11 fields/);
    expect(problems({ blocks: [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => buttonJson(i)) }] }).join()).toMatch(
      /26 elements; the limit is 25/,
    );
    expect(
      problems({ blocks: [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'B' } }] }] }).join(),
    ).toMatch(/action_id is required/);
    expect(problems({ blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'a' }] }] }).join()).toMatch(/text.*is required/);
    expect(
      problems({
        blocks: [
          { ...section('a'), block_id: 'b1' },
          { ...section('b'), block_id: 'b1' },
        ],
      }).join(),
    ).toMatch(/duplicate block_id "b1"/);
    expect(problems({ blocks: [{ type: 'actions', elements: [buttonJson(1), buttonJson(1)] }] }).join()).toMatch(
      /duplicate action_id "a1"/,
    );
    expect(problems({ view: { type: 'modal', title: { type: 'plain_text', text: 'x'.repeat(25) }, blocks: [] } }).join()).toMatch(
      /title.*25 characters; the limit is 24/,
    );
    expect(problems({ view: { type: 'modal', blocks: [] } }).join()).toMatch(/title.*is required/);
    expect(problems({ view: { title: { type: 'plain_text', text: 'x' }, blocks: [] } }).join()).toMatch(/view type must be modal or home/);
    expect(problems({ blocks: [{ type: 'section' }] }).join()).toMatch(/needs text or fields/);
    expect(problems({ blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }] }).join()).toMatch(/must be plain_text/);
    expect(problems({ blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] }).join()).toMatch(
      /151 characters; the limit is 150/,
    );
    expect(problems({ blocks: [{ type: 'carousel_of_doom' }] }).join()).toMatch(/unknown block type/);
    expect(problems({ blocks: [{ type: 'actions', elements: [{ type: 'laser', action_id: 'x' }] }] }).join()).toMatch(
      /unknown element type/,
    );
    expect(
      problems({ blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }] }).join(),
    ).toMatch(/11 elements; the limit is 10/);
    expect(problems({ blocks: [{ type: 'actions', elements: [{ ...buttonJson(1), value: 'v'.repeat(2001) }] }] }).join()).toMatch(
      /value is 2001/,
    );
    expect(
      problems({
        blocks: [{ type: 'actions', elements: [{ ...buttonJson(1), text: { type: 'plain_text', text: 'b'.repeat(76) } }] }],
      }).join(),
    ).toMatch(/76 characters; the limit is 75/);
    expect(problems({ blocks: [section('')] }).join()).toMatch(/must not be empty/);
    expect(problems({ blocks: Array.from({ length: 10 }, () => section('y'.repeat(2000))) }).join()).toMatch(
      /characters of JSON; the cap is 12000/,
    );
    expect(
      problems({
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: 'T' },
          blocks: [{ type: 'input', label: { type: 'plain_text', text: 'L' }, element: { type: 'plain_text_input', action_id: 'a' } }],
        },
      }).join(),
    ).toMatch(/needs submit/);
    expect(
      problems({
        view: { type: 'modal', title: { type: 'plain_text', text: 'T' }, private_metadata: 'm'.repeat(3001), blocks: [] },
      }).join(),
    ).toMatch(/private_metadata is 3001/);
    expect(
      problems({
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: 'T' },
          submit: { type: 'plain_text', text: 'S' },
          blocks: [
            {
              type: 'input',
              label: { type: 'plain_text', text: 'L' },
              element: {
                type: 'static_select',
                action_id: 's',
                options: Array.from({ length: 101 }, (_, i) => ({ text: { type: 'plain_text', text: `o${i}` }, value: `v${i}` })),
              },
            },
          ],
        },
      }).join(),
    ).toMatch(/101 options; the limit is 100/);
    expect(problems({ view: { type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) } }).join()).toMatch(
      /101 blocks; the limit is 100/,
    );
  });

  it('accepts valid payloads and survives garbage', () => {
    expect(
      problems({ blocks: [section('ok'), { type: 'divider' }, { type: 'actions', elements: [buttonJson(1), buttonJson(2)] }] }),
    ).toEqual([]);
    expect(problems({ blocks: JSON.stringify([section('ok')]) })).toEqual([]);
    for (const garbage of [null, 5, 'x', [1, 2], { type: 5 }]) expect(() => problems({ blocks: [garbage], view: garbage })).not.toThrow();
    expect(problems({ blocks: 'not json' }).length).toBeGreaterThan(0);
  });

  // Each limit of Slack's reference, written out again here: the limit passes, one more is refused.
  const plain = (text: string): Json => ({ type: 'plain_text', text });
  const x = (n: number): string => 'x'.repeat(n);
  const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
  const message = (...blocks: Json[]) => ({ blocks });
  const modal = (blocks: Json[], fields: Json = {}) => ({
    view: { type: 'modal', title: plain('T'), submit: plain('OK'), blocks, ...fields },
  });
  const actions = (...elements: Json[]) => message({ type: 'actions', elements });
  const button = (fields: Json) => ({ type: 'button', action_id: 'b', text: plain('B'), ...fields });
  const input = (element: Json, fields: Json = {}) => modal([{ type: 'input', label: plain('L'), element, ...fields }]);
  const option = (i: number, text = `o${i}`, value = `v${i}`): Json => ({ text: plain(text), value });
  const select = (options: Json[]) => input({ type: 'static_select', action_id: 's', options });
  const raw = (text: string): Json => ({ type: 'raw_text', text });
  const table = (rows: Json[][], settings?: Json[]): Json => ({ type: 'table', rows, ...(settings ? { column_settings: settings } : {}) });
  const edges: [string, number, (n: number) => { blocks?: unknown; view?: unknown; text?: unknown }][] = [
    ['blocks in a message', 50, (n) => ({ blocks: many(n, () => ({ type: 'divider' })) })],
    ['blocks in a modal', 100, (n) => modal(many(n, () => ({ type: 'divider' })))],
    ['blocks in a Home tab', 100, (n) => ({ view: { type: 'home', blocks: many(n, () => ({ type: 'divider' })) } })],
    ['message text', 40_000, (n) => ({ text: x(n) })],
    ['section text', 3000, (n) => message(section(x(n)))],
    ['section fields', 10, (n) => message({ type: 'section', fields: many(n, () => plain('f')) })],
    ['section field text', 2000, (n) => message({ type: 'section', fields: [plain(x(n))] })],
    ['header text', 150, (n) => message({ type: 'header', text: plain(x(n)) })],
    ['block_id', 255, (n) => message({ ...section('s'), block_id: x(n) })],
    ['actions elements', 25, (n) => actions(...many(n, (i) => button({ action_id: `b${i}` })))],
    ['context elements', 10, (n) => message({ type: 'context', elements: many(n, () => plain('c')) })],
    ['button text', 75, (n) => actions(button({ text: plain(x(n)) }))],
    ['button value', 2000, (n) => actions(button({ value: x(n) }))],
    ['button url', 3000, (n) => actions(button({ url: x(n) }))],
    ['action_id', 255, (n) => actions(button({ action_id: x(n) }))],
    ['input label', 2000, (n) => modal([{ type: 'input', label: plain(x(n)), element: { type: 'plain_text_input', action_id: 'i' } }])],
    ['input hint', 2000, (n) => input({ type: 'plain_text_input', action_id: 'i' }, { hint: plain(x(n)) })],
    ['placeholder', 150, (n) => input({ type: 'plain_text_input', action_id: 'i', placeholder: plain(x(n)) })],
    ['plain_text_input max_length', 3000, (n) => input({ type: 'plain_text_input', action_id: 'i', max_length: n })],
    ['static_select options', 100, (n) => select(many(n, (i) => option(i)))],
    ['option text', 75, (n) => select([option(0, x(n))])],
    ['option value', 150, (n) => select([option(0, 'o', x(n))])],
    ['overflow options', 5, (n) => actions({ type: 'overflow', action_id: 'o', options: many(n, (i) => option(i)) })],
    ['checkboxes options', 10, (n) => input({ type: 'checkboxes', action_id: 'c', options: many(n, (i) => option(i)) })],
    ['modal title', 24, (n) => modal([], { title: plain(x(n)) })],
    ['modal submit', 24, (n) => modal([], { submit: plain(x(n)) })],
    ['modal close', 24, (n) => modal([], { close: plain(x(n)) })],
    ['private_metadata', 3000, (n) => modal([], { private_metadata: x(n) })],
    ['callback_id', 255, (n) => modal([], { callback_id: x(n) })],
    ['table rows', 100, (n) => message(table(many(n, () => [raw('r')])))],
    ['table cells a row', 20, (n) => message(table([many(n, () => raw('c'))]))],
    [
      'table column_settings',
      20,
      (n) =>
        message(
          table(
            [[raw('c')]],
            many(n, () => ({ align: 'right' })),
          ),
        ),
    ],
    ['table blocks a message', 1, (n) => ({ blocks: many(n, () => table([[raw('c')]])) })],
  ];
  for (const [what, limit, payload] of edges) {
    it(`allows ${limit} and refuses ${limit + 1}: ${what}`, () => {
      expect(checkBlockKitLimits(payload(limit))).toEqual([]);
      const refused = checkBlockKitLimits(payload(limit + 1));
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatch(new RegExp(`\\b${limit}\\b`));
    });
  }

  it('checks table cells and column settings, and keeps tables to messages', () => {
    const rich = {
      type: 'rich_text',
      elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'H', style: { bold: true } }] }],
    };
    const good = table(
      [
        [rich, raw('Total')],
        [raw('a'), { type: 'raw_number', value: 1, text: '1' }],
      ],
      [{ is_wrapped: true }, { align: 'right' }],
    );
    expect(checkBlockKitLimits(message(good))).toEqual([]);
    expect(checkBlockKitLimits(message(table([[raw('')]]))).join()).toMatch(/at least one character/);
    expect(checkBlockKitLimits(message(table([[{ type: 'mrkdwn', text: 'x' }]]))).join()).toMatch(
      /must be raw_text, raw_number or rich_text/,
    );
    expect(checkBlockKitLimits(message(table([[{ type: 'rich_text', elements: [] }]]))).join()).toMatch(/needs elements/);
    expect(checkBlockKitLimits(message(table([[{ type: 'raw_number', text: '1' }]]))).join()).toMatch(/numeric value/);
    expect(checkBlockKitLimits(message(table([[raw('c')]], [{ align: 'middle' }]))).join()).toMatch(/align must be left, center or right/);
    expect(checkBlockKitLimits(message(table([[raw('c')]], [{ is_wrapped: 'yes' }]))).join()).toMatch(/is_wrapped must be a boolean/);
    expect(checkBlockKitLimits(message(table([]))).join()).toMatch(/rows must not be empty/);
    expect(checkBlockKitLimits(message(table([[]]))).join()).toMatch(/cells must not be empty/);
    expect(checkBlockKitLimits(modal([good])).join()).toMatch(/table block is for messages/);
    expect(checkBlockKitLimits({ view: { type: 'home', blocks: [good] } }).join()).toMatch(/table block is for messages/);
  });
});
