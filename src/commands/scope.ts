import { DomainError } from '../domain/errors.js';
import { closestMatches, normalizeKey, onlyMatch } from '../domain/text-match.js';
import { addDays, dateToUtcMidnight, parsePeriod, periodOf, todayIn, zonedTimeToUtc, type Period } from '../domain/calendar.js';
import { listMembers, type MemberSummary } from '../store/members.js';
import { listTeams, type TeamRecord } from '../store/teams.js';
import type { DealOwnership } from '../store/deals.js';
import { dateContextOf, type CommandContext } from './context.js';

export type ScopeWords = { kind: 'me' | 'member' | 'team' | 'all' | 'default'; name?: string };

const ME = new Set(['me', 'mine', 'my', '我', '我的']);
const ALL = new Set(['all', 'everyone', 'company', '全部', '所有', '公司']);
const TEAM = new Set(['team', '团队']);

/**
 * Reads the "who" words at the front of a report command: `me`, `@alice`, `team`, `team East China`,
 * `all`. Whatever follows is left for the period (`2026-Q4`, `this month`).
 */
export function parseScopeWords(args: readonly string[], teamNames: readonly string[]): { scope: ScopeWords; rest: string[] } {
  const [first, ...rest] = args;
  if (first === undefined) return { scope: { kind: 'default' }, rest: [] };
  const word = normalizeKey(first);
  if (ME.has(word)) return { scope: { kind: 'me' }, rest };
  if (ALL.has(word)) return { scope: { kind: 'all' }, rest };
  if (first.startsWith('@')) return { scope: { kind: 'member', name: first.slice(1) }, rest };
  if (TEAM.has(word)) {
    // The longest run of following words that names a team ("team East China Q4").
    for (let length = rest.length; length > 0; length--) {
      const candidate = normalizeKey(rest.slice(0, length).join(' '));
      if (teamNames.some((name) => normalizeKey(name) === candidate))
        return { scope: { kind: 'team', name: candidate }, rest: rest.slice(length) };
    }
    return { scope: { kind: 'team' }, rest };
  }
  return { scope: { kind: 'default' }, rest: [...args] };
}

/**
 * The workspace's teams, read once per command (#14): a report's parse, its scope and its rows all need
 * them, and each read was a query with a join. Keyed by the command's context object, which every
 * adapter builds anew for each command, so nothing outlives the command.
 */
const teamsByCommand = new WeakMap<CommandContext, Promise<TeamRecord[]>>();

function teamsOf(ctx: CommandContext): Promise<TeamRecord[]> {
  let teams = teamsByCommand.get(ctx);
  if (!teams) {
    teams = listTeams(ctx.db, ctx.workspace.id);
    teamsByCommand.set(ctx, teams);
  }
  return teams;
}

const membersByCommand = new WeakMap<CommandContext, Promise<MemberSummary[]>>();

/**
 * The workspace's active members, read once per command context like the teams (#14): a report's scope,
 * an approval card's names and the home tab's four parts all need them. For reading only: a command
 * that changes people reads them again itself.
 */
export function membersOf(ctx: CommandContext): Promise<MemberSummary[]> {
  let members = membersByCommand.get(ctx);
  if (!members) {
    members = listMembers(ctx.db, ctx.workspace.id);
    membersByCommand.set(ctx, members);
  }
  return members;
}

/** Splits `[who] [rest…]`, keeping the who-words as typed so a button can repeat them. */
export async function splitScopeWords(ctx: CommandContext, args: readonly string[]): Promise<{ scope: string[]; rest: string[] }> {
  const teams = await teamsOf(ctx);
  const { rest } = parseScopeWords(
    args,
    teams.map((team) => team.name),
  );
  return { scope: args.slice(0, args.length - rest.length), rest };
}

/** Resolves who-words split off earlier by `splitScopeWords`. */
export async function resolveScopeWords(ctx: CommandContext, words: readonly string[]): Promise<ResolvedScope> {
  const teams = await teamsOf(ctx);
  const parsed = parseScopeWords(
    words,
    teams.map((team) => team.name),
  );
  if (parsed.rest.length > 0) throw new DomainError('command.invalid', { field: 'scope' });
  return resolveScope(ctx, parsed.scope);
}

export type ResolvedScope = {
  kind: 'member' | 'team' | 'all';
  label: string;
  /**
   * Which deals the scope covers: a person's own (by owner), a team's (the deals sold in it, whoever
   * owns them now or was deactivated since), or, empty, the whole workspace.
   */
  deals: DealOwnership;
  member?: MemberSummary;
  team?: TeamRecord;
  /** Members shown as rows (a team's people, or everyone). */
  members: MemberSummary[];
  teams: TeamRecord[];
};

/** Reps see their own numbers by default, managers their team's, admins the whole workspace. */
export async function resolveScope(ctx: CommandContext, words: ScopeWords): Promise<ResolvedScope> {
  // In turn: `ctx.db` may be the request's transaction, one query at a time.
  const members = await membersOf(ctx);
  const teams = await teamsOf(ctx);
  const kind = words.kind === 'default' ? defaultKind(ctx, teams) : words.kind;
  if (kind === 'all') return { kind: 'all', label: ctx.workspace.name, deals: {}, members, teams };
  if (kind === 'me' || kind === 'member') {
    const member = kind === 'me' ? members.find((m) => m.id === ctx.actor.id) : findMember(members, words.name ?? '');
    if (!member) throw new DomainError('member.not_found', { name: ctx.actor.name });
    return { kind: 'member', label: member.name, deals: { ownerIds: [member.id] }, member, members: [member], teams };
  }
  const team = words.name !== undefined ? findTeam(teams, words.name) : ownTeam(ctx, teams);
  const people = members.filter((m) => team.memberIds.includes(m.id) && m.id !== team.managerId);
  return { kind: 'team', label: team.name, deals: { teamId: team.id }, team, members: people, teams };
}

function defaultKind(ctx: CommandContext, teams: readonly TeamRecord[]): 'me' | 'team' | 'all' {
  if (ctx.actor.role === 'admin') return 'all';
  if (ctx.actor.role === 'manager' && teams.some((team) => team.managerId === ctx.actor.id)) return 'team';
  return 'me';
}

function ownTeam(ctx: CommandContext, teams: readonly TeamRecord[]): TeamRecord {
  const team = teams.find((t) => t.managerId === ctx.actor.id) ?? teams.find((t) => t.id === ctx.actor.teamId);
  if (!team) throw new DomainError('team.none', { teams: teams.map((t) => t.name) });
  return team;
}

export function findMember(members: readonly MemberSummary[], name: string): MemberSummary {
  const needle = normalizeKey(name.replace(/^@/, ''));
  const exact = members.find((m) => m.handle === needle || normalizeKey(m.name) === needle);
  if (exact) return exact;
  const partial = members.filter((m) => m.handle.startsWith(needle) || normalizeKey(m.name).includes(needle));
  const onlyPartial = onlyMatch(partial);
  if (onlyPartial) return onlyPartial;
  const near = partial.length > 1 ? partial : closestMatches(needle, members, (m) => [m.handle, m.name], 3);
  throw new DomainError('member.unknown', { name, suggestions: near.slice(0, 5).map((m) => `@${m.handle}`) });
}

/** A team by its name (any case) or key; unknown → `team.unknown` listing the teams. */
export function findTeam(teams: readonly TeamRecord[], name: string): TeamRecord {
  const needle = normalizeKey(name);
  const team = teams.find((t) => normalizeKey(t.name) === needle || t.nameKey === needle);
  if (team) return team;
  throw new DomainError('team.unknown', { name, teams: teams.map((t) => t.name) });
}

/** `this quarter` by default; period words are read in the actor's time zone and the workspace's fiscal year. */
export function resolvePeriod(ctx: CommandContext, words: readonly string[]): Period {
  const dateCtx = dateContextOf(ctx);
  if (words.length === 0) return periodOf('quarter', todayIn(dateCtx), ctx.workspace.fiscalYearStartMonth);
  return parsePeriod(words.join(' '), dateCtx);
}

/** A period as instants (for closed-at) in the workspace's time zone, and as stored calendar dates (for close dates). */
export function periodBounds(ctx: CommandContext, period: Period): { from: Date; to: Date; closeFrom: Date; closeTo: Date } {
  const zone = ctx.workspace.timeZone;
  return {
    from: zonedTimeToUtc(period.start, '00:00', zone),
    to: zonedTimeToUtc(addDays(period.end, 1), '00:00', zone),
    closeFrom: dateToUtcMidnight(period.start),
    closeTo: dateToUtcMidnight(period.end),
  };
}
