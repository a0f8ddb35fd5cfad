import type { Block, Screen } from '../screen.js';
import type { CompetitorLine } from '../../domain/competitors.js';
import type { Conversion } from '../../domain/exchange.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { count, money, percent } from '../format.js';
import { conversionNotes } from '../conversion.js';

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
  const cash = (minor: number) => money(locale, minor, input.currency);
  if (input.lines.length === 0) blocks.push({ type: 'text', text: t(locale, 'competitors.empty') });
  else
    blocks.push({
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
      rows: input.lines.map((line) => [
        line.name,
        count(locale, line.met),
        count(locale, line.won),
        count(locale, line.lostTo),
        count(locale, line.lostPresent),
        percent(locale, line.winRatePct),
        cash(line.wonMinor),
        cash(line.lostMinor),
      ]),
    });
  for (const text of conversionNotes(input.conversion, input.currency, locale)) blocks.push({ type: 'context', text });
  blocks.push({ type: 'context', text: t(locale, 'competitors.legend', { currency: input.currency }) });
  const words = input.words ? ` ${input.words}` : '';
  blocks.push({
    type: 'actions',
    actions: [{ id: 'funnel', label: t(locale, 'competitors.action.funnel'), command: `funnel${words} by competitor` }],
  });
  return { kind: 'competitors', title: heading, blocks };
}
