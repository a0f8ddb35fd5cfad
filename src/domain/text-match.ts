/**
 * Fuzzy matching used for "did you mean …?" suggestions (stages, deals, members), and word lookups.
 * Every function here does work bounded by the caps below, whatever is typed: one request never
 * holds the event loop for the others (issue #13).
 */

/** Characters of one typed command line; longer lines are refused with a sentence before any work (#13). */
export const TYPED_LINE_MAX = 2000;
/** Characters of one form field (a note, a reason, a next step); Slack's own text inputs stop at 3,000. */
export const TYPED_FIELD_MAX = 4000;

/** Characters of typed input that fuzzy matching considers; nobody means a 4,000-character stage name. */
export const MATCH_INPUT_MAX = 64;
/** Characters of each candidate key compared (account names and deal titles can be long). */
export const MATCH_KEY_MAX = 64;
/** Candidates compared at most per call; past this, the rest are not suggestions anyone can scan. */
export const MATCH_CANDIDATES_MAX = 2000;
/**
 * Cells of distance tables one closestMatches call fills at most (a few milliseconds of work). Ordinary
 * typos stay far below it even against MATCH_CANDIDATES_MAX candidates; a 60-character paragraph of
 * nonsense against a large workspace stops here, with the suggestions found among the first candidates.
 */
export const MATCH_CELLS_MAX = 1_000_000;

/**
 * The value a fixed word table holds for `word`, or undefined: only the table's own entries count,
 * so `__proto__`, `constructor` or `toString` typed as a period, date or field is an unknown word
 * rather than an Object.prototype member.
 */
export function lookupWord<T>(table: Readonly<Record<string, T>>, word: string): T | undefined {
  return Object.hasOwn(table, word) ? table[word] : undefined;
}

// C0 control characters except tab, line feed and carriage return, and DEL: PostgreSQL refuses NUL in
// text, and none of them means anything in a deal, a note or a name.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Typed text without control characters (a NUL byte would fail on PostgreSQL and never means anything). */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

/** A form's values with control characters removed from every string (nested values included). */
export function withoutControlCharactersIn(values: Record<string, unknown>): Record<string, unknown> {
  const clean = (value: unknown): unknown =>
    typeof value === 'string' ? withoutControlCharacters(value) : Array.isArray(value) ? value.map(clean) : value;
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, clean(value)]));
}

/** The first form field longer than TYPED_FIELD_MAX, with its length; undefined when all fit. */
export function overlongField(values: Record<string, unknown>): { field: string; length: number } | undefined {
  for (const [field, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.length > TYPED_FIELD_MAX) return { field, length: value.length };
  }
  return undefined;
}

export function normalizeKey(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours ("dael" → "deal" is 1).
 * With `max`, only the band of cells within `max` of the diagonal is filled and the work stops as soon as
 * the distance must exceed `max`; the answer is then `max + 1`. Without it, the exact distance.
 */
export function editDistance(fullA: string, fullB: string, max: number = Number.POSITIVE_INFINITY): number {
  if (fullA === fullB) return 0;
  // Capped: at most MATCH_INPUT_MAX rows of MATCH_KEY_MAX cells, fewer with `max`.
  const a = fullA.slice(0, MATCH_INPUT_MAX);
  const b = fullB.slice(0, MATCH_KEY_MAX);
  const limit = Math.min(max, Math.max(a.length, b.length));
  const over = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return over;
  // Three rows of the table (i - 2, i - 1, i), reused; a cell outside the band reads as `over`.
  let before = new Int32Array(b.length + 1);
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j <= limit ? j : over;
  let previousMin = 0;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    current[0] = i <= limit ? i : over;
    if (from > 1) current[from - 1] = over;
    if (to < b.length) current[to + 1] = over;
    let rowMin = current[0];
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? over) + 1, (current[j - 1] ?? over) + 1, (previous[j - 1] ?? over) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (before[j - 2] ?? over) + 1);
      current[j] = best;
      rowMin = Math.min(rowMin, best);
    }
    // Every way to the last cell passes through this row or (by a swap) the one before: both past `max`, it is past `max`.
    if (rowMin > limit && previousMin > limit) return over;
    previousMin = rowMin;
    [before, previous, current] = [previous, current, before];
  }
  const distance = previous[b.length] ?? over;
  return distance > limit ? over : distance;
}

/** The one match when there is exactly one; none or several give `undefined`. */
export function onlyMatch<T>(matches: readonly T[]): T | undefined {
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * The candidates closest to `input`, best first, among those within a distance that grows with the
 * word's length (so "proposl" finds "proposal" but "x" finds nothing). Input longer than
 * MATCH_INPUT_MAX matches nothing (no suggestion is better than a guess at a paragraph), only the
 * first MATCH_CANDIDATES_MAX candidates are compared, each within a band of `budget` edits, and the
 * comparisons stop after MATCH_CELLS_MAX table cells, so the work is bounded whatever is typed.
 */
export function closestMatches<T>(input: string, candidates: readonly T[], keysOf: (candidate: T) => readonly string[], limit = 3): T[] {
  if (input.length > MATCH_INPUT_MAX * 4) return [];
  const needle = normalizeKey(input);
  if (needle.length > MATCH_INPUT_MAX) return [];
  const budget = Math.max(1, Math.floor(needle.length / 3));
  const scored: { candidate: T; distance: number }[] = [];
  let cells = 0;
  for (const candidate of candidates.slice(0, MATCH_CANDIDATES_MAX)) {
    if (cells > MATCH_CELLS_MAX) break;
    let best = Number.POSITIVE_INFINITY;
    for (const key of keysOf(candidate)) {
      const hay = normalizeKey(key.slice(0, MATCH_KEY_MAX * 4)).slice(0, MATCH_KEY_MAX);
      if (hay.startsWith(needle) || needle.startsWith(hay)) {
        best = Math.min(best, Math.abs(hay.length - needle.length) / 2);
      } else if (Math.abs(hay.length - needle.length) <= budget) {
        // Only a key within `budget` of the needle's length can be within `budget` edits of it.
        cells += needle.length * Math.min(hay.length + 1, 2 * budget + 1);
        best = Math.min(best, editDistance(needle, hay, budget));
      }
    }
    if (best <= budget) scored.push({ candidate, distance: best });
  }
  return scored
    .sort((a, b) => a.distance - b.distance)
    .slice(0, limit)
    .map((s) => s.candidate);
}
