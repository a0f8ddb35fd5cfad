/**
 * When a member's digest or nudge is due: the local time (member → team → workspace), the zone
 * (a manager's digest follows the team's zone, a rep's nudge the rep's own), the workspace's
 * weekdays and catch-up window. Pure.
 */
import { addDays, isoWeekdayOf, isValidTimeZone, localTimeParts, zonedTimeToUtc } from '../domain/calendar.js';
import type { DigestMember } from '../store/digest-data.js';
import { parseIsoWeekdays } from './schedule.js';

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
