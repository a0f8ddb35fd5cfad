import type { Screen } from '../screen.js';
import { t, type MessageKey } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';

export type HelpEntry = { usage: MessageKey; summary: MessageKey };

export function helpScreen(locale: Locale, entries: readonly HelpEntry[], workspaceName: string, isDemo: boolean): Screen {
  const title = t(locale, 'help.title');
  return {
    kind: 'help',
    title,
    blocks: [
      { type: 'header', text: title },
      ...(isDemo ? [{ type: 'text' as const, text: t(locale, 'help.demo', { workspace: workspaceName }), tone: 'warning' as const }] : []),
      { type: 'items', items: entries.map((entry) => ({ title: t(locale, entry.usage), detail: t(locale, entry.summary) })) },
      { type: 'context', text: t(locale, 'help.syntax') },
      {
        type: 'actions',
        actions: [
          { id: 'deal.list', label: t(locale, 'action.my_deals'), command: 'deal list mine' },
          { id: 'pipeline', label: t(locale, 'action.pipeline'), command: 'pipeline' },
          { id: 'quota', label: t(locale, 'action.quota'), command: 'quota' },
        ],
      },
    ],
  };
}
