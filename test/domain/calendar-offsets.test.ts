// The zone arithmetic reads a zone's offset from a remembered Intl formatter instead of dayjs' `.tz()`
// (#14: a new formatter per call). Checked here against dayjs' own zone plugin, the implementation it
// replaces, at instants spread over 2000–2100 and at daylight-saving changes, in zones with odd offsets.
import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import { localTimeParts, zonedTimeToUtc, zoneOffsetMinutes } from '../../src/domain/calendar.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const ZONES = [
  'UTC',
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'Europe/Dublin',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Africa/Casablanca',
  'America/Sao_Paulo',
];

/** About 600 instants from 2000 to 2100, a step that is no whole number of hours or days. */
const SPREAD = Array.from({ length: 600 }, (_, i) => Date.UTC(2000, 0, 1) + i * 5_260_000_017);
/** Either side of New York's and London's changes in 2026, and of Lord Howe's half-hour change. */
const CHANGES = [
  '2026-03-08T07:00:00Z',
  '2026-11-01T06:00:00Z',
  '2026-03-29T01:00:00Z',
  '2026-10-25T01:00:00Z',
  '2026-04-04T15:00:00Z',
].flatMap((iso) => [-1, 0, 1, 1_800_000, -1_800_000].map((delta) => Date.parse(iso) + delta));

describe('zone offsets without dayjs .tz()', () => {
  it('gives the offset dayjs gives, in every zone, across the century and at daylight-saving changes', () => {
    const wrong: string[] = [];
    for (const zone of ZONES)
      for (const ms of [...SPREAD, ...CHANGES]) {
        const expected = dayjs(ms).tz(zone).utcOffset();
        const actual = zoneOffsetMinutes(ms, zone);
        if (actual !== expected) wrong.push(`${zone} ${new Date(ms).toISOString()}: ${String(actual)} not ${String(expected)}`);
      }
    expect(wrong).toEqual([]);
  });

  it('gives the wall-clock date, hour, minute and weekday dayjs gives', () => {
    const wrong: string[] = [];
    for (const zone of ZONES)
      for (const ms of [...SPREAD.filter((_, i) => i % 5 === 0), ...CHANGES]) {
        const local = dayjs(ms).tz(zone);
        const expected = {
          date: local.format('YYYY-MM-DD'),
          hour: local.hour(),
          minute: local.minute(),
          isoWeekday: ((local.day() + 6) % 7) + 1,
        };
        const actual = localTimeParts(new Date(ms), zone);
        if (JSON.stringify(actual) !== JSON.stringify(expected))
          wrong.push(`${zone} ${new Date(ms).toISOString()}: ${JSON.stringify(actual)} not ${JSON.stringify(expected)}`);
      }
    expect(wrong).toEqual([]);
  });

  it('turns a wall-clock time into the instant a Shanghai rep and a New York manager mean', () => {
    expect(zonedTimeToUtc('2026-12-01', '08:30', 'Asia/Shanghai').toISOString()).toBe('2026-12-01T00:30:00.000Z');
    expect(zonedTimeToUtc('2026-12-01', '08:30', 'America/New_York').toISOString()).toBe('2026-12-01T13:30:00.000Z');
    expect(zonedTimeToUtc('2026-07-01', '08:30', 'America/New_York').toISOString()).toBe('2026-07-01T12:30:00.000Z');
    expect(zonedTimeToUtc('2026-12-01', '08:30', 'Asia/Kathmandu').toISOString()).toBe('2026-12-01T02:45:00.000Z');
  });
});
