/**
 * The one message catalogue. Each area keeps its English and Chinese strings side by side in
 * `catalog/<area>.ts`; the Chinese table is typed against the English keys, so a missing translation
 * fails the type check rather than reaching a user.
 */
import * as errors from './catalog/errors.js';
import * as commands from './catalog/commands.js';
import * as screens from './catalog/screens.js';
import * as shell from './catalog/shell.js';
import * as digest from './catalog/digest.js';
import { interpolate, type MessageParams } from './format.js';
import type { Locale } from './locale.js';

const en = { ...errors.en, ...commands.en, ...screens.en, ...shell.en, ...digest.en };
const zh: Record<MessageKey, string> = { ...errors.zh, ...commands.zh, ...screens.zh, ...shell.zh, ...digest.zh };

export type MessageKey = keyof typeof en;
export type { MessageParams };

/** The message in the locale; a `<key>_one` variant, where there is one, is used when `count` is 1. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const table: Record<MessageKey, string> = locale === 'zh-CN' ? zh : en;
  const singular = `${key}_one`;
  const chosen = params.count === 1 && isMessageKey(singular) ? singular : key;
  return interpolate(table[chosen], params, locale);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
