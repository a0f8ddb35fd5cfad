import { z } from 'zod';
import { defineCommand, type Command } from './command.js';
import { COMMANDS } from './index.js';
import { matchCommand } from './execute.js';
import type { CommandContext } from './context.js';
import { DomainError } from '../domain/errors.js';
import { normalizeKey } from '../domain/text-match.js';
import { commandHelpScreen, helpGuideScreen, type GuideSection, type HelpTopicEntry } from '../views/screens/help.js';
import type { Action } from '../views/screen.js';
import type { MessageKey } from '../i18n/index.js';
import { t } from '../i18n/index.js';
import type { Locale } from '../i18n/locale.js';

/** A line someone can type as it is, and (in the guide) what it does. */
type Example = { line: MessageKey; does?: MessageKey };

type Section = {
  title: MessageKey;
  /** Shown to managers and admins only. */
  managers?: true;
  /** The guide's examples, 2–4 a section. */
  examples: readonly Example[];
  /** The commands the section is about, by id: together, the sections name every command. */
  commands: readonly string[];
  buttons: (locale: Locale) => Action[];
};

/** The guide: sections by task, in the order a person meets them. */
export const HELP_SECTIONS: readonly Section[] = [
  {
    title: 'help.section.log',
    examples: [
      { line: 'help.ex.deal_new', does: 'help.does.deal_new' },
      { line: 'help.ex.deal_move', does: 'help.does.deal_move' },
      { line: 'help.ex.deal_note', does: 'help.does.deal_note' },
      { line: 'help.ex.deal_update_next', does: 'help.does.deal_update_next' },
    ],
    commands: ['deal.form', 'deal.new', 'deal.move', 'deal.update', 'deal.note', 'deal.show', 'deal.history', 'deal.search', 'deal.list'],
    buttons: (locale) => [
      { id: 'deal.new', label: t(locale, 'help.button.new_deal'), command: 'deal', form: 'deal.new' },
      { id: 'deal.list', label: t(locale, 'action.my_deals'), command: 'deal list mine' },
    ],
  },
  {
    title: 'help.section.reports',
    examples: [
      { line: 'help.ex.pipeline', does: 'help.does.pipeline' },
      { line: 'help.ex.quota', does: 'help.does.quota' },
      { line: 'help.ex.forecast', does: 'help.does.forecast' },
    ],
    commands: ['pipeline', 'quota', 'forecast', 'funnel', 'competitors', 'scorecard', 'leaderboard', 'satisfaction', 'dealdesk.export'],
    buttons: (locale) => [
      { id: 'pipeline', label: t(locale, 'help.button.my_pipeline'), command: 'pipeline' },
      { id: 'quota', label: t(locale, 'action.quota'), command: 'quota' },
      { id: 'forecast', label: t(locale, 'action.forecast'), command: 'forecast' },
    ],
  },
  {
    title: 'help.section.accounts',
    examples: [
      { line: 'help.ex.account', does: 'help.does.account' },
      { line: 'help.ex.account_contact', does: 'help.does.account_contact' },
      { line: 'help.ex.home', does: 'help.does.home' },
      { line: 'help.ex.digest', does: 'help.does.digest' },
    ],
    commands: ['account', 'deal.satisfaction', 'dealdesk.home', 'dealdesk.digest'],
    buttons: (locale) => [{ id: 'dealdesk.home', label: t(locale, 'help.button.home'), command: 'dealdesk home' }],
  },
  {
    title: 'help.section.approvals',
    examples: [
      { line: 'help.ex.deal_discount', does: 'help.does.deal_discount' },
      { line: 'help.ex.deal_approvals', does: 'help.does.deal_approvals' },
      { line: 'help.ex.deal_approve', does: 'help.does.deal_approve' },
      { line: 'help.ex.deal_reject', does: 'help.does.deal_reject' },
    ],
    commands: ['deal.discount', 'deal.approvals', 'deal.approve', 'deal.reject', 'dealdesk.policy'],
    buttons: (locale) => [
      { id: 'deal.approvals', label: t(locale, 'help.button.approvals'), command: 'deal approvals' },
      { id: 'dealdesk.policy', label: t(locale, 'help.button.policy'), command: 'dealdesk policy' },
    ],
  },
  {
    title: 'help.section.manage',
    managers: true,
    examples: [
      { line: 'help.ex.setup', does: 'help.does.setup' },
      { line: 'help.ex.pipeline_team', does: 'help.does.pipeline_team' },
      { line: 'help.ex.quota_set', does: 'help.does.quota_set' },
      { line: 'help.ex.team_add', does: 'help.does.team_add' },
    ],
    commands: [
      'quota.set',
      'dealdesk.setup',
      'dealdesk.people',
      'dealdesk.team',
      'dealdesk.member',
      'dealdesk.workspace',
      'dealdesk.rates',
      'dealdesk.grades',
      'dealdesk.import',
    ],
    buttons: (locale) => [
      { id: 'dealdesk.setup', label: t(locale, 'help.button.setup'), command: 'dealdesk setup' },
      { id: 'dealdesk.people', label: t(locale, 'help.button.people'), command: 'dealdesk people' },
    ],
  },
  {
    title: 'help.section.you',
    examples: [
      { line: 'help.ex.language', does: 'help.does.language' },
      { line: 'help.ex.settings', does: 'help.does.settings' },
      { line: 'help.ex.help_deal', does: 'help.does.help_deal' },
    ],
    commands: ['dealdesk.language', 'dealdesk.settings', 'dealdesk.help', 'deal.help'],
    buttons: (locale) => [{ id: 'dealdesk.help', label: t(locale, 'help.button.deal_help'), command: 'dealdesk help deal' }],
  },
];

/** Each command's examples for `/dealdesk help <command>`: one for each form of it at least. */
export const COMMAND_EXAMPLES: Readonly<Record<string, readonly MessageKey[]>> = {
  'deal.form': ['help.ex.deal_form'],
  'deal.new': ['help.ex.deal_new', 'help.ex.deal_new_won'],
  'deal.move': ['help.ex.deal_move', 'help.ex.deal_move_lost'],
  'deal.update': ['help.ex.deal_update_close', 'help.ex.deal_update_next', 'help.ex.deal_update_competitor'],
  'deal.note': ['help.ex.deal_note'],
  'deal.show': ['help.ex.deal_show'],
  'deal.history': ['help.ex.deal_history'],
  'deal.search': ['help.ex.deal_search'],
  'deal.list': ['help.ex.deal_list', 'help.ex.deal_list_all'],
  'deal.satisfaction': ['help.ex.deal_satisfaction'],
  'deal.discount': ['help.ex.deal_discount'],
  'deal.approvals': ['help.ex.deal_approvals'],
  'deal.approve': ['help.ex.deal_approve'],
  'deal.reject': ['help.ex.deal_reject'],
  'deal.help': ['help.ex.deal_help'],
  pipeline: ['help.ex.pipeline', 'help.ex.pipeline_team'],
  quota: ['help.ex.quota', 'help.ex.quota_team'],
  'quota.set': ['help.ex.quota_set', 'help.ex.quota_set_team'],
  forecast: ['help.ex.forecast', 'help.ex.forecast_all'],
  funnel: ['help.ex.funnel'],
  competitors: ['help.ex.competitors'],
  scorecard: ['help.ex.scorecard'],
  leaderboard: ['help.ex.leaderboard'],
  satisfaction: ['help.ex.satisfaction'],
  account: ['help.ex.account', 'help.ex.account_contact', 'help.ex.account_grade'],
  'dealdesk.home': ['help.ex.home'],
  'dealdesk.digest': ['help.ex.digest', 'help.ex.digest_time'],
  'dealdesk.policy': ['help.ex.policy', 'help.ex.policy_group'],
  'dealdesk.setup': ['help.ex.setup'],
  'dealdesk.people': ['help.ex.people'],
  'dealdesk.team': ['help.ex.team_new', 'help.ex.team_add'],
  'dealdesk.member': ['help.ex.member_role'],
  'dealdesk.workspace': ['help.ex.workspace'],
  'dealdesk.settings': ['help.ex.settings', 'help.ex.settings_stale'],
  'dealdesk.rates': ['help.ex.rates'],
  'dealdesk.grades': ['help.ex.grades'],
  'dealdesk.import': ['help.ex.import'],
  'dealdesk.export': ['help.ex.export'],
  'dealdesk.language': ['help.ex.language'],
  'dealdesk.help': ['help.ex.help_deal', 'help.ex.help_pipeline'],
};

/** The guide's sections this person sees: the managing section only for managers and admins. */
export function sectionsFor(role: string): readonly Section[] {
  return HELP_SECTIONS.filter((section) => !section.managers || role !== 'rep');
}

const ZTopicSchema = z.object({ topic: z.array(z.string()).default([]) });

/** `/dealdesk help [command]`: the guide, or one command's syntax and examples. */
export const dealdeskHelp: Command = defineCommand({
  id: 'dealdesk.help',
  path: ['dealdesk', 'help'],
  usage: 'help.usage',
  summary: 'help.summary',
  schema: ZTopicSchema,
  parse: (args) => ({ topic: args }),
  run: (input, ctx) => Promise.resolve(helpAnswer(input.topic, ctx)),
});

/** `/deal help [subcommand]`: what `/dealdesk help deal [subcommand]` says. */
export const dealHelp: Command = defineCommand({
  id: 'deal.help',
  path: ['deal', 'help'],
  usage: 'help.deal_usage',
  summary: 'help.deal_summary',
  schema: ZTopicSchema,
  parse: (args) => ({ topic: args }),
  run: (input, ctx) => Promise.resolve(helpAnswer(['deal', ...input.topic], ctx)),
});

/** The command typed words name, as `execute` reads them (aliases such as `管道` included), else undefined. */
function commandNamed(words: readonly string[]): Command | undefined {
  const match = matchCommand(words);
  if (!(match instanceof DomainError)) return match.command;
  // `deal mvoe`: not a /deal command, but /deal is: its group.
  const group = words.length > 1 ? matchCommand(words.slice(0, 1)) : match;
  return group instanceof DomainError ? undefined : group.command;
}

function helpAnswer(topic: readonly string[], ctx: CommandContext) {
  const locale = ctx.actor.locale;
  const commands = COMMANDS;
  if (topic.length === 0) {
    const sections: GuideSection[] = sectionsFor(ctx.actor.role).map((section) => ({
      title: section.title,
      examples: section.examples.flatMap((example) => (example.does ? [{ line: example.line, does: example.does }] : [])),
      commands: section.commands.flatMap((id) => {
        const command = commands.find((candidate) => candidate.id === id);
        return command ? [`/${command.path.join(' ')}`] : [];
      }),
      actions: section.buttons(locale),
    }));
    return { screen: helpGuideScreen(locale, sections, ctx.workspace.name, ctx.workspace.isDemo) };
  }
  const words = topic.map((word, i) => (i === 0 ? word.replace(/^\//, '') : word));
  const found = commandNamed(words);
  if (!found) {
    const roots = [...new Set(commands.map((command) => command.path[0] ?? ''))];
    throw new DomainError('help.unknown_command', { input: topic.join(' '), commands: roots });
  }
  // One command when its sub-command was named (`deal new`, `quota set`, `settings`); else its whole group.
  const named = words.length > 1 ? normalizeKey(words[1] ?? '') === found.path[1] : normalizeKey(words[0] ?? '') !== found.path[0];
  const single = found.path.length > 1 && named;
  const root = found.path[0];
  const chosen = single ? [found] : commands.filter((command) => command.path[0] === root);
  const entries: HelpTopicEntry[] = chosen.map((command) => ({
    usage: command.usage,
    summary: command.summary,
    examples: COMMAND_EXAMPLES[command.id] ?? [],
  }));
  const title = single ? `/${found.path.join(' ')}` : `/${root ?? ''}`;
  const actions: Action[] = [{ id: 'dealdesk.help', label: t(locale, 'help.button.guide'), command: 'dealdesk help' }];
  return { screen: commandHelpScreen(locale, title, entries, actions) };
}
