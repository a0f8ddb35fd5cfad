export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** Accepts what people type or what platforms send (en, en-US, zh, zh_CN, zh-Hans, 中文) and returns a supported locale. */
export function normalizeLocale(input: string | null | undefined): Locale | undefined {
  if (!input) return undefined;
  const value = input.trim().toLowerCase().replace('_', '-');
  if (value === '中文' || value === 'chinese' || value.startsWith('zh')) return 'zh-CN';
  if (value === 'english' || value === '英文' || value === '英语' || value.startsWith('en')) return 'en';
  return undefined;
}
