/**
 * `/pipeline … by channel|region` and `/forecast … by channel|region`: the report per slice, then the
 * whole, which is the unsliced report's figures (the slices add up to it).
 */
import type { Action, Block, Screen } from '../screen.js';
import type { ForecastFigures, PipelineSummary } from '../../domain/pipeline.js';
import type { ReportSliceBy } from '../../domain/slices.js';
import type { Conversion } from '../../domain/exchange.js';
import { SOURCE_CHANNELS } from '../../domain/deal.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { money, storedWord } from '../format.js';
import { conversionNotes } from '../conversion.js';
import { pipelineTable } from './pipeline.js';

/** A slice's name: the channel in the reader's language, or the region as typed ('' is “no region”). */
export function sliceName(by: ReportSliceBy, key: string, locale: Locale): string {
  if (by === 'channel') return storedWord(locale, 'channel', SOURCE_CHANNELS, key);
  return key === '' ? t(locale, 'funnel.no_region') : key;
}

/** A slice's heading: “Channel: Direct”, “Region: EMEA”. */
export function sliceTitle(by: ReportSliceBy, key: string, locale: Locale): string {
  return t(locale, by === 'channel' ? 'funnel.slice.channel' : 'funnel.slice.region', { name: sliceName(by, key, locale) });
}

/** The whole report's line, the words of a slicing in a heading, and a slicing's column. */
export const WHOLE = { channel: 'slices.whole.channel', region: 'slices.whole.region' } as const;
export const BY = { channel: 'slices.by.channel', region: 'slices.by.region' } as const;
export const SLICE_COLUMN = { channel: 'slices.col.channel', region: 'slices.col.region' } as const;
const OTHER: Record<ReportSliceBy, ReportSliceBy> = { channel: 'region', region: 'channel' };
const BY_BUTTON = { channel: 'funnel.action.by_channel', region: 'funnel.action.by_region' } as const;

/** The button to the other slicing, repeating who and period (`words`) as typed. */
export function sliceActions(command: string, by: ReportSliceBy, words: string, locale: Locale): Action {
  const typed = words ? ` ${words}` : '';
  const other = OTHER[by];
  return {
    id: command,
    label: t(locale, BY_BUTTON[other]),
    command: `${command}${typed} by ${other}`,
  };
}

export type SlicedPipelineData = {
  scopeLabel: string;
  periodLabel?: string;
  by: ReportSliceBy;
  /** Largest first. */
  slices: readonly { key: string; summary: PipelineSummary }[];
  /** The unsliced pipeline. */
  whole: PipelineSummary;
  conversion: Conversion;
  staleAfterDays: number;
  /** Who and period as typed, for the buttons. */
  words: string;
};

export function slicedPipelineScreen(data: SlicedPipelineData, locale: Locale): Screen {
  const heading = [
    t(locale, 'pipeline.title'),
    data.scopeLabel,
    ...(data.periodLabel ? [data.periodLabel] : []),
    t(locale, BY[data.by]),
  ].join(' · ');
  const { whole } = data;
  const cash = (minor: number) => money(locale, minor, whole.currency);
  const blocks: Block[] = [{ type: 'header', text: heading }];
  if (data.slices.length === 0) blocks.push({ type: 'text', text: t(locale, 'slices.empty') });
  data.slices.forEach((slice, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push({ type: 'text', text: sliceTitle(data.by, slice.key, locale) }, pipelineTable(slice.summary, locale));
  });
  if (data.slices.length > 0) blocks.push({ type: 'divider' });
  blocks.push({
    type: 'fields',
    fields: [
      {
        label: t(locale, WHOLE[data.by]),
        value: t(locale, 'slices.pipeline.whole_value', {
          count: whole.total.count,
          total: cash(whole.total.sumMinor),
          weighted: cash(whole.total.weightedMinor),
        }),
      },
    ],
  });
  for (const text of conversionNotes(data.conversion, whole.currency, locale)) blocks.push({ type: 'context', text });
  blocks.push({
    type: 'context',
    text: `${t(locale, 'slices.pipeline.legend', { whole: t(locale, WHOLE[data.by]), currency: whole.currency })} ${t(locale, 'pipeline.legend', { days: data.staleAfterDays })}`,
  });
  const typed = data.words ? ` ${data.words}` : '';
  blocks.push({
    type: 'actions',
    actions: [
      sliceActions('pipeline', data.by, data.words, locale),
      { id: 'pipeline', label: t(locale, 'slices.action.whole_pipeline'), command: `pipeline${typed}` },
    ],
  });
  return { kind: 'pipeline', title: heading, blocks };
}

export type SlicedForecastData = {
  heading: string;
  periodLabel: string;
  by: ReportSliceBy;
  /** Largest first. */
  slices: readonly { key: string; figures: ForecastFigures }[];
  /** The unsliced forecast. */
  whole: ForecastFigures;
  conversion: Conversion;
  /** Who and period as typed, for the buttons. */
  words: string;
};

export function slicedForecastScreen(data: SlicedForecastData, locale: Locale): Screen {
  const heading = [t(locale, 'forecast.title'), data.heading, data.periodLabel, t(locale, BY[data.by])].join(' · ');
  const { whole } = data;
  const cash = (minor: number) => money(locale, minor, whole.currency);
  const row = (label: string, f: ForecastFigures) => [
    label,
    cash(f.closedMinor),
    cash(f.commitMinor),
    cash(f.bestMinor),
    cash(f.pipelineMinor),
    cash(f.weightedForecastMinor),
  ];
  const typed = data.words ? ` ${data.words}` : '';
  return {
    kind: 'forecast',
    title: heading,
    blocks: [
      { type: 'header', text: heading },
      {
        type: 'table',
        columns: [
          { label: t(locale, data.by === 'channel' ? 'slices.col.channel' : 'slices.col.region') },
          { label: t(locale, 'forecast.closed'), align: 'right' },
          { label: t(locale, 'forecast.commit'), align: 'right' },
          { label: t(locale, 'forecast.best'), align: 'right' },
          { label: t(locale, 'forecast.pipeline'), align: 'right' },
          { label: t(locale, 'slices.forecast.col.weighted'), align: 'right' },
        ],
        rows: data.slices.map((slice) => row(sliceName(data.by, slice.key, locale), slice.figures)),
        totals: row(t(locale, WHOLE[data.by]), whole),
      },
      { type: 'context', text: t(locale, 'slices.forecast.legend', { currency: whole.currency }) },
      ...conversionNotes(data.conversion, whole.currency, locale).map((text) => ({ type: 'context' as const, text })),
      {
        type: 'actions',
        actions: [
          sliceActions('forecast', data.by, data.words, locale),
          { id: 'forecast', label: t(locale, 'slices.action.whole_forecast'), command: `forecast${typed}` },
        ],
      },
    ],
  };
}
