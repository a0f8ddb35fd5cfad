/**
 * The Slack limits the Block Kit renderer fits its output into (from Slack's Block Kit reference).
 * Lengths are counted in UTF-16 code units (`string.length`), which is never less than Slack's
 * character count, so output that fits here fits at Slack. The tests check the output against their
 * own copy of Slack's limits (test/support/block-kit-limits.ts), not against these.
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

export const SECTION_TEXT_MAX = 3000;
export const SECTION_MAX_FIELDS = 10;
export const SECTION_FIELD_TEXT_MAX = 2000;
export const HEADER_TEXT_MAX = 150;
export const ACTIONS_MAX_ELEMENTS = 25;
/** A context element's text (a text object: at most 3000). */
export const CONTEXT_TEXT_MAX = 3000;

export const BUTTON_TEXT_MAX = 75;
export const BUTTON_VALUE_MAX = 2000;
export const ACTION_ID_MAX = 255;
export const BLOCK_ID_MAX = 255;

export const INPUT_LABEL_MAX = 2000;
export const INPUT_HINT_MAX = 2000;
export const PLACEHOLDER_MAX = 150;
/** `plain_text_input` max_length at most, so the longest initial value a user can submit as is. */
export const PLAIN_TEXT_INPUT_MAX = 3000;
export const SELECT_MAX_OPTIONS = 100;
export const OPTION_TEXT_MAX = 75;
export const OPTION_VALUE_MAX = 150;

export const VIEW_TITLE_MAX = 24;
export const VIEW_BUTTON_MAX = 24;
export const PRIVATE_METADATA_MAX = 3000;
export const CALLBACK_ID_MAX = 255;

/** An image block's `image_url`, `alt_text` and `title`. */
export const IMAGE_URL_MAX = 3000;
export const IMAGE_ALT_TEXT_MAX = 2000;
export const IMAGE_TITLE_MAX = 2000;

/**
 * The table block (docs.slack.dev/reference/block-kit/blocks/table-block): at most 100 rows (our header
 * and totals rows count), at most 20 cells a row and 20 column_settings, and one table block a message
 * (a second one is refused with `invalid_attachments`). A cell's text must not be empty. It is a message
 * block: modals and the Home tab keep the code-block rendering.
 */
export const TABLE_MAX_ROWS = 100;
export const TABLE_MAX_CELLS = 20;
export const MESSAGE_MAX_TABLES = 1;
