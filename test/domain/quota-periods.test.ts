import { describe, expect, it } from 'vitest';
import { quotasForPeriod, type DatedQuota } from '../../src/domain/quota-periods.js';

const Q1 = { start: '2027-01-01', end: '2027-03-31' };
const quota = (start: string, end: string, amountMinor: number, currency = 'USD', scopeKey = 'member:a'): DatedQuota => ({
  scopeKey,
  start,
  end,
  amountMinor,
  currency,
});
const months = [quota('2027-01-01', '2027-01-31', 100), quota('2027-02-01', '2027-02-28', 200), quota('2027-03-01', '2027-03-31', 300)];

describe('quotasForPeriod', () => {
  it('takes the quota set for exactly the period, over shorter ones inside it', () => {
    expect(quotasForPeriod([...months, quota('2027-01-01', '2027-03-31', 999)], Q1).get('member:a')).toEqual({
      amountMinor: 999,
      currency: 'USD',
    });
  });

  it('of two quotas for the same dates, takes the first given (the newest)', () => {
    expect(
      quotasForPeriod([quota('2027-01-01', '2027-03-31', 5), quota('2027-01-01', '2027-03-31', 7)], Q1).get('member:a')?.amountMinor,
    ).toBe(5);
  });

  it('sums shorter quotas that fill the period day after day, in any order', () => {
    expect(quotasForPeriod([...months].reverse(), Q1).get('member:a')).toEqual({ amountMinor: 600, currency: 'USD' });
  });

  it('counts a quarter once, not with its own months, in a year', () => {
    const year = { start: '2027-01-01', end: '2027-12-31' };
    const rest = [
      quota('2027-04-01', '2027-06-30', 1000),
      quota('2027-07-01', '2027-09-30', 2000),
      quota('2027-10-01', '2027-12-31', 3000),
    ];
    expect(quotasForPeriod([...months, quota('2027-01-01', '2027-03-31', 500), ...rest], year).get('member:a')?.amountMinor).toBe(6500);
  });

  it('sets none when the shorter quotas leave a gap, reach outside, or are in several currencies', () => {
    expect(quotasForPeriod(months.slice(0, 2), Q1).has('member:a')).toBe(false);
    expect(quotasForPeriod([months[0]!, months[2]!], Q1).has('member:a')).toBe(false);
    expect(quotasForPeriod([...months.slice(1), quota('2026-12-01', '2027-01-31', 100)], Q1).has('member:a')).toBe(false);
    expect(quotasForPeriod([...months.slice(0, 2), quota('2027-03-01', '2027-03-31', 300, 'CNY')], Q1).has('member:a')).toBe(false);
  });

  it('keeps each person and team apart', () => {
    const result = quotasForPeriod([...months, quota('2027-01-01', '2027-03-31', 42, 'CNY', 'team:t')], Q1);
    expect(Object.fromEntries(result)).toEqual({
      'member:a': { amountMinor: 600, currency: 'USD' },
      'team:t': { amountMinor: 42, currency: 'CNY' },
    });
  });

  it('leaves out quotas reaching outside the period, or ending before they start, even when the rest fill it', () => {
    expect(quotasForPeriod([...months, quota('2026-12-01', '2027-01-31', 5)], Q1).get('member:a')?.amountMinor).toBe(600);
    expect(quotasForPeriod([...months, quota('2027-03-01', '2027-04-30', 5)], Q1).get('member:a')?.amountMinor).toBe(600);
    expect(quotasForPeriod([...months, quota('2027-03-31', '2027-01-01', 5)], Q1).get('member:a')?.amountMinor).toBe(600);
  });

  it('takes a one-day quota for a one-day period', () => {
    const day = { start: '2027-01-15', end: '2027-01-15' };
    expect(quotasForPeriod([quota('2027-01-15', '2027-01-15', 9)], day).get('member:a')).toEqual({ amountMinor: 9, currency: 'USD' });
  });

  it('treats quotas sharing a single day as overlapping: the longer one is taken, the shorter one skipped', () => {
    // Jan 31 – Feb 28 shares Jan 31 with January; Feb 1 – Mar 1 shares Mar 1 with March. Skipped, the months fill Q1.
    expect(quotasForPeriod([...months, quota('2027-01-31', '2027-02-28', 5)], Q1).get('member:a')?.amountMinor).toBe(600);
    expect(quotasForPeriod([...months, quota('2027-02-01', '2027-03-01', 5)], Q1).get('member:a')?.amountMinor).toBe(600);
  });

  it('of two shorter quotas for the same dates, adds the first given (the newest)', () => {
    expect(quotasForPeriod([months[0]!, quota('2027-01-01', '2027-01-31', 111), ...months.slice(1)], Q1).get('member:a')?.amountMinor).toBe(
      600,
    );
  });
});
