/**
 * After-sales satisfaction on screen: `/satisfaction`'s report, the nudge's call-backs with their score
 * buttons, the score form, the digest's low scores and the history line of a recorded score.
 */
import type { Action, Block, Form, Item, Screen } from '../screen.js';
import { daysBetween, type CalendarDate } from '../../domain/calendar.js';
import { dealRef } from '../../domain/deal.js';
import { SATISFACTION_SCORES, type SatisfactionFigures } from '../../domain/satisfaction.js';
import type { FollowUpRecord } from '../../store/after-sales.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { count, day } from '../format.js';
import type { ReportSliceBy } from '../../domain/slices.js';
import { sliceName } from './report-slices.js';

/** At most this many follow-ups are listed in one section (each with its own row of buttons). */
const SHOWN = 10;

function followUpLabel(followUp: Pick<FollowUpRecord, 'dealNumber' | 'dealTitle' | 'accountName'>): string {
  const { dealNumber, dealTitle, accountName } = followUp;
  return `${dealRef(dealNumber)} ${accountName}${dealTitle !== accountName ? ` — ${dealTitle}` : ''}`;
}

/** Buttons 1–5, then "Score with comment" (a form where there are forms, the next line in the shell). */
export function scoreActions(locale: Locale, dealNumber: number): Action[] {
  const ref = dealRef(dealNumber);
  return [
    ...SATISFACTION_SCORES.map((score) => ({
      id: 'satisfaction.score',
      label: t(locale, 'satisfaction.score_button', { score }),
      command: `deal satisfaction ${ref} ${score}`,
    })),
    {
      id: 'satisfaction.comment',
      label: t(locale, 'satisfaction.comment_button'),
      command: `deal satisfaction ${ref}`,
      input: { prompt: t(locale, 'satisfaction.comment_prompt') },
      form: 'deal.satisfaction',
    },
  ];
}

/** The nudge's section of call-backs due today or overdue, each with its score buttons. */
export function afterSalesNudgeBlocks(followUps: readonly FollowUpRecord[], today: CalendarDate, locale: Locale): Block[] {
  if (followUps.length === 0) return [];
  const blocks: Block[] = [
    { type: 'text', text: t(locale, 'nudge.section', { title: t(locale, 'satisfaction.nudge.title'), count: followUps.length }) },
    { type: 'context', text: t(locale, 'satisfaction.nudge.intro') },
  ];
  for (const followUp of followUps.slice(0, SHOWN)) {
    const late = daysBetween(followUp.dueOn, today);
    const due = day(locale, followUp.dueOn);
    blocks.push(
      {
        type: 'items',
        items: [
          {
            title: followUpLabel(followUp),
            detail:
              late > 0
                ? t(locale, 'satisfaction.nudge.overdue', { due, days: late, count: late })
                : t(locale, 'satisfaction.nudge.detail', { due }),
          },
        ],
      },
      { type: 'actions', actions: scoreActions(locale, followUp.dealNumber) },
    );
  }
  if (followUps.length > SHOWN) blocks.push({ type: 'context', text: t(locale, 'list.more', { count: followUps.length - SHOWN }) });
  return blocks;
}

/** The score form behind "Score with comment". */
export function satisfactionForm(locale: Locale, deal: { ref: string }): Form {
  return {
    id: 'deal.satisfaction',
    commandId: 'deal.satisfaction',
    title: t(locale, 'satisfaction.form.title', { deal: deal.ref }),
    submitLabel: t(locale, 'satisfaction.form.submit'),
    hidden: { deal: deal.ref },
    fields: [
      {
        name: 'score',
        label: t(locale, 'satisfaction.form.score'),
        kind: 'select',
        required: true,
        options: SATISFACTION_SCORES.map((score) => ({ value: String(score), label: t(locale, 'satisfaction.score_button', { score }) })),
      },
      { name: 'comment', label: t(locale, 'satisfaction.form.comment'), kind: 'textarea', required: false },
    ],
  };
}

function lowItems(locale: Locale, low: readonly FollowUpRecord[]): Item[] {
  return low.map((followUp) => ({
    title: followUpLabel(followUp),
    detail: t(locale, 'satisfaction.low.detail', {
      score: followUp.score ?? '—',
      comment: followUp.comment ?? t(locale, 'satisfaction.no_comment'),
      owner: followUp.ownerName,
    }),
    action: { id: 'deal.show', label: t(locale, 'action.open'), command: `deal show ${dealRef(followUp.dealNumber)}` },
  }));
}

export type SatisfactionScreenData = {
  scopeLabel: string;
  periodLabel: string;
  figures: SatisfactionFigures;
  /** Responses below 3, lowest first. */
  low: readonly FollowUpRecord[];
  afterSalesDays: number;
};

export function satisfactionScreen(data: SatisfactionScreenData, locale: Locale): Screen {
  const { figures } = data;
  const blocks: Block[] = [
    { type: 'header', text: t(locale, 'satisfaction.header', { scope: data.scopeLabel, period: data.periodLabel }) },
  ];
  if (figures.scheduled === 0) blocks.push({ type: 'text', text: t(locale, 'satisfaction.empty') });
  else {
    blocks.push({
      type: 'fields',
      fields: [
        {
          label: t(locale, 'satisfaction.average'),
          value:
            figures.average === null
              ? t(locale, 'satisfaction.no_average')
              : t(locale, 'satisfaction.average_value', { average: figures.average.toFixed(1) }),
        },
        {
          label: t(locale, 'satisfaction.responses'),
          value: t(locale, 'satisfaction.responses_value', {
            responses: count(locale, figures.responses),
            scheduled: count(locale, figures.scheduled),
          }),
        },
        { label: t(locale, 'satisfaction.due'), value: count(locale, figures.due) },
        { label: t(locale, 'satisfaction.unanswered'), value: count(locale, figures.unanswered) },
      ],
    });
    if (figures.responses > 0)
      blocks.push({
        type: 'text',
        text: t(locale, 'satisfaction.by_score', {
          scores: figures.byScore.map((n, i) => `${String(i + 1)}: ${count(locale, n)}`).join(' · '),
        }),
      });
    blocks.push({ type: 'text', text: t(locale, 'satisfaction.low.title') });
    if (data.low.length === 0) blocks.push({ type: 'context', text: t(locale, 'satisfaction.low.none') });
    else blocks.push({ type: 'items', items: lowItems(locale, data.low.slice(0, SHOWN)) });
    if (data.low.length > SHOWN) blocks.push({ type: 'context', text: t(locale, 'list.more', { count: data.low.length - SHOWN }) });
  }
  blocks.push({
    type: 'context',
    text: data.afterSalesDays > 0 ? t(locale, 'satisfaction.legend', { days: data.afterSalesDays }) : t(locale, 'satisfaction.legend_off'),
  });
  return { kind: 'satisfaction', title: t(locale, 'satisfaction.title'), blocks };
}

export type SlicedSatisfactionScreenData = {
  scopeLabel: string;
  periodLabel: string;
  by: ReportSliceBy;
  /** Most call-backs first. */
  slices: readonly { key: string; figures: SatisfactionFigures }[];
  /** The unsliced report's figures: every slice's call-backs together. */
  whole: SatisfactionFigures;
  afterSalesDays: number;
  /** Who and period as typed, for the buttons. */
  words: string;
};

const OTHER = { channel: 'region', region: 'channel' } as const;
const BY_BUTTON = { channel: 'funnel.action.by_channel', region: 'funnel.action.by_region' } as const;

/** `/satisfaction … by channel|region`: a line per slice (average, responses, due, unanswered), the whole as totals. */
export function slicedSatisfactionScreen(data: SlicedSatisfactionScreenData, locale: Locale): Screen {
  const heading = [
    t(locale, 'satisfaction.header', { scope: data.scopeLabel, period: data.periodLabel }),
    t(locale, data.by === 'channel' ? 'slices.by.channel' : 'slices.by.region'),
  ].join(' · ');
  const row = (label: string, figures: SatisfactionFigures) => [
    label,
    figures.average === null ? '—' : figures.average.toFixed(1),
    count(locale, figures.responses),
    count(locale, figures.scheduled),
    count(locale, figures.due),
    count(locale, figures.unanswered),
  ];
  const blocks: Block[] = [{ type: 'header', text: heading }];
  if (data.whole.scheduled === 0) blocks.push({ type: 'text', text: t(locale, 'satisfaction.empty') });
  else
    blocks.push({
      type: 'table',
      columns: [
        { label: t(locale, data.by === 'channel' ? 'slices.col.channel' : 'slices.col.region') },
        { label: t(locale, 'satisfaction.average'), align: 'right' },
        { label: t(locale, 'satisfaction.responses'), align: 'right' },
        { label: t(locale, 'satisfaction.col.scheduled'), align: 'right' },
        { label: t(locale, 'satisfaction.due'), align: 'right' },
        { label: t(locale, 'satisfaction.unanswered'), align: 'right' },
      ],
      rows: data.slices.map((slice) => row(sliceName(data.by, slice.key, locale), slice.figures)),
      totals: row(t(locale, data.by === 'channel' ? 'slices.whole.channel' : 'slices.whole.region'), data.whole),
    });
  blocks.push({
    type: 'context',
    text: data.afterSalesDays > 0 ? t(locale, 'satisfaction.legend', { days: data.afterSalesDays }) : t(locale, 'satisfaction.legend_off'),
  });
  const words = data.words ? ` ${data.words}` : '';
  const other = OTHER[data.by];
  blocks.push({
    type: 'actions',
    actions: [
      { id: 'satisfaction', label: t(locale, BY_BUTTON[other]), command: `satisfaction${words} by ${other}` },
      { id: 'satisfaction', label: t(locale, 'satisfaction.action.whole'), command: `satisfaction${words}` },
    ],
  });
  return { kind: 'satisfaction', title: heading, blocks };
}

/** The manager digest's "low satisfaction" message: scores below 3 recorded since the last digest. */
export function lowSatisfactionScreen(data: { scopeLabel: string; low: readonly FollowUpRecord[] }, locale: Locale): Screen | null {
  if (data.low.length === 0) return null;
  const title = t(locale, 'satisfaction.digest.title', { scope: data.scopeLabel });
  return {
    kind: 'satisfaction',
    title,
    blocks: [
      { type: 'header', text: title },
      { type: 'text', text: t(locale, 'satisfaction.digest.intro', { count: data.low.length }) },
      { type: 'items', items: lowItems(locale, data.low.slice(0, SHOWN)) },
      ...(data.low.length > SHOWN ? [{ type: 'context' as const, text: t(locale, 'list.more', { count: data.low.length - SHOWN }) }] : []),
    ],
  };
}

/** A recorded score in `/deal history`. */
export function satisfactionHistoryLine(locale: Locale, after: { score?: unknown; comment?: unknown }): string {
  const score = typeof after.score === 'number' ? after.score : '—';
  return typeof after.comment === 'string' && after.comment !== ''
    ? t(locale, 'satisfaction.history_comment', { score, comment: after.comment })
    : t(locale, 'satisfaction.history', { score });
}
