import type { Action, Block, Field, Screen } from '../screen.js';
import type { Conversion } from '../../domain/exchange.js';
import type { RankedLine, Scorecard, ScorecardLine, ScorecardMetric } from '../../domain/scorecard.js';
import { t, type MessageKey } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { count, money, percent } from '../format.js';
import { conversionNotes } from '../conversion.js';
import { chartSpec, type ChartValueFormat } from '../charts/spec.js';
import type { ReportSliceBy } from '../../domain/slices.js';
import { BY, SLICE_COLUMN, WHOLE, sliceActions, sliceName, sliceTitle } from './report-slices.js';

export type ScorecardScreenData = {
  scopeLabel: string;
  periodLabel: string;
  /** One person: their figures as fields instead of a table. */
  single: boolean;
  card: Scorecard;
  currency: string;
  /** The who and period words as typed, so the buttons can repeat them. */
  words: string;
  periodWords: string;
};

/** Each column's heading (also the leaderboard's column) and its value as shown. */
const METRIC_LABEL: Readonly<Record<ScorecardMetric, MessageKey>> = {
  won: 'scorecard.col.won',
  attainment: 'scorecard.col.attainment',
  pipeline: 'scorecard.col.created',
  advanced: 'scorecard.col.advanced',
  activities: 'scorecard.col.follow_ups',
  winrate: 'scorecard.col.win_rate',
  cycle: 'scorecard.col.cycle',
  discount: 'scorecard.col.discount',
  satisfaction: 'scorecard.col.satisfaction',
};

/** How each column's values read on the ranking chart. */
const METRIC_FORMAT: Readonly<Record<ScorecardMetric, 'money' | 'percent' | 'count'>> = {
  won: 'money',
  attainment: 'percent',
  pipeline: 'money',
  advanced: 'count',
  activities: 'count',
  winrate: 'percent',
  cycle: 'count',
  discount: 'percent',
  satisfaction: 'count',
};

function metricFormat(metric: ScorecardMetric, currency: string): ChartValueFormat {
  const kind = METRIC_FORMAT[metric];
  return kind === 'money' ? { kind, currency } : { kind };
}

function cells(locale: Locale, line: ScorecardLine): Record<ScorecardMetric, string> {
  const cash = (minor: number) => money(locale, minor, line.currency, true);
  return {
    won: cash(line.wonMinor),
    attainment: percent(locale, line.attainmentPct),
    pipeline: t(locale, 'scorecard.created_value', { count: count(locale, line.createdCount), amount: cash(line.createdMinor) }),
    advanced: count(locale, line.advanced),
    activities: t(locale, 'scorecard.follow_ups_value', {
      calls: count(locale, line.calls),
      meetings: count(locale, line.meetings),
      emails: count(locale, line.emails),
    }),
    winrate: percent(locale, line.winRatePct),
    cycle: line.medianCycleDays === null ? '—' : t(locale, 'scorecard.days', { days: count(locale, line.medianCycleDays) }),
    discount: percent(locale, line.discountPct),
    satisfaction:
      line.satisfaction === null
        ? '—'
        : t(locale, 'scorecard.satisfaction_value', {
            score: count(locale, line.satisfaction),
            count: count(locale, line.satisfactionCount),
          }),
  };
}

const COLUMNS: readonly ScorecardMetric[] = [
  'won',
  'attainment',
  'pipeline',
  'advanced',
  'activities',
  'winrate',
  'cycle',
  'discount',
  'satisfaction',
];

function notes(locale: Locale, conversion: Conversion, currency: string): Block[] {
  return conversionNotes(conversion, currency, locale).map((text): Block => ({ type: 'context', text }));
}

/** A rep's results and the work behind them; a table of a team's reps, or one person's figures. */
export function scorecardScreen(input: ScorecardScreenData, locale: Locale): Screen {
  const heading = [t(locale, 'scorecard.title'), input.scopeLabel, input.periodLabel].join(' · ');
  const blocks: Block[] = [{ type: 'header', text: heading }];
  const [only] = input.card.lines;
  if (input.card.lines.length === 0) blocks.push({ type: 'text', text: t(locale, 'scorecard.empty') });
  else if (input.single && only) {
    const shown = cells(locale, only);
    blocks.push({
      type: 'fields',
      fields: COLUMNS.map((metric): Field => ({ label: t(locale, METRIC_LABEL[metric]), value: shown[metric] })),
    });
  } else {
    blocks.push({
      type: 'table',
      columns: [
        { label: t(locale, 'scorecard.col.name') },
        ...COLUMNS.map((metric) => ({ label: t(locale, METRIC_LABEL[metric]), align: 'right' as const })),
      ],
      rows: input.card.lines.map((line) => {
        const shown = cells(locale, line);
        return [line.name, ...COLUMNS.map((metric) => shown[metric])];
      }),
    });
  }
  blocks.push(...notes(locale, input.card.conversion, input.currency));
  blocks.push({ type: 'context', text: t(locale, 'scorecard.legend', { currency: input.currency }) });
  const period = input.periodWords ? ` ${input.periodWords}` : '';
  const actions: Action[] = [
    { id: 'leaderboard', label: t(locale, 'scorecard.action.leaderboard'), command: `leaderboard won${period}` },
    { id: 'funnel', label: t(locale, 'scorecard.action.funnel'), command: `funnel${input.words ? ` ${input.words}` : ''}` },
  ];
  blocks.push({ type: 'actions', actions });
  return { kind: 'scorecard', title: heading, blocks };
}

export type LeaderboardScreenData = {
  scopeLabel: string;
  periodLabel: string;
  metric: ScorecardMetric;
  ranked: readonly RankedLine[];
  /** A rep's id: only their line and rank are shown. */
  onlyFor: string | undefined;
  conversion: Conversion;
  currency: string;
  scopeWords: string;
  periodWords: string;
};

/** Reps ranked on one column, best first; a rep sees only their own line and rank. */
export function leaderboardScreen(input: LeaderboardScreenData, locale: Locale): Screen {
  const column = t(locale, METRIC_LABEL[input.metric]);
  const heading = [t(locale, 'leaderboard.title', { metric: column }), input.scopeLabel, input.periodLabel].join(' · ');
  const blocks: Block[] = [{ type: 'header', text: heading }];
  const rank = (entry: RankedLine) => (entry.rank === null ? '—' : count(locale, entry.rank));
  const value = (entry: RankedLine) => cells(locale, entry.line)[input.metric];
  if (input.onlyFor !== undefined) {
    blocks.push({ type: 'text', text: ownRank(locale, input.ranked, input.onlyFor, input.metric, column) });
  } else if (input.ranked.length === 0) blocks.push({ type: 'text', text: t(locale, 'scorecard.empty') });
  else
    blocks.push({
      type: 'table',
      columns: [
        { label: t(locale, 'leaderboard.col.rank'), align: 'right' },
        { label: t(locale, 'scorecard.col.name') },
        { label: column, align: 'right' },
      ],
      rows: input.ranked.map((entry) => [rank(entry), entry.line.name, value(entry)]),
    });
  const charted = input.onlyFor === undefined ? input.ranked.filter((entry) => entry.value !== null) : [];
  if (charted.length > 0)
    blocks.push({
      type: 'chart',
      chart: chartSpec({
        kind: 'hbar',
        title: t(locale, 'chart.ranking', { metric: column }),
        categories: charted.map((entry) => entry.line.name),
        series: [{ name: column, values: charted.map((entry) => entry.value ?? 0) }],
        format: metricFormat(input.metric, input.currency),
        locale,
      }),
    });
  blocks.push(...notes(locale, input.conversion, input.currency));
  blocks.push({ type: 'context', text: t(locale, `leaderboard.order.${input.metric}`) });
  const period = input.periodWords ? ` ${input.periodWords}` : '';
  const scope = input.onlyFor === undefined && input.scopeWords ? ` ${input.scopeWords}` : '';
  blocks.push({
    type: 'actions',
    actions: [{ id: 'scorecard', label: t(locale, 'leaderboard.action.scorecard'), command: `scorecard${scope}${period}` }],
  });
  return { kind: 'leaderboard', title: heading, blocks };
}

export type SlicedScorecardData = {
  scopeLabel: string;
  periodLabel: string;
  by: ReportSliceBy;
  /** A line per slice (its key as `ownerId`), most won first. */
  slices: readonly ScorecardLine[];
  /** The whole scope's line. */
  whole: ScorecardLine;
  conversion: Conversion;
  currency: string;
  /** Who and period as typed, for the buttons. */
  words: string;
};

/** Quotas belong to people: a slice has no attainment. */
const SLICED_COLUMNS = COLUMNS.filter((metric) => metric !== 'attainment');

/** `/scorecard … by channel|region`: a line per slice with the scorecard's figures of its deals, and the whole scope's. */
export function slicedScorecardScreen(input: SlicedScorecardData, locale: Locale): Screen {
  const heading = [t(locale, 'scorecard.title'), input.scopeLabel, input.periodLabel, t(locale, BY[input.by])].join(' · ');
  const row = (label: string, line: ScorecardLine) => {
    const shown = cells(locale, line);
    return [label, ...SLICED_COLUMNS.map((metric) => shown[metric])];
  };
  const blocks: Block[] = [{ type: 'header', text: heading }];
  if (input.slices.length === 0) blocks.push({ type: 'text', text: t(locale, 'scorecard.empty') });
  else
    blocks.push({
      type: 'table',
      columns: [
        { label: t(locale, SLICE_COLUMN[input.by]) },
        ...SLICED_COLUMNS.map((metric) => ({ label: t(locale, METRIC_LABEL[metric]), align: 'right' as const })),
      ],
      rows: input.slices.map((line) => row(sliceName(input.by, line.ownerId, locale), line)),
      totals: row(t(locale, WHOLE[input.by]), input.whole),
    });
  blocks.push(...notes(locale, input.conversion, input.currency));
  blocks.push({
    type: 'context',
    text: t(locale, 'slices.scorecard.legend', { whole: t(locale, WHOLE[input.by]), currency: input.currency }),
  });
  const typed = input.words ? ` ${input.words}` : '';
  blocks.push({
    type: 'actions',
    actions: [
      sliceActions('scorecard', input.by, input.words, locale),
      { id: 'scorecard', label: t(locale, 'slices.action.whole_scorecard'), command: `scorecard${typed}` },
    ],
  });
  return { kind: 'scorecard', title: heading, blocks };
}

export type SlicedLeaderboardData = Omit<LeaderboardScreenData, 'ranked'> & {
  by: ReportSliceBy;
  /** Per slice, its people ranked on their figures of its deals; most won first. */
  slices: readonly { key: string; ranked: readonly RankedLine[] }[];
};

/** `/leaderboard … by channel|region`: per slice, the people ranked; a rep sees only their own rank in each. */
export function slicedLeaderboardScreen(input: SlicedLeaderboardData, locale: Locale): Screen {
  const column = t(locale, METRIC_LABEL[input.metric]);
  const heading = [t(locale, 'leaderboard.title', { metric: column }), input.scopeLabel, input.periodLabel, t(locale, BY[input.by])].join(
    ' · ',
  );
  const blocks: Block[] = [{ type: 'header', text: heading }];
  const rank = (entry: RankedLine) => (entry.rank === null ? '—' : count(locale, entry.rank));
  const value = (entry: RankedLine) => cells(locale, entry.line)[input.metric];
  if (input.slices.length === 0) blocks.push({ type: 'text', text: t(locale, 'scorecard.empty') });
  input.slices.forEach((slice, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push({ type: 'text', text: sliceTitle(input.by, slice.key, locale) });
    if (input.onlyFor !== undefined) {
      blocks.push({ type: 'text', text: ownRank(locale, slice.ranked, input.onlyFor, input.metric, column) });
      return;
    }
    blocks.push({
      type: 'table',
      columns: [
        { label: t(locale, 'leaderboard.col.rank'), align: 'right' },
        { label: t(locale, 'scorecard.col.name') },
        { label: column, align: 'right' },
      ],
      rows: slice.ranked.map((entry) => [rank(entry), entry.line.name, value(entry)]),
    });
  });
  blocks.push(...notes(locale, input.conversion, input.currency));
  blocks.push({ type: 'context', text: `${t(locale, `leaderboard.order.${input.metric}`)} ${t(locale, 'slices.leaderboard.legend')}` });
  const period = input.periodWords ? ` ${input.periodWords}` : '';
  const scope = input.onlyFor === undefined && input.scopeWords ? ` ${input.scopeWords}` : '';
  const words = `${scope} ${input.metric}${period}`.trim();
  blocks.push({
    type: 'actions',
    actions: [
      sliceActions('leaderboard', input.by, words, locale),
      { id: 'leaderboard', label: t(locale, 'slices.action.whole_leaderboard'), command: `leaderboard ${words}` },
    ],
  });
  return { kind: 'leaderboard', title: heading, blocks };
}

/** A rep's own line of a ranking (all they may see of it): their rank of how many, and their figure. */
function ownRank(locale: Locale, ranked: readonly RankedLine[], ownerId: string, metric: ScorecardMetric, column: string): string {
  const mine = ranked.find((entry) => entry.line.ownerId === ownerId);
  if (mine?.rank == null) return t(locale, 'leaderboard.mine_unranked', { metric: column });
  const of = ranked.filter((entry) => entry.rank !== null).length;
  return t(locale, 'leaderboard.mine', {
    rank: count(locale, mine.rank),
    of: count(locale, of),
    metric: column,
    value: cells(locale, mine.line)[metric],
  });
}
