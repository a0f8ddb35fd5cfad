import { describe, expect, it } from 'vitest';
import { dailySlotsDue, elapsedSlots, isLate, parseIsoWeekdays, type DailySchedule } from '../../src/jobs/schedule.js';
import { localTimeParts } from '../../src/domain/calendar.js';

const WEEKDAYS = [1, 2, 3, 4, 5];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const NEW_YORK = 'America/New_York';

function due(now: string, timeZone: string, options: Partial<DailySchedule> = {}): string[] {
  return dailySlotsDue({ now: new Date(now), timeZone, localTime: '08:30', weekdays: WEEKDAYS, catchUpMinutes: 240, ...options }).map(
    (slot) => `${slot.slotAt.toISOString()}${slot.late ? ' late' : ''}`,
  );
}

describe('dailySlotsDue', () => {
  it('is due at 08:30 local time, on time for two minutes, late after that, gone after the catch-up window', () => {
    // Monday 2026-11-23: 08:30 in New York (EST, UTC−5) is 13:30 UTC.
    expect(due('2026-11-23T13:29:59Z', NEW_YORK)).toEqual([]);
    expect(due('2026-11-23T13:30:00Z', NEW_YORK)).toEqual(['2026-11-23T13:30:00.000Z']);
    expect(due('2026-11-23T13:32:00Z', NEW_YORK)).toEqual(['2026-11-23T13:30:00.000Z']);
    expect(due('2026-11-23T13:32:01Z', NEW_YORK)).toEqual(['2026-11-23T13:30:00.000Z late']);
    expect(due('2026-11-23T17:30:00Z', NEW_YORK)).toEqual(['2026-11-23T13:30:00.000Z late']);
    expect(due('2026-11-23T17:30:01Z', NEW_YORK)).toEqual([]);
    expect(due('2026-11-23T13:45:00Z', NEW_YORK, { catchUpMinutes: 0 })).toEqual([]);
    expect(due('2026-11-23T13:31:00Z', NEW_YORK, { catchUpMinutes: 0 })).toEqual(['2026-11-23T13:30:00.000Z']);
  });

  it('follows New York across the 2026 spring-forward (March 8) and fall-back (November 1)', () => {
    expect(due('2026-03-06T13:30:00Z', NEW_YORK)).toEqual(['2026-03-06T13:30:00.000Z']); // Friday, EST
    expect(due('2026-03-09T12:30:00Z', NEW_YORK)).toEqual(['2026-03-09T12:30:00.000Z']); // Monday, EDT
    expect(due('2026-03-08T12:30:00Z', NEW_YORK, { weekdays: EVERY_DAY })).toEqual(['2026-03-08T12:30:00.000Z']); // the Sunday itself
    expect(due('2026-10-30T12:30:00Z', NEW_YORK)).toEqual(['2026-10-30T12:30:00.000Z']); // Friday, EDT
    expect(due('2026-11-02T13:30:00Z', NEW_YORK)).toEqual(['2026-11-02T13:30:00.000Z']); // Monday, EST
    expect(due('2026-11-01T13:30:00Z', NEW_YORK, { weekdays: EVERY_DAY })).toEqual(['2026-11-01T13:30:00.000Z']);
  });

  it('moves a local time skipped by spring-forward to the same distance after the change (02:30 → 03:30 EDT)', () => {
    const spring = { localTime: '02:30', weekdays: EVERY_DAY };
    expect(due('2026-03-07T07:30:00Z', NEW_YORK, spring)).toEqual(['2026-03-07T07:30:00.000Z']); // Saturday 02:30 EST
    expect(due('2026-03-08T07:29:00Z', NEW_YORK, spring)).toEqual([]);
    expect(due('2026-03-08T07:30:00Z', NEW_YORK, spring)).toEqual(['2026-03-08T07:30:00.000Z']);
    expect(localTimeParts(new Date('2026-03-08T07:30:00Z'), NEW_YORK)).toMatchObject({ hour: 3, minute: 30 });
    expect(due('2026-03-09T06:30:00Z', NEW_YORK, spring)).toEqual(['2026-03-09T06:30:00.000Z']); // back to 02:30, now EDT
  });

  it('has one slot on the fall-back day although 01:30 happens twice (the first one)', () => {
    const fall = { localTime: '01:30', weekdays: EVERY_DAY };
    expect(due('2026-11-01T05:30:00Z', NEW_YORK, fall)).toEqual(['2026-11-01T05:30:00.000Z']); // 01:30 EDT
    expect(due('2026-11-01T06:30:00Z', NEW_YORK, fall)).toEqual(['2026-11-01T05:30:00.000Z late']); // 01:30 EST: no second slot
    expect(due('2026-11-02T06:30:00Z', NEW_YORK, fall)).toEqual(['2026-11-02T06:30:00.000Z']);
  });

  it('reads the weekday from the local date, east and west of UTC', () => {
    // Shanghai (UTC+8): Monday 08:30 is Monday 00:30 UTC; Saturday's is skipped.
    expect(due('2026-11-23T00:30:00Z', 'Asia/Shanghai')).toEqual(['2026-11-23T00:30:00.000Z']);
    expect(due('2026-11-28T00:30:00Z', 'Asia/Shanghai')).toEqual([]);
    // Auckland (UTC+13 in summer, +12 in winter): Monday 08:30 is still Sunday in UTC.
    expect(due('2026-04-05T20:30:00Z', 'Pacific/Auckland')).toEqual(['2026-04-05T20:30:00.000Z']); // after NZ DST ended on April 5
    expect(due('2026-04-02T19:30:00Z', 'Pacific/Auckland')).toEqual(['2026-04-02T19:30:00.000Z']); // Friday, NZDT
    expect(due('2026-04-03T19:30:00Z', 'Pacific/Auckland')).toEqual([]); // Saturday in Auckland
    expect(due('2026-09-27T19:30:00Z', 'Pacific/Auckland')).toEqual(['2026-09-27T19:30:00.000Z']); // Monday after NZ DST began
    // Los Angeles (UTC−8, −7 from March 8).
    expect(due('2026-03-06T16:30:00Z', 'America/Los_Angeles')).toEqual(['2026-03-06T16:30:00.000Z']);
    expect(due('2026-03-09T15:30:00Z', 'America/Los_Angeles')).toEqual(['2026-03-09T15:30:00.000Z']);
    expect(due('2026-03-07T16:30:00Z', 'America/Los_Angeles')).toEqual([]); // Saturday
  });

  it('lists every slot of a catch-up window longer than a day, oldest first', () => {
    expect(due('2026-11-25T14:00:00Z', NEW_YORK, { catchUpMinutes: 3 * 24 * 60 })).toEqual([
      '2026-11-23T13:30:00.000Z late',
      '2026-11-24T13:30:00.000Z late',
      '2026-11-25T13:30:00.000Z late',
    ]);
  });

  it('rejects a bad time, zone, weekday or window', () => {
    const base = { now: new Date('2026-11-23T13:30:00Z'), timeZone: NEW_YORK, localTime: '08:30', weekdays: WEEKDAYS, catchUpMinutes: 240 };
    expect(() => dailySlotsDue({ ...base, localTime: '8.30' })).toThrow(/HH:MM/);
    expect(() => dailySlotsDue({ ...base, timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
    expect(() => dailySlotsDue({ ...base, weekdays: [0] })).toThrow(/weekdays/);
    expect(() => dailySlotsDue({ ...base, catchUpMinutes: -1 })).toThrow(/catchUpMinutes/);
  });

  // Every minute of a week (with a few seconds of timer jitter), each tick "sending" what is due and not
  // yet sent: each manager gets each weekday's digest once, on the first tick at or after 08:30 local.
  for (const [week, from] of [
    ['spring-forward', '2026-03-04T00:00:00Z'],
    ['fall-back', '2026-10-28T00:00:00Z'],
  ] as const) {
    it(`sends each slot once at 08:30 local over the ${week} week, minute by minute (New York, Shanghai, Los Angeles, Auckland)`, () => {
      for (const timeZone of [NEW_YORK, 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Auckland']) {
        const sent = new Map<number, Date>();
        const start = new Date(from).getTime();
        let jitter = 7;
        for (let minute = 0; minute < 7 * 24 * 60; minute++) {
          jitter = (jitter * 31 + 11) % 97; // deterministic 0..4.8 s after the minute
          const now = new Date(start + minute * 60_000 + jitter * 50);
          for (const slot of dailySlotsDue({ now, timeZone, localTime: '08:30', weekdays: WEEKDAYS, catchUpMinutes: 240 })) {
            if (!sent.has(slot.slotAt.getTime())) {
              expect(slot.late).toBe(false);
              sent.set(slot.slotAt.getTime(), now);
            }
          }
        }
        expect(sent.size, timeZone).toBe(5);
        for (const [slotAt, sentAt] of sent) {
          expect(sentAt.getTime() - slotAt).toBeLessThan(60_000);
          const local = localTimeParts(new Date(slotAt), timeZone);
          expect([local.hour, local.minute]).toEqual([8, 30]);
          expect(local.isoWeekday).toBeLessThanOrEqual(5);
        }
      }
    });
  }
});

describe('elapsedSlots', () => {
  const since = new Date('2026-11-23T10:00:00Z');
  const at = (iso: string, options: { everyMinutes?: number; catchUpMinutes?: number } = {}) =>
    elapsedSlots({ now: new Date(iso), since, afterMinutes: 24 * 60, catchUpMinutes: 240, ...options }).map(
      (slot) => `${slot.slotAt.toISOString()}${slot.late ? ' late' : ''}`,
    );

  it('is due once, 24 hours after the start, within the catch-up window', () => {
    expect(at('2026-11-24T09:59:59Z')).toEqual([]);
    expect(at('2026-11-24T10:00:30Z')).toEqual(['2026-11-24T10:00:00.000Z']);
    expect(at('2026-11-24T11:00:00Z')).toEqual(['2026-11-24T10:00:00.000Z late']);
    expect(at('2026-11-24T14:00:01Z')).toEqual([]);
    expect(at('2026-11-27T10:00:00Z')).toEqual([]);
  });

  it('repeats every interval, listing only the slots still in the window', () => {
    expect(at('2026-11-25T10:01:00Z', { everyMinutes: 24 * 60 })).toEqual(['2026-11-25T10:00:00.000Z']);
    expect(at('2026-11-25T10:01:00Z', { everyMinutes: 24 * 60, catchUpMinutes: 2 * 24 * 60 })).toEqual([
      '2026-11-24T10:00:00.000Z late',
      '2026-11-25T10:00:00.000Z',
    ]);
    expect(at('2026-11-25T12:00:00Z', { everyMinutes: 60, catchUpMinutes: 90 })).toEqual([
      '2026-11-25T11:00:00.000Z late',
      '2026-11-25T12:00:00.000Z',
    ]);
  });

  it('rejects a bad interval', () => {
    expect(() => at('2026-11-25T10:00:00Z', { everyMinutes: 0 })).toThrow(/everyMinutes/);
    expect(() => elapsedSlots({ now: new Date(), since: new Date('x'), afterMinutes: 1, catchUpMinutes: 1 })).toThrow(/Invalid Date/);
  });
});

describe('helpers', () => {
  it('parses digest days and tells late from on time', () => {
    expect(parseIsoWeekdays('1,2,3,4,5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseIsoWeekdays(' 7, 1 ,1')).toEqual([1, 7]);
    expect(() => parseIsoWeekdays('mon,tue')).toThrow(/1 \(Monday\)/);
    expect(isLate(new Date('2026-11-23T08:30:00Z'), new Date('2026-11-23T08:32:00Z'))).toBe(false);
    expect(isLate(new Date('2026-11-23T08:30:00Z'), new Date('2026-11-23T08:32:01Z'))).toBe(true);
  });
});
