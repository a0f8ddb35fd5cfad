import { z } from 'zod';
import { defineCommand, type CommandResult } from './command.js';
import type { CommandContext } from './context.js';
import { findPerson, isHandle, isNone } from './people-args.js';
import { findTeam } from './scope.js';
import { DomainError } from '../domain/errors.js';
import { assertMayAddToTeam, assertMayEditMember, assertMayRunTeam, assertPeopleAdmin } from '../domain/authz.js';
import { isValidTimeZone } from '../domain/calendar.js';
import { isRole, type Role } from '../domain/roles.js';
import { normalizeKey } from '../domain/text-match.js';
import { listTeams, type TeamRecord } from '../store/teams.js';
import type { AuditActor } from '../store/audit.js';
import {
  addToTeam,
  deactivateMember,
  listPeople,
  openDealCount,
  reactivateMember,
  removeFromTeam,
  setMemberManager,
  setMemberRole,
  setMemberTimeZone,
  type PersonRecord,
} from '../store/org.js';
import { messageScreen } from '../views/screens/message.js';
import { deactivatePromptScreen } from '../views/screens/people.js';
import { handoverForm, memberEditForm, memberEditFormScreen, teamNewForm } from '../views/screens/admin-forms.js';
import type { Form } from '../views/screen.js';
import { keyOf, t } from '../i18n/index.js';
import { stageKeys } from '../domain/stages.js';

const FIELD_WORDS: Record<string, 'role' | 'team' | 'manager' | 'timezone' | 'deactivate' | 'reactivate'> = {
  role: 'role',
  角色: 'role',
  team: 'team',
  团队: 'team',
  manager: 'manager',
  经理: 'manager',
  上级: 'manager',
  timezone: 'timezone',
  tz: 'timezone',
  时区: 'timezone',
  deactivate: 'deactivate',
  停用: 'deactivate',
  reactivate: 'reactivate',
  activate: 'reactivate',
  启用: 'reactivate',
  恢复: 'reactivate',
};

const ROLE_WORDS: Record<string, Role> = {
  rep: 'rep',
  sales: 'rep',
  销售: 'rep',
  manager: 'manager',
  经理: 'manager',
  admin: 'admin',
  管理员: 'admin',
};

const HAND_TO_WORDS = new Set(['to', '给', '转给']);
const KEEP_WORDS = new Set(['keep', '保留']);

export const ZMemberSchema = z.object({
  handle: z.string({ required_error: 'member.handle_missing' }).trim().min(1, 'member.handle_missing'),
  role: z.string().trim().optional(),
  /** A team's name, or `none`. */
  team: z.string().trim().optional(),
  /** `@handle`, or `none`. */
  manager: z.string().trim().optional(),
  /** An IANA zone, or `none` for the team's. */
  timezone: z.string().trim().optional(),
  status: z.enum(['deactivate', 'reactivate']).optional(),
  /** Where a deactivated person's open deals go: `@handle`, or `keep`. */
  deals: z.string().trim().optional(),
});
type MemberInput = z.infer<typeof ZMemberSchema>;

/** `member @u role …| team …| manager …| timezone …| deactivate [to @x|keep] | reactivate`; `member @u` alone: the form. */
export function parseMember(args: readonly string[]): unknown {
  const [handle, fieldWord, ...rest] = args;
  if (handle === undefined) return {};
  if (fieldWord === undefined) return { handle };
  const field = FIELD_WORDS[normalizeKey(fieldWord)];
  if (!field) throw new DomainError('member.field_unknown', { input: fieldWord, field: 'field' });
  const value = rest.join(' ');
  switch (field) {
    case 'deactivate': {
      const [how, ...who] = rest;
      if (how === undefined) return { handle, status: field };
      if (KEEP_WORDS.has(normalizeKey(how)) && who.length === 0) return { handle, status: field, deals: 'keep' };
      if (HAND_TO_WORDS.has(normalizeKey(how))) {
        if (who.length !== 1) throw new DomainError('member.hand_to_missing', { field: 'deals' });
        return { handle, status: field, deals: who.join(' ') };
      }
      if (isHandle(how) && who.length === 0) return { handle, status: field, deals: how };
      throw new DomainError('member.deactivate_how', { input: how, field: 'deals' });
    }
    case 'reactivate':
      return { handle, status: field };
    default:
      if (!value) throw new DomainError('member.value_missing', { field });
      return { handle, [field]: value };
  }
}

type Loaded = { teams: TeamRecord[]; people: PersonRecord[] };

function auditActor(ctx: CommandContext): AuditActor {
  return { workspaceId: ctx.workspace.id, actorId: ctx.actor.id, now: ctx.now };
}

function openStages(ctx: CommandContext): string[] {
  return stageKeys(ctx.workspace.stages, 'open');
}

function managedTeamIds(ctx: CommandContext, teams: readonly TeamRecord[]): string[] {
  return teams.filter((team) => team.managerId === ctx.actor.id).map((team) => team.id);
}

/** One change, checked and authorised before the first is written, so a refused form writes nothing. */
type Planned = { apply: () => Promise<string> };

export async function runMember(input: MemberInput, ctx: CommandContext): Promise<CommandResult> {
  const locale = ctx.actor.locale;
  const [teams, people] = await Promise.all([listTeams(ctx.db, ctx.workspace.id), listPeople(ctx.db, ctx.workspace.id)]);
  const loaded: Loaded = { teams, people };
  const member = findPerson(people, input.handle);
  if (input.status === 'deactivate') return deactivate(ctx, loaded, member, input.deals);
  if (input.status === 'reactivate') {
    assertPeopleAdmin(ctx.actor);
    if (member.active) throw new DomainError('member.already_active', { name: member.name });
    await reactivateMember(ctx.db, auditActor(ctx), member.id);
    return { screen: messageScreen(t(locale, 'member.reactivated', { name: member.name }), { tone: 'success' }) };
  }
  const wanted = [input.role, input.team, input.manager, input.timezone];
  if (wanted.every((value) => value === undefined)) {
    if (ctx.actor.role !== 'admin') assertMayEditMember(ctx.actor, member, managedTeamIds(ctx, teams));
    return { screen: memberEditFormScreen(locale, member, teams, people) };
  }
  if (ctx.actor.role === 'rep') throw new DomainError('people.rep_forbidden', {});
  if (!member.active) throw new DomainError('people.inactive', { name: member.name, handle: member.handle, field: 'handle' });
  // Every value is compared with the person as they were, so a form's untouched fields change nothing.
  const plan: Planned[] = [];
  if (input.role !== undefined) plan.push(...planRole(ctx, member, input.role));
  if (input.team !== undefined) plan.push(...planTeam(ctx, loaded, member, input.team));
  if (input.manager !== undefined) plan.push(...planManager(ctx, loaded, member, input.manager));
  if (input.timezone !== undefined) plan.push(...planTimeZone(ctx, loaded, member, input.timezone));
  if (plan.length === 0) return { screen: messageScreen(t(locale, 'member.nothing_changed', { name: member.name }), { tone: 'info' }) };
  const sentences: string[] = [];
  for (const step of plan) sentences.push(await step.apply());
  return { screen: messageScreen(sentences.join(' '), { tone: 'success' }) };
}

function planRole(ctx: CommandContext, member: PersonRecord, typed: string): Planned[] {
  const role = ROLE_WORDS[normalizeKey(typed)] ?? (isRole(typed) ? typed : undefined);
  if (!role) throw new DomainError('member.role_unknown', { input: typed, field: 'role' });
  // Unchanged is no change, so a manager may send back a form whose role they cannot set.
  if (role === member.role) return [];
  assertPeopleAdmin(ctx.actor);
  const locale = ctx.actor.locale;
  return [
    {
      apply: async () => {
        const released = await setMemberRole(ctx.db, auditActor(ctx), member.id, role);
        const set = t(locale, 'member.role_set', { name: member.name, role: t(locale, keyOf('role', role)) });
        return released.length === 0
          ? set
          : `${set} ${t(locale, 'member.no_longer_manages', { name: member.name, teams: released, team: released[0] ?? '' })}`;
      },
    },
  ];
}

function planTeam(ctx: CommandContext, loaded: Loaded, member: PersonRecord, typed: string): Planned[] {
  const locale = ctx.actor.locale;
  if (isNone(typed)) {
    const current = loaded.teams.find((team) => team.id === member.teamId);
    if (!current) return [];
    assertMayRunTeam(ctx.actor, current);
    if (ctx.actor.role !== 'admin' && member.role !== 'rep')
      throw new DomainError('people.move_forbidden', { name: member.name, team: current.name, field: 'team' });
    return [
      {
        apply: async () => {
          const { managerRemoved } = await removeFromTeam(ctx.db, auditActor(ctx), current.id, [member.id]);
          const sentences = [t(locale, 'team.removed', { team: current.name, names: [member.name] })];
          if (managerRemoved) sentences.push(t(locale, 'team.manager_left', { team: current.name }));
          return sentences.join(' ');
        },
      },
    ];
  }
  const team = findTeam(loaded.teams, typed);
  assertMayAddToTeam(ctx.actor, team, member);
  if (team.id === member.teamId) return [];
  return [
    {
      apply: async () => {
        const [move] = await addToTeam(ctx.db, auditActor(ctx), team.id, [member.id], openStages(ctx));
        const manager = loaded.people.find((p) => p.id === team.managerId && p.id !== member.id);
        const sentences = [
          manager
            ? t(locale, 'team.added_reporting', { team: team.name, names: [member.name], manager: manager.name, count: 1 })
            : t(locale, 'team.added', { team: team.name, names: [member.name], count: 1 }),
        ];
        if (move && move.openDealsLeft > 0 && move.fromTeamId !== null) {
          const from = loaded.teams.find((other) => other.id === move.fromTeamId)?.name ?? '';
          sentences.push(t(locale, 'team.open_deals_stay', { name: member.name, count: move.openDealsLeft, from }));
        }
        return sentences.join(' ');
      },
    },
  ];
}

function planManager(ctx: CommandContext, loaded: Loaded, member: PersonRecord, typed: string): Planned[] {
  assertMayEditMember(ctx.actor, member, managedTeamIds(ctx, loaded.teams));
  const locale = ctx.actor.locale;
  const manager = isNone(typed) ? null : findPerson(loaded.people, typed);
  if (manager && !manager.active)
    throw new DomainError('people.inactive', { name: manager.name, handle: manager.handle, field: 'manager' });
  if (manager?.id === member.id) throw new DomainError('people.manager_cycle', { field: 'manager' });
  // A manager names, within their team, themselves or someone of a team they manage.
  const managed = managedTeamIds(ctx, loaded.teams);
  if (
    manager &&
    ctx.actor.role !== 'admin' &&
    manager.id !== ctx.actor.id &&
    !(manager.teamId !== null && managed.includes(manager.teamId))
  )
    throw new DomainError('people.member_forbidden', { name: manager.name, field: 'manager' });
  if ((manager?.id ?? null) === member.managerId) return [];
  return [
    {
      apply: async () => {
        await setMemberManager(ctx.db, auditActor(ctx), member.id, manager?.id ?? null);
        return manager
          ? t(locale, 'member.manager_set', { name: member.name, manager: manager.name })
          : t(locale, 'member.manager_cleared', { name: member.name });
      },
    },
  ];
}

function planTimeZone(ctx: CommandContext, loaded: Loaded, member: PersonRecord, typed: string): Planned[] {
  assertMayEditMember(ctx.actor, member, managedTeamIds(ctx, loaded.teams));
  const locale = ctx.actor.locale;
  const timeZone = isNone(typed) ? null : typed;
  if (timeZone !== null && !isValidTimeZone(timeZone))
    throw new DomainError('settings.timezone_invalid', { input: typed, field: 'timezone' });
  if (timeZone === member.timeZone) return [];
  return [
    {
      apply: async () => {
        await setMemberTimeZone(ctx.db, auditActor(ctx), member.id, timeZone);
        return timeZone
          ? t(locale, 'member.timezone_set', { name: member.name, timezone: timeZone })
          : t(locale, 'member.timezone_cleared', { name: member.name });
      },
    },
  ];
}

/**
 * Without `to`/`keep`, asks where the open deals go (unless there are none). `to @x` hands each open
 * deal over with an event; `keep` leaves them under the person's name. Closed deals never move.
 */
async function deactivate(ctx: CommandContext, loaded: Loaded, member: PersonRecord, deals: string | undefined): Promise<CommandResult> {
  const locale = ctx.actor.locale;
  assertPeopleAdmin(ctx.actor);
  if (!member.active) throw new DomainError('member.already_inactive', { name: member.name, handle: member.handle });
  const open = await openDealCount(ctx.db, ctx.workspace.id, member.id, openStages(ctx));
  if (deals === undefined && open > 0) {
    const manager = loaded.people.find((p) => p.id === member.managerId && p.active);
    return { screen: deactivatePromptScreen(locale, { name: member.name, handle: member.handle, open, ...(manager ? { manager } : {}) }) };
  }
  const to = deals === undefined || KEEP_WORDS.has(normalizeKey(deals)) ? null : findPerson(loaded.people, deals);
  if (to && !to.active) throw new DomainError('people.inactive', { name: to.name, handle: to.handle, field: 'deals' });
  if (to?.id === member.id) throw new DomainError('member.hand_to_self', { name: member.name, field: 'deals' });
  const moved = await deactivateMember(ctx.db, auditActor(ctx), member.id, { handTo: to?.id ?? null, openStages: openStages(ctx) });
  const sentences = [
    to
      ? t(locale, 'member.deactivated_to', { name: member.name, to: to.name, count: moved.length })
      : t(locale, open > 0 ? 'member.deactivated_keep' : 'member.deactivated', { name: member.name, count: open }),
  ];
  // A team whose manager leaves needs a new one, or its approvals and digest go nowhere.
  for (const team of loaded.teams.filter((candidate) => candidate.managerId === member.id))
    sentences.push(t(locale, 'member.deactivated_manager', { name: member.name, team: team.name }));
  return {
    screen: messageScreen(sentences.join(' '), { tone: 'success' }),
    effects: moved.map((deal) => ({ type: 'deal_changed' as const, dealId: deal.id, number: deal.number })),
  };
}

/** `/dealdesk member @user …`: a person's role, team, manager, time zone, and (de)activation. */
export const dealdeskMember = defineCommand({
  id: 'dealdesk.member',
  path: ['dealdesk', 'member'],
  usage: 'usage.dealdesk.member',
  summary: 'summary.dealdesk.member',
  schema: ZMemberSchema,
  parse: parseMember,
  run: runMember,
});

/**
 * The people forms a button opens (`team.new`; `member.edit` and `member.handover`, whose command
 * `dealdesk member @handle …` names the person), checked as the typed command would be.
 */
export async function adminFormFor(
  formId: 'team.new' | 'member.edit' | 'member.handover',
  tokens: readonly string[],
  ctx: CommandContext,
): Promise<Form> {
  const locale = ctx.actor.locale;
  if (formId === 'team.new') {
    assertPeopleAdmin(ctx.actor);
    return teamNewForm(locale);
  }
  const handle = tokens[2];
  if (!handle) throw new DomainError('member.handle_missing', {});
  const [teams, people] = await Promise.all([listTeams(ctx.db, ctx.workspace.id), listPeople(ctx.db, ctx.workspace.id)]);
  const person = findPerson(people, handle);
  if (formId === 'member.handover') {
    assertPeopleAdmin(ctx.actor);
    return handoverForm(locale, person);
  }
  assertMayEditMember(ctx.actor, person, managedTeamIds(ctx, teams));
  return memberEditForm(locale, person, teams, people);
}
