/**
 * The funnel's figures, pure: stage flow (entered, moved on, lost there, conversions, median days in
 * stage), win rate by count and by amount, average won deal, median cycle and lost reasons. The counts
 * come from aggregate SQL over deal events (store/funnel.ts); this file only turns them into figures,
 * so `/funnel` and the Monday digest read the same numbers. Definitions: README "How figures are computed".
 */
import type { StageDef } from './stages.js';
import type { CalendarDate } from './calendar.js';
import type { Conversion } from './exchange.js';
import { ratioPercent, roundDiv, toSafeNumber } from './reports.js';

const DAY_MS = 86_400_000;

/** How a funnel is sliced: not at all, or by a deal's source channel, its team's region, its account's grade, or its owner. */
export type FunnelSliceBy = 'none' | 'channel' | 'region' | 'grade' | 'rep' | 'competitor';

export const FUNNEL_SLICES: readonly Exclude<FunnelSliceBy, 'none'>[] = ['channel', 'region', 'grade', 'rep', 'competitor'];

/** One open stage of one slice, as the flow query counts it. */
export type StageFlowRow = {
  slice: string;
  stage: string;
  /** Deals that entered the stage in the window (each deal once, at its first entry). */
  entered: number;
  /** Of those, the deals that later entered a further open stage or Won. */
  movedOn: number;
  /** Of those, the deals later moved from this stage straight to Lost. */
  lostThere: number;
  /** Of those, the deals later won. */
  wonLater: number;
  /** Stays that ended (the deal entered another stage) by the report's instant, and their median length in ms. */
  stays: number;
  medianStayMs: number | null;
};

/** Deals closed in the period (by close date) of one slice, stage, currency and close date. */
export type ClosedRow = { slice: string; stage: string; currency: string; closeDate: CalendarDate; count: number; sumMinor: number };

export type CycleRow = { slice: string; won: number; medianCycleMs: number | null };

export type LostReasonRow = { slice: string; reason: string | null; count: number };

export type FunnelStageLine = {
  stage: StageDef;
  entered: number;
  movedOn: number;
  lostThere: number;
  /** movedOn ÷ entered, in %. */
  nextPct: number | null;
  /** wonLater ÷ entered, in %. */
  wonPct: number | null;
  /** Median days in the stage (one decimal) of the stays that ended. */
  medianDays: number | null;
};

export type FunnelFigures = {
  lines: FunnelStageLine[];
  won: number;
  lost: number;
  /** won ÷ (won + lost) by count, in %. */
  winRatePct: number | null;
  /** won amount ÷ (won + lost amount), in the reporting currency (amounts without a rate left out), in %. */
  winRateAmountPct: number | null;
  currency: string;
  wonMinor: number;
  lostMinor: number;
  /** Won amount ÷ won deals with a rate; null without any. */
  avgWonMinor: number | null;
  /** Median whole days from a won deal's creation to its close; null without any. */
  medianCycleDays: number | null;
  /** Most frequent first; null is "no reason given". */
  lostReasons: { reason: string | null; count: number }[];
};

/** One slice of a funnel: its key (a channel, region, grade or owner id; '' for the whole) and, for an owner, their name. */
export type FunnelSlice = { key: string; name?: string; figures: FunnelFigures };

/** A funnel in the reporting currency: its slices, largest first, and the rates used or missing. */
export type FunnelData = { by: FunnelSliceBy; slices: FunnelSlice[]; conversion: Conversion };

/** A median in ms as whole days, or days with one decimal. */
export function msToDays(ms: number, decimals: 0 | 1): number {
  const scale = decimals === 1 ? 10 : 1;
  return Math.round((ms / DAY_MS) * scale) / scale;
}

/**
 * One slice's figures. `closed` holds the stored rows (for counts); `converted` the same rows in the
 * reporting currency, without those that had no rate (for amounts).
 */
export function funnelFigures(input: {
  stages: readonly StageDef[];
  currency: string;
  flow: readonly StageFlowRow[];
  closed: readonly ClosedRow[];
  converted: readonly ClosedRow[];
  cycle: CycleRow | undefined;
  lostReasons: readonly LostReasonRow[];
}): FunnelFigures {
  const kindOf = new Map(input.stages.map((stage) => [stage.key, stage.kind]));
  const flowOf = new Map(input.flow.map((row) => [row.stage, row]));
  const lines = input.stages
    .filter((stage) => stage.kind === 'open')
    .map((stage): FunnelStageLine => {
      const row = flowOf.get(stage.key);
      const entered = row?.entered ?? 0;
      return {
        stage,
        entered,
        movedOn: row?.movedOn ?? 0,
        lostThere: row?.lostThere ?? 0,
        nextPct: ratioPercent(row?.movedOn ?? 0, entered),
        wonPct: ratioPercent(row?.wonLater ?? 0, entered),
        medianDays: row?.medianStayMs == null ? null : msToDays(row.medianStayMs, 1),
      };
    });
  const of = (rows: readonly ClosedRow[], kind: string) => rows.filter((row) => kindOf.get(row.stage) === kind);
  const countOf = (rows: readonly ClosedRow[]) => rows.reduce((n, row) => n + row.count, 0);
  const sumOf = (rows: readonly ClosedRow[]) => rows.reduce((n, row) => n + BigInt(row.sumMinor), 0n);
  const [won, lost] = [countOf(of(input.closed, 'won')), countOf(of(input.closed, 'lost'))];
  const wonConverted = of(input.converted, 'won').filter((row) => row.currency === input.currency);
  const lostConverted = of(input.converted, 'lost').filter((row) => row.currency === input.currency);
  const [wonSum, lostSum] = [sumOf(wonConverted), sumOf(lostConverted)];
  const wonWithRate = countOf(wonConverted);
  const [wonMinor, lostMinor] = [toSafeNumber(wonSum), toSafeNumber(lostSum)];
  return {
    lines,
    won,
    lost,
    winRatePct: ratioPercent(won, won + lost),
    winRateAmountPct: ratioPercent(wonMinor, wonMinor + lostMinor),
    currency: input.currency,
    wonMinor,
    lostMinor,
    avgWonMinor: wonWithRate === 0 ? null : toSafeNumber(roundDiv(wonSum, BigInt(wonWithRate))),
    medianCycleDays: input.cycle?.medianCycleMs == null ? null : msToDays(input.cycle.medianCycleMs, 0),
    lostReasons: input.lostReasons
      .map((row) => ({ reason: row.reason, count: row.count }))
      .sort((a, b) => b.count - a.count || (a.reason ?? '').localeCompare(b.reason ?? '')),
  };
}

/** How much a slice holds, for ordering slices: its stage entries plus its closed deals. */
export function sliceVolume(figures: FunnelFigures): number {
  return figures.lines.reduce((n, line) => n + line.entered, 0) + figures.won + figures.lost;
}
