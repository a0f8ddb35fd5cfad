// Issue #13, point 3: the hostile-input benchmark found "did you mean" matching holding the event loop
// for 200–460 ms when a short word was typed in a workspace of 2,000 deals (every key compared in a full
// table). Distances are now computed in a band of the allowed edits and a call stops after
// MATCH_CELLS_MAX cells; the suggestions people get stay the same.
import { describe, expect, it } from 'vitest';
import { closestMatches, editDistance, MATCH_CELLS_MAX } from '../../src/domain/text-match.js';

/** The textbook optimal-string-alignment distance over the whole table: what the banded one must agree with. */
function referenceDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.NaN;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = d[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** A small deterministic generator, so a failure names the same words on every run. */
function words(seed: number, count: number): string[] {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31);
  return Array.from({ length: count }, () => {
    const length = next() % 14;
    return Array.from({ length }, () => 'abcde'[next() % 5]).join('');
  });
}

describe('banded edit distance', () => {
  it('agrees with the whole-table distance, and says max + 1 when the distance is past max', () => {
    const list = words(7, 400);
    for (let k = 0; k + 1 < list.length; k += 2) {
      const a = list[k] ?? '';
      const b = list[k + 1] ?? '';
      const exact = referenceDistance(a, b);
      expect(editDistance(a, b), `${a} / ${b}`).toBe(exact);
      for (const max of [0, 1, 2, 3, 5])
        expect(editDistance(a, b, max), `${a} / ${b} within ${String(max)}`).toBe(Math.min(exact, max + 1));
    }
  });

  it('keeps the swaps of neighbours and the typos people make', () => {
    expect(editDistance('dael', 'deal', 1)).toBe(1);
    expect(editDistance('negotiaton', 'negotiation', 3)).toBe(1);
    expect(editDistance('proposl', 'proposal', 2)).toBe(1);
    expect(editDistance('ca', 'abc')).toBe(3);
    expect(editDistance('lead', 'negotiation', 3)).toBe(4);
  });
});

describe('work per suggestion', () => {
  it('a short typo in a workspace of 2,000 deals still finds its deal, wherever it is', () => {
    const deals = Array.from({ length: 2000 }, (_, i) => ({ account: `Account ${String(i)} Holdings`, title: `Renewal ${String(i)}` }));
    deals[1500] = { account: 'Bluewater Logistics', title: 'Premium support' };
    const found = closestMatches('bluewatr logistics', deals, (deal) => [deal.account, deal.title], 3);
    expect(found.map((deal) => deal.account)).toEqual(['Bluewater Logistics']);
  });

  it('a long nonsense line against 2,000 keys of its length stops comparing after MATCH_CELLS_MAX cells', () => {
    const typed = 'qwertyuiopasdfghjklzxcvbnm'.repeat(3).slice(0, 60);
    const keys = Array.from(
      { length: 2000 },
      (_, i) => `${'mnbvcxzlkjhgfdsapoiuytrewq'.repeat(3).slice(0, 56)}${String(i).padStart(4, '0')}`,
    );
    // The first key is a near miss, so it is still suggested.
    keys[0] = `${typed.slice(0, 50)}zzzz${typed.slice(54)}`;
    let asked = 0;
    const found = closestMatches(typed, keys, (key) => {
      asked++;
      return [key];
    });
    expect(found).toEqual([keys[0]]);
    const cellsPerKey = typed.length * (2 * Math.floor(typed.length / 3) + 1);
    expect(asked).toBeLessThanOrEqual(Math.ceil(MATCH_CELLS_MAX / cellsPerKey) + 1);
    expect(asked).toBeLessThan(keys.length);
  });
});
