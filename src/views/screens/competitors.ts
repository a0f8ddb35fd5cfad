import type { Block, Screen } from '../screen.js';
import type { CompetitorLine } from '../../domain/competitors.js';
import type { Conversion } from '../../domain/exchange.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { count, money, percent } from '../format.js';
import { conversionNotes } from '../conversion.js';
import type { ReportSliceBy } from '../../domain/slices.js';
import { sliceName } from './report-slices.js';

export type CompetitorsScreenData = {
  scopeLabel: string;
  periodLabel: string;
  currency: string;
  lines: readonly CompetitorLine[];
  conversion: Conversion;
  /** The who and period words as typed, so the button can repeat them. */
  words: string;
};

/** `/competitors`: one row per competitor, most deals met first, then the rates used and what the columns mean. */
export function competitorsScreen(input: CompetitorsScreenData, locale: Locale): Screen {
  const heading = [t(locale, 'competitors.title'), input.scopeLabel, input.periodLabel].join(' · ');
  const blocks: Block[] = [{ type: 'header', text: heading }];
  if (input.lines.length === 0) blocks.push({ type: 'text', text: t(locale, 'competitors.empty') });
  else blocks.push(competitorTable(input.lines, input.currency, locale));
  for (const text of conversionNotes(input.conversion, input.currency, locale)) blocks.push({ type: 'context', text });
  blocks.push({ type: 'context', text: t(locale, 'competitors.legend', { currency: input.currency }) });
  const words = input.words ? ` ${input.words}` : '';
  blocks.push({
    type: 'actions',
    actions: [{ id: 'funnel', label: t(locale, 'competitors.action.funnel'), command: `funnel${words} by competitor` }],
  });
  return { kind: 'competitors', title: heading, blocks };
}

/** One row per competitor, most deals met first. */
function competitorTable(lines: readonly CompetitorLine[], currency: string, locale: Locale): Block {
  const cash = (minor: number) => money(locale, minor, currency);
  return {
    type: 'table',
    columns: [
      { label: t(locale, 'competitors.col.name') },
      { label: t(locale, 'competitors.col.met'), align: 'right' },
      { label: t(locale, 'competitors.col.won'), align: 'right' },
      { label: t(locale, 'competitors.col.lost_to'), align: 'right' },
      { label: t(locale, 'competitors.col.lost_present'), align: 'right' },
      { label: t(locale, 'competitors.col.win_rate'), align: 'right' },
      { label: t(locale, 'competitors.col.won_amount'), align: 'right' },
      { label: t(locale, 'competitors.col.lost_amount'), align: 'right' },
    ],
    rows: lines.map((line) => [
      line.name,
      count(locale, line.met),
      count(locale, line.won),
      count(locale, line.lostTo),
      count(locale, line.lostPresent),
      percent(locale, line.winRatePct),
      cash(line.wonMinor),
      cash(line.lostMinor),
    ]),
  };
}

export type SlicedCompetitorsScreenData = Omit<CompetitorsScreenData, 'lines'> & {
  by: ReportSliceBy;
  /** Largest first. */
  slices: readonly { key: string; lines: readonly CompetitorLine[] }[];
  /** The unsliced report's lines: every slice's deals together. */
  whole: readonly CompetitorLine[];
};

const SLICE_TITLE = { channel: 'funnel.slice.channel', region: 'funnel.slice.region' } as const;
const WHOLE = { channel: 'slices.whole.channel', region: 'slices.whole.region' } as const;
const OTHER = { channel: 'region', region: 'channel' } as const;
const BY_BUTTON = { channel: 'funnel.action.by_channel', region: 'funnel.action.by_region' } as const;

/** `/competitors … by channel|region`: a table per slice, largest first, then the whole (the unsliced report). */
export function slicedCompetitorsScreen(input: SlicedCompetitorsScreenData, locale: Locale): Screen {
  const heading = [
    t(locale, 'competitors.title'),
    input.scopeLabel,
    input.periodLabel,
    t(locale, input.by === 'channel' ? 'slices.by.channel' : 'slices.by.region'),
  ].join(' · ');
  const blocks: Block[] = [{ type: 'header', text: heading }];
  if (input.whole.length === 0) blocks.push({ type: 'text', text: t(locale, 'competitors.empty') });
  for (const slice of input.slices) {
    blocks.push(
      { type: 'text', text: t(locale, SLICE_TITLE[input.by], { name: sliceName(input.by, slice.key, locale) }) },
      competitorTable(slice.lines, input.currency, locale),
      { type: 'divider' },
    );
  }
  if (input.whole.length > 0)
    blocks.push({ type: 'text', text: t(locale, WHOLE[input.by]) }, competitorTable(input.whole, input.currency, locale));
  for (const text of conversionNotes(input.conversion, input.currency, locale)) blocks.push({ type: 'context', text });
  blocks.push({ type: 'context', text: t(locale, 'competitors.legend', { currency: input.currency }) });
  blocks.push({ type: 'context', text: t(locale, 'competitors.sliced_legend', { whole: t(locale, WHOLE[input.by]) }) });
  const words = input.words ? ` ${input.words}` : '';
  const other = OTHER[input.by];
  blocks.push({
    type: 'actions',
    actions: [
      { id: 'competitors', label: t(locale, BY_BUTTON[other]), command: `competitors${words} by ${other}` },
      { id: 'competitors', label: t(locale, 'competitors.action.whole'), command: `competitors${words}` },
    ],
  });
  return { kind: 'competitors', title: heading, blocks };
}
