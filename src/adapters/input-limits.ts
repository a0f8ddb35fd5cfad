// How much one request may ask of the server (issue #13): every adapter checks these before any
// database work, so one person's 1 MB paste or 4,000-character command cannot slow anyone else down.
import { inBothLanguages, t } from '../i18n/index.js';
import type { Locale } from '../i18n/locale.js';
import { TYPED_LINE_MAX } from '../domain/text-match.js';

/** Bytes of one HTTP request body; Slack's and Teams' own payloads are a few kilobytes. */
export const BODY_BYTES_MAX = 256 * 1024;
/** Nesting of one JSON payload; Slack's and Teams' deepest (a modal's state) is about 8. */
export const PAYLOAD_DEPTH_MAX = 32;

/**
 * The sentence for a typed line longer than TYPED_LINE_MAX, in `locale`, or in English and Chinese
 * when the person (and so their language) is not known yet; undefined when the line fits.
 */
export function typedLineRefusal(line: string, locale?: Locale): string | undefined {
  if (line.length <= TYPED_LINE_MAX) return undefined;
  const params = { length: line.length, max: TYPED_LINE_MAX };
  return locale ? t(locale, 'input.too_long', params) : inBothLanguages('input.too_long', params, ' / ');
}

/** True when `value` nests objects or arrays deeper than `max` (walked without recursion). */
export function nestedDeeperThan(value: unknown, max: number = PAYLOAD_DEPTH_MAX): boolean {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop();
    if (!top || typeof top.node !== 'object' || top.node === null) continue;
    if (top.depth >= max) return true;
    for (const child of Object.values(top.node)) stack.push({ node: child, depth: top.depth + 1 });
  }
  return false;
}

// Character codes jsonNestsDeeperThan looks for: " \ [ ] { }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * True when JSON text nests arrays or objects more than `max` deep (the same count as nestedDeeperThan),
 * found by one scan that stops at the first bracket too deep: JSON.parse of 100,000 brackets (a 256 KB
 * body) holds the event loop 50–150 ms before anything could look at its depth. Brackets in strings do not count.
 */
export function jsonNestsDeeperThan(text: string, max: number = PAYLOAD_DEPTH_MAX): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      depth++;
      if (depth > max) return true;
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) depth--;
  }
  return false;
}

/** What a parsed Slack request body lacks to be served, or undefined when it can go on to Bolt. */
export function slackBodyProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the payload is not an object';
  if (nestedDeeperThan(body)) return `the payload nests deeper than ${PAYLOAD_DEPTH_MAX} levels`;
  const fields = body as Record<string, unknown>;
  const type = fields.type;
  // Slack's own checks of the endpoint carry no team.
  if (type === 'url_verification' || fields.ssl_check !== undefined) return undefined;
  if (typeof fields.command === 'string') return nonEmpty(fields.team_id) ? undefined : 'a slash command without team_id';
  if (type === 'event_callback') return nonEmpty(fields.team_id) ? undefined : 'an event without team_id';
  const team = fields.team as { id?: unknown } | null | undefined;
  const user = fields.user as { team_id?: unknown } | null | undefined;
  if (nonEmpty(team?.id) || nonEmpty(user?.team_id)) return undefined;
  return 'an interactive payload without a team id';
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
