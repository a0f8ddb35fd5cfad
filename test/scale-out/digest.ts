// One digest slot on two processes at once: the jobs CLI (`npm run jobs -- run --at <instant>`) started
// twice at the same moment against the same database, for the instant each manager's daily digest falls
// due on a past Tuesday. The slot table must let one of them send each manager's digest, once.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { addDays, isoWeekdayOf, utcMidnightToDate, zonedTimeToUtc } from '../../src/domain/calendar.js';
import { managerSchedule } from '../../src/domain/digest-schedule.js';
import { digestMembers } from '../../src/store/digest-data.js';
import type { FakeSlack } from '../support/fake-slack.js';
import type { ScaleOutDatabase } from './workspace.js';

export type DigestCheck = { managers: number; slots: number; messages: number; repeated: number; violations: string[] };

const JOB = 'digest.manager';

function runJobs(options: { start: string[]; at: Date; env: Record<string, string>; log: string }): Promise<number> {
  const fd = openSync(options.log, 'a');
  // `npm start`'s node arguments with the jobs entry instead of `main`.
  const child = spawn(process.execPath, [...options.start.slice(0, -1), 'run-jobs', 'run', '--at', options.at.toISOString()], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code ?? 1));
    child.once('error', () => resolve(1));
  });
}

/** Two weeks back, the Tuesday: a weekday every digest schedule has by default, and long past. */
function pastTuesday(): string {
  let date = addDays(utcMidnightToDate(new Date()), -14);
  while (isoWeekdayOf(date) !== 2) date = addDays(date, -1);
  return date;
}

export async function runDigestTwice(options: {
  db: ScaleOutDatabase;
  fake: FakeSlack;
  root: string;
  /** How `npm start` starts a built entry point: `node <start[0]> <entry> …`. */
  start: string[];
  env: Record<string, string>;
}): Promise<DigestCheck> {
  const { db, fake } = options;
  const managers = await digestMembers(db.db, { kind: 'managers' });
  const date = pastTuesday();
  const dueAt = new Map<number, string[]>();
  for (const manager of managers) {
    const schedule = managerSchedule(manager);
    if (!schedule.weekdays.includes(isoWeekdayOf(date))) continue;
    const at = zonedTimeToUtc(date, schedule.localTime, schedule.timeZone).getTime();
    dueAt.set(at, [...(dueAt.get(at) ?? []), manager.id]);
  }
  const violations: string[] = [];
  if (dueAt.size === 0) violations.push('no manager digest falls due on a Tuesday in the demo workspace');
  const since = fake.mark();
  const env = { ...options.env, DATABASE_URL: db.url, SLACK_API_URL: fake.apiUrl };
  for (const at of [...dueAt.keys()].sort((a, b) => a - b)) {
    // A minute after the slot's time: on time, and both runs see the same due slots.
    const instant = new Date(at + 60_000);
    const codes = await Promise.all(
      ['a', 'b'].map((name) =>
        runJobs({ start: options.start, at: instant, env, log: path.join(options.root, `jobs-${name}-${String(at)}.log`) }),
      ),
    );
    if (codes.some((code) => code !== 0)) violations.push(`a jobs run at ${instant.toISOString()} exited with ${codes.join(', ')}`);
  }

  const slotTimes = [...dueAt.keys()].map((at) => new Date(at));
  const slots = await db.db.scheduleSlot.findMany({
    where: { job: JOB, slotAt: { in: slotTimes } },
    select: { recipientKey: true, status: true, delivered: true },
  });
  const posts = fake.calls.slice(since).filter((call) => call.method === 'chat.postMessage');
  const seen = new Set<string>();
  let repeated = 0;
  for (const call of posts) {
    const message = JSON.stringify([call.body.channel, call.body.text, call.body.blocks]);
    if (seen.has(message)) repeated++;
    seen.add(message);
  }
  if (repeated > 0) violations.push(`${String(repeated)} scheduled message(s) were sent twice`);
  const userOf = new Map(db.members.map((m) => [m.memberId, m.userId]));
  for (const managerId of [...dueAt.values()].flat()) {
    const slot = slots.find((s) => s.recipientKey === `member:${managerId}`);
    const userId = userOf.get(managerId) ?? '';
    const received = posts.filter((call) => call.body.channel === userId).length;
    if (slot?.status !== 'done') violations.push(`the digest slot of ${userId} is ${slot?.status ?? 'missing'}, not done`);
    else if (received === 0) violations.push(`${userId} received no digest`);
    else if (received > slot.delivered)
      violations.push(`${userId} received ${String(received)} digest messages, the slot sent ${String(slot.delivered)}`);
  }
  return {
    managers: managers.length,
    slots: slots.length,
    messages: posts.length,
    repeated,
    violations,
  };
}
