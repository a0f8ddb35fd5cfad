/** Fuzzy matching used for "did you mean …?" suggestions (stages, deals, members). */

export function normalizeKey(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours ("dael" → "deal" is 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
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
 * word's length (so "proposl" finds "proposal" but "x" finds nothing).
 */
export function closestMatches<T>(input: string, candidates: readonly T[], keysOf: (candidate: T) => readonly string[], limit = 3): T[] {
  const needle = normalizeKey(input);
  const budget = Math.max(1, Math.floor(needle.length / 3));
  const scored: { candidate: T; distance: number }[] = [];
  for (const candidate of candidates) {
    let best = Number.POSITIVE_INFINITY;
    for (const key of keysOf(candidate)) {
      const hay = normalizeKey(key);
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
