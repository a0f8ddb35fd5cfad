// The slicing's pure parts (#15 point 4): merging slices back into the unsliced rows, their order, the
// digest's line per channel, and the words that pick a slicing.
import { describe, expect, it } from 'vitest';
import { bySlice, mergeSlices, orderSlices, wholePipelineRows } from '../../src/domain/slices.js';
import { channelLines } from '../../src/domain/digest-figures.js';
import { splitSliceWords } from '../../src/commands/slices.js';
import { errorCode } from '../support/errors.js';

const at = (iso: string) => new Date(iso);

describe('slices merged back', () => {
  it('adds the slices of each stage and currency together, keeping the oldest entry and every stale deal', () => {
    const rows = [
      {
        slice: 'direct',
        stage: 'lead',
        currency: 'USD',
        count: 2,
        sumMinor: 500,
        staleCount: 1,
        oldestEnteredAt: at('2026-05-01T00:00:00Z'),
      },
      {
        slice: 'partner',
        stage: 'lead',
        currency: 'USD',
        count: 1,
        sumMinor: 250,
        staleCount: 0,
        oldestEnteredAt: at('2026-03-01T00:00:00Z'),
      },
      { slice: 'online', stage: 'lead', currency: 'USD', count: 1, sumMinor: 1, staleCount: 2, oldestEnteredAt: null },
      {
        slice: 'direct',
        stage: 'lead',
        currency: 'CNY',
        count: 3,
        sumMinor: 900,
        staleCount: 0,
        oldestEnteredAt: at('2026-06-01T00:00:00Z'),
      },
    ];
    expect(wholePipelineRows(rows)).toEqual([
      { stage: 'lead', currency: 'USD', count: 4, sumMinor: 751, staleCount: 3, oldestEnteredAt: at('2026-03-01T00:00:00Z') },
      { stage: 'lead', currency: 'CNY', count: 3, sumMinor: 900, staleCount: 0, oldestEnteredAt: at('2026-06-01T00:00:00Z') },
    ]);
    // An unknown oldest entry does not hide a known one, in either order.
    expect(wholePipelineRows([rows[2]!, rows[0]!])[0]?.oldestEnteredAt).toEqual(at('2026-05-01T00:00:00Z'));
  });

  it('merges any rows by the key given, and groups rows by slice', () => {
    const rows = [
      { slice: 'a', owner: 'x', count: 1, sumMinor: 10 },
      { slice: 'b', owner: 'x', count: 2, sumMinor: 20 },
      { slice: 'b', owner: 'y', count: 4, sumMinor: 40 },
    ];
    expect(mergeSlices(rows, (row) => row.owner)).toEqual([
      { owner: 'x', count: 3, sumMinor: 30 },
      { owner: 'y', count: 4, sumMinor: 40 },
    ]);
    expect([...bySlice(rows)]).toEqual([
      ['a', [{ owner: 'x', count: 1, sumMinor: 10 }]],
      [
        'b',
        [
          { owner: 'x', count: 2, sumMinor: 20 },
          { owner: 'y', count: 4, sumMinor: 40 },
        ],
      ],
    ]);
  });

  it('lists slices largest first, the one without a region after named ones of the same size, then by name', () => {
    const slices = [
      { key: '', size: 5 },
      { key: 'EMEA', size: 5 },
      { key: 'APAC', size: 5 },
      { key: 'NA', size: 9 },
      { key: 'LATAM', size: 1 },
    ];
    expect(orderSlices(slices, (s) => s.size).map((s) => s.key)).toEqual(['NA', 'APAC', 'EMEA', '', 'LATAM']);
  });
});

describe("the digest's line per channel", () => {
  it('adds won and open per channel, counting every deal but only amounts in the reporting currency, in the usual channel order', () => {
    const lines = channelLines(
      [
        { channel: 'online', kind: 'open', currency: 'USD', count: 1, sumMinor: 100 },
        { channel: 'direct', kind: 'won', currency: 'USD', count: 2, sumMinor: 300 },
        { channel: 'direct', kind: 'won', currency: 'USD', count: 1, sumMinor: 50 },
        { channel: 'direct', kind: 'open', currency: 'EUR', count: 1, sumMinor: 999 },
        { channel: 'direct', kind: 'open', currency: 'USD', count: 3, sumMinor: 700 },
        { channel: 'reseller', kind: 'won', currency: 'USD', count: 1, sumMinor: 5 },
        { channel: 'partner', kind: 'won', currency: 'EUR', count: 1, sumMinor: 80 },
      ],
      'USD',
    );
    expect(lines).toEqual([
      { channel: 'direct', wonCount: 3, wonMinor: 350, openCount: 4, openMinor: 700 },
      { channel: 'partner', wonCount: 1, wonMinor: 0, openCount: 0, openMinor: 0 },
      { channel: 'online', wonCount: 0, wonMinor: 0, openCount: 1, openMinor: 100 },
      { channel: 'reseller', wonCount: 1, wonMinor: 5, openCount: 0, openMinor: 0 },
    ]);
    expect(channelLines([], 'USD')).toEqual([]);
  });
});

describe('the words that pick a slicing', () => {
  const REPORT = ['channel', 'region'] as const;
  it('takes `by <slicing>` or `按<slicing>` out of the words, anywhere, in either language', () => {
    expect(splitSliceWords(['Q4', 'by', 'Channel'], REPORT, 'x')).toEqual({ rest: ['Q4'], by: 'channel' });
    expect(splitSliceWords(['按区域', '本季度'], REPORT, 'x')).toEqual({ rest: ['本季度'], by: 'region' });
    expect(splitSliceWords(['按', '地区'], REPORT, 'x')).toEqual({ rest: [], by: 'region' });
    expect(splitSliceWords(['this', 'quarter'], REPORT, 'x')).toEqual({ rest: ['this', 'quarter'], by: 'none' });
  });

  it('refuses a slicing that is not offered, or none named, with the code given', () => {
    expect(errorCode(() => splitSliceWords(['by', 'grade'], REPORT, 'report.by_unknown'))).toBe('report.by_unknown');
    expect(errorCode(() => splitSliceWords(['by'], REPORT, 'report.by_unknown'))).toBe('report.by_unknown');
    expect(errorCode(() => splitSliceWords(['按颜色'], REPORT, 'report.by_unknown'))).toBe('report.by_unknown');
    expect(splitSliceWords(['by', 'grade'], ['grade'], 'x').by).toBe('grade');
  });
});
