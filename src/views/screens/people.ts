import type { Action, Block, Item, Screen } from '../screen.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';

export type PeopleTeamRow = { name: string; region: string | null; timeZone: string | null; manager: string | null; members: number };

export type PeoplePersonRow = {
  name: string;
  handle: string;
  /** Already worded in the reader's language. */
  role: string;
  team: string | null;
  manager: string | null;
  timeZone: string | null;
  active: boolean;
  /** The reader may open this person's form. */
  editable: boolean;
};

export type PeopleData = {
  workspace: string;
  teams: readonly PeopleTeamRow[];
  /** This page's people. */
  people: readonly PeoplePersonRow[];
  total: number;
  page: number;
  pageSize: number;
  canCreateTeam: boolean;
};

/** Who is who: the teams, then the people one page at a time, with their form buttons. */
export function peopleScreen(data: PeopleData, locale: Locale): Screen {
  const title = t(locale, 'people.title', { workspace: data.workspace });
  const none = t(locale, 'people.none');
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (data.teams.length === 0) {
    blocks.push({ type: 'text', text: t(locale, 'people.no_teams') });
  } else {
    blocks.push({
      type: 'table',
      columns: [
        { label: t(locale, 'people.col.team') },
        { label: t(locale, 'people.col.region') },
        { label: t(locale, 'people.col.timezone') },
        { label: t(locale, 'people.col.manager') },
        { label: t(locale, 'people.col.members'), align: 'right' },
      ],
      rows: data.teams.map((team) => [team.name, team.region ?? '—', team.timeZone ?? '—', team.manager ?? none, String(team.members)]),
    });
  }
  if (data.canCreateTeam)
    blocks.push({
      type: 'actions',
      actions: [{ id: 'team.new', label: t(locale, 'people.new_team'), command: 'dealdesk team new', form: 'team.new' }],
    });
  blocks.push({ type: 'header', text: t(locale, 'people.people') });
  const items: Item[] = data.people.map((person) => ({
    title: `${person.name} (@${person.handle})`,
    detail: [
      person.role,
      person.team ?? t(locale, 'people.no_team'),
      person.manager ? t(locale, 'people.reports_to', { manager: person.manager }) : t(locale, 'people.no_manager'),
      person.timeZone ?? t(locale, 'people.default_timezone'),
      t(locale, person.active ? 'people.status_active' : 'people.status_inactive'),
    ].join(' · '),
    ...(person.editable
      ? {
          action: {
            id: 'member.edit',
            label: t(locale, 'people.edit'),
            command: `dealdesk member @${person.handle}`,
            form: 'member.edit' as const,
          },
        }
      : {}),
  }));
  if (items.length > 0) blocks.push({ type: 'items', items });
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const first = (data.page - 1) * data.pageSize + 1;
  const last = Math.min(data.total, data.page * data.pageSize);
  if (data.total > 0)
    blocks.push({ type: 'context', text: t(locale, 'list.range', { first, last, total: data.total, page: data.page, pages }) });
  const paging: Action[] = [];
  if (data.page > 1)
    paging.push({ id: 'page.previous', label: t(locale, 'action.previous'), command: `dealdesk people page ${data.page - 1}` });
  if (data.page < pages)
    paging.push({ id: 'page.next', label: t(locale, 'action.next'), command: `dealdesk people page ${data.page + 1}` });
  if (paging.length > 0) blocks.push({ type: 'actions', actions: paging });
  blocks.push({ type: 'context', text: t(locale, 'people.how_to_change') });
  return { kind: 'people', title, blocks };
}

/** Before deactivating someone with open deals: where do they go? */
export function deactivatePromptScreen(
  locale: Locale,
  member: { name: string; handle: string; open: number; manager?: { name: string; handle: string } },
): Screen {
  const base = `dealdesk member @${member.handle} deactivate`;
  const actions: Action[] = [];
  if (member.manager)
    actions.push({
      id: 'member.deactivate_to_manager',
      label: t(locale, 'member.give_to', { name: member.manager.name }),
      style: 'primary',
      command: `${base} to @${member.manager.handle}`,
    });
  actions.push(
    { id: 'member.deactivate_keep', label: t(locale, 'member.keep_under', { name: member.name }), command: `${base} keep` },
    {
      id: 'member.deactivate_to',
      label: t(locale, 'member.give_to_someone'),
      command: `${base} to`,
      input: { prompt: t(locale, 'member.hand_to_prompt'), placeholder: '@handle' },
      form: 'member.handover',
    },
  );
  const text = t(locale, 'member.deactivate_ask', { name: member.name, count: member.open });
  return {
    kind: 'message',
    title: text,
    tone: 'warning',
    blocks: [
      { type: 'text', text, tone: 'warning' },
      { type: 'actions', actions },
    ],
  };
}
