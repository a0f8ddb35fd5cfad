// #14: Intl objects are built once per (locale, currency) / zone and reused; the answers stay the same,
// and a cached entry never stands in for a different key.
import { describe, expect, it } from 'vitest';
import { isValidTimeZone } from '../../src/domain/calendar.js';
import { formatMoney } from '../../src/domain/money.js';
import { count, percent } from '../../src/views/format.js';

describe('cached Intl objects', () => {
  it('an invalid zone is still refused after a valid one was cached, and the valid one is still accepted', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Asia/Shanghaii')).toBe(false);
    expect(isValidTimeZone('Asia/Shanghaii')).toBe(false);
    expect(isValidTimeZone(' ')).toBe(false);
    expect(isValidTimeZone('America/New_York')).toBe(true);
  });

  it('money formats do not leak between locales, currencies or the compact form', () => {
    const usd = { minor: 5_000_000, currency: 'USD' };
    const jpy = { minor: 5_000_000, currency: 'JPY' };
    // Each pair twice, interleaved, so the second call of each is answered from the cache.
    for (let round = 0; round < 2; round++) {
      expect(formatMoney(usd, 'en')).toBe('$50,000.00');
      expect(formatMoney(usd, 'zh-CN')).toBe('US$50,000.00');
      expect(formatMoney(usd, 'en', { compact: true })).toBe('$50K');
      expect(formatMoney(jpy, 'en')).toBe('¥5,000,000');
      expect(formatMoney({ minor: 8_000_000, currency: 'CNY' }, 'zh-CN')).toBe('¥80,000.00');
    }
  });

  it('percent and count keep their own formats per locale', () => {
    for (let round = 0; round < 2; round++) {
      expect(percent('en', 12.345)).toBe('12.3%');
      expect(count('en', 12345.678)).toBe('12,345.678');
      expect(count('zh-CN', 1234)).toBe('1,234');
    }
  });
});
