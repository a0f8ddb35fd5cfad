// The account grade rule, pure: its syntax, its checks and the grade it gives at each threshold.
import { describe, expect, it } from 'vitest';
import { gradeByRule, parseGradeRule, readGradeRule } from '../../src/domain/account-grade.js';

describe('account grade rule', () => {
  it('reads A and B thresholds in either language, with ≥ or >=, | , or between them', () => {
    const rule = parseGradeRule(['A', 'won>=500k|open>=200k', 'B', 'won≥100k,', '在谈>=5万'], 'USD');
    expect(rule).toEqual({
      currency: 'USD',
      tiers: [
        {
          grade: 'A',
          any: [
            { metric: 'won', minMinor: 50_000_000 },
            { metric: 'open', minMinor: 20_000_000 },
          ],
        },
        {
          grade: 'B',
          any: [
            { metric: 'won', minMinor: 10_000_000 },
            { metric: 'open', minMinor: 5_000_000 },
          ],
        },
      ],
    });
    expect(readGradeRule(JSON.parse(JSON.stringify(rule)))).toEqual(rule);
    expect(parseGradeRule(['a', 'won>=1m'], 'CNY').tiers).toEqual([{ grade: 'A', any: [{ metric: 'won', minMinor: 100_000_000 }] }]);
  });

  it('grades at the thresholds: reaching any one of a grade is enough, none of them is C', () => {
    const rule = parseGradeRule(['A', 'won>=500k|open>=200k', 'B', 'won>=100k|open>=50k'], 'USD');
    expect(gradeByRule(rule, { wonMinor: 50_000_000, openMinor: 0 })).toBe('A');
    expect(gradeByRule(rule, { wonMinor: 0, openMinor: 20_000_000 })).toBe('A');
    expect(gradeByRule(rule, { wonMinor: 49_999_999, openMinor: 19_999_999 })).toBe('B');
    expect(gradeByRule(rule, { wonMinor: 0, openMinor: 5_000_000 })).toBe('B');
    expect(gradeByRule(rule, { wonMinor: 9_999_999, openMinor: 4_999_999 })).toBe('C');
    expect(gradeByRule(parseGradeRule(['B', 'won>=1k'], 'USD'), { wonMinor: 100_000, openMinor: 0 })).toBe('B');
  });

  it('refuses what is not a rule, with the code of the sentence to show', () => {
    const code = (words: string[], currency = 'USD') => {
      try {
        parseGradeRule(words, currency);
        return 'accepted';
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(code(['won>=1k'])).toBe('grades.rule_invalid');
    expect(code(['A', 'lost>=1k'])).toBe('grades.rule_invalid');
    expect(code(['A', 'won>=0'])).toBe('grades.rule_invalid');
    expect(code(['A'])).toBe('grades.rule_invalid');
    expect(code(['A', 'won>=€5k'])).toBe('grades.rule_currency');
    expect(code(['B', 'won>=1k', 'A', 'won>=2k'])).toBe('grades.rule_order');
    expect(code(['A', 'won>=1k', 'A', 'won>=2k'])).toBe('grades.rule_order');
    expect(code(['A', 'won>=1k', 'B', 'won>=2k'])).toBe('grades.rule_order');
    expect(readGradeRule({ tiers: 'garbage' })).toBeNull();
    expect(readGradeRule(null)).toBeNull();
  });
});
