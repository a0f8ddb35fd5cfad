import type { Block, Field, Screen } from '../screen.js';
import type { QuotaLine } from '../../domain/quota-lines.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { money, percent } from '../format.js';
import type { Conversion } from '../../domain/exchange.js';
import { conversionNotes } from '../conversion.js';
import type { ReportSliceBy } from '../../domain/slices.js';
import { BY, SLICE_COLUMN, WHOLE, sliceActions, sliceName } from './report-slices.js';

export type QuotaScreenData = {
  heading: string;
  periodLabel: string;
  lines: QuotaLine[];
  total: QuotaLine;
  single: boolean;
  elapsedPct: number;
  setCommand?: string;
  /** The rates used and what was left out for want of one. */
  conversion: Conversion;
};

/** Attainment with pace (ahead/behind an even earning rate) and coverage (open pipeline ÷ gap). */
export function quotaScreen(data: QuotaScreenData, locale: Locale): Screen {
  const heading = `${t(locale, 'quota.title')} · ${data.heading} · ${data.periodLabel}`;
  const blocks: Block[] = [{ type: 'header', text: heading }];
  if (!data.single) {
    blocks.push({
      type: 'table',
      columns: [
        { label: t(locale, 'quota.col.name') },
        { label: t(locale, 'quota.col.quota'), align: 'right' },
        { label: t(locale, 'quota.col.won'), align: 'right' },
        { label: t(locale, 'quota.col.attainment'), align: 'right' },
        { label: t(locale, 'quota.col.pace'), align: 'right' },
        { label: t(locale, 'quota.col.coverage'), align: 'right' },
      ],
      rows: data.lines.map((line) => row(locale, line)),
      totals: row(locale, data.total),
    });
  }
  blocks.push({ type: 'fields', fields: detailFields(locale, data.total) });
  blocks.push({
    type: 'text',
    text: progressBar(data.total.attainment?.attainmentPct ?? null) + ` ${percent(locale, data.total.attainment?.attainmentPct ?? null)}`,
  });
  blocks.push({ type: 'context', text: t(locale, 'quota.legend', { elapsed: percent(locale, data.elapsedPct) }) });
  if (data.total.quotaMinor === null)
    blocks.push({ type: 'context', text: t(locale, 'quota.none_set', { command: data.setCommand ?? 'quota set' }) });
  for (const text of conversionNotes(data.conversion, data.total.currency, locale)) blocks.push({ type: 'context', text });
  return { kind: 'quota', title: heading, blocks };
}

function row(locale: Locale, line: QuotaLine): string[] {
  const cash = (minor: number) => money(locale, minor, line.currency, true);
  const a = line.attainment;
  return [
    line.label,
    line.quotaMinor === null ? '—' : cash(line.quotaMinor),
    cash(line.wonMinor),
    percent(locale, a?.attainmentPct ?? null),
    a ? signed(locale, a.paceDeltaMinor, line.currency) : '—',
    a?.coverage === null || a === null ? '—' : t(locale, 'quota.coverage_value', { coverage: a.coverage }),
  ];
}

function detailFields(locale: Locale, line: QuotaLine): Field[] {
  const cash = (minor: number) => money(locale, minor, line.currency);
  const a = line.attainment;
  const fields: Field[] = [
    { label: t(locale, 'quota.field.quota'), value: line.quotaMinor === null ? t(locale, 'quota.not_set') : cash(line.quotaMinor) },
    { label: t(locale, 'quota.field.won'), value: t(locale, 'quota.won_value', { amount: cash(line.wonMinor), count: line.wonCount }) },
  ];
  if (a) {
    fields.push(
      { label: t(locale, 'quota.field.attainment'), value: percent(locale, a.attainmentPct) },
      { label: t(locale, 'quota.field.gap'), value: cash(a.gapMinor) },
      {
        label: t(locale, 'quota.field.pace'),
        value: t(locale, a.paceDeltaMinor >= 0 ? 'quota.pace_ahead' : 'quota.pace_behind', {
          expected: cash(a.expectedToDateMinor),
          delta: cash(Math.abs(a.paceDeltaMinor)),
        }),
      },
    );
  }
  fields.push({ label: t(locale, 'quota.field.open'), value: cash(line.openMinor) });
  if (a)
    fields.push({
      label: t(locale, 'quota.field.coverage'),
      value: a.coverage === null ? t(locale, 'quota.coverage_done') : t(locale, 'quota.coverage_value', { coverage: a.coverage }),
    });
  return fields;
}

function signed(locale: Locale, minor: number, currency: string): string {
  const text = money(locale, Math.abs(minor), currency, true);
  return minor >= 0 ? `+${text}` : `−${text}`;
}

function progressBar(pct: number | null): string {
  const filled = pct === null ? 0 : Math.max(0, Math.min(10, Math.round(pct / 10)));
  return `${'█'.repeat(filled)}${'░'.repeat(10 - filled)}`;
}

export type SlicedQuotaData = {
  heading: string;
  periodLabel: string;
  by: ReportSliceBy;
  /**
   * 'quota': each slice has the quotas of its teams (`/quota all by region`); 'share': a slice's won
   * amount against the whole quota, which belongs to people and teams, not to channels (`by channel`).
   */
  mode: 'quota' | 'share';
  /** Most won first; in 'share' mode a line's attainment is its share of the whole quota. */
  slices: readonly { key: string; line: QuotaLine }[];
  /** The unsliced report's total. */
  total: QuotaLine;
  elapsedPct: number;
  conversion: Conversion;
  /** Who and period as typed, for the buttons. */
  words: string;
};

/** `/quota … by channel|region`: attainment by the teams' regions, or each slice's share of the quota. */
export function slicedQuotaScreen(data: SlicedQuotaData, locale: Locale): Screen {
  const heading = [t(locale, 'quota.title'), data.heading, data.periodLabel, t(locale, BY[data.by])].join(' · ');
  const name = (key: string) => sliceName(data.by, key, locale);
  const whole = t(locale, WHOLE[data.by]);
  const share = (line: QuotaLine) => {
    const cash = (minor: number) => money(locale, minor, line.currency, true);
    return [cash(line.wonMinor), percent(locale, line.attainment?.attainmentPct ?? null)];
  };
  const table: Block =
    data.mode === 'quota'
      ? {
          type: 'table',
          columns: [
            { label: t(locale, SLICE_COLUMN[data.by]) },
            { label: t(locale, 'quota.col.quota'), align: 'right' },
            { label: t(locale, 'quota.col.won'), align: 'right' },
            { label: t(locale, 'quota.col.attainment'), align: 'right' },
            { label: t(locale, 'quota.col.pace'), align: 'right' },
            { label: t(locale, 'quota.col.coverage'), align: 'right' },
          ],
          rows: data.slices.map((slice) => row(locale, { ...slice.line, label: name(slice.key) })),
          totals: row(locale, { ...data.total, label: whole }),
        }
      : {
          type: 'table',
          columns: [
            { label: t(locale, SLICE_COLUMN[data.by]) },
            { label: t(locale, 'quota.col.won'), align: 'right' },
            { label: t(locale, 'slices.quota.col.share'), align: 'right' },
          ],
          rows: data.slices.map((slice) => [name(slice.key), ...share(slice.line)]),
          totals: [whole, ...share(data.total)],
        };
  const blocks: Block[] = [{ type: 'header', text: heading }, table];
  blocks.push({ type: 'fields', fields: detailFields(locale, data.total) });
  blocks.push({
    type: 'context',
    text: t(locale, data.mode === 'quota' ? 'slices.quota.legend.regions' : 'slices.quota.legend.share', {
      whole,
      elapsed: percent(locale, data.elapsedPct),
    }),
  });
  for (const text of conversionNotes(data.conversion, data.total.currency, locale)) blocks.push({ type: 'context', text });
  const typed = data.words ? ` ${data.words}` : '';
  blocks.push({
    type: 'actions',
    actions: [
      sliceActions('quota', data.by, data.words, locale),
      { id: 'quota', label: t(locale, 'slices.action.whole_quota'), command: `quota${typed}` },
    ],
  });
  return { kind: 'quota', title: heading, blocks };
}
