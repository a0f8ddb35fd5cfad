import type { Action, Block, Field, Screen, Tone } from '../screen.js';
import type { DealRecord, ActivityRecord } from '../../store/deals.js';
import type { StageDef } from '../../domain/stages.js';
import { ACTIVITY_KINDS, FORECAST_CATEGORIES, SOURCE_CHANNELS, dealRef } from '../../domain/deal.js';
import { daysBetween, type CalendarDate } from '../../domain/calendar.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { ageDays, day, money, percent, stageLabel, storedWord } from '../format.js';

export type DealCardData = {
  deal: DealRecord;
  stages: readonly StageDef[];
  activities: readonly ActivityRecord[];
  today: CalendarDate;
  now: Date;
  notice?: { text: string; tone: Tone };
  /** The owner set the forecast category by hand, so stage moves keep it. */
  categoryByHand?: boolean;
  /** The competitors the deal names, and the one it was lost to. */
  competitors?: readonly { name: string; lostTo: boolean }[];
};

export function categoryLabel(locale: Locale, category: string): string {
  return storedWord(locale, 'category', FORECAST_CATEGORIES, category);
}

export function dealTitle(deal: Pick<DealRecord, 'number' | 'title' | 'accountName'>): string {
  const title = deal.title === deal.accountName ? deal.accountName : `${deal.accountName} — ${deal.title}`;
  return `${dealRef(deal.number)} · ${title}`;
}

/** Buttons for a deal: the same commands a user could type, so every surface behaves alike. */
export function dealActions(locale: Locale, deal: DealRecord, stages: readonly StageDef[]): Action[] {
  const ref = dealRef(deal.number);
  const stage = stages.find((s) => s.key === deal.stage);
  const won = stages.find((s) => s.kind === 'won');
  const lost = stages.find((s) => s.kind === 'lost');
  const actions: Action[] = [
    { id: 'deal.move', label: t(locale, 'action.move_stage'), command: `deal move ${ref}`, form: 'deal.move' },
    {
      id: 'deal.note',
      label: t(locale, 'action.log_note'),
      command: `deal note ${ref}`,
      input: { prompt: t(locale, 'prompt.note') },
      form: 'deal.note',
    },
  ];
  if (stage?.kind === 'open' && won && lost) {
    actions.push(
      {
        id: 'deal.discount',
        label: t(locale, 'action.request_discount'),
        command: `deal discount ${ref}`,
        input: { prompt: t(locale, 'prompt.discount') },
        form: 'deal.discount',
      },
      { id: 'deal.won', label: t(locale, 'action.won'), style: 'primary', command: `deal move ${ref} ${won.key}` },
      {
        id: 'deal.lost',
        label: t(locale, 'action.lost'),
        style: 'danger',
        command: `deal move ${ref} ${lost.key}`,
        input: { prompt: t(locale, 'prompt.lost_reason') },
        form: 'deal.lost',
      },
    );
  }
  return actions;
}

export function dealCardScreen(data: DealCardData, locale: Locale): Screen {
  const { deal, stages, today } = data;
  const stage = stages.find((s) => s.key === deal.stage);
  const open = stage?.kind === 'open';
  const fields: Field[] = [
    { label: t(locale, 'field.account'), value: t(locale, 'deal.account_grade', { account: deal.accountName, grade: deal.accountGrade }) },
    { label: t(locale, 'field.amount'), value: amountText(locale, deal) },
    {
      label: t(locale, 'field.stage'),
      value: t(locale, 'deal.stage_value', {
        stage: stageLabel(locale, stages, deal.stage),
        probability: percent(locale, stage?.probability ?? null),
      }),
    },
    { label: t(locale, 'field.close_date'), value: closeText(locale, deal.closeDate, today, open) },
    { label: t(locale, 'field.owner'), value: deal.owner.name },
    {
      label: t(locale, 'field.category'),
      value: data.categoryByHand
        ? t(locale, 'deal.category_by_hand', { category: categoryLabel(locale, deal.forecastCategory) })
        : categoryLabel(locale, deal.forecastCategory),
    },
    { label: t(locale, 'field.channel'), value: storedWord(locale, 'channel', SOURCE_CHANNELS, deal.sourceChannel) },
  ];
  if (deal.nextStep) {
    const value = deal.nextStepDue
      ? t(locale, 'deal.next_step_value', { step: deal.nextStep, due: t(locale, 'deal.due', { date: day(locale, deal.nextStepDue) }) })
      : deal.nextStep;
    fields.push({ label: t(locale, 'field.next_step'), value });
  }
  if (deal.lostReason) fields.push({ label: t(locale, 'field.lost_reason'), value: deal.lostReason });
  // One field (Slack shows at most ten): the one the deal was lost to is marked.
  const competitors = (data.competitors ?? []).map((c) => (c.lostTo ? t(locale, 'competitors.lost_to_mark', { name: c.name }) : c.name));
  if (competitors.length > 0) fields.push({ label: t(locale, 'field.competitors'), value: competitors.join(', ') });

  const blocks: Block[] = [];
  if (data.notice) blocks.push({ type: 'text', text: data.notice.text, tone: data.notice.tone });
  blocks.push({ type: 'header', text: dealTitle(deal) }, { type: 'fields', fields });
  if (open) {
    const exit = locale === 'zh-CN' ? stage.exitCriterionZh : stage.exitCriterionEn;
    if (exit) blocks.push({ type: 'context', text: t(locale, 'deal.exit_criterion', { criterion: exit }) });
  }
  blocks.push({
    type: 'context',
    text: t(locale, 'deal.ages', {
      stageDays: ageDays(deal.stageEnteredAt, data.now),
      activityDays: ageDays(deal.lastActivityAt, data.now),
    }),
  });
  if (data.activities.length > 0) {
    blocks.push({
      type: 'items',
      items: data.activities.map((activity) => ({
        title: t(locale, 'deal.activity', { kind: storedWord(locale, 'activity', ACTIVITY_KINDS, activity.kind), text: activity.text }),
        detail: t(locale, 'deal.activity_by', {
          // No name when whoever logged it is not the workspace's (names are read within it): said so, not left blank.
          name: activity.memberName || t(locale, 'people.outside_workspace'),
          ago: t(locale, 'deal.days_ago', { days: ageDays(activity.at, data.now) }),
        }),
      })),
    });
  }
  blocks.push({ type: 'actions', actions: dealActions(locale, deal, stages) });
  return { kind: 'deal_card', title: dealTitle(deal), blocks, subject: { type: 'deal', id: deal.id, number: deal.number } };
}

function amountText(locale: Locale, deal: DealRecord): string {
  const amount = money(locale, deal.amountMinor, deal.currency);
  if (deal.listAmountMinor === null || !deal.discountBps) return amount;
  return t(locale, 'deal.amount_discounted', {
    amount,
    list: money(locale, deal.listAmountMinor, deal.currency),
    discount: percent(locale, deal.discountBps / 100),
  });
}

function closeText(locale: Locale, closeDate: CalendarDate | null, today: CalendarDate, open: boolean): string {
  if (!closeDate) return '—';
  const overdue = open ? daysBetween(closeDate, today) : 0;
  return overdue > 0 ? t(locale, 'deal.close_overdue', { date: day(locale, closeDate), days: overdue }) : day(locale, closeDate);
}
