import type { Db } from '../store/db.js';
import type { StageDef } from '../domain/stages.js';
import type { Role } from '../domain/roles.js';
import type { Locale } from '../i18n/locale.js';
import type { Principal } from '../domain/authz.js';
import type { DateContext } from '../domain/calendar.js';

export type Platform = 'shell' | 'slack' | 'teams';

export type WorkspaceContext = {
  id: string;
  name: string;
  isDemo: boolean;
  currency: string;
  locale: Locale;
  timeZone: string;
  fiscalYearStartMonth: number;
  staleAfterDays: number;
  digestTime: string;
  winsChannel: string | null;
  /** Ordered by position. */
  stages: StageDef[];
};

export type ActorContext = Principal & {
  name: string;
  handle: string;
  teamId: string | null;
  managerId: string | null;
  /** Effective: the member's own, else the team's, else the workspace's. */
  timeZone: string;
  locale: Locale;
};

/** Everything a use case needs, resolved by the adapter from the platform payload. */
export type CommandContext = {
  db: Db;
  workspace: WorkspaceContext;
  actor: ActorContext;
  now: Date;
  platform: Platform;
  /** The chat conversation the command was typed in (a Slack channel, a Teams conversation), when there is one. */
  conversationId?: string;
};

/** "Today", "this quarter", "fri" are read in the actor's time zone with the workspace's fiscal year. */
export function dateContextOf(ctx: CommandContext): DateContext {
  return { now: ctx.now, timeZone: ctx.actor.timeZone, fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth };
}

export function localeOf(ctx: CommandContext): Locale {
  return ctx.actor.locale;
}

export function roleOf(ctx: CommandContext): Role {
  return ctx.actor.role;
}
