import { describe, expect, it } from 'vitest';
import {
  funnel,
  summarizeChanges,
  weeklyFigures,
  type ClosedFacts,
  type DigestEvent,
  type StageEntry,
} from '../../src/domain/digest-figures.js';
import { DEFAULT_STAGES } from '../../src/domain/stages.js';

const deal = (id: string, currency = 'USD', lostReason: string | null = null): DigestEvent['deal'] => ({
  id,
  number: Number(id.replace(/\D/g, '') || 0),
  title: `Deal ${id}`,
  accountName: 'Acme',
  ownerName: 'Ann',
  currency,
  lostReason,
});

const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 10, day, hour));

function event(over: Partial<DigestEvent> & Pick<DigestEvent, 'type' | 'deal'>): DigestEvent {
  return { at: at(1), fromStage: null, toStage: null, amountMinor: null, currency: null, before: null, after: null, ...over };
}

describe('summarizeChanges', () => {
  it('reads creations, wins, losses and moves, each group in the fixed order, oldest first', () => {
    const d1 = deal('d1');
    const d2 = deal('d2', 'EUR', 'Budget cut');
    const d3 = deal('d3');
    const result = summarizeChanges(
      [
        event({ type: 'stage_changed', deal: d3, at: at(3), fromStage: 'lead', toStage: 'qualified' }),
        event({ type: 'stage_changed', deal: d2, at: at(4), fromStage: 'proposal', toStage: 'lost', amountMinor: 700 }),
        event({ type: 'created', deal: d1, at: at(1), toStage: 'lead', amountMinor: 100, currency: 'USD' }),
        event({ type: 'stage_changed', deal: d1, at: at(5), fromStage: 'negotiation', toStage: 'won', amountMinor: 150 }),
      ],
      DEFAULT_STAGES,
      'USD',
    );
    expect(result.items).toEqual([
      { kind: 'won', at: at(5), deal: d1, amountMinor: 150, currency: 'USD', stage: 'won', reason: null },
      { kind: 'lost', at: at(4), deal: d2, amountMinor: 700, currency: 'EUR', stage: 'lost', reason: 'Budget cut' },
      { kind: 'new', at: at(1), deal: d1, amountMinor: 100, currency: 'USD', stage: 'lead', reason: null },
      { kind: 'moved', at: at(3), deal: d3, from: 'lead', to: 'qualified' },
    ]);
    expect(result.counts).toEqual({ won: 1, lost: 1, new: 1, moved: 1, amount: 0, close_date: 0 });
    expect(result.sums).toEqual({
      won: [{ currency: 'USD', sumMinor: 150 }],
      lost: [{ currency: 'EUR', sumMinor: 700 }],
      new: [{ currency: 'USD', sumMinor: 100 }],
    });
  });

  it('takes a loss reason from the event first, then from the deal; a blank one counts as none', () => {
    const stored = deal('d1', 'USD', 'Went dark');
    const lost = (after: unknown, d = stored) => event({ type: 'stage_changed', deal: d, fromStage: 'lead', toStage: 'lost', after });
    const reasons = (after: unknown, d = stored) =>
      summarizeChanges([lost(after, d)], DEFAULT_STAGES, 'USD').items.map((item) => ('reason' in item ? item.reason : undefined));
    expect(reasons({ reason: 'Price' })).toEqual(['Price']);
    expect(reasons({ reason: '   ' })).toEqual(['Went dark']);
    expect(reasons({ reason: 42 })).toEqual(['Went dark']);
    expect(reasons(['Price'])).toEqual(['Went dark']);
    expect(reasons('Price')).toEqual(['Went dark']);
    expect(reasons(null, deal('d2'))).toEqual([null]);
    // A win has no reason, whatever the event carries.
    const won = event({ type: 'stage_changed', deal: stored, fromStage: 'lead', toStage: 'won', after: { reason: 'Price' } });
    expect(summarizeChanges([won], DEFAULT_STAGES, 'USD').items).toMatchObject([{ kind: 'won', reason: null }]);
  });

  it('counts a deal once per kind and sums its latest change, main currency first, others alphabetically', () => {
    const a = deal('a');
    const b = deal('b', 'CNY');
    const c = deal('c', 'EUR');
    const e = deal('e', 'AUD');
    const won = (d: DigestEvent['deal'], day: number, amountMinor: number | null) =>
      event({ type: 'stage_changed', deal: d, at: at(day), fromStage: 'negotiation', toStage: 'won', amountMinor });
    const result = summarizeChanges(
      [
        won(a, 1, 100),
        event({ type: 'stage_changed', deal: a, at: at(2), fromStage: 'won', toStage: 'negotiation' }),
        won(a, 3, 300),
        won(b, 2, 50),
        won(c, 2, 70),
        won(e, 2, 20),
        won(deal('f', 'USD'), 4, null),
        event({ type: 'stage_changed', deal: b, at: at(1), fromStage: 'lead', toStage: 'qualified' }),
        event({ type: 'stage_changed', deal: b, at: at(2), fromStage: 'qualified', toStage: 'proposal' }),
      ],
      DEFAULT_STAGES,
      'EUR',
    );
    expect(result.counts).toEqual({ won: 5, lost: 0, new: 0, moved: 2, amount: 0, close_date: 0 });
    expect(result.items.filter((item) => item.kind === 'won')).toHaveLength(6);
    expect(result.sums.won).toEqual([
      { currency: 'EUR', sumMinor: 70 },
      { currency: 'AUD', sumMinor: 20 },
      { currency: 'CNY', sumMinor: 50 },
      { currency: 'USD', sumMinor: 300 },
    ]);
    expect(result.sums.lost).toEqual([]);
  });

  it('orders sums with the main currency first wherever it is found', () => {
    const won = (id: string, currency: string) =>
      event({ type: 'stage_changed', deal: deal(id, currency), fromStage: 'lead', toStage: 'won', amountMinor: 1 });
    const currencies = (main: string) =>
      summarizeChanges([won('1', 'AUD'), won('2', 'USD'), won('3', 'CNY')], DEFAULT_STAGES, main).sums.won.map((s) => s.currency);
    expect(currencies('USD')).toEqual(['USD', 'AUD', 'CNY']);
    expect(currencies('AUD')).toEqual(['AUD', 'CNY', 'USD']);
    expect(currencies('CNY')).toEqual(['CNY', 'AUD', 'USD']);
    expect(currencies('JPY')).toEqual(['AUD', 'CNY', 'USD']);
  });

  it('reads amount changes from the event payload, in the new currency when it changed', () => {
    const d = deal('d1', 'USD');
    const amount = (before: unknown, after: unknown, over: Partial<DigestEvent> = {}) =>
      summarizeChanges([event({ type: 'amount_changed', deal: d, before, after, ...over })], DEFAULT_STAGES, 'USD').items[0];
    expect(amount({ amountMinor: 100 }, { amountMinor: 250 })).toEqual({
      kind: 'amount',
      at: at(1),
      deal: d,
      fromMinor: 100,
      toMinor: 250,
      currency: 'USD',
    });
    expect(amount({ amountMinor: '-120' }, { amountMinor: '9007199254740991', currency: 'CNY' })).toMatchObject({
      fromMinor: -120,
      toMinor: 9_007_199_254_740_991,
      currency: 'CNY',
    });
    // Unreadable amounts are unknown; the event's own amount stands in for the new one.
    expect(amount({ amountMinor: '12a' }, { amountMinor: 1.5 }, { amountMinor: 77, currency: 'EUR' })).toMatchObject({
      fromMinor: null,
      toMinor: 77,
      currency: 'EUR',
    });
    expect(amount({ amountMinor: 'x12' }, { amountMinor: 2 ** 53 })).toMatchObject({ fromMinor: null, toMinor: null });
    expect(amount(null, { currency: 7 })).toMatchObject({ fromMinor: null, currency: 'USD' });
  });

  it('reads close-date changes as calendar dates', () => {
    const d = deal('d1');
    const dates = (before: unknown, after: unknown) =>
      summarizeChanges([event({ type: 'close_date_changed', deal: d, before, after })], DEFAULT_STAGES, 'USD').items[0];
    expect(dates({ closeDate: '2026-12-31T00:00:00.000Z' }, { closeDate: '2027-01-15' })).toEqual({
      kind: 'close_date',
      at: at(1),
      deal: d,
      from: '2026-12-31',
      to: '2027-01-15',
    });
    expect(dates({ closeDate: null }, { closeDate: 'soon 2027-01-15' })).toMatchObject({ from: null, to: null });
    expect(dates({ closeDate: 20270115 }, { closeDate: '2027-1-15' })).toMatchObject({ from: null, to: null });
    expect(dates({ closeDate: ['2027-01-15'] }, { closeDate: '2027-01-5T00' })).toMatchObject({ from: null, to: null });
  });

  it('falls back to the deal currency and empty stages, and skips events it does not report', () => {
    const d = deal('d1', 'EUR');
    const result = summarizeChanges(
      [
        event({ type: 'created', deal: d, amountMinor: 5 }),
        event({ type: 'stage_changed', deal: d, fromStage: null, toStage: 'proposal' }),
        event({ type: 'stage_changed', deal: d, fromStage: 'lead', toStage: null }),
        event({ type: 'note_added', deal: d }),
        event({ type: 'owner_changed', deal: d, toStage: 'won' }),
      ],
      DEFAULT_STAGES,
      'USD',
    );
    expect(result.items).toEqual([
      { kind: 'new', at: at(1), deal: d, amountMinor: 5, currency: 'EUR', stage: '', reason: null },
      { kind: 'moved', at: at(1), deal: d, from: '', to: 'proposal' },
    ]);
    expect(result.sums.new).toEqual([{ currency: 'EUR', sumMinor: 5 }]);
  });
});

describe('funnel', () => {
  const entry = (dealId: string, toStage: string, day: number): StageEntry => ({ dealId, toStage, at: at(day) });
  const line = (lines: ReturnType<typeof funnel>, key: string) => {
    const found = lines.find((l) => l.stage.key === key);
    return found && { entered: found.entered, advanced: found.advanced, conversionPct: found.conversionPct };
  };

  it('lists the open stages only, with step conversion to a further open or won stage', () => {
    const lines = funnel(
      [
        entry('a', 'lead', 1),
        entry('a', 'qualified', 2),
        entry('a', 'won', 3),
        entry('b', 'lead', 1),
        entry('b', 'lost', 2),
        entry('c', 'lead', 1),
        entry('d', 'qualified', 1),
        entry('d', 'qualified', 2),
      ],
      DEFAULT_STAGES,
    );
    expect(lines.map((l) => l.stage.key)).toEqual(['lead', 'qualified', 'needs_analysis', 'proposal', 'negotiation']);
    expect(line(lines, 'lead')).toEqual({ entered: 3, advanced: 1, conversionPct: 33.3 });
    expect(line(lines, 'qualified')).toEqual({ entered: 2, advanced: 1, conversionPct: 50 });
    expect(line(lines, 'proposal')).toEqual({ entered: 0, advanced: 0, conversionPct: null });
  });

  it('does not count a move back, a stage entered before, or a loss as advancing', () => {
    const lines = funnel(
      [
        entry('a', 'needs_analysis', 1),
        entry('a', 'proposal', 2),
        entry('a', 'qualified', 3),
        entry('b', 'qualified', 5),
        entry('b', 'lost', 6),
        entry('c', 'proposal', 1),
        entry('c', 'proposal', 4),
      ],
      DEFAULT_STAGES,
    );
    // a entered Qualified after Proposal: moving back is not advancing.
    expect(line(lines, 'qualified')).toEqual({ entered: 2, advanced: 0, conversionPct: 0 });
    expect(line(lines, 'needs_analysis')).toEqual({ entered: 1, advanced: 1, conversionPct: 100 });
    // Re-entering the same stage is not a further stage.
    expect(line(lines, 'proposal')).toEqual({ entered: 2, advanced: 0, conversionPct: 0 });
  });

  it('counts a further stage entered in the same instant as advancing', () => {
    const lines = funnel([entry('a', 'lead', 1), entry('a', 'qualified', 1)], DEFAULT_STAGES);
    expect(line(lines, 'lead')).toEqual({ entered: 1, advanced: 1, conversionPct: 100 });
  });

  it('does not count an entry into a stage the workspace no longer has as advancing, even from a stage at position 0', () => {
    const zeroBased = DEFAULT_STAGES.map((stage) => ({ ...stage, position: stage.position - 1 }));
    const lines = funnel([entry('a', 'lead', 1), entry('a', 'retired', 2)], zeroBased);
    expect(line(lines, 'lead')).toEqual({ entered: 1, advanced: 0, conversionPct: 0 });
    expect(line(funnel([entry('a', 'lead', 1), entry('a', 'qualified', 2)], zeroBased), 'lead')).toEqual({
      entered: 1,
      advanced: 1,
      conversionPct: 100,
    });
  });

  it('ignores entries into stages the workspace no longer has', () => {
    const lines = funnel([entry('a', 'lead', 1), entry('a', 'retired', 2)], DEFAULT_STAGES);
    expect(line(lines, 'lead')).toEqual({ entered: 1, advanced: 0, conversionPct: 0 });
  });
});

describe('weeklyFigures', () => {
  const closed = (over: Partial<ClosedFacts> = {}): ClosedFacts => ({ byStage: [], cycles: [], lostReasons: [], ...over });
  const figures = (facts: ClosedFacts, currency = 'USD') =>
    weeklyFigures({ closed: facts, entries: [], stages: DEFAULT_STAGES, currency, days: 7 });

  it('has no win rate, average or cycle when nothing closed', () => {
    const result = figures(closed());
    expect(result).toMatchObject({ days: 7, won: 0, lost: 0, winRatePct: null, currency: 'USD', avgWonMinor: null, avgCycleDays: null });
    expect(result.funnel).toHaveLength(5);
    expect(result.lostReasons).toEqual([]);
  });

  it('computes win rate over closed deals and the average win in the report currency only', () => {
    const result = figures(
      closed({
        byStage: [
          { stage: 'won', currency: 'USD', count: 2, sumMinor: 1_001 },
          { stage: 'won', currency: 'EUR', count: 1, sumMinor: 999_999 },
          { stage: 'lost', currency: 'USD', count: 3, sumMinor: 5_000 },
          { stage: 'proposal', currency: 'USD', count: 4, sumMinor: 8_000 },
        ],
        lostReasons: [{ reason: 'Price', count: 3 }],
      }),
    );
    expect(result).toMatchObject({ won: 3, lost: 3, winRatePct: 50, avgWonMinor: 501, lostReasons: [{ reason: 'Price', count: 3 }] });
    expect(figures(closed({ byStage: [{ stage: 'won', currency: 'EUR', count: 1, sumMinor: 10 }] })).avgWonMinor).toBeNull();
    expect(figures(closed({ byStage: [{ stage: 'lost', currency: 'USD', count: 2, sumMinor: 10 }] })).winRatePct).toBe(0);
    expect(figures(closed({ byStage: [{ stage: 'won', currency: 'USD', count: 3, sumMinor: 1_000 }] })).winRatePct).toBe(100);
  });

  it('averages whole cycle days, a close before creation counting as zero', () => {
    const day = 86_400_000;
    const start = new Date(Date.UTC(2026, 10, 1));
    const after = (ms: number) => new Date(start.getTime() + ms);
    expect(
      figures(
        closed({
          cycles: [
            { createdAt: start, closedAt: after(10 * day) },
            { createdAt: start, closedAt: after(5 * day) },
          ],
        }),
      ).avgCycleDays,
    ).toBe(8); // 7.5 → 8
    expect(
      figures(
        closed({
          cycles: [
            { createdAt: start, closedAt: after(4 * day) },
            { createdAt: after(3 * day), closedAt: start },
          ],
        }),
      ).avgCycleDays,
    ).toBe(2);
    expect(figures(closed({ cycles: [{ createdAt: start, closedAt: after(day * 1.4) }] })).avgCycleDays).toBe(1);
  });
});
