import type { Block, Screen } from '../screen.js';
import type { PipelineSummary } from '../../domain/pipeline.js';
import { stageName } from '../../domain/stages.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { count, money } from '../format.js';
import type { Conversion } from '../../domain/exchange.js';
import { conversionNotes } from '../conversion.js';
import { chartSpec } from '../charts/spec.js';

export type PipelineData = {
  scopeLabel: string;
  periodLabel?: string;
  summary: PipelineSummary;
  /** The rates used and what was left out for want of one. */
  conversion: Conversion;
  staleAfterDays: number;
  scopeWords: string;
  /** The period as typed, which the By channel and By region buttons repeat. */
  periodWords?: string;
};

export function pipelineScreen(data: PipelineData, locale: Locale): Screen {
  const { summary } = data;
  const heading = [t(locale, 'pipeline.title'), data.scopeLabel, ...(data.periodLabel ? [data.periodLabel] : [])].join(' · ');
  const blocks: Block[] = [{ type: 'header', text: heading }, pipelineTable(summary, locale)];
  if (summary.lines.some((line) => line.sumMinor !== 0))
    blocks.push({
      type: 'chart',
      chart: chartSpec({
        kind: 'bar',
        title: t(locale, 'chart.pipeline'),
        categories: summary.lines.map((line) => stageName(line.stage, locale)),
        series: [{ name: t(locale, 'chart.total'), values: summary.lines.map((line) => line.sumMinor) }],
        format: { kind: 'money', currency: summary.currency },
        locale,
      }),
    });
  for (const text of conversionNotes(data.conversion, summary.currency, locale)) blocks.push({ type: 'context', text });
  blocks.push({ type: 'context', text: t(locale, 'pipeline.legend', { days: data.staleAfterDays }) });
  const scope = data.scopeWords ? ` ${data.scopeWords}` : '';
  const period = data.periodWords ? ` ${data.periodWords}` : '';
  blocks.push({
    type: 'actions',
    actions: [
      { id: 'deal.list', label: t(locale, 'action.stale_deals'), command: `deal list${scope} stale` },
      { id: 'deal.list', label: t(locale, 'action.slipping_deals'), command: `deal list${scope} slipping` },
      { id: 'forecast', label: t(locale, 'action.forecast'), command: `forecast${scope}` },
      { id: 'pipeline', label: t(locale, 'funnel.action.by_channel'), command: `pipeline${scope}${period} by channel` },
      { id: 'pipeline', label: t(locale, 'funnel.action.by_region'), command: `pipeline${scope}${period} by region` },
    ],
  });
  return { kind: 'pipeline', title: heading, blocks };
}

/** The open stages' table with its total row: /pipeline's, and each slice's of /pipeline … by channel. */
export function pipelineTable(summary: PipelineSummary, locale: Locale): Block {
  const cash = (minor: number) => money(locale, minor, summary.currency);
  return {
    type: 'table',
    columns: [
      { label: t(locale, 'pipeline.col.stage') },
      { label: t(locale, 'pipeline.col.deals'), align: 'right' },
      { label: t(locale, 'pipeline.col.total'), align: 'right' },
      { label: t(locale, 'pipeline.col.weighted'), align: 'right' },
      { label: t(locale, 'pipeline.col.oldest'), align: 'right' },
      { label: t(locale, 'pipeline.col.stale'), align: 'right' },
    ],
    rows: summary.lines.map((line) => [
      `${stageName(line.stage, locale)} ${line.stage.probability}%`,
      count(locale, line.count),
      cash(line.sumMinor),
      cash(line.weightedMinor),
      line.oldestDays === null ? '—' : t(locale, 'pipeline.days', { days: line.oldestDays }),
      count(locale, line.staleCount),
    ]),
    totals: [
      t(locale, 'pipeline.total'),
      count(locale, summary.total.count),
      cash(summary.total.sumMinor),
      cash(summary.total.weightedMinor),
      '',
      count(
        locale,
        summary.lines.reduce((n, l) => n + l.staleCount, 0),
      ),
    ],
  };
}
