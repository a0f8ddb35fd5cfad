import { describe, expect, it } from 'vitest';
import {
  currencyCodeOf,
  applyDiscount,
  currencyDigits,
  formatMoney,
  MAX_MINOR,
  parseMoney,
  percentOf,
  sumMinor,
  toMajorString,
} from '../../src/domain/money.js';
import { isDomainError } from '../../src/domain/errors.js';
import { errorCode } from '../support/errors.js';

describe('parseMoney', () => {
  it.each([
    ['50k', 5_000_000, 'USD'],
    ['50K', 5_000_000, 'USD'],
    ['1.2m', 120_000_000, 'USD'],
    ['1b', 100_000_000_000, 'USD'],
    ['50,000', 5_000_000, 'USD'],
    ['1,250,000', 125_000_000, 'USD'],
    ['$1,250.50', 125_050, 'USD'],
    ['$ 50k', 5_000_000, 'USD'],
    ['US$5k', 500_000, 'USD'],
    ['50k usd', 5_000_000, 'USD'],
    ['0.1k', 10_000, 'USD'],
    ['.5k', 50_000, 'USD'],
    ['  50k  ', 5_000_000, 'USD'],
    ['1.005', 101, 'USD'], // exact decimal, half away from zero — not 1.00499999… in binary
    ['¥80000', 8_000_000, 'CNY'],
    ['￥８００００', 8_000_000, 'CNY'], // full-width, as typed with a Chinese IME
    ['80000 CNY', 8_000_000, 'CNY'],
    ['CNY 80000', 8_000_000, 'CNY'],
    ['RMB 5000', 500_000, 'CNY'],
    ['50 rmb', 5_000, 'CNY'],
    ['8万元', 8_000_000, 'CNY'],
    ['8万', 8_000_000, 'USD'], // the multiplier alone does not imply a currency
    ['2亿', 20_000_000_000, 'USD'],
    ['1.5万', 1_500_000, 'USD'],
    ['3千', 300_000, 'USD'],
    ['5万 美元', 5_000_000, 'USD'],
    ['€5', 500, 'EUR'],
    ['hk$100', 10_000, 'HKD'],
    ['5000 JPY', 5_000, 'JPY'], // yen have no minor unit
    ['5000 jpy', 5_000, 'JPY'],
    ['50mxn', 5_000, 'MXN'], // a currency code, not "50 million xn"
  ])('%s → %d %s', (input, minor, currency) => {
    expect(parseMoney(input, 'USD')).toEqual({ minor, currency });
  });

  it('uses the default currency and its minor unit', () => {
    expect(parseMoney('5k', 'CNY')).toEqual({ minor: 500_000, currency: 'CNY' });
    expect(parseMoney('5k', 'jpy')).toEqual({ minor: 5_000, currency: 'JPY' });
    expect(parseMoney('¥5k', 'JPY')).toEqual({ minor: 500_000, currency: 'CNY' }); // ¥ always means CNY
  });

  it('rounds sub-minor amounts half away from zero', () => {
    expect(parseMoney('5.5 JPY', 'USD')).toEqual({ minor: 6, currency: 'JPY' });
    expect(parseMoney('0.005', 'USD')).toEqual({ minor: 1, currency: 'USD' });
  });

  it.each([
    'abc',
    '',
    '$',
    'k',
    '1,5',
    '1,25,000',
    '5k5',
    '1.',
    '5.5.5',
    '1e5',
    '0x10',
    '((5))',
    '$50 EUR',
    '5 usd usd',
    '5 dollars',
    '1 000',
  ])('%s is money.invalid', (input) => {
    expect(errorCode(() => parseMoney(input, 'USD'))).toBe('money.invalid');
  });

  it.each(['-5', '$-5', '(5)', '- 5', '\u22125', '¥-5', '(-5)'])('%s is money.negative', (input) => {
    expect(errorCode(() => parseMoney(input, 'USD'))).toBe('money.negative');
  });

  it.each(['0', '$0.00', '0k', '0.001', '0.4 JPY'])('%s is money.zero', (input) => {
    expect(errorCode(() => parseMoney(input, 'USD'))).toBe('money.zero');
  });

  it('names an unknown currency', () => {
    expect(errorCode(() => parseMoney('50 XYZ', 'USD'))).toBe('money.unknown_currency');
    expect(errorCode(() => parseMoney('abc 50', 'USD'))).toBe('money.unknown_currency');
    expect(errorCode(() => parseMoney('50', 'XYZ'))).toBe('money.unknown_currency');
    try {
      parseMoney('50 XYZ', 'USD');
    } catch (error) {
      expect(isDomainError(error) && error.data).toEqual({ input: '50 XYZ', currency: 'XYZ' });
    }
  });

  it('caps amounts at MAX_MINOR', () => {
    expect(parseMoney('10000000000000', 'USD').minor).toBe(MAX_MINOR);
    expect(errorCode(() => parseMoney('10000000000000.01', 'USD'))).toBe('money.too_large');
    expect(errorCode(() => parseMoney('20000000000000', 'USD'))).toBe('money.too_large');
    expect(errorCode(() => parseMoney('99999999b', 'USD'))).toBe('money.too_large');
  });
});

describe('currencyCodeOf', () => {
  it('reads ISO codes, symbols and Chinese currency names, and nothing else', () => {
    expect(['usd', 'CNY', ' eur ', '人民币', 'RMB', '¥', '$', '美元', '港币', '日元'].map(currencyCodeOf)).toEqual([
      'USD',
      'CNY',
      'EUR',
      'CNY',
      'CNY',
      'CNY',
      'USD',
      'USD',
      'HKD',
      'JPY',
    ]);
    for (const word of ['', 'dollars', 'XYZ', '__proto__', 'constructor']) expect(currencyCodeOf(word)).toBeUndefined();
  });
});

describe('currencyDigits', () => {
  it('follows ISO 4217 minor units', () => {
    expect(currencyDigits('USD')).toBe(2);
    expect(currencyDigits('CNY')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });
});

describe('formatMoney', () => {
  it.each([
    // minor, currency, en, zh-CN
    [5_000_000, 'USD', '$50,000.00', 'US$50,000.00'],
    [8_000_000, 'CNY', 'CN¥80,000.00', '¥80,000.00'],
    [123_456_789, 'USD', '$1,234,567.89', 'US$1,234,567.89'],
    [500_000, 'JPY', '¥500,000', 'JP¥500,000'],
    [5, 'USD', '$0.05', 'US$0.05'],
    [-123_450, 'USD', '-$1,234.50', '-US$1,234.50'],
  ])('%d %s → %s / %s', (minor, currency, en, zh) => {
    expect(formatMoney({ minor, currency }, 'en')).toBe(en);
    expect(formatMoney({ minor, currency }, 'zh-CN')).toBe(zh);
  });

  it.each([
    [5_000_000, 'USD', '$50K', 'US$5万'],
    [130_000_000, 'USD', '$1.3M', 'US$130万'],
    [8_000_000, 'CNY', 'CN¥80K', '¥8万'],
    [12_000_000_000, 'CNY', 'CN¥120M', '¥1.2亿'],
    [500_000, 'JPY', '¥500K', 'JP¥50万'],
  ])('compact %d %s → %s / %s', (minor, currency, en, zh) => {
    expect(formatMoney({ minor, currency }, 'en', { compact: true })).toBe(en);
    expect(formatMoney({ minor, currency }, 'zh-CN', { compact: true })).toBe(zh);
  });
});

describe('toMajorString', () => {
  it.each([
    [123_450, 'USD', '1234.50'],
    [5, 'USD', '0.05'],
    [-5, 'USD', '-0.05'],
    [0, 'USD', '0.00'],
    [5_000, 'JPY', '5000'],
    [12_345, 'KWD', '12.345'],
    [MAX_MINOR, 'USD', '10000000000000.00'],
  ])('%d %s → %s', (minor, currency, text) => {
    expect(toMajorString({ minor, currency })).toBe(text);
  });

  it('rejects a non-integer amount', () => {
    expect(() => toMajorString({ minor: 1.5, currency: 'USD' })).toThrow(RangeError);
  });
});

describe('applyDiscount', () => {
  it.each([
    [999, 1_500, 849], // 849.15
    [10, 500, 10], // 9.5 rounds up
    [30, 500, 29], // 28.5 rounds up
    [1, 5_000, 1], // 0.5
    [3, 5_000, 2], // 1.5
    [5, 5_000, 3], // 2.5: half away from zero, not to even
    [-10, 500, -10], // -9.5 rounds away from zero
    [-30, 500, -29], // -28.5
    [12_345, 1_234, 10_822], // 10821.627
    [100, 0, 100],
    [100, 10_000, 0],
    [Number.MAX_SAFE_INTEGER, 1, 9_006_298_534_815_517], // the product exceeds 2^53: BigInt keeps it exact
  ])('%d less %d bps → %d', (list, bps, net) => {
    expect(applyDiscount(list, bps)).toBe(net);
  });

  it('rejects out-of-range arguments', () => {
    expect(() => applyDiscount(100, -1)).toThrow(RangeError);
    expect(() => applyDiscount(100, 10_001)).toThrow(RangeError);
    expect(() => applyDiscount(100, 12.5)).toThrow(RangeError);
    expect(() => applyDiscount(1.5, 100)).toThrow(RangeError);
  });
});

describe('percentOf', () => {
  it.each([
    [1, 8, 12.5],
    [1, 16, 6.3], // 6.25
    [-1, 16, -6.3],
    [1, -16, -6.3],
    [2, 3, 66.7],
    [1, 3, 33.3],
    [3, 2_000, 0.2], // 0.15
    [1, 2_000, 0.1], // 0.05
    [0, 5, 0],
    [150, 100, 150],
    [0.5, 4, 12.5],
  ])('percentOf(%d, %d) = %d', (part, whole, percent) => {
    expect(percentOf(part, whole)).toBe(percent);
  });

  it('is null without a whole', () => {
    expect(percentOf(5, 0)).toBeNull();
    expect(percentOf(0, 0)).toBeNull();
  });

  it('rejects non-finite input', () => {
    expect(() => percentOf(Number.NaN, 1)).toThrow(RangeError);
    expect(() => percentOf(1, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('sumMinor', () => {
  it('adds exactly', () => {
    expect(sumMinor([])).toBe(0);
    expect(sumMinor([1, 2, 3])).toBe(6);
    expect(sumMinor([125_050, -50, 1])).toBe(125_001);
    expect(sumMinor([Number.MAX_SAFE_INTEGER, -1])).toBe(Number.MAX_SAFE_INTEGER - 1);
  });

  it('throws money.too_large past a safe integer', () => {
    expect(errorCode(() => sumMinor([Number.MAX_SAFE_INTEGER, 1]))).toBe('money.too_large');
  });

  it('rejects non-integers', () => {
    expect(() => sumMinor([1, 0.5])).toThrow(RangeError);
  });
});
