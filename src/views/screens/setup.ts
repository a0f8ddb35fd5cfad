import type { Action, Block, Item, Screen } from '../screen.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';

/** A discount tier's range, as the policy names it: above `from` up to `to` (percent strings, e.g. '10%'). */
export type TierRange = { from: string; to: string };

/** Something first-run setup still lacks; each says what to type. */
export type SetupGap =
  | { kind: 'no_teams' }
  | { kind: 'team_without_manager'; team: string }
  | { kind: 'rep_without_quota'; name: string; handle: string }
  | { kind: 'no_manager'; range: TierRange; names: string[] }
  | { kind: 'no_managers_manager'; range: TierRange; names: string[] }
  | { kind: 'empty_group'; range: TierRange; group: string };

/** The three welcome steps are teams, managers and quotas; approvers are for the checklist only. */
export function isFirstStepGap(gap: SetupGap): boolean {
  return gap.kind === 'no_teams' || gap.kind === 'team_without_manager' || gap.kind === 'rep_without_quota';
}

/** Reps listed one by one before the rest are counted. */
const REPS_LISTED = 10;

export type SetupData = { gaps: readonly SetupGap[]; canEdit: boolean };

/**
 * `/dealdesk setup`: what is still missing, each with the command to type and, for admins, a button
 * that runs it; or, when nothing is, that the team is set up and what to try next.
 */
export function setupScreen(data: SetupData, locale: Locale): Screen {
  const title = t(locale, 'setup.title');
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (data.gaps.length === 0) {
    blocks.push({ type: 'text', text: t(locale, 'setup.done'), tone: 'success' }, { type: 'context', text: t(locale, 'setup.next') });
    return { kind: 'settings', title, tone: 'success', blocks };
  }
  const reps = data.gaps.filter((gap) => gap.kind === 'rep_without_quota');
  const shown = data.gaps.filter((gap) => gap.kind !== 'rep_without_quota' || reps.indexOf(gap) < REPS_LISTED);
  const items = shown.map((gap) => gapItem(gap, locale, data.canEdit));
  if (reps.length > REPS_LISTED)
    items.push({
      title: t(locale, 'setup.gap.rep_without_quota.more', { count: reps.length - REPS_LISTED }),
      detail: typeCommand(locale, '/quota'),
    });
  blocks.push({ type: 'text', text: t(locale, 'setup.missing', { count: data.gaps.length }), tone: 'warning' }, { type: 'items', items });
  if (data.gaps.some((gap) => !isFirstStepGap(gap))) blocks.push({ type: 'context', text: t(locale, 'setup.gap.admins_decide') });
  if (!data.canEdit) blocks.push({ type: 'context', text: t(locale, 'setup.admins_fix') });
  return { kind: 'settings', title, tone: 'warning', blocks };
}

function typeCommand(locale: Locale, command: string): string {
  return t(locale, 'setup.type', { command });
}

/** Names listed before the rest are counted, so a sentence stays short in a big workspace. */
const NAMES_LISTED = 5;

function someNames(locale: Locale, names: readonly string[]): string[] {
  if (names.length <= NAMES_LISTED) return [...names];
  return [...names.slice(0, NAMES_LISTED), t(locale, 'setup.names_more', { count: names.length - NAMES_LISTED })];
}

function rangeOf(locale: Locale, range: TierRange): string {
  return t(locale, 'setup.range', range);
}

function gapItem(gap: SetupGap, locale: Locale, canEdit: boolean): Item {
  const item = (title: string, command: string, action: Action): Item => ({
    title,
    detail: typeCommand(locale, command),
    ...(canEdit ? { action } : {}),
  });
  switch (gap.kind) {
    case 'no_teams':
      return item(t(locale, 'setup.gap.no_teams'), '/dealdesk team new <name>', {
        id: 'setup.team_new',
        label: t(locale, 'setup.button.create_team'),
        style: 'primary',
        command: 'dealdesk team new',
      });
    case 'team_without_manager':
      return item(t(locale, 'setup.gap.team_without_manager', { team: gap.team }), `/dealdesk team manager ${gap.team} @user`, {
        id: 'setup.team_manager',
        label: t(locale, 'setup.button.name_manager'),
        command: `dealdesk team manager ${/\s/.test(gap.team) ? `"${gap.team.replace(/"/g, '”')}"` : gap.team}`,
        input: { prompt: t(locale, 'setup.prompt.manager', { team: gap.team }), placeholder: '@' },
      });
    case 'rep_without_quota':
      return item(t(locale, 'setup.gap.rep_without_quota', { name: gap.name, handle: gap.handle }), `/quota set @${gap.handle} <amount>`, {
        id: 'setup.quota_set',
        label: t(locale, 'setup.button.set_quota'),
        command: `quota set @${gap.handle}`,
        input: { prompt: t(locale, 'setup.prompt.amount', { name: gap.name }), placeholder: '50k' },
      });
    case 'no_manager':
      return item(
        t(locale, 'setup.gap.no_manager', {
          range: rangeOf(locale, gap.range),
          names: someNames(locale, gap.names),
          count: gap.names.length,
        }),
        '/dealdesk member @user manager @manager',
        { id: 'setup.people', label: t(locale, 'setup.button.people'), command: 'dealdesk people' },
      );
    case 'no_managers_manager':
      return item(
        t(locale, 'setup.gap.no_managers_manager', { range: rangeOf(locale, gap.range), names: someNames(locale, gap.names) }),
        '/dealdesk member @manager manager @user',
        { id: 'setup.people', label: t(locale, 'setup.button.people'), command: 'dealdesk people' },
      );
    case 'empty_group':
      return item(
        t(locale, 'setup.gap.empty_group', { range: rangeOf(locale, gap.range), group: gap.group }),
        `/dealdesk policy group ${gap.group} @user`,
        {
          id: 'setup.policy_group',
          label: t(locale, 'setup.button.add_to_group', { group: gap.group }),
          command: `dealdesk policy group ${gap.group}`,
          input: { prompt: t(locale, 'setup.prompt.member', { group: gap.group }), placeholder: '@' },
        },
      );
  }
}

/**
 * The welcome a new workspace's admin gets (Slack App Home, Teams install card, shell banner): the
 * three steps that make DealDesk work for a real team, and a button to what is still missing. Where
 * mentions add people (Slack, Teams), it says so.
 */
export function welcomeScreen(locale: Locale, workspaceName: string, options: { mentions: boolean }): Screen {
  const title = t(locale, 'welcome.title');
  return {
    kind: 'help',
    title,
    blocks: [
      { type: 'header', text: title },
      { type: 'text', text: t(locale, 'welcome.intro', { workspace: workspaceName }) },
      {
        type: 'items',
        items: [
          { title: t(locale, 'welcome.step.teams'), detail: t(locale, 'welcome.step.teams.how') },
          { title: t(locale, 'welcome.step.managers'), detail: t(locale, 'welcome.step.managers.how') },
          { title: t(locale, 'welcome.step.quotas'), detail: t(locale, 'welcome.step.quotas.how') },
        ],
      },
      {
        type: 'context',
        text: options.mentions ? `${t(locale, 'welcome.mentions')} ${t(locale, 'welcome.then')}` : t(locale, 'welcome.then'),
      },
      {
        type: 'actions',
        actions: [{ id: 'setup', label: t(locale, 'welcome.button.setup'), style: 'primary', command: 'dealdesk setup' }],
      },
    ],
  };
}
