import type { Form, Screen } from '../screen.js';
import { t, keyOf } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { ROLES } from '../../domain/roles.js';

/** A form shown as a screen: a hint with the typed syntax (what the shell shows), and the form. */
function formScreen(form: Form, hint: string): Screen {
  return { kind: 'form', title: form.title, blocks: [{ type: 'context', text: hint }], form };
}

/** New team. Field names are the keys of the `dealdesk.team` command's schema. */
export function teamNewForm(locale: Locale): Form {
  return {
    id: 'team.new',
    commandId: 'dealdesk.team',
    title: t(locale, 'form.team_new.title'),
    submitLabel: t(locale, 'form.create'),
    hidden: { action: 'new' },
    fields: [
      {
        name: 'name',
        label: t(locale, 'form.team_new.name'),
        kind: 'text',
        required: true,
        placeholder: t(locale, 'form.team_new.name_placeholder'),
      },
      {
        name: 'region',
        label: t(locale, 'people.col.region'),
        kind: 'text',
        required: false,
        placeholder: t(locale, 'form.team_new.region_placeholder'),
      },
      {
        name: 'timezone',
        label: t(locale, 'people.col.timezone'),
        kind: 'text',
        required: false,
        placeholder: 'Asia/Shanghai',
        hint: t(locale, 'form.timezone_hint'),
      },
    ],
  };
}

export function teamNewFormScreen(locale: Locale): Screen {
  return formScreen(teamNewForm(locale), t(locale, 'form.team_new.hint'));
}

type EditablePerson = {
  id: string;
  name: string;
  handle: string;
  role: string;
  teamId: string | null;
  managerId: string | null;
  timeZone: string | null;
};
type TeamChoice = { id: string; name: string };
type PersonChoice = { id: string; name: string; handle: string; role: string; active: boolean };

/**
 * A person's role, team, manager and time zone, filled in with what they are now. Managers to choose
 * from are the active managers and admins (and the current manager, whoever they are).
 */
export function memberEditForm(
  locale: Locale,
  person: EditablePerson,
  teams: readonly TeamChoice[],
  people: readonly PersonChoice[],
): Form {
  const none = { value: 'none', label: t(locale, 'people.none') };
  const team = teams.find((candidate) => candidate.id === person.teamId);
  const managers = people.filter(
    (candidate) => candidate.id !== person.id && candidate.active && (candidate.role !== 'rep' || candidate.id === person.managerId),
  );
  const manager = managers.find((candidate) => candidate.id === person.managerId);
  return {
    id: 'member.edit',
    commandId: 'dealdesk.member',
    title: t(locale, 'form.member_edit.title', { name: person.name }),
    submitLabel: t(locale, 'form.save'),
    hidden: { handle: `@${person.handle}` },
    fields: [
      {
        name: 'role',
        label: t(locale, 'form.member_edit.role'),
        kind: 'select',
        required: true,
        value: person.role,
        options: ROLES.map((role) => ({ value: role, label: t(locale, keyOf('role', role)) })),
      },
      {
        name: 'team',
        label: t(locale, 'people.col.team'),
        kind: 'select',
        required: true,
        value: team?.name ?? 'none',
        options: [none, ...teams.map((candidate) => ({ value: candidate.name, label: candidate.name }))],
      },
      {
        name: 'manager',
        label: t(locale, 'people.col.manager'),
        kind: 'select',
        required: true,
        value: manager ? `@${manager.handle}` : 'none',
        options: [
          none,
          ...managers.map((candidate) => ({ value: `@${candidate.handle}`, label: `${candidate.name} (@${candidate.handle})` })),
        ],
      },
      {
        name: 'timezone',
        label: t(locale, 'people.col.timezone'),
        kind: 'text',
        required: false,
        placeholder: 'Asia/Shanghai',
        ...(person.timeZone ? { value: person.timeZone } : {}),
        hint: t(locale, 'form.timezone_hint'),
      },
    ],
  };
}

export function memberEditFormScreen(
  locale: Locale,
  person: EditablePerson,
  teams: readonly TeamChoice[],
  people: readonly PersonChoice[],
): Screen {
  return formScreen(memberEditForm(locale, person, teams, people), t(locale, 'form.member_edit.hint', { handle: person.handle }));
}

/** Deactivating someone: whose @handle gets their open deals. */
export function handoverForm(locale: Locale, person: { name: string; handle: string }): Form {
  return {
    id: 'member.handover',
    commandId: 'dealdesk.member',
    title: t(locale, 'form.handover.title'),
    submitLabel: t(locale, 'form.handover.submit'),
    hidden: { handle: `@${person.handle}`, status: 'deactivate' },
    fields: [
      {
        name: 'deals',
        label: t(locale, 'member.hand_to_prompt'),
        kind: 'text',
        required: true,
        placeholder: '@handle',
        hint: t(locale, 'form.handover.hint', { name: person.name }),
      },
    ],
  };
}
