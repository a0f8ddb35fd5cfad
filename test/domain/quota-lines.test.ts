import { describe, expect, it } from 'vitest';
import { quotaCurrency, quotaLine, sumQuotas, totalLine, type OwnerCurrencySum, type QuotaLine } from '../../src/domain/quota-lines.js';
import { attainment } from '../../src/domain/reports.js';

const sum = (ownerId: string, sumMinor: number, count = 1, currency = 'USD'): OwnerCurrencySum => ({ ownerId, currency, count, sumMinor });

describe('quota currency and sums', () => {
  it('keeps the workspace currency when any quota is in it, else the first other one alphabetically', () => {
    expect(quotaCurrency([{ amountMinor: 1, currency: 'EUR' }, undefined, { amountMinor: 1, currency: 'USD' }], 'USD')).toBe('USD');
    expect(
      quotaCurrency(
        [
          { amountMinor: 1, currency: 'EUR' },
          { amountMinor: 1, currency: 'CNY' },
        ],
        'USD',
      ),
    ).toBe('CNY');
    expect(quotaCurrency([undefined], 'USD')).toBe('USD');
    expect(quotaCurrency([], 'EUR')).toBe('EUR');
  });

  it('sums the quotas in that currency only; none when none is set', () => {
    expect(
      sumQuotas(
        [{ amountMinor: 100, currency: 'USD' }, undefined, { amountMinor: 900, currency: 'EUR' }, { amountMinor: 50, currency: 'USD' }],
        'USD',
      ),
    ).toEqual({ amountMinor: 150, currency: 'USD' });
    expect(
      sumQuotas(
        [
          { amountMinor: 900, currency: 'EUR' },
          { amountMinor: 7, currency: 'CNY' },
        ],
        'USD',
      ),
    ).toEqual({
      amountMinor: 7,
      currency: 'CNY',
    });
    expect(sumQuotas([undefined, undefined], 'USD')).toBeUndefined();
    expect(sumQuotas([], 'USD')).toBeUndefined();
  });
});

describe('quotaLine', () => {
  const won = [sum('ann', 600, 2), sum('ann', 5_000, 1, 'EUR'), sum('bob', 300, 1), sum('cat', 10_000, 4)];
  const open = [sum('ann', 1_000, 3), sum('bob', 500, 1), sum('bob', 70, 1, 'EUR')];

  it("adds the listed owners' won and open sums in the quota's currency, against the quota", () => {
    expect(quotaLine('East', ['ann', 'bob'], { amountMinor: 1_800, currency: 'USD' }, won, open, 'USD', 0.5)).toEqual({
      label: 'East',
      currency: 'USD',
      quotaMinor: 1_800,
      wonMinor: 900,
      wonCount: 3,
      openMinor: 1_500,
      attainment: attainment(1_800, 900, 1_500, 0.5),
    });
    expect(quotaLine('Ann', ['ann'], { amountMinor: 10_000, currency: 'EUR' }, won, open, 'USD', 0.5)).toMatchObject({
      currency: 'EUR',
      wonMinor: 5_000,
      wonCount: 1,
      openMinor: 0,
      attainment: { attainmentPct: 50 },
    });
  });

  it('without a quota, shows the won and open sums in the workspace currency and no attainment', () => {
    expect(quotaLine('Bob', ['bob'], undefined, won, open, 'EUR', 0.5)).toEqual({
      label: 'Bob',
      currency: 'EUR',
      quotaMinor: null,
      wonMinor: 0,
      wonCount: 0,
      openMinor: 70,
      attainment: null,
    });
    expect(quotaLine('Nobody', [], { amountMinor: 5, currency: 'USD' }, won, open, 'USD', 1)).toMatchObject({ wonMinor: 0, openMinor: 0 });
  });
});

describe('totalLine', () => {
  const line = (currency: string, quotaMinor: number | null, wonMinor: number, wonCount: number, openMinor: number): QuotaLine => ({
    label: 'x',
    currency,
    quotaMinor,
    wonMinor,
    wonCount,
    openMinor,
    attainment: null,
  });

  it('adds the lines in its currency, a line without a quota adding its wins but no quota', () => {
    const lines = [line('USD', 1_000, 500, 2, 100), line('USD', null, 250, 1, 40), line('EUR', 9_000, 9_000, 9, 9_000)];
    expect(totalLine('Total', lines, 'USD', 0.25)).toEqual({
      label: 'Total',
      currency: 'USD',
      quotaMinor: 1_000,
      wonMinor: 750,
      wonCount: 3,
      openMinor: 140,
      attainment: attainment(1_000, 750, 140, 0.25),
    });
    expect(totalLine('Total', lines, 'USD', 0.25).attainment).toMatchObject({ attainmentPct: 75, gapMinor: 250, coverage: 0.6 });
  });

  it('has no quota and no attainment when no line in its currency has one', () => {
    expect(totalLine('Total', [line('USD', null, 10, 1, 0), line('EUR', 5, 5, 1, 0)], 'USD', 1)).toEqual({
      label: 'Total',
      currency: 'USD',
      quotaMinor: null,
      wonMinor: 10,
      wonCount: 1,
      openMinor: 0,
      attainment: null,
    });
    expect(totalLine('Total', [], 'USD', 1)).toMatchObject({ quotaMinor: null, wonMinor: 0, wonCount: 0, attainment: null });
    // A quota of zero is a quota: the total has one, with no attainment percentage.
    expect(totalLine('Total', [line('USD', 0, 10, 1, 0)], 'USD', 1)).toMatchObject({ quotaMinor: 0, attainment: { attainmentPct: null } });
  });
});
