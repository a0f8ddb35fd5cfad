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

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours ("dael" → "deal" is 1). */
export function editDistance(fullA: string, fullB: string): number {
  if (fullA === fullB) return 0;
  // Capped: the table below is a.length × b.length, so at most MATCH_INPUT_MAX × MATCH_KEY_MAX cells.
  const a = fullA.slice(0, MATCH_INPUT_MAX);
  const b = fullB.slice(0, MATCH_KEY_MAX);
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    rows.push(row);
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(cell(rows, i - 1, j) + 1, cell(rows, i, j - 1) + 1, cell(rows, i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, cell(rows, i - 2, j - 2) + 1);
      row.push(best);
    }
  }
  return cell(rows, a.length, b.length);
}

/** A cell the loop above has already filled; a missing one is a bug in this file, not bad input. */
function cell(rows: readonly (readonly number[])[], i: number, j: number): number {
  const value = rows[i]?.[j];
  if (value === undefined) throw new Error(`editDistance: cell ${i},${j} read before it was filled`);
  return value;
}

/** The one match when there is exactly one; none or several give `undefined`. */
export function onlyMatch<T>(matches: readonly T[]): T | undefined {
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * The candidates closest to `input`, best first, among those within a distance that grows with the
 * word's length (so "proposl" finds "proposal" but "x" finds nothing). Input longer than
 * MATCH_INPUT_MAX matches nothing (no suggestion is better than a guess at a paragraph), and only the
 * first MATCH_CANDIDATES_MAX candidates are compared, so the work is bounded whatever is typed.
 */
export function closestMatches<T>(input: string, candidates: readonly T[], keysOf: (candidate: T) => readonly string[], limit = 3): T[] {
  if (input.length > MATCH_INPUT_MAX * 4) return [];
  const needle = normalizeKey(input);
  if (needle.length > MATCH_INPUT_MAX) return [];
  const budget = Math.max(1, Math.floor(needle.length / 3));
  const scored: { candidate: T; distance: number }[] = [];
  for (const candidate of candidates.slice(0, MATCH_CANDIDATES_MAX)) {
    let best = Number.POSITIVE_INFINITY;
    for (const key of keysOf(candidate)) {
      const hay = normalizeKey(key.slice(0, MATCH_KEY_MAX * 4)).slice(0, MATCH_KEY_MAX);
      const distance =
        hay.startsWith(needle) || needle.startsWith(hay) ? Math.abs(hay.length - needle.length) / 2 : editDistance(needle, hay);
      best = Math.min(best, distance);
    }
    if (best <= budget) scored.push({ candidate, distance: best });
  }
  return scored
    .sort((a, b) => a.distance - b.distance)
    .slice(0, limit)
    .map((s) => s.candidate);
}
