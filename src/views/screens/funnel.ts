import type { Action, Block, Screen } from '../screen.js';
import type { FunnelData, FunnelFigures, FunnelSlice, FunnelSliceBy } from '../../domain/funnel.js';
import { SOURCE_CHANNELS } from '../../domain/deal.js';
import { stageName, type StageDef } from '../../domain/stages.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { count, money, percent, storedWord } from '../format.js';
import { conversionNotes } from '../conversion.js';
import { chartSpec } from '../charts/spec.js';

export type FunnelScreenData = {
  scopeLabel: string;
  periodLabel: string;
  stages: readonly StageDef[];
  data: FunnelData;
  /** The who and period words as typed, so the buttons can repeat them. */
  words: string;
};

/** How many lost reasons a slice names. */
const TOP_REASONS = 5;

function sliceTitle(by: FunnelSliceBy, slice: FunnelSlice, locale: Locale): string | null {
  switch (by) {
    case 'none':
      return null;
    case 'channel':
      return t(locale, 'funnel.slice.channel', { name: storedWord(locale, 'channel', SOURCE_CHANNELS, slice.key) });
    case 'region':
      return t(locale, 'funnel.slice.region', { name: slice.key === '' ? t(locale, 'funnel.no_region') : slice.key });
    case 'grade':
      return t(locale, 'funnel.slice.grade', { name: slice.key });
    case 'rep':
      return t(locale, 'funnel.slice.rep', { name: slice.name ?? slice.key });
    case 'competitor':
      return t(locale, 'funnel.slice.competitor', {
        name: slice.key === '' ? t(locale, 'funnel.no_competitor') : (slice.name ?? slice.key),
      });
  }
}

function sliceBlocks(figures: FunnelFigures, locale: Locale): Block[] {
  const cash = (minor: number) => money(locale, minor, figures.currency);
  const blocks: Block[] = [
    {
      type: 'table',
      columns: [
        { label: t(locale, 'funnel.col.stage') },
        { label: t(locale, 'funnel.col.entered'), align: 'right' },
        { label: t(locale, 'funnel.col.moved_on'), align: 'right' },
        { label: t(locale, 'funnel.col.lost_there'), align: 'right' },
        { label: t(locale, 'funnel.col.to_next'), align: 'right' },
        { label: t(locale, 'funnel.col.to_won'), align: 'right' },
        { label: t(locale, 'funnel.col.median_days'), align: 'right' },
      ],
      rows: figures.lines.map((line) => [
        stageName(line.stage, locale),
        count(locale, line.entered),
        count(locale, line.movedOn),
        count(locale, line.lostThere),
        percent(locale, line.nextPct),
        percent(locale, line.wonPct),
        line.medianDays === null ? '—' : count(locale, line.medianDays),
      ]),
    },
    {
      type: 'fields',
      fields: [
        {
          label: t(locale, 'funnel.win_rate'),
          value: t(locale, 'funnel.win_rate_value', {
            rate: percent(locale, figures.winRatePct),
            won: count(locale, figures.won),
            lost: count(locale, figures.lost),
          }),
        },
        {
          label: t(locale, 'funnel.win_rate_amount'),
          value: t(locale, 'funnel.win_rate_amount_value', {
            rate: percent(locale, figures.winRateAmountPct),
            won: cash(figures.wonMinor),
            lost: cash(figures.lostMinor),
          }),
        },
        { label: t(locale, 'funnel.avg_deal'), value: figures.avgWonMinor === null ? '—' : cash(figures.avgWonMinor) },
        {
          label: t(locale, 'funnel.cycle'),
          value:
            figures.medianCycleDays === null
              ? '—'
              : t(locale, 'funnel.cycle_value', { count: figures.medianCycleDays, days: figures.medianCycleDays }),
        },
      ],
    },
  ];
  const reasons = figures.lostReasons
    .slice(0, TOP_REASONS)
    .map((row) =>
      t(locale, 'funnel.lost_reason', { reason: row.reason ?? t(locale, 'funnel.no_reason'), count: count(locale, row.count) }),
    );
  blocks.push({
    type: 'context',
    text: reasons.length === 0 ? t(locale, 'funnel.no_losses') : t(locale, 'funnel.lost_reasons', { reasons: reasons.join(' · ') }),
  });
  return blocks;
}

/** The funnel: one table and its figures for the whole scope, or one per slice, largest first. */
export function funnelScreen(input: FunnelScreenData, locale: Locale): Screen {
  const { data } = input;
  const heading = [t(locale, 'funnel.title'), input.scopeLabel, input.periodLabel].join(' · ');
  const blocks: Block[] = [{ type: 'header', text: heading }];
  if (data.slices.length === 0) blocks.push({ type: 'text', text: t(locale, 'funnel.empty') });
  data.slices.forEach((slice, i) => {
    const title = sliceTitle(data.by, slice, locale);
    if (title !== null) {
      if (i > 0) blocks.push({ type: 'divider' });
      blocks.push({ type: 'text', text: title });
    }
    blocks.push(...sliceBlocks(slice.figures, locale));
  });
  const [whole] = data.slices;
  if (data.by === 'none' && whole && whole.figures.lines.length > 0)
    blocks.push({
      type: 'chart',
      chart: chartSpec({
        kind: 'hbar',
        title: t(locale, 'chart.funnel'),
        categories: whole.figures.lines.map((line) => stageName(line.stage, locale)),
        series: [{ name: t(locale, 'chart.entered'), values: whole.figures.lines.map((line) => line.entered) }],
        format: { kind: 'count' },
        locale,
      }),
    });
  const currency = data.slices[0]?.figures.currency;
  if (currency) for (const text of conversionNotes(data.conversion, currency, locale)) blocks.push({ type: 'context', text });
  if (currency) blocks.push({ type: 'context', text: t(locale, 'funnel.legend', { currency }) });
  const words = input.words ? ` ${input.words}` : '';
  const button = (by: FunnelSliceBy, label: Parameters<typeof t>[1]): Action => ({
    id: 'funnel',
    label: t(locale, label),
    command: `funnel${words}${by === 'none' ? '' : ` by ${by}`}`,
  });
  const actions: Action[] = [
    button('channel', 'funnel.action.by_channel'),
    button('region', 'funnel.action.by_region'),
    button('grade', 'funnel.action.by_grade'),
    button('rep', 'funnel.action.by_rep'),
    button('competitor', 'funnel.action.by_competitor'),
    button('none', 'funnel.action.whole'),
  ];
  blocks.push({ type: 'actions', actions: actions.filter((action) => action.command !== `funnel${words}${sliceSuffix(data.by)}`) });
  return { kind: 'funnel', title: heading, blocks };
}

function sliceSuffix(by: FunnelSliceBy): string {
  return by === 'none' ? '' : ` by ${by}`;
}
