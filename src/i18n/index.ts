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
import * as calendar from './catalog/calendar.js';
import * as limits from './catalog/limits.js';
import * as exportFiles from './catalog/export.js';
import * as importFiles from './catalog/import.js';
import * as chatFiles from './catalog/chat-files.js';
import * as admin from './catalog/admin.js';
import * as setup from './catalog/setup.js';
import * as funnel from './catalog/funnel.js';
import * as accounts from './catalog/accounts.js';
import * as scorecard from './catalog/scorecard.js';
import * as dealHistory from './catalog/deal-history.js';
import * as requests from './catalog/requests.js';
import * as reportAccess from './catalog/report-access.js';
import * as competitors from './catalog/competitors.js';
import * as satisfaction from './catalog/satisfaction.js';
import * as charts from './catalog/charts.js';
import * as slices from './catalog/slices.js';
import * as greetings from './catalog/greetings.js';
import * as messageActions from './catalog/message-actions.js';
import * as help from './catalog/help.js';
import * as share from './catalog/share.js';
import * as legal from './catalog/legal.js';
import { interpolate, type MessageParams } from './format.js';
import type { Locale } from './locale.js';

const en = {
  ...errors.en,
  ...commands.en,
  ...screens.en,
  ...shell.en,
  ...digest.en,
  ...calendar.en,
  ...limits.en,
  ...exportFiles.en,
  ...importFiles.en,
  ...chatFiles.en,
  ...admin.en,
  ...setup.en,
  ...funnel.en,
  ...accounts.en,
  ...scorecard.en,
  ...dealHistory.en,
  ...requests.en,
  ...reportAccess.en,
  ...competitors.en,
  ...satisfaction.en,
  ...charts.en,
  ...slices.en,
  ...greetings.en,
  ...legal.en,
  ...messageActions.en,
  ...help.en,
  ...share.en,
};
const zh: Record<MessageKey, string> = {
  ...errors.zh,
  ...commands.zh,
  ...screens.zh,
  ...shell.zh,
  ...digest.zh,
  ...calendar.zh,
  ...limits.zh,
  ...exportFiles.zh,
  ...importFiles.zh,
  ...chatFiles.zh,
  ...admin.zh,
  ...setup.zh,
  ...funnel.zh,
  ...accounts.zh,
  ...scorecard.zh,
  ...dealHistory.zh,
  ...requests.zh,
  ...reportAccess.zh,
  ...competitors.zh,
  ...satisfaction.zh,
  ...charts.zh,
  ...slices.zh,
  ...greetings.zh,
  ...legal.zh,
  ...messageActions.zh,
  ...help.zh,
  ...share.zh,
};

export type MessageKey = keyof typeof en;
export type { MessageParams };

/** The message in the locale; a `<key>_one` variant, where there is one, is used when `count` is 1. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const table: Record<MessageKey, string> = locale === 'zh-CN' ? zh : en;
  const singular = `${key}_one`;
  const chosen = params.count === 1 && isMessageKey(singular) ? singular : key;
  return interpolate(table[chosen], params, locale);
}

/** A message in English then Chinese, for someone whose language is not known yet (before the member is). */
export function inBothLanguages(key: MessageKey, params: MessageParams = {}, separator = '\n'): string {
  return `${t('en', key, params)}${separator}${t('zh-CN', key, params)}`;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** What completes `prefix.` to a catalogue key: `KeySuffix<'category'>` is `'pipeline' | 'best' | …`. */
export type KeySuffix<P extends string> = MessageKey extends infer K ? (K extends `${P}.${infer S}` ? S : never) : never;

/**
 * The key `prefix.value`, for words chosen by a value (a category, a role, a status). The parameter's type
 * admits only values that have an entry, so a value type with a member the catalogue lacks does not compile.
 */
export function keyOf<P extends string>(prefix: P, value: KeySuffix<P>): MessageKey {
  const key = `${prefix}.${value}`;
  if (isMessageKey(key)) return key;
  throw new Error(`No catalogue entry ${key}`); // unreachable while the types hold
}
