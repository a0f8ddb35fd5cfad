import { describe, expect, expectTypeOf, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { keyOf, t, type KeySuffix } from '../../src/i18n/index.js';
import { ACTIVITY_KINDS, FORECAST_CATEGORIES, SOURCE_CHANNELS, type ForecastCategory } from '../../src/domain/deal.js';
import { ROLES } from '../../src/domain/roles.js';

describe('keyOf', () => {
  it('accepts only the values the catalogue has words for', () => {
    expectTypeOf<ForecastCategory>().toExtend<KeySuffix<'category'>>();
    expectTypeOf<'upside'>().not.toExtend<KeySuffix<'category'>>();
    // @ts-expect-error: the catalogue has no category.upside, so this does not compile
    expect(() => keyOf('category', 'upside')).toThrow('No catalogue entry category.upside');
  });

  it('gives every category, channel, activity kind and role a word in English and a different one in Chinese', () => {
    const keys = [
      ...FORECAST_CATEGORIES.map((v) => keyOf('category', v)),
      ...SOURCE_CHANNELS.map((v) => keyOf('channel', v)),
      ...ACTIVITY_KINDS.map((v) => keyOf('activity', v)),
      ...ROLES.map((v) => keyOf('role', v)),
    ];
    for (const key of keys) {
      expect(t('en', key)).toMatch(/^[A-Za-z][a-z ]+$/);
      expect(t('zh-CN', key)).toMatch(/\p{Script=Han}/u);
    }
    expect(t('en', keyOf('category', 'best'))).toBe('Best case');
    expect(t('zh-CN', keyOf('category', 'best'))).toBe('乐观');
  });
});

describe('the catalogue files', () => {
  it('define each key in one file only, so no sentence silently replaces another', async () => {
    const folder = fileURLToPath(new URL('../../src/i18n/catalog/', import.meta.url));
    const definedIn = new Map<string, string[]>();
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts'))) {
      const catalog = (await import(path.join(folder, file))) as { en: Record<string, string>; zh: Record<string, string> };
      for (const key of new Set([...Object.keys(catalog.en), ...Object.keys(catalog.zh)]))
        definedIn.set(key, [...(definedIn.get(key) ?? []), file]);
    }
    expect(definedIn.size).toBeGreaterThan(500);
    expect([...definedIn].filter(([, files]) => files.length > 1)).toEqual([]);
  });
});
