import { DomainError } from '../domain/errors.js';
import { closestMatches, normalizeKey, onlyMatch } from '../domain/text-match.js';
import { addDays, dateToUtcMidnight, parsePeriod, periodOf, todayIn, zonedTimeToUtc, type Period } from '../domain/calendar.js';
import { listMembers, teamRoster, type MemberSummary } from '../store/members.js';
import { listTeamHeads, listTeams, teamsLedOrJoined, type TeamHead, type TeamRecord, type TeamWithPeople } from '../store/teams.js';
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
 * What a command reads of the workspace's people and teams, once per command (#14): a report's parse,
 * its scope and its rows all need them. Keyed by the command's context object, which every adapter
 * builds anew for each command, so nothing outlives the command. `read` is what the command has read
 * already, if anything.
 */
function perCommand<T>(load: (ctx: CommandContext) => Promise<T>) {
  const loaded = new WeakMap<CommandContext, Promise<T>>();
  return {
    of(ctx: CommandContext): Promise<T> {
      let value = loaded.get(ctx);
      if (!value) {
        value = load(ctx);
        loaded.set(ctx, value);
      }
      return value;
    },
    read: (ctx: CommandContext): Promise<T> | undefined => loaded.get(ctx),
  };
}

/** The teams with their people's ids: what the workspace's reports and a check on someone else need. */
const teams = perCommand((ctx) => listTeams(ctx.db, ctx.workspace.id));

/** The teams alone (one statement over a hundred rows, not a thousand people): what finding one needs. */
const teamHeads = perCommand<TeamHead[]>((ctx) => teams.read(ctx) ?? listTeamHeads(ctx.db, ctx.workspace.id));

/**
 * The workspace's active members: the workspace's or a named person's scope, which the home tab's four
 * parts may all need. For reading only: a command that changes people reads them again itself.
 */
const members = perCommand((ctx) => listMembers(ctx.db, ctx.workspace.id));

/**
 * The teams the asker leads or belongs to, with their people: a manager's own team found and read in one
 * statement, without the workspace's other teams (#14). From every team and person instead when the
 * command has read those already (a digest's teams share them).
 */
const ownTeams = perCommand<TeamWithPeople[]>(async (ctx) => {
  const [allTeams, everyone] = [teams.read(ctx), members.read(ctx)];
  if (!allTeams || !everyone) return teamsLedOrJoined(ctx.db, ctx.workspace.id, ctx.actor);
  const people = await everyone;
  return (await allTeams)
    .filter((team) => team.managerId === ctx.actor.id || team.id === ctx.actor.teamId)
    .map((team) => withPeople(team, people));
});

/** Reads every team and person once for a context that resolves many teams' scopes (a digest run's). */
export async function readEveryone(ctx: CommandContext): Promise<void> {
  await teams.of(ctx);
  await members.of(ctx);
}

/**
 * The who-words parsed with the team names they may contain: read only when they start with the team
 * word and go on (`team East China`), so that `/pipeline` or `/quota me` reads no team (#14).
 */
async function parseScopeWordsOf(ctx: CommandContext, args: readonly string[]): Promise<{ scope: ScopeWords; rest: string[] }> {
  const [first, ...rest] = args;
  const mayNameTeam = first !== undefined && TEAM.has(normalizeKey(first)) && rest.length > 0;
  const teamNames = mayNameTeam ? (await teamHeads.of(ctx)).map((team) => team.name) : [];
  return parseScopeWords(args, teamNames);
}

/** Splits `[who] [rest…]`, keeping the who-words as typed so a button can repeat them. */
export async function splitScopeWords(ctx: CommandContext, args: readonly string[]): Promise<{ scope: string[]; rest: string[] }> {
  const { rest } = await parseScopeWordsOf(ctx, args);
  return { scope: args.slice(0, args.length - rest.length), rest };
}

/** Resolves who-words split off earlier by `splitScopeWords`. */
export async function resolveScopeWords(ctx: CommandContext, words: readonly string[]): Promise<ResolvedScope> {
  const parsed = await parseScopeWordsOf(ctx, words);
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
  /**
   * The teams the scope was resolved with: every team for the workspace or a person named with @ (whose
   * report a manager may see when they are in one of the manager's teams), the team for a team, none
   * for the asker's own figures, which read no one else (#14: at a thousand people, reading everyone
   * and every team was most of a rep's report).
   */
  teams: TeamRecord[];
};

/**
 * Whose report a person may read, for every report: a rep their own, a manager their own, their team's
 * and their people's, an admin everyone's. A refusal throws `refusal` (the report's own sentence, which
 * names the person or team and says what to type instead).
 */
export function checkReportScope(ctx: CommandContext, scope: ResolvedScope, refusal: string): void {
  const { actor } = ctx;
  if (actor.role === 'admin') return;
  const managed = scope.teams.filter((team) => team.managerId === actor.id);
  if (scope.kind === 'member' && scope.member) {
    const member = scope.member;
    if (member.id === actor.id) return;
    if (actor.role === 'manager' && managed.some((team) => team.memberIds.includes(member.id))) return;
    throw new DomainError(refusal, { name: member.name });
  }
  if (scope.kind === 'team' && scope.team && actor.role === 'manager' && scope.team.managerId === actor.id) return;
  throw new DomainError(refusal, { name: scope.label });
}

/** Reps see their own numbers by default, managers their team's, admins the whole workspace. */
export async function resolveScope(ctx: CommandContext, words: ScopeWords): Promise<ResolvedScope> {
  const kind = words.kind === 'default' ? await defaultKind(ctx) : words.kind;
  if (kind === 'me') {
    const member = summaryOf(ctx.actor);
    return { kind: 'member', label: member.name, deals: { ownerIds: [member.id] }, member, members: [member], teams: [] };
  }
  // In turn: `ctx.db` may be the request's transaction, one query at a time.
  if (kind === 'all') {
    const all = await teams.of(ctx);
    return { kind: 'all', label: ctx.workspace.name, deals: {}, members: await members.of(ctx), teams: all };
  }
  if (kind === 'member') {
    const all = await teams.of(ctx);
    const member = findMember(await members.of(ctx), words.name ?? '');
    return { kind: 'member', label: member.name, deals: { ownerIds: [member.id] }, member, members: [member], teams: all };
  }
  if (words.name !== undefined) return teamScope(await teamWithPeople(ctx, findTeam(await teamHeads.of(ctx), words.name)));
  const own = ownTeamOf(ctx, await ownTeams.of(ctx));
  if (!own) throw new DomainError('team.none', { teams: (await teamHeads.of(ctx)).map((t) => t.name) });
  return teamScope(own);
}

/** A team's scope: the deals sold in it, its people as rows (its manager not among them). */
function teamScope({ team, people }: TeamWithPeople): ResolvedScope {
  const shown = people.filter((m) => m.id !== team.managerId);
  return { kind: 'team', label: team.name, deals: { teamId: team.id }, team, members: shown, teams: [team] };
}

/**
 * A team with its people (its active people's summaries): from everyone, when the command has read every
 * team and person already (a digest's teams share those reads), else from the team's own rows.
 */
async function teamWithPeople(ctx: CommandContext, head: TeamHead): Promise<TeamWithPeople> {
  const [allTeams, everyone] = [teams.read(ctx), members.read(ctx)];
  if (allTeams && everyone) {
    const team = (await allTeams).find((known) => known.id === head.id);
    if (team) return withPeople(team, await everyone);
  }
  const roster = await teamRoster(ctx.db, ctx.workspace.id, head.id);
  const active = roster.filter((m) => m.active);
  return {
    team: { ...head, memberIds: active.map((m) => m.id), inactiveMemberIds: roster.filter((m) => !m.active).map((m) => m.id) },
    people: active.map(summaryOf),
  };
}

/** A team with its active people, picked from everyone. */
function withPeople(team: TeamRecord, everyone: readonly MemberSummary[]): TeamWithPeople {
  return { team, people: everyone.filter((m) => team.memberIds.includes(m.id)) };
}

/** A person as a scope lists them (the acting person, or a roster's row), without what else the record holds. */
function summaryOf({ id, name, handle, role, teamId, managerId }: MemberSummary): MemberSummary {
  return { id, name, handle, role, teamId, managerId };
}

async function defaultKind(ctx: CommandContext): Promise<'me' | 'team' | 'all'> {
  if (ctx.actor.role === 'admin') return 'all';
  if (ctx.actor.role === 'manager' && (await ownTeams.of(ctx)).some(({ team }) => team.managerId === ctx.actor.id)) return 'team';
  return 'me';
}

/** The asker's own team: the one they manage, else the one they are in. */
function ownTeamOf(ctx: CommandContext, teams: readonly TeamWithPeople[]): TeamWithPeople | undefined {
  return teams.find(({ team }) => team.managerId === ctx.actor.id) ?? teams.find(({ team }) => team.id === ctx.actor.teamId);
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
export function findTeam<T extends TeamHead>(teams: readonly T[], name: string): T {
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
