import { describe, expect, it } from 'vitest';
import { convertMinor, mergeConversions, parseRate, rateInForce, toReporting, type RateEntry } from '../../src/domain/exchange.js';
import { isDomainError } from '../../src/domain/errors.js';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return isDomainError(error) ? error.code : 'not a DomainError';
  }
  return undefined;
};

describe('convertMinor', () => {
  it('honours each currency’s minor-unit digits', () => {
    // ¥1,000,000 (JPY has no minor unit) at 0.0067 USD = $6,700.00
    expect(convertMinor(1_000_000, 'JPY', 'USD', '0.0067')).toBe(670_000);
    // $100.00 at 149.5 JPY = ¥14,950
    expect(convertMinor(10_000, 'USD', 'JPY', '149.5')).toBe(14_950);
    // 1.000 KWD (three digits) at 3.25 USD = $3.25
    expect(convertMinor(1_000, 'KWD', 'USD', '3.25')).toBe(325);
    // CN¥80,000.00 at 0.1378 = $11,024.00
    expect(convertMinor(8_000_000, 'CNY', 'USD', '0.1378')).toBe(1_102_400);
  });

  it('rounds half away from zero, once', () => {
    // 0.05 CNY × 0.1 = 0.005 USD → 0.01
    expect(convertMinor(5, 'CNY', 'USD', '0.1')).toBe(1);
    expect(convertMinor(-5, 'CNY', 'USD', '0.1')).toBe(-1);
    // 0.04 × 0.1 = 0.004 → 0.00
    expect(convertMinor(4, 'CNY', 'USD', '0.1')).toBe(0);
    // $1.50 → JPY at 1 = ¥1.5 → ¥2; $2.49 → ¥2
    expect(convertMinor(150, 'USD', 'JPY', '1')).toBe(2);
    expect(convertMinor(249, 'USD', 'JPY', '1')).toBe(2);
    // ¥1 → USD at 0.005 = $0.005 → $0.01 (a float would give 0.49999…)
    expect(convertMinor(1, 'JPY', 'USD', '0.005')).toBe(1);
  });

  it('is exact for large amounts where floats are not', () => {
    // 10^15 minor units (the largest amount DealDesk accepts) at a 10-digit rate
    expect(convertMinor(1e15, 'CNY', 'USD', '0.1378123457')).toBe(137_812_345_700_000);
    expect(convertMinor(999_999_999_999_999, 'EUR', 'USD', '1.0823')).toBe(1_082_299_999_999_999);
    expect(convertMinor(12_345, 'USD', 'USD', '7')).toBe(12_345);
  });
});

describe('parseRate', () => {
  it('keeps the decimal exactly and refuses what is not a positive rate', () => {
    expect(parseRate('0.1378')).toBe('0.1378');
    expect(parseRate('7.2000')).toBe('7.2');
    expect(parseRate('０.５')).toBe('0.5');
    expect(parseRate('1234567890')).toBe('1234567890');
    for (const bad of ['0', '0.000', '-1', 'abc', '1,5', '1e3', '12345678901', '0.12345678901', ''])
      expect(codeOf(() => parseRate(bad))).toBe('rates.rate_invalid');
  });
});

describe('rateInForce and toReporting', () => {
  const rates: RateEntry[] = [
    { currency: 'CNY', rate: '0.14', effectiveDate: '2026-10-01' },
    { currency: 'CNY', rate: '0.1378', effectiveDate: '2026-11-15' },
    { currency: 'EUR', rate: '1.08', effectiveDate: '2026-12-01' },
  ];

  it('picks the latest rate effective on or before the date', () => {
    expect(rateInForce(rates, 'CNY', '2026-09-30')).toBeUndefined();
    expect(rateInForce(rates, 'CNY', '2026-10-01')?.rate).toBe('0.14');
    expect(rateInForce(rates, 'CNY', '2026-11-14')?.rate).toBe('0.14');
    expect(rateInForce(rates, 'CNY', '2026-11-15')?.rate).toBe('0.1378');
    expect(rateInForce(rates, 'EUR', '2026-11-30')).toBeUndefined();
  });

  it('converts rows, names the rates used and leaves out and names rows without a rate', () => {
    const rows = [
      { currency: 'USD', count: 2, sumMinor: 100_00, date: '2026-11-20' },
      { currency: 'CNY', count: 1, sumMinor: 1_000_00, date: '2026-10-20' },
      { currency: 'CNY', count: 3, sumMinor: 1_000_00, date: '2026-11-20' },
      { currency: 'EUR', count: 2, sumMinor: 500_00, date: '2026-11-20' },
      { currency: 'EUR', count: 1, sumMinor: 100_00, date: '2026-11-02' },
    ];
    const { rows: converted, conversion } = toReporting(rows, (row) => row.date, rates, 'USD');
    expect(converted.map((row) => [row.currency, row.count, row.sumMinor])).toEqual([
      ['USD', 2, 100_00],
      ['USD', 1, 140_00],
      ['USD', 3, 137_80],
    ]);
    expect(conversion.ratesUsed).toEqual([rates[0], rates[1]]);
    expect(conversion.missing).toEqual([{ kind: 'deals', currency: 'EUR', date: '2026-11-02', count: 3, sumMinor: 600_00 }]);
    const merged = mergeConversions([conversion, conversion]);
    expect(merged.ratesUsed).toHaveLength(2);
    expect(merged.missing).toEqual([{ kind: 'deals', currency: 'EUR', date: '2026-11-02', count: 6, sumMinor: 1_200_00 }]);
  });
});
