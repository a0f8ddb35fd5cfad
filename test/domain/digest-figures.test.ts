import { describe, expect, it } from 'vitest';
import { summarizeChanges, type DigestEvent } from '../../src/domain/digest-figures.js';
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
