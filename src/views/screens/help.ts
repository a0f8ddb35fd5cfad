import type { Action, Block, Screen } from '../screen.js';
import { t, type MessageKey } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';

/** One task of the guide: lines to copy with what they do, the commands it is about, buttons that try it. */
export type GuideSection = {
  title: MessageKey;
  examples: readonly { line: MessageKey; does: MessageKey }[];
  /** The commands as typed, e.g. `/deal new`. */
  commands: readonly string[];
  actions: Action[];
};

/** One command of `/dealdesk help <command>`: its syntax, what it does and lines to copy. */
export type HelpTopicEntry = { usage: MessageKey; summary: MessageKey; examples: readonly MessageKey[] };

/** `/dealdesk help`: the guide by task. */
export function helpGuideScreen(locale: Locale, sections: readonly GuideSection[], workspaceName: string, isDemo: boolean): Screen {
  const title = t(locale, 'help.title');
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (isDemo) blocks.push({ type: 'text', text: t(locale, 'help.demo', { workspace: workspaceName }), tone: 'warning' });
  blocks.push({ type: 'context', text: t(locale, 'help.intro') });
  for (const section of sections) {
    blocks.push(
      { type: 'divider' },
      { type: 'text', text: t(locale, section.title) },
      { type: 'items', items: section.examples.map((example) => ({ title: t(locale, example.line), detail: t(locale, example.does) })) },
      { type: 'context', text: t(locale, 'help.commands_here', { commands: section.commands.join(' · ') }) },
    );
    if (section.actions.length > 0) blocks.push({ type: 'actions', actions: section.actions });
  }
  blocks.push({ type: 'divider' }, { type: 'context', text: t(locale, 'help.syntax') });
  return { kind: 'help', title, blocks };
}

/** `/dealdesk help deal`: each command of the topic with its syntax, summary and examples. */
export function commandHelpScreen(locale: Locale, topic: string, entries: readonly HelpTopicEntry[], actions: Action[]): Screen {
  const title = t(locale, 'help.topic_title', { command: topic });
  return {
    kind: 'help',
    title,
    blocks: [
      { type: 'header', text: title },
      {
        type: 'items',
        items: entries.map((entry) => ({
          title: t(locale, entry.usage),
          detail: [t(locale, entry.summary), ...entry.examples.map((line) => t(locale, 'help.example', { line: t(locale, line) }))].join(
            '\n',
          ),
        })),
      },
      { type: 'context', text: t(locale, 'help.syntax') },
      { type: 'actions', actions },
    ],
  };
}
