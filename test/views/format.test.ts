import { describe, expect, it } from 'vitest';
import { parsePeriod, periodFromKey, type DateContext } from '../../src/domain/calendar.js';
import { formatDate, formatPeriod, storedWord } from '../../src/views/format.js';

describe('formatDate', () => {
  it('formats dates in both locales', () => {
    expect(formatDate('2026-12-15', 'en')).toBe('Dec 15, 2026');
    expect(formatDate('2026-12-15', 'zh-CN')).toBe('2026年12月15日');
    expect(formatDate('2027-01-05', 'en')).toBe('Jan 5, 2027');
    expect(formatDate('2027-01-05', 'zh-CN')).toBe('2027年1月5日');
    expect(formatDate('2026-05-31', 'en')).toBe('May 31, 2026');
    expect(formatDate('2026-09-01', 'en')).toBe('Sep 1, 2026');
  });

  it('refuses what is not a calendar date', () => {
    expect(() => formatDate('2026-02-30', 'en')).toThrow(RangeError);
  });
});

describe('formatPeriod', () => {
  it('formats periods in both locales', () => {
    expect(formatPeriod(periodFromKey('2026-11', 1), 'en')).toBe('November 2026');
    expect(formatPeriod(periodFromKey('2026-11', 1), 'zh-CN')).toBe('2026年11月');
    expect(formatPeriod(periodFromKey('2026-Q4', 1), 'en')).toBe('Q4 2026');
    expect(formatPeriod(periodFromKey('2026-Q4', 1), 'zh-CN')).toBe('2026年第4季度');
    expect(formatPeriod(periodFromKey('2027-Q1', 4), 'en')).toBe('Q1 FY2027');
    expect(formatPeriod(periodFromKey('2027-Q1', 4), 'zh-CN')).toBe('2027财年第1季度');
    expect(formatPeriod(periodFromKey('FY2027', 4), 'en')).toBe('FY2027');
    expect(formatPeriod(periodFromKey('FY2027', 4), 'zh-CN')).toBe('2027财年');
  });

  it('names a month of a fiscal year that starts in April by its calendar month', () => {
    expect(formatPeriod(periodFromKey('2027-01', 4), 'en')).toBe('January 2027');
    expect(formatPeriod(periodFromKey('2027-01', 4), 'zh-CN')).toBe('2027年1月');
  });

  it('is read back by the period parser', () => {
    for (const start of [1, 4, 10]) {
      const context: DateContext = { now: new Date('2026-11-23T20:00:00Z'), timeZone: 'America/New_York', fiscalYearStartMonth: start };
      for (const key of ['2026-11', '2027-01', '2026-Q1', '2027-Q3', 'FY2027']) {
        const period = periodFromKey(key, start);
        expect(parsePeriod(formatPeriod(period, 'en'), context)).toEqual(period);
        expect(parsePeriod(formatPeriod(period, 'zh-CN'), context)).toEqual(period);
      }
    }
  });
});

describe('storedWord', () => {
  const categories = ['pipeline', 'best', 'commit', 'closed', 'omit'] as const;

  it('words a stored value of a closed set from the catalogue', () => {
    expect(storedWord('en', 'category', categories, 'best')).toBe('Best case');
    expect(storedWord('en', 'approval.status', ['auto_approved'], 'auto_approved')).toBe('applied without approval');
  });

  it('shows a stored value outside the set as it is', () => {
    expect(storedWord('en', 'category', categories, 'upside')).toBe('upside');
  });
});
