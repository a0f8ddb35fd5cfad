import type { Locale } from './locale.js';

export type MessageParams = Record<string, string | number | readonly string[] | undefined>;

/** Replaces `{name}` placeholders; lists are joined the way each language joins them. */
export function interpolate(template: string, params: MessageParams, locale: Locale): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    if (Array.isArray(value)) return value.join(locale === 'zh-CN' ? '、' : ', ');
    return String(value);
  });
}
