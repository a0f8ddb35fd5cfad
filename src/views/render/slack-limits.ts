/**
 * Slack Block Kit limits, and a checker that walks whatever JSON was (or would be) sent to Slack and
 * lists what Slack would reject. The Block Kit renderer keeps inside these limits; tests and the fake
 * Slack server use `checkBlockKitLimits` to prove it. Lengths are counted in UTF-16 code units
 * (`string.length`), which is never less than Slack's character count, so passing here is safe.
 */

/** Blocks in one chat message. */
export const MESSAGE_MAX_BLOCKS = 50;
/** Blocks in a modal view. */
export const MODAL_MAX_BLOCKS = 100;
/** Blocks in a Home tab view. */
export const HOME_MAX_BLOCKS = 100;
/**
 * Cap on `JSON.stringify(blocks).length` for a chat message. Slack documents no such limit, but has
 * rejected messages whose blocks were about 13,000 characters, so we stay below 12,000.
 */
export const MESSAGE_MAX_BLOCKS_JSON = 12_000;
/** The top-level `text` of a message (the notification fallback). */
export const MESSAGE_TEXT_MAX = 40_000;

/** A text object's text (section text, context element text). */
export const TEXT_OBJECT_MAX = 3000;
export const SECTION_TEXT_MAX = 3000;
export const SECTION_MAX_FIELDS = 10;
export const SECTION_FIELD_TEXT_MAX = 2000;
export const HEADER_TEXT_MAX = 150;
export const ACTIONS_MAX_ELEMENTS = 25;
export const CONTEXT_MAX_ELEMENTS = 10;
export const CONTEXT_TEXT_MAX = 3000;

export const BUTTON_TEXT_MAX = 75;
export const BUTTON_VALUE_MAX = 2000;
export const BUTTON_URL_MAX = 3000;
export const ACTION_ID_MAX = 255;
export const BLOCK_ID_MAX = 255;

export const INPUT_LABEL_MAX = 2000;
export const INPUT_HINT_MAX = 2000;
export const PLACEHOLDER_MAX = 150;
/** `plain_text_input` min_length/max_length (and so its initial value). */
export const PLAIN_TEXT_INPUT_MAX = 3000;
export const SELECT_MAX_OPTIONS = 100;
export const OPTION_TEXT_MAX = 75;
export const OPTION_VALUE_MAX = 150;
export const OVERFLOW_MAX_OPTIONS = 5;
export const CHOICE_MAX_OPTIONS = 10;
export const IMAGE_ALT_TEXT_MAX = 2000;

export const VIEW_TITLE_MAX = 24;
export const VIEW_BUTTON_MAX = 24;
export const PRIVATE_METADATA_MAX = 3000;
export const CALLBACK_ID_MAX = 255;

/** All the limits in one object, for callers that prefer `SLACK_LIMITS.sectionText`. */
export const SLACK_LIMITS = {
  messageBlocks: MESSAGE_MAX_BLOCKS,
  modalBlocks: MODAL_MAX_BLOCKS,
  homeBlocks: HOME_MAX_BLOCKS,
  messageBlocksJson: MESSAGE_MAX_BLOCKS_JSON,
  messageText: MESSAGE_TEXT_MAX,
  textObject: TEXT_OBJECT_MAX,
  sectionText: SECTION_TEXT_MAX,
  sectionFields: SECTION_MAX_FIELDS,
  sectionFieldText: SECTION_FIELD_TEXT_MAX,
  headerText: HEADER_TEXT_MAX,
  actionsElements: ACTIONS_MAX_ELEMENTS,
  contextElements: CONTEXT_MAX_ELEMENTS,
  contextText: CONTEXT_TEXT_MAX,
  buttonText: BUTTON_TEXT_MAX,
  buttonValue: BUTTON_VALUE_MAX,
  buttonUrl: BUTTON_URL_MAX,
  actionId: ACTION_ID_MAX,
  blockId: BLOCK_ID_MAX,
  inputLabel: INPUT_LABEL_MAX,
  inputHint: INPUT_HINT_MAX,
  placeholder: PLACEHOLDER_MAX,
  plainTextInput: PLAIN_TEXT_INPUT_MAX,
  selectOptions: SELECT_MAX_OPTIONS,
  optionText: OPTION_TEXT_MAX,
  optionValue: OPTION_VALUE_MAX,
  overflowOptions: OVERFLOW_MAX_OPTIONS,
  choiceOptions: CHOICE_MAX_OPTIONS,
  imageAltText: IMAGE_ALT_TEXT_MAX,
  viewTitle: VIEW_TITLE_MAX,
  viewButton: VIEW_BUTTON_MAX,
  privateMetadata: PRIVATE_METADATA_MAX,
  callbackId: CALLBACK_ID_MAX,
} as const;

// ---------------------------------------------------------------------------------------------------
// Checker

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const TEXT_ELEMENTS = new Set(['plain_text', 'mrkdwn']);

const SELECT_TYPES = new Set(['static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select']);
const MULTI_SELECT_TYPES = new Set([
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
]);
const INPUT_TYPES = new Set(['plain_text_input', 'number_input', 'email_text_input', 'url_text_input', 'rich_text_input', 'file_input']);
const PICKER_TYPES = new Set(['datepicker', 'timepicker', 'datetimepicker']);
const CHOICE_TYPES = new Set(['checkboxes', 'radio_buttons']);
const OTHER_ELEMENT_TYPES = new Set(['button', 'overflow', 'image', 'workflow_button']);

const BLOCK_TYPES = new Set([
  'section',
  'header',
  'divider',
  'context',
  'actions',
  'input',
  'image',
  'rich_text',
  'markdown',
  'file',
  'video',
  'table',
]);

function knownElement(type: string): boolean {
  return (
    SELECT_TYPES.has(type) ||
    MULTI_SELECT_TYPES.has(type) ||
    INPUT_TYPES.has(type) ||
    PICKER_TYPES.has(type) ||
    CHOICE_TYPES.has(type) ||
    OTHER_ELEMENT_TYPES.has(type)
  );
}

class Checker {
  readonly problems: string[] = [];
  private blockIds = new Set<string>();

  report(path: string, problem: string): void {
    this.problems.push(`${path}: ${problem}`);
  }

  /** Checks a string property's presence, type and length; returns it when it is a string. */
  string(owner: Json, key: string, path: string, max: number, required: boolean): string | undefined {
    const value = owner[key];
    if (value === undefined || value === null) {
      if (required) this.report(path, `${key} is required`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.report(path, `${key} must be a string`);
      return undefined;
    }
    if (value.length > max) this.report(path, `${key} is ${value.length} characters; the limit is ${max}`);
    return value;
  }

  /** A text object: `{ type: 'plain_text' | 'mrkdwn', text }`, non-empty and at most `max` characters. */
  textObject(value: unknown, path: string, max: number, options: { plainOnly?: boolean; required?: boolean } = {}): void {
    if (value === undefined || value === null) {
      if (options.required) this.report(path, 'is required');
      return;
    }
    if (!isRecord(value)) {
      this.report(path, 'must be a text object');
      return;
    }
    const type = value['type'];
    if (typeof type !== 'string' || !TEXT_ELEMENTS.has(type)) {
      this.report(path, `text object type must be plain_text or mrkdwn, not ${JSON.stringify(type)}`);
    } else if (options.plainOnly && type !== 'plain_text') {
      this.report(path, 'must be plain_text');
    }
    const text = value['text'];
    if (typeof text !== 'string') {
      this.report(path, 'text is required');
      return;
    }
    if (text.length === 0) this.report(path, 'text must not be empty');
    if (text.length > max) this.report(path, `text is ${text.length} characters; the limit is ${max}`);
  }

  blockId(block: Json, path: string): void {
    const id = this.string(block, 'block_id', path, BLOCK_ID_MAX, false);
    if (id === undefined) return;
    if (id.length === 0) this.report(path, 'block_id must not be empty');
    if (this.blockIds.has(id)) this.report(path, `duplicate block_id ${JSON.stringify(id)}`);
    this.blockIds.add(id);
  }

  blocks(value: unknown, path: string, maxBlocks: number): void {
    if (!Array.isArray(value)) {
      this.report(path, 'blocks must be an array');
      return;
    }
    if (value.length > maxBlocks) this.report(path, `${value.length} blocks; the limit is ${maxBlocks}`);
    value.forEach((block, i) => this.block(block, `${path}[${i}]`));
  }

  block(block: unknown, path: string): void {
    if (!isRecord(block)) {
      this.report(path, 'block must be an object');
      return;
    }
    const type = block['type'];
    if (typeof type !== 'string') {
      this.report(path, 'block type is required');
      return;
    }
    const where = `${path} (${type})`;
    if (!BLOCK_TYPES.has(type)) {
      this.report(where, `unknown block type ${JSON.stringify(type)}`);
      return;
    }
    this.blockId(block, where);
    switch (type) {
      case 'section': {
        this.section(block, where);
        return;
      }
      case 'header': {
        this.textObject(block['text'], `${where}.text`, HEADER_TEXT_MAX, { plainOnly: true, required: true });
        return;
      }
      case 'divider':
        return;
      case 'context': {
        this.context(block, where);
        return;
      }
      case 'actions': {
        this.actions(block, where);
        return;
      }
      case 'input': {
        this.input(block, where);
        return;
      }
      case 'image': {
        this.image(block, where);
        return;
      }
      default:
        return;
    }
  }

  section(block: Json, path: string): void {
    const text = block['text'];
    const fields = block['fields'];
    if (text === undefined && fields === undefined) this.report(path, 'a section needs text or fields');
    if (text !== undefined) this.textObject(text, `${path}.text`, SECTION_TEXT_MAX);
    if (fields !== undefined) {
      if (!Array.isArray(fields)) {
        this.report(path, 'fields must be an array');
      } else {
        if (fields.length === 0) this.report(path, 'fields must not be empty');
        if (fields.length > SECTION_MAX_FIELDS) this.report(path, `${fields.length} fields; the limit is ${SECTION_MAX_FIELDS}`);
        fields.forEach((field, i) => this.textObject(field, `${path}.fields[${i}]`, SECTION_FIELD_TEXT_MAX));
      }
    }
    const accessory = block['accessory'];
    if (accessory !== undefined) this.element(accessory, `${path}.accessory`, new Set());
  }

  context(block: Json, path: string): void {
    const elements = block['elements'];
    if (!Array.isArray(elements)) {
      this.report(path, 'elements is required');
      return;
    }
    if (elements.length === 0) this.report(path, 'elements must not be empty');
    if (elements.length > CONTEXT_MAX_ELEMENTS) this.report(path, `${elements.length} elements; the limit is ${CONTEXT_MAX_ELEMENTS}`);
    elements.forEach((element, i) => {
      const where = `${path}.elements[${i}]`;
      if (isRecord(element) && element['type'] === 'image') this.image(element, where);
      else this.textObject(element, where, CONTEXT_TEXT_MAX, { required: true });
    });
  }

  actions(block: Json, path: string): void {
    const elements = block['elements'];
    if (!Array.isArray(elements)) {
      this.report(path, 'elements is required');
      return;
    }
    if (elements.length === 0) this.report(path, 'elements must not be empty');
    if (elements.length > ACTIONS_MAX_ELEMENTS) this.report(path, `${elements.length} elements; the limit is ${ACTIONS_MAX_ELEMENTS}`);
    const actionIds = new Set<string>();
    elements.forEach((element, i) => this.element(element, `${path}.elements[${i}]`, actionIds));
  }

  input(block: Json, path: string): void {
    this.textObject(block['label'], `${path}.label`, INPUT_LABEL_MAX, { plainOnly: true, required: true });
    this.textObject(block['hint'], `${path}.hint`, INPUT_HINT_MAX, { plainOnly: true });
    if (block['element'] === undefined) this.report(path, 'element is required');
    else this.element(block['element'], `${path}.element`, new Set());
  }

  image(block: Json, path: string): void {
    if (block['image_url'] === undefined && block['slack_file'] === undefined) this.report(path, 'image_url or slack_file is required');
    this.string(block, 'image_url', path, 3000, false);
    this.string(block, 'alt_text', path, IMAGE_ALT_TEXT_MAX, true);
    if (block['title'] !== undefined) this.textObject(block['title'], `${path}.title`, IMAGE_ALT_TEXT_MAX, { plainOnly: true });
  }

  element(element: unknown, path: string, actionIds: Set<string>): void {
    if (!isRecord(element)) {
      this.report(path, 'element must be an object');
      return;
    }
    const type = element['type'];
    if (typeof type !== 'string') {
      this.report(path, 'element type is required');
      return;
    }
    const where = `${path} (${type})`;
    if (!knownElement(type)) {
      this.report(where, `unknown element type ${JSON.stringify(type)}`);
      return;
    }
    if (type === 'image') {
      this.image(element, where);
      return;
    }
    const actionId = this.string(element, 'action_id', where, ACTION_ID_MAX, true);
    if (actionId !== undefined) {
      if (actionId.length === 0) this.report(where, 'action_id must not be empty');
      if (actionIds.has(actionId)) this.report(where, `duplicate action_id ${JSON.stringify(actionId)} in the block`);
      actionIds.add(actionId);
    }
    if (element['placeholder'] !== undefined)
      this.textObject(element['placeholder'], `${where}.placeholder`, PLACEHOLDER_MAX, { plainOnly: true });
    if (type === 'button') {
      this.textObject(element['text'], `${where}.text`, BUTTON_TEXT_MAX, { plainOnly: true, required: true });
      this.string(element, 'value', where, BUTTON_VALUE_MAX, false);
      this.string(element, 'url', where, BUTTON_URL_MAX, false);
      const style = element['style'];
      if (style !== undefined && style !== 'primary' && style !== 'danger')
        this.report(where, `style must be primary or danger, not ${JSON.stringify(style)}`);
    } else if (type === 'static_select' || type === 'multi_static_select') {
      this.options(element, where, SELECT_MAX_OPTIONS, true);
    } else if (type === 'overflow') {
      this.options(element, where, OVERFLOW_MAX_OPTIONS, true);
    } else if (CHOICE_TYPES.has(type)) {
      this.options(element, where, CHOICE_MAX_OPTIONS, false);
    } else if (type === 'plain_text_input') {
      this.string(element, 'initial_value', where, PLAIN_TEXT_INPUT_MAX, false);
      for (const key of ['min_length', 'max_length']) {
        const n = element[key];
        if (n !== undefined && (typeof n !== 'number' || n < 0 || n > PLAIN_TEXT_INPUT_MAX))
          this.report(where, `${key} must be a number from 0 to ${PLAIN_TEXT_INPUT_MAX}`);
      }
    } else if (type === 'datepicker') {
      const date = element['initial_date'];
      if (date !== undefined && (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)))
        this.report(where, 'initial_date must be YYYY-MM-DD');
    }
  }

  option(option: unknown, path: string, plainOnly: boolean): string | undefined {
    if (!isRecord(option)) {
      this.report(path, 'option must be an object');
      return undefined;
    }
    this.textObject(option['text'], `${path}.text`, OPTION_TEXT_MAX, { plainOnly, required: true });
    return this.string(option, 'value', path, OPTION_VALUE_MAX, true);
  }

  options(element: Json, path: string, max: number, plainOnly: boolean): void {
    const options = element['options'];
    const groups = element['option_groups'];
    const values = new Set<string>();
    if (options !== undefined && groups !== undefined) this.report(path, 'give options or option_groups, not both');
    if (options !== undefined) {
      if (!Array.isArray(options)) {
        this.report(path, 'options must be an array');
      } else {
        if (options.length === 0) this.report(path, 'options must not be empty');
        if (options.length > max) this.report(path, `${options.length} options; the limit is ${max}`);
        options.forEach((option, i) => {
          const value = this.option(option, `${path}.options[${i}]`, plainOnly);
          if (value !== undefined) values.add(value);
        });
      }
    } else if (groups !== undefined) {
      if (!Array.isArray(groups)) {
        this.report(path, 'option_groups must be an array');
      } else {
        if (groups.length > max) this.report(path, `${groups.length} option groups; the limit is ${max}`);
        groups.forEach((group, g) => {
          const where = `${path}.option_groups[${g}]`;
          if (!isRecord(group) || !Array.isArray(group['options'])) {
            this.report(where, 'options is required');
            return;
          }
          this.textObject(group['label'], `${where}.label`, OPTION_TEXT_MAX, { plainOnly: true, required: true });
          if (group['options'].length > max) this.report(where, `${group['options'].length} options; the limit is ${max}`);
          group['options'].forEach((option: unknown, i: number) => {
            const value = this.option(option, `${where}.options[${i}]`, plainOnly);
            if (value !== undefined) values.add(value);
          });
        });
      }
    } else if (element['type'] !== 'multi_static_select' || element['initial_options'] === undefined) {
      this.report(path, 'options is required');
    }
    const initial = element['initial_option'];
    if (initial !== undefined) {
      const value = this.option(initial, `${path}.initial_option`, plainOnly);
      if (value !== undefined && !values.has(value)) this.report(path, `initial_option ${JSON.stringify(value)} is not one of the options`);
    }
  }

  view(view: unknown, path: string): void {
    if (!isRecord(view)) {
      this.report(path, 'view must be an object');
      return;
    }
    const type = view['type'];
    if (type !== 'modal' && type !== 'home') {
      this.report(path, `view type must be modal or home, not ${JSON.stringify(type)}`);
      return;
    }
    this.string(view, 'private_metadata', path, PRIVATE_METADATA_MAX, false);
    this.string(view, 'callback_id', path, CALLBACK_ID_MAX, false);
    this.string(view, 'external_id', path, 255, false);
    this.blocks(view['blocks'], `${path}.blocks`, type === 'modal' ? MODAL_MAX_BLOCKS : HOME_MAX_BLOCKS);
    if (type === 'modal') {
      this.textObject(view['title'], `${path}.title`, VIEW_TITLE_MAX, { plainOnly: true, required: true });
      this.textObject(view['submit'], `${path}.submit`, VIEW_BUTTON_MAX, { plainOnly: true });
      this.textObject(view['close'], `${path}.close`, VIEW_BUTTON_MAX, { plainOnly: true });
      const blocks = view['blocks'];
      const hasInput = Array.isArray(blocks) && blocks.some((block) => isRecord(block) && block['type'] === 'input');
      if (hasInput && view['submit'] === undefined) this.report(path, 'a modal with input blocks needs submit');
    }
  }
}

/**
 * Lists what Slack would reject in a chat message payload (`{ text?, blocks }`) or a view
 * (`{ view: { type: 'modal' | 'home', … } }`). An empty list means the payload is within every
 * limit this module knows. Accepts any JSON, since it checks what was actually sent.
 */
export function checkBlockKitLimits(input: { blocks?: unknown; view?: unknown; text?: unknown }): string[] {
  const checker = new Checker();
  if (!isRecord(input)) return ['payload must be an object'];
  // Form-encoded Web API calls carry blocks and view as JSON strings.
  const payload: Json = { ...input };
  for (const key of ['blocks', 'view']) {
    const value = payload[key];
    if (typeof value !== 'string') continue;
    try {
      payload[key] = JSON.parse(value);
    } catch {
      checker.report(key, 'is a string but not valid JSON');
      delete payload[key];
    }
  }
  const { blocks, view, text } = payload;
  if (blocks === undefined && view === undefined && input.blocks === undefined && input.view === undefined) {
    if (typeof text !== 'string' || text.length === 0) checker.report('payload', 'a message needs text or blocks');
  }
  if (text !== undefined) {
    if (typeof text !== 'string') checker.report('text', 'must be a string');
    else if (text.length > MESSAGE_TEXT_MAX) checker.report('text', `${text.length} characters; the limit is ${MESSAGE_TEXT_MAX}`);
  }
  if (blocks !== undefined) {
    checker.blocks(blocks, 'blocks', MESSAGE_MAX_BLOCKS);
    const size = JSON.stringify(blocks)?.length ?? 0;
    if (size > MESSAGE_MAX_BLOCKS_JSON) checker.report('blocks', `${size} characters of JSON; the cap is ${MESSAGE_MAX_BLOCKS_JSON}`);
  }
  if (view !== undefined) checker.view(view, 'view');
  return checker.problems;
}
