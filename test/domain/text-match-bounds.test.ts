// Issue #13, points 3 and 5: matching does bounded work whatever is typed, and words that name
// Object.prototype members (`__proto__`, `constructor`, `toString`) are unknown words, not internal errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closestMatches,
  editDistance,
  lookupWord,
  MATCH_CANDIDATES_MAX,
  MATCH_INPUT_MAX,
  MATCH_KEY_MAX,
} from '../../src/domain/text-match.js';
import { parseDate, parsePeriod } from '../../src/domain/calendar.js';
import type { DateContext } from '../../src/domain/calendar.js';
import { isDomainError } from '../../src/domain/errors.js';
import { parseMoney } from '../../src/domain/money.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';

const PROTOTYPE_WORDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const ctx: DateContext = { now: new Date('2026-11-23T15:00:00Z'), timeZone: 'America/New_York', fiscalYearStartMonth: 1 };

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return isDomainError(error) ? error.code : `not a domain error: ${String(error)}`;
  }
  return 'no error';
}

describe('bounded fuzzy matching', () => {
  it('compares at most MATCH_CANDIDATES_MAX candidates, however many there are', () => {
    let asked = 0;
    const candidates = Array.from({ length: MATCH_CANDIDATES_MAX * 3 }, (_, i) => `account ${i}`);
    closestMatches('acount 1', candidates, (name) => {
      asked++;
      return [name];
    });
    expect(asked).toBe(MATCH_CANDIDATES_MAX);
  });

  it('does not compare a 4,000-character input with anything, and suggests nothing for it', () => {
    let asked = 0;
    const typed = 'proposal '.repeat(450);
    const found = closestMatches(typed, ['proposal', 'negotiation'], (name) => {
      asked++;
      return [name];
    });
    expect(found).toEqual([]);
    expect(asked).toBe(0);
  });

  it('still suggests for ordinary typos', () => {
    expect(closestMatches('negotiaton', ['lead', 'negotiation', 'won'], (name) => [name])).toEqual(['negotiation']);
    expect(closestMatches('x'.repeat(MATCH_INPUT_MAX), ['x'.repeat(MATCH_INPUT_MAX - 1)], (name) => [name])).toHaveLength(1);
  });

  it('edit distance fills a table of at most MATCH_INPUT_MAX × MATCH_KEY_MAX cells', () => {
    expect(editDistance('a'.repeat(5000), '')).toBe(MATCH_INPUT_MAX);
    expect(editDistance('', 'b'.repeat(5000))).toBe(MATCH_KEY_MAX);
    expect(editDistance('dael', 'deal')).toBe(1);
  });
});

describe('Object.prototype words are unknown words', () => {
  it('lookupWord reads only the table’s own entries', () => {
    const table: Record<string, number> = { jan: 1 };
    expect(lookupWord(table, 'jan')).toBe(1);
    for (const word of PROTOTYPE_WORDS) expect(lookupWord(table, word)).toBeUndefined();
  });

  it.each(PROTOTYPE_WORDS)('“%s” as a period is period.invalid, as a date date.invalid', (word) => {
    expect(codeOf(() => parsePeriod(word, ctx))).toBe('period.invalid');
    expect(codeOf(() => parsePeriod(`${word} 2026`, ctx))).toBe('period.invalid');
    expect(codeOf(() => parseDate(word, ctx))).toBe('date.invalid');
    expect(codeOf(() => parseDate(`next ${word}`, ctx))).toBe('date.invalid');
    expect(codeOf(() => parseDate(`${word} 15`, ctx))).toBe('date.invalid');
    expect(codeOf(() => parseMoney(`50 ${word}`, 'USD'))).not.toMatch(/not a domain error/);
  });
});

describe('Object.prototype words typed in commands', () => {
  let demo: DemoWorkspace;
  beforeAll(async () => {
    demo = await demoWorkspace('sqlite');
  });
  afterAll(() => demo.cleanup());

  it.each(['/pipeline __proto__', '/pipeline constructor', '/quota me constructor', '/forecast me __proto__'])(
    '%s gets the period sentence',
    async (line) => {
      const { text } = await demo.run(line);
      expect(text).toMatch(/is not a period\. Type this month/);
    },
  );

  it.each(['/deal new Acme 50k close __proto__', '/deal new Acme 50k close constructor'])('%s gets the date sentence', async (line) => {
    const { text } = await demo.run(line);
    expect(text).toMatch(/is not a date\. Type it like/);
  });

  it('an admin’s `/dealdesk settings constructor 5` names the settings and changes nothing', async () => {
    const before = await demo.db.workspace.findUniqueOrThrow({ where: { id: demo.workspaceId } });
    const { text } = await demo.run('/dealdesk settings constructor 5', 'dana');
    expect(text).toMatch(/“constructor” is not a setting/);
    expect(await demo.db.workspace.findUniqueOrThrow({ where: { id: demo.workspaceId } })).toEqual(before);
  });

  it('`/deal list __proto__` and `/deal update D-1 constructor 5` answer in words', async () => {
    expect((await demo.run('/deal list __proto__')).text).not.toMatch(/went wrong/);
    expect((await demo.run('/deal update D-1 constructor 5')).text).toMatch(/“constructor” cannot be changed here/);
  });
});
