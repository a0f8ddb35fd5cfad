/**
 * A test oracle for Slack Block Kit: lists what Slack would refuse in a payload that was (or would be)
 * sent. Its limits are written here from Slack's reference (docs.slack.dev/reference/block-kit/…,
 * /reference/views/…, /reference/methods/chat.postMessage), never imported from src/: a wrong limit in
 * the renderer must not be able to hide itself by being the oracle's limit too.
 *
 * Lengths are counted in UTF-16 code units (`string.length`), never fewer than Slack's characters, so a
 * payload that passes here passes at Slack.
 */

export const BLOCK_KIT = {
  message: {
    /** "You can include up to 50 blocks in each message." */
    blocks: 50,
    /** chat.postMessage: `text` is truncated beyond 40,000 characters. */
    text: 40_000,
    /**
     * Not in the reference: Slack has been seen refusing messages with about 13,000 characters of
     * blocks JSON, so the oracle holds a message to 12,000.
     */
    blocksJson: 12_000,
  },
  /** Modal and Home tab views: "Max of 100 blocks". */
  view: { blocks: 100, privateMetadata: 3000, callbackId: 255, externalId: 255 },
  /** Modal title, submit and close: plain_text, max 24 characters. */
  modal: { title: 24, submit: 24, close: 24 },
  /** A text object's text: 1–3000 characters. */
  textObject: 3000,
  blockId: 255,
  actionId: 255,
  section: { text: 3000, fields: 10, fieldText: 2000 },
  header: { text: 150 },
  actions: { elements: 25 },
  context: { elements: 10 },
  input: { label: 2000, hint: 2000 },
  image: { url: 3000, altText: 2000, title: 2000 },
  button: { text: 75, value: 2000, url: 3000, accessibilityLabel: 75 },
  placeholder: 150,
  option: { text: 75, value: 150, description: 75 },
  /** static_select and multi_static_select: options, or option groups, at most 100 each. */
  select: { options: 100 },
  overflow: { options: 5 },
  /** checkboxes and radio_buttons. */
  choice: { options: 10 },
  /** plain_text_input min_length 0–3000, max_length 1–3000. */
  plainTextInput: { length: 3000 },
  /**
   * Table block (/reference/block-kit/blocks/table-block): "Maximum 100 rows", "a max of 20 table cells"
   * a row, column_settings "Maximum 20 items"; a cell is raw_text, raw_number or rich_text, its text at
   * least one character; one table block a message (a second is refused with `invalid_attachments`).
   * A message block: the oracle refuses it in modals and the Home tab.
   */
  table: { rows: 100, cells: 20, columnSettings: 20, perMessage: 1 },
} as const;

const BLOCK_TYPES = [
  'actions',
  'context',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'table',
  'video',
];

const ELEMENT_TYPES = [
  'button',
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'email_text_input',
  'file_input',
  'image',
  'number_input',
  'overflow',
  'plain_text_input',
  'radio_buttons',
  'rich_text_input',
  'timepicker',
  'url_text_input',
  'workflow_button',
  ...['static', 'external', 'users', 'conversations', 'channels'].flatMap((kind) => [`${kind}_select`, `multi_${kind}_select`]),
];

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Collects problems as `path: problem`, the way a reviewer would read Slack's `invalid_blocks` errors. */
class Oracle {
  readonly problems: string[] = [];
  private readonly blockIds = new Set<string>();

  say(path: string, problem: string): void {
    this.problems.push(`${path}: ${problem}`);
  }

  /** An optional (or required) string property no longer than `max`; returns it when it is a string. */
  field(owner: Json, key: string, path: string, max: number, required = false): string | undefined {
    const value = owner[key];
    if (value === undefined || value === null) {
      if (required) this.say(path, `${key} is required`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.say(path, `${key} must be a string`);
      return undefined;
    }
    if (value.length > max) this.say(path, `${key} is ${value.length} characters; the limit is ${max}`);
    return value;
  }

  /** A list no longer than `max` (and not empty); returns it when it is an array. */
  list(value: unknown, path: string, what: string, max: number): unknown[] | undefined {
    if (!Array.isArray(value)) {
      this.say(path, `${what} must be an array`);
      return undefined;
    }
    const items: unknown[] = value;
    if (items.length === 0) this.say(path, `${what} must not be empty`);
    if (items.length > max) this.say(path, `${items.length} ${what}; the limit is ${max}`);
    return items;
  }

  /** `{ type: 'plain_text' | 'mrkdwn', text }` with 1…max characters of text. */
  text(value: unknown, path: string, max: number, rules: { plainOnly?: boolean; required?: boolean } = {}): void {
    if (value === undefined || value === null) {
      if (rules.required) this.say(path, 'is required');
      return;
    }
    if (!isObject(value)) {
      this.say(path, 'must be a text object');
      return;
    }
    const { type, text } = value;
    if (type !== 'plain_text' && type !== 'mrkdwn')
      this.say(path, `text object type must be plain_text or mrkdwn, not ${JSON.stringify(type)}`);
    else if (rules.plainOnly && type !== 'plain_text') this.say(path, 'must be plain_text');
    if (typeof text !== 'string') this.say(path, 'text is required');
    else if (text.length === 0) this.say(path, 'text must not be empty');
    else if (text.length > max) this.say(path, `text is ${text.length} characters; the limit is ${max}`);
  }

  blocks(value: unknown, path: string, max: number, surface: 'message' | 'view' = 'message'): void {
    if (!Array.isArray(value)) {
      this.say(path, 'blocks must be an array');
      return;
    }
    if (value.length > max) this.say(path, `${value.length} blocks; the limit is ${max}`);
    const tables = value.filter((block) => isObject(block) && block.type === 'table').length;
    if (surface === 'view' && tables > 0) this.say(path, 'a table block is for messages, not modals or the Home tab');
    if (surface === 'message' && tables > BLOCK_KIT.table.perMessage)
      this.say(path, `${tables} table blocks; the limit is ${BLOCK_KIT.table.perMessage} a message`);
    value.forEach((block, i) => {
      this.block(block, `${path}[${i}]`);
    });
  }

  block(block: unknown, at: string): void {
    if (!isObject(block) || typeof block.type !== 'string') {
      this.say(at, 'a block must be an object with a type');
      return;
    }
    const path = `${at} (${block.type})`;
    if (!BLOCK_TYPES.includes(block.type)) {
      this.say(path, `unknown block type ${JSON.stringify(block.type)}`);
      return;
    }
    const id = this.field(block, 'block_id', path, BLOCK_KIT.blockId);
    if (id !== undefined) {
      if (id === '') this.say(path, 'block_id must not be empty');
      if (this.blockIds.has(id)) this.say(path, `duplicate block_id ${JSON.stringify(id)}`);
      this.blockIds.add(id);
    }
    if (block.type === 'section') this.section(block, path);
    else if (block.type === 'header') this.text(block.text, `${path}.text`, BLOCK_KIT.header.text, { plainOnly: true, required: true });
    else if (block.type === 'context') this.context(block, path);
    else if (block.type === 'actions') this.actions(block, path);
    else if (block.type === 'input') this.input(block, path);
    else if (block.type === 'image') this.image(block, path);
    else if (block.type === 'table') this.table(block, path);
  }

  table(block: Json, path: string): void {
    const rows = this.list(block.rows, path, 'rows', BLOCK_KIT.table.rows) ?? [];
    rows.forEach((row, r) => {
      const at = `${path}.rows[${r}]`;
      (this.list(row, at, 'cells', BLOCK_KIT.table.cells) ?? []).forEach((cell, c) => {
        this.tableCell(cell, `${at}[${c}]`);
      });
    });
    if (block.column_settings === undefined) return;
    (this.list(block.column_settings, path, 'column_settings', BLOCK_KIT.table.columnSettings) ?? []).forEach((setting, i) => {
      const at = `${path}.column_settings[${i}]`;
      if (setting === null) return;
      if (!isObject(setting)) {
        this.say(at, 'a column setting must be an object');
        return;
      }
      if (setting.align !== undefined && setting.align !== 'left' && setting.align !== 'center' && setting.align !== 'right')
        this.say(at, `align must be left, center or right, not ${JSON.stringify(setting.align)}`);
      if (setting.is_wrapped !== undefined && typeof setting.is_wrapped !== 'boolean') this.say(at, 'is_wrapped must be a boolean');
    });
  }

  tableCell(cell: unknown, path: string): void {
    if (!isObject(cell)) {
      this.say(path, 'a table cell must be an object');
      return;
    }
    if (cell.type === 'rich_text') {
      if (!Array.isArray(cell.elements) || cell.elements.length === 0) this.say(path, 'a rich_text cell needs elements');
      return;
    }
    if (cell.type !== 'raw_text' && cell.type !== 'raw_number') {
      this.say(path, `a table cell must be raw_text, raw_number or rich_text, not ${JSON.stringify(cell.type)}`);
      return;
    }
    if (typeof cell.text !== 'string' || cell.text.length === 0) this.say(path, 'a table cell needs text of at least one character');
    if (cell.type === 'raw_number' && typeof cell.value !== 'number') this.say(path, 'a raw_number cell needs a numeric value');
  }

  section(block: Json, path: string): void {
    if (block.text === undefined && block.fields === undefined) this.say(path, 'a section needs text or fields');
    if (block.text !== undefined) this.text(block.text, `${path}.text`, BLOCK_KIT.section.text);
    if (block.fields !== undefined) {
      const fields = this.list(block.fields, path, 'fields', BLOCK_KIT.section.fields) ?? [];
      fields.forEach((field, i) => {
        this.text(field, `${path}.fields[${i}]`, BLOCK_KIT.section.fieldText);
      });
    }
    if (block.accessory !== undefined) this.element(block.accessory, `${path}.accessory`, new Set());
  }

  context(block: Json, path: string): void {
    const elements = this.list(block.elements, path, 'elements', BLOCK_KIT.context.elements) ?? [];
    elements.forEach((element, i) => {
      if (isObject(element) && element.type === 'image') this.image(element, `${path}.elements[${i}]`);
      else this.text(element, `${path}.elements[${i}]`, BLOCK_KIT.textObject, { required: true });
    });
  }

  actions(block: Json, path: string): void {
    const elements = this.list(block.elements, path, 'elements', BLOCK_KIT.actions.elements) ?? [];
    const actionIds = new Set<string>();
    elements.forEach((element, i) => {
      this.element(element, `${path}.elements[${i}]`, actionIds);
    });
  }

  input(block: Json, path: string): void {
    this.text(block.label, `${path}.label`, BLOCK_KIT.input.label, { plainOnly: true, required: true });
    this.text(block.hint, `${path}.hint`, BLOCK_KIT.input.hint, { plainOnly: true });
    if (block.element === undefined) this.say(path, 'element is required');
    else this.element(block.element, `${path}.element`, new Set());
  }

  image(image: Json, path: string): void {
    if (image.image_url === undefined && image.slack_file === undefined) this.say(path, 'image_url or slack_file is required');
    if (image.image_url !== undefined && image.slack_file !== undefined) this.say(path, 'image_url and slack_file must not both be given');
    if (image.slack_file !== undefined) {
      // Slack's file object: exactly one of id and url, else the payload is refused.
      const file = isObject(image.slack_file) ? image.slack_file : {};
      if ((typeof file.id === 'string' && file.id !== '') === (typeof file.url === 'string' && file.url !== ''))
        this.say(`${path}.slack_file`, 'exactly one of id and url is required');
    }
    this.field(image, 'image_url', path, BLOCK_KIT.image.url);
    this.field(image, 'alt_text', path, BLOCK_KIT.image.altText, true);
    this.text(image.title, `${path}.title`, BLOCK_KIT.image.title, { plainOnly: true });
  }

  element(element: unknown, at: string, actionIds: Set<string>): void {
    if (!isObject(element) || typeof element.type !== 'string') {
      this.say(at, 'an element must be an object with a type');
      return;
    }
    const { type } = element;
    const path = `${at} (${type})`;
    if (!ELEMENT_TYPES.includes(type)) {
      this.say(path, `unknown element type ${JSON.stringify(type)}`);
      return;
    }
    if (type === 'image') {
      this.image(element, path);
      return;
    }
    // Our renderer always names its elements, so an element without action_id is a mistake here.
    const id = this.field(element, 'action_id', path, BLOCK_KIT.actionId, true);
    if (id !== undefined) {
      if (id === '') this.say(path, 'action_id must not be empty');
      if (actionIds.has(id)) this.say(path, `duplicate action_id ${JSON.stringify(id)} in the block`);
      actionIds.add(id);
    }
    this.text(element.placeholder, `${path}.placeholder`, BLOCK_KIT.placeholder, { plainOnly: true });
    switch (type) {
      case 'button':
        this.text(element.text, `${path}.text`, BLOCK_KIT.button.text, { plainOnly: true, required: true });
        this.field(element, 'value', path, BLOCK_KIT.button.value);
        this.field(element, 'url', path, BLOCK_KIT.button.url);
        this.field(element, 'accessibility_label', path, BLOCK_KIT.button.accessibilityLabel);
        if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger')
          this.say(path, `style must be primary or danger, not ${JSON.stringify(element.style)}`);
        return;
      case 'static_select':
      case 'multi_static_select':
        this.options(element, path, BLOCK_KIT.select.options, true);
        return;
      case 'overflow':
        this.options(element, path, BLOCK_KIT.overflow.options, true);
        return;
      case 'checkboxes':
      case 'radio_buttons':
        this.options(element, path, BLOCK_KIT.choice.options, false);
        return;
      case 'plain_text_input':
        this.plainTextInput(element, path);
        return;
      case 'file_input': {
        const { max_files: most, filetypes } = element;
        if (most !== undefined && (typeof most !== 'number' || !Number.isInteger(most) || most < 1 || most > 10))
          this.say(path, 'max_files must be an integer from 1 to 10');
        if (filetypes !== undefined && (!Array.isArray(filetypes) || !filetypes.every((t) => typeof t === 'string' && t !== '')))
          this.say(path, 'filetypes must be a list of file extensions');
        return;
      }
      case 'datepicker':
        if (
          element.initial_date !== undefined &&
          (typeof element.initial_date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(element.initial_date))
        )
          this.say(path, 'initial_date must be YYYY-MM-DD');
        return;
      default:
        return;
    }
  }

  plainTextInput(element: Json, path: string): void {
    const { min_length: min, max_length: max } = element;
    const most = BLOCK_KIT.plainTextInput.length;
    if (min !== undefined && (typeof min !== 'number' || !Number.isInteger(min) || min < 0 || min > most))
      this.say(path, `min_length must be an integer from 0 to ${most}`);
    if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > most))
      this.say(path, `max_length must be an integer from 1 to ${most}`);
    // An initial value the user could not submit as it stands.
    this.field(element, 'initial_value', path, typeof max === 'number' ? Math.min(max, most) : most);
  }

  /** An option object; returns its value. */
  option(option: unknown, path: string, plainOnly: boolean): string | undefined {
    if (!isObject(option)) {
      this.say(path, 'an option must be an object');
      return undefined;
    }
    this.text(option.text, `${path}.text`, BLOCK_KIT.option.text, { plainOnly, required: true });
    this.text(option.description, `${path}.description`, BLOCK_KIT.option.description, { plainOnly });
    return this.field(option, 'value', path, BLOCK_KIT.option.value, true);
  }

  options(element: Json, path: string, max: number, plainOnly: boolean): void {
    const values = new Set<string>();
    const collect = (options: unknown[], at: string): void => {
      options.forEach((option, i) => {
        const value = this.option(option, `${at}.options[${i}]`, plainOnly);
        if (value !== undefined) values.add(value);
      });
    };
    if (element.options !== undefined && element.option_groups !== undefined) this.say(path, 'give options or option_groups, not both');
    if (element.options !== undefined) {
      collect(this.list(element.options, path, 'options', max) ?? [], path);
    } else if (element.option_groups !== undefined) {
      (this.list(element.option_groups, path, 'option groups', max) ?? []).forEach((group, g) => {
        const at = `${path}.option_groups[${g}]`;
        if (!isObject(group)) {
          this.say(at, 'an option group must be an object');
          return;
        }
        this.text(group.label, `${at}.label`, BLOCK_KIT.option.text, { plainOnly: true, required: true });
        collect(this.list(group.options, at, 'options', max) ?? [], at);
      });
    } else if (element.type !== 'multi_static_select' || element.initial_options === undefined) {
      this.say(path, 'options is required');
    }
    if (element.initial_option !== undefined) {
      const value = this.option(element.initial_option, `${path}.initial_option`, plainOnly);
      if (value !== undefined && !values.has(value)) this.say(path, `initial_option ${JSON.stringify(value)} is not one of the options`);
    }
  }

  view(view: unknown, path: string): void {
    if (!isObject(view) || (view.type !== 'modal' && view.type !== 'home')) {
      this.say(path, `view type must be modal or home, not ${JSON.stringify(isObject(view) ? view.type : view)}`);
      return;
    }
    this.field(view, 'private_metadata', path, BLOCK_KIT.view.privateMetadata);
    this.field(view, 'callback_id', path, BLOCK_KIT.view.callbackId);
    this.field(view, 'external_id', path, BLOCK_KIT.view.externalId);
    this.blocks(view.blocks, `${path}.blocks`, BLOCK_KIT.view.blocks, 'view');
    if (view.type !== 'modal') return;
    this.text(view.title, `${path}.title`, BLOCK_KIT.modal.title, { plainOnly: true, required: true });
    this.text(view.submit, `${path}.submit`, BLOCK_KIT.modal.submit, { plainOnly: true });
    this.text(view.close, `${path}.close`, BLOCK_KIT.modal.close, { plainOnly: true });
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((block) => isObject(block) && block.type === 'input');
    if (hasInput && view.submit === undefined) this.say(path, 'a modal with input blocks needs submit');
  }
}

/**
 * What Slack would refuse in a chat message payload (`{ text?, blocks }`) or a view
 * (`{ view: { type: 'modal' | 'home', … } }`); [] when nothing. Takes any JSON, since it checks what was
 * actually sent; form-encoded Web API calls carry `blocks` and `view` as JSON strings.
 */
export function checkBlockKitLimits(input: { blocks?: unknown; view?: unknown; text?: unknown }): string[] {
  if (!isObject(input)) return ['payload must be an object'];
  const oracle = new Oracle();
  const decode = (key: 'blocks' | 'view'): unknown => {
    const value = input[key];
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      oracle.say(key, 'is a string but not valid JSON');
      return undefined;
    }
  };
  const blocks = decode('blocks');
  const view = decode('view');
  const { text } = input;
  if (input.blocks === undefined && input.view === undefined && (typeof text !== 'string' || text === ''))
    oracle.say('payload', 'a message needs text or blocks');
  if (text !== undefined && typeof text !== 'string') oracle.say('text', 'must be a string');
  if (typeof text === 'string' && text.length > BLOCK_KIT.message.text)
    oracle.say('text', `${text.length} characters; the limit is ${BLOCK_KIT.message.text}`);
  if (blocks !== undefined) {
    oracle.blocks(blocks, 'blocks', BLOCK_KIT.message.blocks);
    const size = JSON.stringify(blocks).length;
    if (size > BLOCK_KIT.message.blocksJson) oracle.say('blocks', `${size} characters of JSON; the cap is ${BLOCK_KIT.message.blocksJson}`);
  }
  if (view !== undefined) oracle.view(view, 'view');
  return oracle.problems;
}
