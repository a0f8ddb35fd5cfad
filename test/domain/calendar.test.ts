import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  calendarDateOf,
  daysBetween,
  elapsedFraction,
  localTimeParts,
  parseDate,
  parsePeriod,
  periodFromKey,
  periodOf,
  todayIn,
  zonedTimeToUtc,
  type DateContext,
} from '../../src/domain/calendar.js';
import { isDomainError } from '../../src/domain/errors.js';

const SHANGHAI = 'Asia/Shanghai';
const NEW_YORK = 'America/New_York';

function ctx(iso: string, timeZone: string, fiscalYearStartMonth = 1): DateContext {
  return { now: new Date(iso), timeZone, fiscalYearStartMonth };
}

function errorOf(fn: () => unknown): { code: string; data: unknown } | undefined {
  try {
    fn();
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, data: error.data };
    throw error;
  }
  return undefined;
}

// 20:00 UTC on Monday 2026-11-23 is already Tuesday 04:00 in Shanghai, still Monday 15:00 in New York.
const MONDAY_EVENING_UTC = '2026-11-23T20:00:00Z';
const sh = ctx(MONDAY_EVENING_UTC, SHANGHAI);
const ny = ctx(MONDAY_EVENING_UTC, NEW_YORK);

describe('today in a time zone', () => {
  it('is a different day on either side of the Pacific at the same instant', () => {
    expect(todayIn(sh)).toBe('2026-11-24');
    expect(todayIn(ny)).toBe('2026-11-23');
    expect(localTimeParts(sh.now, SHANGHAI)).toEqual({ date: '2026-11-24', hour: 4, minute: 0, isoWeekday: 2 });
    expect(localTimeParts(ny.now, NEW_YORK)).toEqual({ date: '2026-11-23', hour: 15, minute: 0, isoWeekday: 1 });
  });

  it('gives the same answers when asked again (they are remembered), each a value of its own', () => {
    const first = zonedTimeToUtc('2026-11-01', '01:30', NEW_YORK);
    first.setTime(0);
    // Fall-back day in New York: 01:30 happens twice, the earlier (EDT) instant is the answer, every time.
    expect(zonedTimeToUtc('2026-11-01', '01:30', NEW_YORK).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    const parts = localTimeParts(sh.now, SHANGHAI);
    parts.hour = 99;
    expect(localTimeParts(sh.now, SHANGHAI)).toEqual({ date: '2026-11-24', hour: 4, minute: 0, isoWeekday: 2 });
    // A wrong question is not remembered as an answer: it is refused each time.
    expect(() => zonedTimeToUtc('2026-11-01', '25:00', NEW_YORK)).toThrow(RangeError);
    expect(() => zonedTimeToUtc('2026-11-01', '25:00', NEW_YORK)).toThrow(RangeError);
    expect(() => localTimeParts(sh.now, 'Mars/Olympus')).toThrow(RangeError);
    expect(() => localTimeParts(sh.now, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('parseDate relative to the user’s today', () => {
  it.each([
    // input, Shanghai (Tuesday 2026-11-24), New York (Monday 2026-11-23)
    ['today', '2026-11-24', '2026-11-23'],
    ['Today', '2026-11-24', '2026-11-23'],
    ['tomorrow', '2026-11-25', '2026-11-24'],
    ['tmrw', '2026-11-25', '2026-11-24'],
    ['in 3 days', '2026-11-27', '2026-11-26'],
    ['in 2 weeks', '2026-12-08', '2026-12-07'],
    ['in 3 weeks', '2026-12-15', '2026-12-14'],
    ['in two weeks', '2026-12-08', '2026-12-07'],
    ['in 1 month', '2026-12-24', '2026-12-23'],
    ['+10d', '2026-12-04', '2026-12-03'],
    ['+2w', '2026-12-08', '2026-12-07'],
    // A bare weekday is its next occurrence after today: Tuesday's "tue" is a week away.
    ['tue', '2026-12-01', '2026-11-24'],
    ['Tuesday', '2026-12-01', '2026-11-24'],
    ['mon', '2026-11-30', '2026-11-30'],
    ['fri', '2026-11-27', '2026-11-27'],
    ['friday', '2026-11-27', '2026-11-27'],
    ['by fri', '2026-11-27', '2026-11-27'],
    ['next week', '2026-12-04', '2026-12-04'],
    ['next fri', '2026-12-04', '2026-12-04'],
    ['next mon', '2026-11-30', '2026-11-30'],
    ['this week', '2026-11-27', '2026-11-27'],
    ['eow', '2026-11-27', '2026-11-27'],
    ['eom', '2026-11-30', '2026-11-30'],
    ['end of month', '2026-11-30', '2026-11-30'],
    ['eoq', '2026-12-31', '2026-12-31'],
    ['end of quarter', '2026-12-31', '2026-12-31'],
    ['eoy', '2026-12-31', '2026-12-31'],
    ['end of year', '2026-12-31', '2026-12-31'],
    ['next month', '2026-12-31', '2026-12-31'],
    // Month and day without a year: the next occurrence on or after today.
    ['12/15', '2026-12-15', '2026-12-15'],
    ['12-15', '2026-12-15', '2026-12-15'],
    ['11/23', '2027-11-23', '2026-11-23'],
    ['1/5', '2027-01-05', '2027-01-05'],
    ['15 dec', '2026-12-15', '2026-12-15'],
    ['dec 15', '2026-12-15', '2026-12-15'],
    ['Nov 23', '2027-11-23', '2026-11-23'],
    ['今天', '2026-11-24', '2026-11-23'],
    ['明天', '2026-11-25', '2026-11-24'],
    ['后天', '2026-11-26', '2026-11-25'],
    ['周二', '2026-12-01', '2026-11-24'],
    ['周五', '2026-11-27', '2026-11-27'],
    ['星期五', '2026-11-27', '2026-11-27'],
    ['礼拜五', '2026-11-27', '2026-11-27'],
    ['下周', '2026-12-04', '2026-12-04'],
    ['下周五', '2026-12-04', '2026-12-04'],
    ['下周一', '2026-11-30', '2026-11-30'],
    ['月底', '2026-11-30', '2026-11-30'],
    ['季末', '2026-12-31', '2026-12-31'],
    ['本季度末', '2026-12-31', '2026-12-31'],
    ['年底', '2026-12-31', '2026-12-31'],
    ['3天后', '2026-11-27', '2026-11-26'],
    ['2周后', '2026-12-08', '2026-12-07'],
    ['两周后', '2026-12-08', '2026-12-07'],
    ['12月15日', '2026-12-15', '2026-12-15'],
    ['11月23日', '2027-11-23', '2026-11-23'],
  ])('%s → %s in Shanghai, %s in New York', (input, shanghai, newYork) => {
    expect(parseDate(input, sh)).toBe(shanghai);
    expect(parseDate(input, ny)).toBe(newYork);
  });

  it('reads absolute dates the same everywhere', () => {
    for (const input of [
      '2026-12-15',
      '2026/12/15',
      'december 15 2026',
      'Dec. 15, 2026',
      '15 December 2026',
      '2026年12月15日',
      '  2026-12-15  ',
      '２０２６－１２－１５',
      '12/15/2026',
    ]) {
      expect(parseDate(input, sh)).toBe('2026-12-15');
      expect(parseDate(input, ny)).toBe('2026-12-15');
    }
  });

  it('does not reject past dates (the caller decides)', () => {
    expect(parseDate('2026-01-05', ny)).toBe('2026-01-05');
    expect(parseDate('2000-01-01', ny)).toBe('2000-01-01');
  });

  it('on a Friday, "fri" is a week away and "this week" is today', () => {
    // 20:00 UTC Thursday 2026-11-26 is Friday 2026-11-27 in Shanghai.
    const shFri = ctx('2026-11-26T20:00:00Z', SHANGHAI);
    const nyThu = ctx('2026-11-26T20:00:00Z', NEW_YORK);
    expect(parseDate('fri', shFri)).toBe('2026-12-04');
    expect(parseDate('fri', nyThu)).toBe('2026-11-27');
    expect(parseDate('周五', shFri)).toBe('2026-12-04');
    expect(parseDate('this week', shFri)).toBe('2026-11-27');
    expect(parseDate('this week', nyThu)).toBe('2026-11-27');
    expect(parseDate('next fri', shFri)).toBe('2026-12-04');
  });

  it('"this week" at the weekend is today, not a past Friday', () => {
    const saturday = ctx('2026-11-28T12:00:00Z', NEW_YORK);
    expect(parseDate('eow', saturday)).toBe('2026-11-28');
    expect(parseDate('next week', saturday)).toBe('2026-12-04');
    expect(parseDate('fri', saturday)).toBe('2026-12-04');
    expect(parseDate('sun', saturday)).toBe('2026-11-29');
  });

  it('"eom" follows the local month', () => {
    const instant = '2026-11-30T20:00:00Z'; // Shanghai: Tuesday 2026-12-01; New York: Monday 2026-11-30
    expect(parseDate('eom', ctx(instant, SHANGHAI))).toBe('2026-12-31');
    expect(parseDate('eom', ctx(instant, NEW_YORK))).toBe('2026-11-30');
    expect(parseDate('tomorrow', ctx(instant, SHANGHAI))).toBe('2026-12-02');
    expect(parseDate('tomorrow', ctx(instant, NEW_YORK))).toBe('2026-12-01');
  });

  it('"in 1 month" clamps to the end of a shorter month', () => {
    expect(parseDate('in 1 month', ctx('2027-01-31T12:00:00Z', NEW_YORK))).toBe('2027-02-28');
    expect(parseDate('1个月后', ctx('2028-01-31T12:00:00Z', NEW_YORK))).toBe('2028-02-29');
  });
});

describe('quarter and year boundaries across zones', () => {
  // 20:00 UTC on 2026-12-31 is already 2027-01-01 in Shanghai.
  const instant = '2026-12-31T20:00:00Z';

  it('calendar fiscal year (January start)', () => {
    expect(parseDate('eoq', ctx(instant, SHANGHAI))).toBe('2027-03-31');
    expect(parseDate('eoq', ctx(instant, NEW_YORK))).toBe('2026-12-31');
    expect(parseDate('eoy', ctx(instant, SHANGHAI))).toBe('2027-12-31');
    expect(parseDate('eoy', ctx(instant, NEW_YORK))).toBe('2026-12-31');
    expect(parsePeriod('this quarter', ctx(instant, SHANGHAI)).key).toBe('2027-Q1');
    expect(parsePeriod('this quarter', ctx(instant, NEW_YORK)).key).toBe('2026-Q4');
    expect(parsePeriod('this year', ctx(instant, SHANGHAI)).key).toBe('FY2027');
    expect(parsePeriod('this year', ctx(instant, NEW_YORK)).key).toBe('FY2026');
  });

  it('fiscal year starting in April', () => {
    expect(parseDate('eoq', ctx(instant, SHANGHAI, 4))).toBe('2027-03-31');
    expect(parseDate('eoq', ctx(instant, NEW_YORK, 4))).toBe('2026-12-31');
    expect(parseDate('eoy', ctx(instant, SHANGHAI, 4))).toBe('2027-03-31');
    expect(parseDate('eoy', ctx(instant, NEW_YORK, 4))).toBe('2027-03-31');
    expect(parsePeriod('this quarter', ctx(instant, SHANGHAI, 4)).key).toBe('2027-Q4');
    expect(parsePeriod('this quarter', ctx(instant, NEW_YORK, 4)).key).toBe('2027-Q3');
  });

  it('eoq on the last and first day of a quarter', () => {
    expect(parseDate('eoq', ctx('2026-12-31T12:00:00Z', NEW_YORK))).toBe('2026-12-31');
    expect(parseDate('eoq', ctx('2027-01-01T12:00:00Z', NEW_YORK))).toBe('2027-03-31');
    expect(parseDate('eoq', ctx('2026-12-31T12:00:00Z', SHANGHAI))).toBe('2026-12-31');
    expect(parseDate('eoq', ctx('2027-01-01T12:00:00Z', SHANGHAI))).toBe('2027-03-31');
  });
});

describe('parseDate errors', () => {
  it.each([
    'abc',
    '',
    'next foo',
    'fri fri',
    '13/01',
    '12/32',
    '2026-13-01',
    '2026-02-30',
    '2027-02-29',
    '2100-02-29',
    '下周八',
    '2026年2月30日',
    'in x days',
  ])('%s is date.invalid', (input) => {
    expect(errorOf(() => parseDate(input, ny))).toEqual({ code: 'date.invalid', data: { input } });
  });

  it.each(['1999-12-31', '2101-01-01', '3026-12-15', 'dec 15 2101', 'in 99999999 days'])('%s is date.out_of_range', (input) => {
    expect(errorOf(() => parseDate(input, ny))).toEqual({ code: 'date.out_of_range', data: { input } });
  });

  it('a relative date past MAX_YEAR is out of range', () => {
    expect(errorOf(() => parseDate('tomorrow', ctx('2100-12-31T12:00:00Z', NEW_YORK)))?.code).toBe('date.out_of_range');
  });
});

describe('leap years', () => {
  it('accepts 29 February only in leap years', () => {
    expect(parseDate('2028-02-29', ny)).toBe('2028-02-29');
    expect(parseDate('2000-02-29', ny)).toBe('2000-02-29');
    expect(errorOf(() => parseDate('2027-02-29', ny))?.code).toBe('date.invalid');
  });

  it('builds a calendar date from its parts only when the day exists in the years a date may have', () => {
    expect(calendarDateOf(2028, 2, 29)).toBe('2028-02-29');
    expect(calendarDateOf(2026, 1, 5)).toBe('2026-01-05');
    for (const [y, m, d] of [
      [2027, 2, 29],
      [2026, 4, 31],
      [2026, 13, 1],
      [2026, 0, 1],
      [1999, 12, 31],
      [2101, 1, 1],
    ] as const)
      expect(calendarDateOf(y, m, d)).toBeUndefined();
  });

  it('"2/29" without a year is the next 29 February only if it is in the coming year', () => {
    expect(parseDate('2/29', ctx('2027-03-01T12:00:00Z', NEW_YORK))).toBe('2028-02-29');
    expect(parseDate('2/29', ctx('2028-01-10T12:00:00Z', NEW_YORK))).toBe('2028-02-29');
    expect(errorOf(() => parseDate('2/29', ctx('2027-01-10T12:00:00Z', NEW_YORK)))?.code).toBe('date.invalid');
  });

  it('date arithmetic crosses 29 February', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(periodOf('month', '2028-02-10', 1).end).toBe('2028-02-29');
  });
});

describe('parsePeriod', () => {
  const novemberNy = ctx(MONDAY_EVENING_UTC, NEW_YORK, 1);
  const aprilFy = ctx(MONDAY_EVENING_UTC, NEW_YORK, 4);

  it.each([
    // input, key with a January fiscal start, key with an April fiscal start (today 2026-11-23)
    ['this month', '2026-11', '2026-11'],
    ['last month', '2026-10', '2026-10'],
    ['next month', '2026-12', '2026-12'],
    ['this quarter', '2026-Q4', '2027-Q3'],
    ['last quarter', '2026-Q3', '2027-Q2'],
    ['next quarter', '2027-Q1', '2027-Q4'],
    ['this year', 'FY2026', 'FY2027'],
    ['this fy', 'FY2026', 'FY2027'],
    ['next year', 'FY2027', 'FY2028'],
    ['2026-11', '2026-11', '2026-11'],
    ['nov 2026', '2026-11', '2026-11'],
    ['November 2026', '2026-11', '2026-11'],
    ['2026-Q4', '2026-Q4', '2026-Q4'],
    ['Q4 2026', '2026-Q4', '2026-Q4'],
    ['q4', '2026-Q4', '2027-Q4'],
    ['Q1 2027', '2027-Q1', '2027-Q1'],
    ['2027Q1', '2027-Q1', '2027-Q1'],
    ['Q1 FY2027', '2027-Q1', '2027-Q1'],
    ['FY2027', 'FY2027', 'FY2027'],
    ['fy27', 'FY2027', 'FY2027'],
    ['FY 2027', 'FY2027', 'FY2027'],
    ['本月', '2026-11', '2026-11'],
    ['上月', '2026-10', '2026-10'],
    ['下月', '2026-12', '2026-12'],
    ['本季度', '2026-Q4', '2027-Q3'],
    ['本季', '2026-Q4', '2027-Q3'],
    ['下季度', '2027-Q1', '2027-Q4'],
    ['上季度', '2026-Q3', '2027-Q2'],
    ['今年', 'FY2026', 'FY2027'],
    ['本财年', 'FY2026', 'FY2027'],
    ['2026年第4季度', '2026-Q4', '2026-Q4'],
    ['2026年Q4', '2026-Q4', '2026-Q4'],
    ['2026年11月', '2026-11', '2026-11'],
    ['2027财年', 'FY2027', 'FY2027'],
    ['2027财年第1季度', '2027-Q1', '2027-Q1'],
    ['四季度', '2026-Q4', '2027-Q4'],
  ])('%s → %s (January start), %s (April start)', (input, january, april) => {
    expect(parsePeriod(input, novemberNy).key).toBe(january);
    expect(parsePeriod(input, aprilFy).key).toBe(april);
  });

  it('an April fiscal year: FY2027 is 2026-04-01..2027-03-31', () => {
    expect(parsePeriod('FY2027', aprilFy)).toEqual({
      kind: 'year',
      key: 'FY2027',
      start: '2026-04-01',
      end: '2027-03-31',
      fiscalYear: 2027,
    });
    expect(parsePeriod('Q1 2027', aprilFy)).toEqual({
      kind: 'quarter',
      key: '2027-Q1',
      start: '2026-04-01',
      end: '2026-06-30',
      fiscalYear: 2027,
      quarter: 1,
    });
    expect(parsePeriod('this quarter', aprilFy)).toEqual({
      kind: 'quarter',
      key: '2027-Q3',
      start: '2026-10-01',
      end: '2026-12-31',
      fiscalYear: 2027,
      quarter: 3,
    });
    expect(parsePeriod('Q4 2026', aprilFy)).toMatchObject({ start: '2026-01-01', end: '2026-03-31' });
    expect(parsePeriod('nov 2026', aprilFy)).toEqual({
      kind: 'month',
      key: '2026-11',
      start: '2026-11-01',
      end: '2026-11-30',
      fiscalYear: 2027,
    });
  });

  it('a January fiscal year: quarters are calendar quarters', () => {
    expect(parsePeriod('Q1 2027', novemberNy)).toMatchObject({ start: '2027-01-01', end: '2027-03-31' });
    expect(parsePeriod('FY2027', novemberNy)).toMatchObject({ start: '2027-01-01', end: '2027-12-31' });
  });

  it('"this month" follows the user’s zone', () => {
    const instant = '2026-11-30T20:00:00Z';
    expect(parsePeriod('this month', ctx(instant, SHANGHAI)).key).toBe('2026-12');
    expect(parsePeriod('this month', ctx(instant, NEW_YORK)).key).toBe('2026-11');
  });

  it.each(['abc', '', 'Q5', 'q0', '2026-13', '2026-00', 'FY1999', 'FY2101', 'nov', 'foo 2026', '2026年13月'])(
    '%s is period.invalid',
    (input) => {
      expect(errorOf(() => parsePeriod(input, novemberNy))).toEqual({ code: 'period.invalid', data: { input } });
    },
  );

  it('reads back every period key', () => {
    for (const start of [1, 4, 10]) {
      const context = ctx(MONDAY_EVENING_UTC, NEW_YORK, start);
      for (const key of ['2026-11', '2027-01', '2026-Q1', '2027-Q3', 'FY2027']) {
        const period = periodFromKey(key, start);
        expect(parsePeriod(key, context)).toEqual(period);
      }
    }
  });
});

describe('zonedTimeToUtc across US daylight-saving changes', () => {
  it.each([
    ['2026-03-07', '09:00', '2026-03-07T14:00:00.000Z'], // EST, UTC−5
    ['2026-03-08', '01:30', '2026-03-08T06:30:00.000Z'], // before spring-forward
    ['2026-03-08', '02:30', '2026-03-08T07:30:00.000Z'], // skipped: moved later to 03:30 EDT
    ['2026-03-08', '03:30', '2026-03-08T07:30:00.000Z'],
    ['2026-03-08', '09:00', '2026-03-08T13:00:00.000Z'], // EDT, UTC−4
    ['2026-10-31', '09:00', '2026-10-31T13:00:00.000Z'],
    ['2026-11-01', '00:30', '2026-11-01T04:30:00.000Z'],
    ['2026-11-01', '01:30', '2026-11-01T05:30:00.000Z'], // occurs twice: the earlier (EDT) instant
    ['2026-11-01', '02:30', '2026-11-01T07:30:00.000Z'],
    ['2026-11-01', '09:00', '2026-11-01T14:00:00.000Z'], // EST again
  ])('%s %s in New York is %s', (date, hhmm, iso) => {
    expect(zonedTimeToUtc(date, hhmm, NEW_YORK).toISOString()).toBe(iso);
  });

  it('Shanghai has no DST', () => {
    expect(zonedTimeToUtc('2026-03-08', '09:00', SHANGHAI).toISOString()).toBe('2026-03-08T01:00:00.000Z');
    expect(zonedTimeToUtc('2026-11-01', '09:00', SHANGHAI).toISOString()).toBe('2026-11-01T01:00:00.000Z');
  });

  it('rejects a malformed time', () => {
    expect(() => zonedTimeToUtc('2026-03-08', '24:00', NEW_YORK)).toThrow(RangeError);
    expect(() => zonedTimeToUtc('2026-03-08', '9am', NEW_YORK)).toThrow(RangeError);
  });
});

describe('elapsedFraction', () => {
  const november = periodFromKey('2026-11', 1);

  it('counts today as elapsed', () => {
    expect(elapsedFraction(november, '2026-11-01')).toBeCloseTo(1 / 30, 12);
    expect(elapsedFraction(november, '2026-11-15')).toBe(0.5);
    expect(elapsedFraction(november, '2026-11-30')).toBe(1);
  });

  it('is 0 before the period and 1 after it', () => {
    expect(elapsedFraction(november, '2026-10-31')).toBe(0);
    expect(elapsedFraction(november, '2026-12-01')).toBe(1);
  });

  it('works over a fiscal quarter', () => {
    const q3 = periodFromKey('2027-Q3', 4); // 2026-10-01..2026-12-31, 92 days
    expect(elapsedFraction(q3, todayIn(ny))).toBeCloseTo(54 / 92, 12);
  });
});
