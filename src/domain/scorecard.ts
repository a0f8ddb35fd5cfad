/**
 * A rep's scorecard, pure: results (won amount, attainment, win rate, cycle, discount given) beside the
 * work behind them (pipeline created, deals advanced, calls, meetings and e-mails logged) and their
 * customers' satisfaction, and a team ranked on any one of those columns. The counts and sums come from
 * aggregate SQL (store/scorecard.ts, store/funnel.ts); win rate and cycle are the funnel's
 * (domain/funnel.ts), attainment the quota report's (domain/quota-lines.ts), so no figure has a second
 * definition. Definitions: README "How figures are computed".
 */
import type { CalendarDate } from './calendar.js';
import type { Conversion } from './exchange.js';
import { funnelFigures, type ClosedRow, type CycleRow } from './funnel.js';
import { quotaLine, type QuotaAmount } from './quota-lines.js';
import { ratioPercent, roundDiv, toSafeNumber } from './reports.js';
import { stageKeys, type StageDef } from './stages.js';

/** The follow-up kinds a scorecard counts (a plain note is not a follow-up). */
export const FOLLOW_UP_KINDS = ['call', 'meeting', 'email'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

/** One person's count (and sum) of one thing in the period: deals advanced, follow-ups of a kind, satisfaction scores. */
export type ScorecardCount = { ownerId: string; metric: 'advanced' | 'satisfaction' | FollowUpKind; count: number; sum: number };

/** Amounts of one person in one currency: the pipeline they created, at today's rate. */
export type OwnerAmount = { ownerId: string; currency: string; count: number; sumMinor: number };

/** Deals won by one person in one currency on one close date: their list amount and the discount given on it. */
export type DiscountRow = { ownerId: string; currency: string; closeDate: CalendarDate; count: number; sumMinor: number };

export type ScorecardLine = {
  ownerId: string;
  name: string;
  currency: string;
  wonMinor: number;
  won: number;
  lost: number;
  /** Won ÷ quota, in %; null without a quota for the period. */
  attainmentPct: number | null;
  createdCount: number;
  createdMinor: number;
  advanced: number;
  calls: number;
  meetings: number;
  emails: number;
  winRatePct: number | null;
  medianCycleDays: number | null;
  /** Σ(list amount × discount) ÷ Σ list amount of the deals won, in %; null without a won deal with a rate. */
  discountPct: number | null;
  /** Average score (1–5, one decimal) of the follow-ups recorded in the period; null without one. */
  satisfaction: number | null;
  satisfactionCount: number;
};

export type Scorecard = { lines: ScorecardLine[]; conversion: Conversion };

/** Everything known about one person, already in the reporting currency (`converted`, `created`, `discount*`). */
export type ScorecardInput = {
  ownerId: string;
  name: string;
  stages: readonly StageDef[];
  currency: string;
  /** The quota for the period, converted; undefined when none is set (or it has no rate). */
  quota: QuotaAmount | undefined;
  elapsed: number;
  closed: readonly ClosedRow[];
  converted: readonly ClosedRow[];
  cycle: CycleRow | undefined;
  counts: readonly ScorecardCount[];
  created: readonly OwnerAmount[];
  /** List amounts of the deals won, and the discount given on them (list × bps ÷ 10,000), both converted. */
  listed: readonly OwnerAmount[];
  discounted: readonly OwnerAmount[];
};

const sumOf = (rows: readonly { sumMinor: number }[]): bigint => rows.reduce((n, row) => n + BigInt(row.sumMinor), 0n);

/** One person's line. */
export function scorecardLine(input: ScorecardInput): ScorecardLine {
  const funnel = funnelFigures({
    stages: input.stages,
    currency: input.currency,
    flow: [],
    closed: input.closed,
    converted: input.converted,
    cycle: input.cycle,
    lostReasons: [],
  });
  const wonKeys = new Set(stageKeys(input.stages, 'won'));
  const wonWithRate = input.converted.filter((row) => wonKeys.has(row.stage) && row.currency === input.currency);
  const quota = quotaLine(
    input.name,
    [input.ownerId],
    input.quota,
    [{ ownerId: input.ownerId, currency: input.currency, count: wonWithRate.length, sumMinor: funnel.wonMinor }],
    [],
    input.currency,
    input.elapsed,
  );
  const count = (metric: ScorecardCount['metric']) => input.counts.find((row) => row.metric === metric);
  const inCurrency = (rows: readonly OwnerAmount[]) => rows.filter((row) => row.currency === input.currency);
  const created = inCurrency(input.created);
  const satisfaction = count('satisfaction');
  return {
    ownerId: input.ownerId,
    name: input.name,
    currency: input.currency,
    wonMinor: funnel.wonMinor,
    won: funnel.won,
    lost: funnel.lost,
    attainmentPct: quota.attainment?.attainmentPct ?? null,
    createdCount: input.created.reduce((n, row) => n + row.count, 0),
    createdMinor: toSafeNumber(sumOf(created)),
    advanced: count('advanced')?.count ?? 0,
    calls: count('call')?.count ?? 0,
    meetings: count('meeting')?.count ?? 0,
    emails: count('email')?.count ?? 0,
    winRatePct: funnel.winRatePct,
    medianCycleDays: funnel.medianCycleDays,
    discountPct: ratioPercent(toSafeNumber(sumOf(inCurrency(input.discounted))), toSafeNumber(sumOf(inCurrency(input.listed)))),
    satisfaction:
      satisfaction && satisfaction.count > 0 ? Number(roundDiv(BigInt(satisfaction.sum) * 10n, BigInt(satisfaction.count))) / 10 : null,
    satisfactionCount: satisfaction?.count ?? 0,
  };
}

/** The columns a team can be ranked on. */
export const SCORECARD_METRICS = [
  'won',
  'attainment',
  'pipeline',
  'advanced',
  'activities',
  'winrate',
  'cycle',
  'discount',
  'satisfaction',
] as const;
export type ScorecardMetric = (typeof SCORECARD_METRICS)[number];

/** A shorter cycle and a smaller discount rank higher. */
const LOWER_IS_BETTER: ReadonlySet<ScorecardMetric> = new Set(['cycle', 'discount']);

/** A line's value on one column; null when it has none (no quota, no closed deal, no score). */
export function metricValue(line: ScorecardLine, metric: ScorecardMetric): number | null {
  switch (metric) {
    case 'won':
      return line.wonMinor;
    case 'attainment':
      return line.attainmentPct;
    case 'pipeline':
      return line.createdMinor;
    case 'advanced':
      return line.advanced;
    case 'activities':
      return line.calls + line.meetings + line.emails;
    case 'winrate':
      return line.winRatePct;
    case 'cycle':
      return line.medianCycleDays;
    case 'discount':
      return line.discountPct;
    case 'satisfaction':
      return line.satisfaction;
  }
}

export type RankedLine = { line: ScorecardLine; value: number | null; rank: number | null };

/**
 * Lines best first on one column. Equal values share a rank (1, 2, 2, 4); a line without a value has no
 * rank and comes last. Ties and the unranked are in name order.
 */
export function rankLines(lines: readonly ScorecardLine[], metric: ScorecardMetric): RankedLine[] {
  const sign = LOWER_IS_BETTER.has(metric) ? -1 : 1;
  const valued = lines.map((line) => ({ line, value: metricValue(line, metric) }));
  const values = valued.flatMap((entry) => (entry.value === null ? [] : [entry.value * sign]));
  return valued
    .map((entry): RankedLine => {
      if (entry.value === null) return { ...entry, rank: null };
      const mine = entry.value * sign;
      return { ...entry, rank: 1 + values.filter((value) => value > mine).length };
    })
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.line.name.localeCompare(b.line.name));
}
