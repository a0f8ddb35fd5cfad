import { z } from 'zod';
import { defineCommand, type CommandResult } from './command.js';
import type { CommandContext } from './context.js';
import { findPerson, keywordParts, wordsThenHandles } from './people-args.js';
import { findTeam } from './scope.js';
import { DomainError } from '../domain/errors.js';
import { assertMayAddToTeam, assertMayRunTeam, assertPeopleAdmin } from '../domain/authz.js';
import { isValidTimeZone } from '../domain/calendar.js';
import { normalizeKey } from '../domain/text-match.js';
import { listTeams, type TeamRecord } from '../store/teams.js';
import type { AuditActor } from '../store/audit.js';
import {
  addToTeam,
  createTeam,
  deleteTeam,
  listPeople,
  removeFromTeam,
  renameTeam,
  setTeamManager,
  teamContents,
  type PersonRecord,
} from '../store/org.js';
import { messageScreen } from '../views/screens/message.js';
import { teamNewFormScreen } from '../views/screens/admin-forms.js';
import { t } from '../i18n/index.js';
import { stageKeys } from '../domain/stages.js';

const TEAM_ACTIONS = ['new', 'rename', 'manager', 'add', 'remove', 'delete'] as const;
type TeamAction = (typeof TEAM_ACTIONS)[number];

const ACTION_WORDS: Record<string, TeamAction> = {
  new: 'new',
  create: 'new',
  新建: 'new',
  创建: 'new',
  rename: 'rename',
  重命名: 'rename',
  改名: 'rename',
  manager: 'manager',
  经理: 'manager',
  add: 'add',
  添加: 'add',
  加入: 'add',
  remove: 'remove',
  移除: 'remove',
  delete: 'delete',
  删除: 'delete',
};

const NEW_TEAM_WORDS = {
  region: 'region',
  区域: 'region',
  地区: 'region',
  timezone: 'timezone',
  tz: 'timezone',
  时区: 'timezone',
} as const;
const RENAME_WORDS = { to: 'to', as: 'to', 为: 'to', 改为: 'to', '→': 'to' } as const;

const NAME_MAX = 80;

export const ZTeamSchema = z.object({
  action: z.enum(TEAM_ACTIONS, { required_error: 'team.action_missing', invalid_type_error: 'team.action_missing' }),
  /** The team acted on (every action but `new`). */
  team: z.string().trim().optional(),
  /** A new team's name, or a team's new name. */
  name: z.string().trim().max(NAME_MAX, 'team.name_too_long').optional(),
  region: z.string().trim().max(NAME_MAX, 'team.region_too_long').optional(),
  timezone: z.string().trim().optional(),
  /** `@handle`s: the manager, or the people added or removed. */
  members: z.array(z.string()).default([]),
});
type TeamInput = z.infer<typeof ZTeamSchema>;

export async function parseTeam(args: readonly string[], ctx: CommandContext): Promise<unknown> {
  const [verb, ...rest] = args;
  if (verb === undefined) return {};
  const action = ACTION_WORDS[normalizeKey(verb)];
  if (!action) throw new DomainError('team.action_unknown', { input: verb, field: 'action' });
  switch (action) {
    case 'new': {
      const { head, parts } = keywordParts(rest, NEW_TEAM_WORDS);
      return {
        action,
        ...(head.length > 0 ? { name: head.join(' ') } : {}),
        ...(parts.region ? { region: parts.region.join(' ') } : {}),
        ...(parts.timezone ? { timezone: parts.timezone.join(' ') } : {}),
      };
    }
    case 'rename': {
      // A team may have "to" in its name ("Go to Market"): split at the "to" after a team's full name.
      const teams = (await listTeams(ctx.db, ctx.workspace.id)).map((team) => team.nameKey);
      const splits = rest.flatMap((word, i) => (Object.hasOwn(RENAME_WORDS, normalizeKey(word)) ? [i] : []));
      const at = splits.find((i) => teams.includes(normalizeKey(rest.slice(0, i).join(' ')))) ?? splits[0];
      if (at === undefined) return { action, team: rest.join(' ') };
      const name = rest.slice(at + 1).join(' ');
      return { action, team: rest.slice(0, at).join(' '), ...(name ? { name } : {}) };
    }
    case 'delete':
      return { action, team: rest.join(' ') };
    default: {
      const { words, handles } = wordsThenHandles(rest, 'members');
      return { action, team: words.join(' '), members: handles };
    }
  }
}

type Loaded = { teams: TeamRecord[]; people: PersonRecord[] };

async function load(ctx: CommandContext): Promise<Loaded> {
  const [teams, people] = await Promise.all([listTeams(ctx.db, ctx.workspace.id), listPeople(ctx.db, ctx.workspace.id)]);
  return { teams, people };
}

function teamNamed(loaded: Loaded, typed: string | undefined): TeamRecord {
  if (!typed) throw new DomainError('team.name_missing', { field: 'team', teams: loaded.teams.map((team) => team.name) });
  return findTeam(loaded.teams, typed);
}

function activePerson(loaded: Loaded, typed: string): PersonRecord {
  const person = findPerson(loaded.people, typed);
  if (!person.active) throw new DomainError('people.inactive', { name: person.name, handle: person.handle, field: 'members' });
  return person;
}

function auditActor(ctx: CommandContext): AuditActor {
  return { workspaceId: ctx.workspace.id, actorId: ctx.actor.id, now: ctx.now };
}

function openStages(ctx: CommandContext): string[] {
  return stageKeys(ctx.workspace.stages, 'open');
}

function done(text: string): CommandResult {
  return { screen: messageScreen(text, { tone: 'success' }) };
}

export async function runTeam(input: TeamInput, ctx: CommandContext): Promise<CommandResult> {
  const locale = ctx.actor.locale;
  const loaded = await load(ctx);
  switch (input.action) {
    case 'new': {
      assertPeopleAdmin(ctx.actor);
      // `/dealdesk team new` alone: the form (a modal, a card, or its fields typed in the shell).
      if (!input.name && input.region === undefined && input.timezone === undefined) return { screen: teamNewFormScreen(locale) };
      if (!input.name) throw new DomainError('team.name_missing', { field: 'name', teams: loaded.teams.map((team) => team.name) });
      const timeZone = input.timezone || null;
      if (timeZone !== null && !isValidTimeZone(timeZone))
        throw new DomainError('settings.timezone_invalid', { input: timeZone, field: 'timezone' });
      await createTeam(ctx.db, auditActor(ctx), { name: input.name, region: input.region || null, timeZone });
      const details = [
        ...(input.region ? [t(locale, 'team.detail_region', { region: input.region })] : []),
        ...(timeZone ? [t(locale, 'team.detail_timezone', { timezone: timeZone })] : []),
      ];
      return done(t(locale, details.length > 0 ? 'team.created_with' : 'team.created', { team: input.name, details }));
    }
    case 'rename': {
      const team = teamNamed(loaded, input.team);
      assertMayRunTeam(ctx.actor, team);
      if (!input.name) throw new DomainError('team.new_name_missing', { team: team.name, field: 'name' });
      if (input.name === team.name) throw new DomainError('people.unchanged', { field: 'name' });
      await renameTeam(ctx.db, auditActor(ctx), team.id, input.name);
      return done(t(locale, 'team.renamed', { team: team.name, name: input.name }));
    }
    case 'manager': {
      const team = teamNamed(loaded, input.team);
      assertPeopleAdmin(ctx.actor);
      const [handle, ...extra] = input.members;
      if (handle === undefined || extra.length > 0) throw new DomainError('team.manager_one', { team: team.name, field: 'members' });
      const person = activePerson(loaded, handle);
      if (team.managerId === person.id) throw new DomainError('team.already_manager', { name: person.name, team: team.name });
      const change = await setTeamManager(ctx.db, auditActor(ctx), team.id, person.id);
      const sentences = [t(locale, 'team.manager_set', { name: person.name, team: team.name, count: change.reports })];
      if (change.promoted) sentences.push(t(locale, 'team.manager_promoted', { name: person.name }));
      return done(sentences.join(' '));
    }
    case 'add': {
      const team = teamNamed(loaded, input.team);
      assertMayRunTeam(ctx.actor, team);
      const people = peopleNamed(loaded, input.members, team);
      for (const person of people) assertMayAddToTeam(ctx.actor, team, person);
      const fresh = people.filter((person) => person.teamId !== team.id);
      if (fresh.length === 0) throw new DomainError('team.already_in', { team: team.name, names: people.map((p) => p.name) });
      const moves = await addToTeam(
        ctx.db,
        auditActor(ctx),
        team.id,
        fresh.map((person) => person.id),
        openStages(ctx),
      );
      return done(addedSentences(ctx, loaded, team, moves).join(' '));
    }
    case 'remove': {
      const team = teamNamed(loaded, input.team);
      assertMayRunTeam(ctx.actor, team);
      const people = peopleNamed(loaded, input.members, team);
      const outsiders = people.filter((person) => person.teamId !== team.id);
      if (outsiders.length > 0)
        throw new DomainError('team.not_in', { team: team.name, names: outsiders.map((p) => p.name), field: 'members' });
      if (ctx.actor.role !== 'admin' && people.some((person) => person.role !== 'rep'))
        throw new DomainError('people.move_forbidden', { name: people.find((p) => p.role !== 'rep')?.name ?? '', team: team.name });
      const { managerRemoved } = await removeFromTeam(
        ctx.db,
        auditActor(ctx),
        team.id,
        people.map((person) => person.id),
      );
      const sentences = [t(locale, 'team.removed', { team: team.name, names: people.map((p) => p.name) })];
      if (managerRemoved) sentences.push(t(locale, 'team.manager_left', { team: team.name }));
      return done(sentences.join(' '));
    }
    case 'delete': {
      const team = teamNamed(loaded, input.team);
      assertPeopleAdmin(ctx.actor);
      const contents = await teamContents(ctx.db, team.id);
      if (contents.members > 0) throw new DomainError('team.has_members', { team: team.name, count: contents.members });
      if (contents.quotas > 0) throw new DomainError('team.has_quotas', { team: team.name, count: contents.quotas });
      const deals = await deleteTeam(ctx.db, auditActor(ctx), team.id);
      return done(t(locale, 'team.deleted', { team: team.name, count: deals }));
    }
  }
}

function peopleNamed(loaded: Loaded, handles: readonly string[], team: TeamRecord): PersonRecord[] {
  if (handles.length === 0) throw new DomainError('team.members_missing', { team: team.name, field: 'members' });
  const people = handles.map((handle) => activePerson(loaded, handle));
  return people.filter((person, i) => people.findIndex((p) => p.id === person.id) === i);
}

function addedSentences(
  ctx: CommandContext,
  loaded: Loaded,
  team: TeamRecord,
  moves: readonly { memberId: string; fromTeamId: string | null; openDealsLeft: number }[],
): string[] {
  const locale = ctx.actor.locale;
  const nameOf = (id: string): string => loaded.people.find((p) => p.id === id)?.name ?? '';
  const manager = team.managerId ? nameOf(team.managerId) : '';
  const names = moves.map((move) => nameOf(move.memberId));
  const sentences = [
    manager && !moves.some((move) => move.memberId === team.managerId)
      ? t(locale, 'team.added_reporting', { team: team.name, names, manager, count: names.length })
      : t(locale, 'team.added', { team: team.name, names, count: names.length }),
  ];
  for (const move of moves) {
    if (move.openDealsLeft === 0 || move.fromTeamId === null) continue;
    const from = loaded.teams.find((other) => other.id === move.fromTeamId)?.name ?? '';
    sentences.push(t(locale, 'team.open_deals_stay', { name: nameOf(move.memberId), count: move.openDealsLeft, from }));
  }
  return sentences;
}

/** `/dealdesk team new|rename|manager|add|remove|delete …`: teams, run by admins (and managers for their own). */
export const dealdeskTeam = defineCommand({
  id: 'dealdesk.team',
  path: ['dealdesk', 'team'],
  usage: 'usage.dealdesk.team',
  summary: 'summary.dealdesk.team',
  schema: ZTeamSchema,
  parse: parseTeam,
  run: runTeam,
});
