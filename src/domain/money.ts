/**
 * Money: amounts are integers in the currency's minor unit (cents, fen, yen…) with an ISO 4217 code.
 *
 * Everything here is exact. Typed amounts are parsed as decimal digit strings and scaled with BigInt,
 * never through binary floating point, so `1.2m` is exactly 120000000 cents and `0.1k` exactly 10000.
 * Rounding, wherever it happens, is half away from zero (the way people round money by hand).
 */
import { DomainError } from './errors.js';
import { lookupWord } from './text-match.js';
import type { Locale } from '../i18n/locale.js';

export type Money = { minor: number; currency: string };

/** Largest amount a parsed value may have, in minor units (10^13 dollars; far beyond any real deal). */
export const MAX_MINOR = 10 ** 15;

let knownCurrencies: ReadonlySet<string> | undefined;
const digitsCache = new Map<string, number>();

/** ISO 4217 code that the runtime's Intl knows (uppercase, exactly three letters). */
export function isCurrencyCode(code: string): boolean {
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return /^[A-Z]{3}$/.test(code) && knownCurrencies.has(code);
}

/** Number of minor-unit digits of a currency as Intl knows it: USD 2, JPY 0, CNY 2, KWD 3. */
export function currencyDigits(currency: string): number {
  const cached = digitsCache.get(currency);
  if (cached !== undefined) return cached;
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  digitsCache.set(currency, digits);
  return digits;
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** Currency symbols and words. `¥` means CNY: we sell in China, so yen must be typed as `JPY`. */
const CURRENCY_WORDS: Readonly<Record<string, string>> = {
  $: 'USD',
  us$: 'USD',
  hk$: 'HKD',
  c$: 'CAD',
  ca$: 'CAD',
  a$: 'AUD',
  au$: 'AUD',
  s$: 'SGD',
  nt$: 'TWD',
  '¥': 'CNY',
  元: 'CNY',
  rmb: 'CNY',
  人民币: 'CNY',
  '€': 'EUR',
  '£': 'GBP',
  美元: 'USD',
  欧元: 'EUR',
  英镑: 'GBP',
  港币: 'HKD',
  港元: 'HKD',
  日元: 'JPY',
};

/** Power of ten each multiplier suffix stands for. */
const MULTIPLIERS: Readonly<Record<string, number>> = { k: 3, 千: 3, m: 6, b: 9, 万: 4, 亿: 8 };

const SYMBOL_PREFIX = /^(us\$|hk\$|nt\$|ca\$|au\$|c\$|a\$|s\$|\$|¥|€|£|rmb|人民币|[a-z]{3}(?![a-z]))\s*/;
// Plain digits, or digits in proper groups of three ("1,250,000"); "1,5" is rejected, never read as 15.
const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?/;
const SUFFIX = /^(k|m|b|千|万|亿)?\s*(rmb|人民币|美元|欧元|英镑|港币|港元|日元|元|[a-z]{3})?$/;

type Parsed = { digits: string; fractionDigits: number; exponent: number; currency?: string };

/**
 * Reads an amount the way people type it in chat: `50k`, `1.2m`, `$1,250.50`, `¥80000`, `80000 CNY`,
 * `CNY 80000`, `8万`, `2亿`, `8万元`, `RMB 5000`, `US$5k`. Without a currency, `defaultCurrency` applies.
 */
export function parseMoney(input: string, defaultCurrency: string): Money {
  const fallback = defaultCurrency.trim().toUpperCase();
  if (!isCurrencyCode(fallback)) {
    throw new DomainError('money.unknown_currency', { input, currency: defaultCurrency });
  }
  // NFKC folds full-width forms people type with a Chinese IME: ￥→¥, １２→12, ，→,
  let text = input
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/\u2212/g, '-');
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  if (text.startsWith('-')) {
    negative = true;
    text = text.slice(1).trim();
  }
  const parsed = parseUnsigned(text, input);
  const currency = parsed.currency ?? fallback;
  if (negative) throw new DomainError('money.negative', { input });

  const minor = scaleToMinor(parsed, currencyDigits(currency));
  if (minor === 0n) throw new DomainError('money.zero', { input });
  if (minor > BigInt(MAX_MINOR)) throw new DomainError('money.too_large', { input });
  return { minor: Number(minor), currency };
}

function parseUnsigned(text: string, input: string): Parsed {
  // Read the whole shape first, then resolve currency words: "foo" is unreadable, "foo 50" has an unknown currency.
  let rest = text;
  const prefix = SYMBOL_PREFIX.exec(rest);
  if (prefix) rest = rest.slice(prefix[0].length);
  // "$-5" / "CNY -5": the sign may follow the currency.
  const negativeAfterPrefix = prefix !== null && rest.startsWith('-');
  if (negativeAfterPrefix) rest = rest.slice(1).trim();
  const number = NUMBER.exec(rest);
  const whole = number?.[1];
  const fraction = number?.[2];
  if (!number || (whole === undefined && fraction === undefined)) {
    throw new DomainError('money.invalid', { input });
  }
  rest = rest.slice(number[0].length).trim();

  let exponent = 0;
  let suffixWord: string | undefined;
  if (/^[a-z]{3}$/.test(rest) && isCurrencyCode(rest.toUpperCase())) {
    suffixWord = rest; // "50mxn" is Mexican pesos, not 50 million "xn".
  } else {
    const suffix = SUFFIX.exec(rest);
    if (!suffix) throw new DomainError('money.invalid', { input });
    exponent = suffix[1] ? (lookupWord(MULTIPLIERS, suffix[1]) ?? 0) : 0;
    suffixWord = suffix[2];
  }
  const prefixCurrency = prefix ? currencyFromWord(prefix[1] ?? '', input) : undefined;
  const suffixCurrency = suffixWord ? currencyFromWord(suffixWord, input) : undefined;
  if (prefixCurrency && suffixCurrency && prefixCurrency !== suffixCurrency) {
    throw new DomainError('money.invalid', { input });
  }
  if (negativeAfterPrefix) throw new DomainError('money.negative', { input });
  const digits = `${(whole ?? '0').replace(/,/g, '')}${fraction ?? ''}`;
  return { digits, fractionDigits: fraction?.length ?? 0, exponent, currency: prefixCurrency ?? suffixCurrency };
}

/** The ISO code a currency word or symbol stands for (`人民币`, `RMB`, `¥`, `usd`), or undefined when it names none. */
export function currencyCodeOf(word: string): string | undefined {
  const mapped = lookupWord(CURRENCY_WORDS, word.trim().toLowerCase());
  if (mapped) return mapped;
  const code = word.trim().toUpperCase();
  return isCurrencyCode(code) ? code : undefined;
}

function currencyFromWord(word: string, input: string): string {
  const mapped = lookupWord(CURRENCY_WORDS, word);
  if (mapped) return mapped;
  const code = word.toUpperCase();
  if (!isCurrencyCode(code)) throw new DomainError('money.unknown_currency', { input, currency: code });
  return code;
}

/** digits × 10^(exponent + currencyDigits − fractionDigits), rounded half away from zero. */
function scaleToMinor(parsed: Parsed, minorDigits: number): bigint {
  const value = BigInt(parsed.digits);
  const shift = parsed.exponent + minorDigits - parsed.fractionDigits;
  if (shift >= 0) return value * 10n ** BigInt(shift);
  return divideRounded(value, 10n ** BigInt(-shift));
}

/** Integer division rounded half away from zero; `divisor` must be positive. */
function divideRounded(dividend: bigint, divisor: bigint): bigint {
  const magnitude = dividend < 0n ? -dividend : dividend;
  let quotient = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
  return dividend < 0n ? -quotient : quotient;
}

// ---------------------------------------------------------------------------------------------
// Formatting

/**
 * Locale-aware display: en USD `$50,000.00`, zh-CN CNY `¥80,000.00`. A currency that is not the
 * locale's own gets a distinguishing symbol (en CNY `CN¥80,000.00`, zh-CN USD `US$50,000.00`).
 * `compact` is for digests and lists: `$50K`, `$1.3M` in en; `¥5万`, `¥1.2亿` in zh-CN.
 */
export function formatMoney(money: Money, locale: Locale, options: { compact?: boolean } = {}): string {
  const digits = currencyDigits(money.currency);
  const format = moneyFormat(locale, money.currency, options.compact === true, digits);
  // |minor| ≤ 2^53, and a quotient of two exact doubles is the nearest double to the decimal value,
  // which prints back as that decimal: no precision is lost at the digits shown.
  return format.format(money.minor / 10 ** digits);
}

/**
 * Building an Intl.NumberFormat costs far more than using one (#14), so each (locale, currency, compact)
 * is built once. The keys are bounded: two locales, and currencies that passed isCurrencyCode.
 */
const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(locale: Locale, currency: string, compact: boolean, digits: number): Intl.NumberFormat {
  const key = `${locale}|${currency}|${compact ? 'compact' : 'full'}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = compact
      ? new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact' })
      : new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        });
    moneyFormats.set(key, format);
  }
  return format;
}

/** Exact major-unit decimal for exports and CSV: `{ minor: 123450, currency: 'USD' }` → `"1234.50"`. */
export function toMajorString(money: Money): string {
  assertInteger(money.minor, 'money.minor');
  const digits = currencyDigits(money.currency);
  const sign = money.minor < 0 ? '-' : '';
  const magnitude = BigInt(money.minor < 0 ? -money.minor : money.minor)
    .toString()
    .padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${magnitude}`;
  return `${sign}${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

/**
 * Net amount after a discount of `discountBps` basis points (1% = 100 bps):
 * list × (10000 − bps) / 10000, rounded half away from zero to the minor unit. Integer math only.
 * Callers validate user input first; out-of-range arguments are programming errors (RangeError).
 */
export function applyDiscount(listMinor: number, discountBps: number): number {
  assertInteger(listMinor, 'listMinor');
  if (!Number.isInteger(discountBps) || discountBps < 0 || discountBps > 10_000) {
    throw new RangeError(`discountBps must be an integer 0..10000, got ${discountBps}`);
  }
  return Number(divideRounded(BigInt(listMinor) * BigInt(10_000 - discountBps), 10_000n));
}

/**
 * part / whole × 100, rounded half away from zero to one decimal (`percentOf(1, 8)` → 12.5,
 * `percentOf(1, 16)` → 6.3). Null when whole is 0: "no quota" is not 0% or infinite attainment.
 */
export function percentOf(part: number, whole: number): number | null {
  if (!Number.isFinite(part) || !Number.isFinite(whole)) throw new RangeError('percentOf needs finite numbers');
  if (whole === 0) return null;
  if (Number.isSafeInteger(part) && Number.isSafeInteger(whole)) {
    // Exact for integers (minor units, counts): tenths of a percent = part × 1000 / whole.
    const sign = part < 0 !== whole < 0 ? -1n : 1n;
    const tenths = divideRounded(BigInt(Math.abs(part)) * 1000n, BigInt(Math.abs(whole)));
    return Number(sign * tenths) / 10;
  }
  const tenths = (part / whole) * 1000;
  return (Math.sign(tenths) * Math.round(Math.abs(tenths))) / 10;
}

/** Exact sum of minor amounts; throws `money.too_large` when the total is not a safe integer. */
export function sumMinor(values: readonly number[]): number {
  let total = 0n;
  for (const value of values) {
    assertInteger(value, 'value');
    total += BigInt(value);
  }
  const result = Number(total);
  if (!Number.isSafeInteger(result)) throw new DomainError('money.too_large', { input: total.toString() });
  return result;
}

function assertInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
}
