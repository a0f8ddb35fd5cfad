/**
 * The digest's arithmetic, pure: what changed (from deal events). No database, no clock, no wording.
 * The weekly funnel, win rate, average deal, cycle and lost reasons are /funnel's (domain/funnel.ts).
 */
import type { StageDef } from './stages.js';
import type { CalendarDate } from './calendar.js';
import { toSafeNumber } from './reports.js';
import type { FunnelFigures } from './funnel.js';
import { SOURCE_CHANNELS } from './deal.js';

/** A deal event of the window, as store/digest-data.ts reads it. */
export type DigestEvent = {
  type: string;
  at: Date;
  fromStage: string | null;
  toStage: string | null;
  /** The deal's amount after the event. */
  amountMinor: number | null;
  currency: string | null;
  before: unknown;
  after: unknown;
  deal: { id: string; number: number; title: string; accountName: string; ownerName: string; currency: string; lostReason: string | null };
};

export type DealRefData = DigestEvent['deal'];

export type Change =
  | {
      kind: 'won' | 'lost' | 'new';
      at: Date;
      deal: DealRefData;
      amountMinor: number | null;
      currency: string;
      stage: string;
      reason: string | null;
    }
  | { kind: 'moved'; at: Date; deal: DealRefData; from: string; to: string }
  | { kind: 'amount'; at: Date; deal: DealRefData; fromMinor: number | null; toMinor: number | null; currency: string }
  | { kind: 'close_date'; at: Date; deal: DealRefData; from: CalendarDate | null; to: CalendarDate | null };

export type ChangeKind = Change['kind'];

/** Sums per currency, the main currency first. */
export type CurrencySums = { currency: string; sumMinor: number }[];

export type DigestChanges = {
  /** Won, lost, new, stage moves, amount and close-date changes, each group oldest first. */
  items: Change[];
  /** Deals with at least one change of each kind (a deal moved twice is one deal). */
  counts: Record<ChangeKind, number>;
  /** Per currency, each deal counted once with its latest change of that kind. */
  sums: Record<'won' | 'lost' | 'new', CurrencySums>;
};

export const CHANGE_ORDER: readonly ChangeKind[] = ['won', 'lost', 'new', 'moved', 'amount', 'close_date'];

function field(json: unknown, name: string): unknown {
  // Stryker disable next-line ConditionalExpression: strings, numbers and arrays have no property named like an event field, so only the null check is observable
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>)[name] : undefined;
}

function minorOf(value: unknown): number | null {
  // Stryker disable next-line ConditionalExpression: Number.isSafeInteger is false for anything but a number
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return toSafeNumber(BigInt(value));
  return null;
}

function dateOf(value: unknown): CalendarDate | null {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function addTo(sums: Map<string, number>, currency: string, minor: number | null): void {
  sums.set(currency, (sums.get(currency) ?? 0) + (minor ?? 0));
}

function ordered(sums: Map<string, number>, mainCurrency: string): CurrencySums {
  return [...sums.entries()]
    .map(([currency, sumMinor]) => ({ currency, sumMinor }))
    .sort((a, b) => (a.currency === mainCurrency ? -1 : b.currency === mainCurrency ? 1 : a.currency.localeCompare(b.currency)));
}

/**
 * Reads a window's deal events as changes. A stage change into a won or lost stage is a win or a
 * loss (with the amount at that moment and the reason given), into any other stage a move.
 */
export function summarizeChanges(events: readonly DigestEvent[], stages: readonly StageDef[], mainCurrency: string): DigestChanges {
  const kindOf = new Map(stages.map((stage) => [stage.key, stage.kind]));
  // Stryker disable next-line ArrayDeclaration: a stray non-change element has no kind, so grouping by kind drops it
  const changes: Change[] = [];
  for (const event of events) {
    const currency = event.currency ?? event.deal.currency;
    const base = { at: event.at, deal: event.deal };
    if (event.type === 'created') {
      changes.push({ ...base, kind: 'new', amountMinor: event.amountMinor, currency, stage: event.toStage ?? '', reason: null });
    } else if (event.type === 'stage_changed' && event.toStage) {
      const kind = kindOf.get(event.toStage);
      if (kind === 'won' || kind === 'lost') {
        const reason = kind === 'lost' ? (textOf(field(event.after, 'reason')) ?? event.deal.lostReason) : null;
        changes.push({ ...base, kind, amountMinor: event.amountMinor, currency, stage: event.toStage, reason });
      } else {
        changes.push({ ...base, kind: 'moved', from: event.fromStage ?? '', to: event.toStage });
      }
    } else if (event.type === 'amount_changed') {
      const after = field(event.after, 'currency');
      changes.push({
        ...base,
        kind: 'amount',
        fromMinor: minorOf(field(event.before, 'amountMinor')),
        toMinor: minorOf(field(event.after, 'amountMinor')) ?? event.amountMinor,
        currency: typeof after === 'string' ? after : currency,
      });
    } else if (event.type === 'close_date_changed') {
      changes.push({
        ...base,
        kind: 'close_date',
        from: dateOf(field(event.before, 'closeDate')),
        to: dateOf(field(event.after, 'closeDate')),
      });
    }
  }
  const items = CHANGE_ORDER.flatMap((kind) => changes.filter((change) => change.kind === kind));
  // Items are oldest first within a kind, so the last change seen for a deal is its latest state.
  const latest = new Map(CHANGE_ORDER.map((kind) => [kind, new Map<string, Change>()]));
  // Stryker disable next-line OptionalChaining: `latest` has a map for every kind
  for (const change of items) latest.get(change.kind)?.set(change.deal.id, change);
  const counts = Object.fromEntries(CHANGE_ORDER.map((kind) => [kind, latest.get(kind)?.size ?? 0])) as Record<ChangeKind, number>;
  const sums = { won: new Map<string, number>(), lost: new Map<string, number>(), new: new Map<string, number>() };
  for (const kind of ['won', 'lost', 'new'] as const) {
    // Stryker disable next-line OptionalChaining: `latest` has a map for every kind
    for (const change of latest.get(kind)?.values() ?? []) {
      // Stryker disable next-line ConditionalExpression: each map holds changes of its kind only (the check narrows the type)
      if (change.kind === kind) addTo(sums[kind], change.currency, change.amountMinor);
    }
  }
  return {
    items,
    counts,
    sums: { won: ordered(sums.won, mainCurrency), lost: ordered(sums.lost, mainCurrency), new: ordered(sums.new, mainCurrency) },
  };
}

/**
 * Monday's weekly summary: the funnel of the last `days` days, as /funnel computes it (domain/funnel.ts
 * on store/funnel.ts), so the digest and the command cannot disagree.
 */
export type WeeklyFigures = FunnelFigures & { days: number };

/** The digest's line per source channel: won in the period and open now, in the reporting currency. */
export type ChannelLine = { channel: string; wonCount: number; wonMinor: number; openCount: number; openMinor: number };

/**
 * Sums per channel and kind (store/slices.ts channelSums, converted): counts take every deal, amounts only
 * those in `currency` (one left in its own currency had no rate, and is named by the pipeline and quota
 * sections). Channels in their usual order (direct, partner, online), any other after them.
 */
export function channelLines(
  rows: readonly { channel: string; kind: 'won' | 'open'; currency: string; count: number; sumMinor: number }[],
  currency: string,
): ChannelLine[] {
  const lines = new Map<string, ChannelLine>();
  for (const row of rows) {
    const line = lines.get(row.channel) ?? { channel: row.channel, wonCount: 0, wonMinor: 0, openCount: 0, openMinor: 0 };
    const minor = row.currency === currency ? row.sumMinor : 0;
    if (row.kind === 'won') Object.assign(line, { wonCount: line.wonCount + row.count, wonMinor: line.wonMinor + minor });
    else Object.assign(line, { openCount: line.openCount + row.count, openMinor: line.openMinor + minor });
    lines.set(row.channel, line);
  }
  const rank = (channel: string) => {
    const known = (SOURCE_CHANNELS as readonly string[]).indexOf(channel);
    return known === -1 ? SOURCE_CHANNELS.length : known;
  };
  return [...lines.values()].sort((a, b) => rank(a.channel) - rank(b.channel) || a.channel.localeCompare(b.channel));
}
