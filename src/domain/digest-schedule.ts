/**
 * When a member's digest or nudge is due: the local time (member → team → workspace), the zone
 * (a manager's digest follows the team's zone, a rep's nudge the rep's own), the workspace's
 * weekdays and catch-up window. Pure.
 */
import { addDays, isoWeekdayOf, isValidTimeZone, localTimeParts, zonedTimeToUtc } from './calendar.js';

/** A team's digest settings, as a manager's schedule and the channel copy need them. */
export type DigestTeamSettings = {
  id: string;
  name: string;
  nameKey: string;
  timeZone: string | null;
  digestTime: string | null;
  digestTarget: string | null;
};

/** A member who may get a digest or a nudge, with everything their schedule depends on. */
export type DigestMember = {
  id: string;
  workspaceId: string;
  role: string;
  timeZone: string | null;
  digestTime: string | null;
  team: { id: string; timeZone: string | null; digestTime: string | null } | null;
  /** Ordered by name; the first one's zone and time set a manager's schedule. */
  managedTeams: DigestTeamSettings[];
  workspace: { timeZone: string; digestTime: string; digestDays: string; catchUpMinutes: number };
};

export type DigestSchedule = { timeZone: string; localTime: string; weekdays: number[]; catchUpMinutes: number };

const DEFAULT_TIME = '08:30';
const DEFAULT_WEEKDAYS = [1, 2, 3, 4, 5];

function validTime(...candidates: (string | null | undefined)[]): string {
  return (
    candidates.find((time): time is string => typeof time === 'string' && /^([01]?\d|2[0-3]):[0-5]\d$/.test(time.trim()))?.trim() ??
    DEFAULT_TIME
  );
}

function validZone(...candidates: (string | null | undefined)[]): string {
  return candidates.find((zone): zone is string => typeof zone === 'string' && isValidTimeZone(zone)) ?? 'UTC';
}

/** "1,2,3,4,5" (a workspace's digestDays) → [1, 2, 3, 4, 5]. */
export function parseIsoWeekdays(text: string): number[] {
  const days = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const parsed = days.map(Number);
  if (!parsed.every((day) => Number.isInteger(day) && day >= 1 && day <= 7))
    throw new RangeError(`Weekdays must be a comma-separated list of 1 (Monday) … 7 (Sunday), got "${text}"`);
  return [...new Set(parsed)].sort((a, b) => a - b);
}

/** A workspace's digest days; a malformed setting falls back to Monday–Friday rather than stopping every digest. */
function weekdaysOf(text: string): number[] {
  try {
    return parseIsoWeekdays(text);
  } catch {
    return DEFAULT_WEEKDAYS;
  }
}

/** A manager's digest: the first managed team's zone and time (the member's own time wins). */
export function managerSchedule(member: DigestMember): DigestSchedule {
  const team = member.managedTeams[0] ?? null;
  const { workspace } = member;
  return {
    timeZone: validZone(team?.timeZone, workspace.timeZone),
    localTime: validTime(member.digestTime, team?.digestTime, workspace.digestTime),
    weekdays: weekdaysOf(workspace.digestDays),
    catchUpMinutes: workspace.catchUpMinutes,
  };
}

/** A rep's nudge: the rep's own zone, else the team's, else the workspace's. */
export function repSchedule(member: DigestMember): DigestSchedule {
  const { workspace } = member;
  return {
    timeZone: validZone(member.timeZone, member.team?.timeZone, workspace.timeZone),
    localTime: validTime(member.digestTime, member.team?.digestTime, workspace.digestTime),
    weekdays: weekdaysOf(workspace.digestDays),
    catchUpMinutes: workspace.catchUpMinutes,
  };
}

/**
 * The latest instant of the schedule strictly before `instant`: for a slot, the previous slot (so
 * a Monday digest covers the weekend); for "now", the digest that went out last.
 */
export function previousSlotBefore(schedule: Pick<DigestSchedule, 'timeZone' | 'localTime' | 'weekdays'>, instant: Date): Date {
  const today = localTimeParts(instant, schedule.timeZone).date;
  for (let back = 0; back <= 14; back++) {
    const date = addDays(today, -back);
    if (!schedule.weekdays.includes(isoWeekdayOf(date))) continue;
    const slotAt = zonedTimeToUtc(date, schedule.localTime, schedule.timeZone);
    if (slotAt.getTime() < instant.getTime()) return slotAt;
  }
  return new Date(instant.getTime() - 86_400_000);
}

export type DigestClock = {
  /** The slot instant, or now for `/dealdesk digest now`: figures are as of this instant. */
  at: Date;
  /** The previous slot: changes are those in (since, at]. */
  since: Date;
  late: boolean;
  /** The zone the schedule follows; "today" is read in it. */
  timeZone: string;
  /** Add the weekly summary (Mondays). */
  weekly: boolean;
};

/** The digest's clock at `at`: changes since the schedule's previous slot; the weekly summary on Mondays. */
export function digestClock(schedule: Pick<DigestSchedule, 'timeZone' | 'localTime' | 'weekdays'>, at: Date, late: boolean): DigestClock {
  return {
    at,
    since: previousSlotBefore(schedule, at),
    late,
    timeZone: schedule.timeZone,
    weekly: isoWeekdayOf(localTimeParts(at, schedule.timeZone).date) === 1,
  };
}
