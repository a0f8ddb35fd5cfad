/**
 * A rep's morning nudge: next steps due today, overdue next steps and deals that went quiet, one
 * screen per non-empty section, each deal with the deal card's buttons. No screens: nothing to say.
 */
import type { Action, Block, Screen } from '../screen.js';
import type { StageDef } from '../../domain/stages.js';
import { daysBetween, type CalendarDate } from '../../domain/calendar.js';
import type { DealRecord } from '../../store/deals.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { ageDays, day, money, stageLabel } from '../format.js';
import { dealActions } from './deal-card.js';
import { dateLabel, dealLabel, instantLabel, moreBlocks, openAction, SECTION_LINES } from './digest.js';
import { afterSalesNudgeBlocks } from './satisfaction.js';
import type { FollowUpRecord } from '../../store/after-sales.js';

export type RepNudgeData = {
  name: string;
  stages: readonly StageDef[];
  staleAfterDays: number;
  /** The slot (or now), the rep's zone and local date. */
  at: Date;
  late: boolean;
  timeZone: string;
  today: CalendarDate;
  dueToday: readonly DealRecord[];
  overdue: readonly DealRecord[];
  stale: readonly DealRecord[];
  /** After-sales call-backs due today or overdue, each with its score buttons. */
  afterSales?: readonly FollowUpRecord[];
};

export function hasNudge(data: Pick<RepNudgeData, 'dueToday' | 'overdue' | 'stale' | 'afterSales'>): boolean {
  return data.dueToday.length + data.overdue.length + data.stale.length + (data.afterSales?.length ?? 0) > 0;
}

/** Open first (on the item), then Log note and Move stage: the deal card's own commands. */
function dealButtons(locale: Locale, deal: DealRecord, stages: readonly StageDef[]): Action[] {
  const byId = new Map(dealActions(locale, deal, stages).map((action) => [action.id, action]));
  return ['deal.note', 'deal.move'].flatMap((id) => byId.get(id) ?? []);
}

export function repNudgeScreens(data: RepNudgeData, locale: Locale): Screen[] {
  if (!hasNudge(data)) return [];
  const sections: { title: string; deals: readonly DealRecord[]; first: (deal: DealRecord) => string; command: string }[] = [
    {
      title: t(locale, 'nudge.due.title'),
      deals: data.dueToday,
      first: (deal) => t(locale, 'nudge.next_step', { step: deal.nextStep ?? '—' }),
      command: 'deal list mine due',
    },
    {
      title: t(locale, 'nudge.overdue.title'),
      deals: data.overdue,
      first: (deal) => {
        const days = deal.nextStepDue ? daysBetween(deal.nextStepDue, data.today) : 0;
        return t(locale, 'nudge.overdue_by', { step: deal.nextStep ?? '—', date: day(locale, deal.nextStepDue), count: days, days });
      },
      command: 'deal list mine due',
    },
    {
      title: t(locale, 'nudge.stale.title'),
      deals: data.stale,
      first: (deal) => {
        const days = ageDays(deal.lastActivityAt, data.at);
        return t(locale, 'digest.idle', { count: days, days });
      },
      command: 'deal list mine stale',
    },
  ];
  const screens: Screen[] = [];
  const afterSales = afterSalesNudgeBlocks(data.afterSales ?? [], data.today, locale);
  const listed = [...sections.filter((s) => s.deals.length > 0), ...(afterSales.length > 0 ? [null] : [])];
  for (const section of listed) {
    const blocks: Block[] = [];
    if (screens.length === 0) {
      blocks.push({ type: 'header', text: t(locale, 'nudge.title', { name: data.name, date: dateLabel(locale, data.today) }) });
      if (data.late)
        blocks.push({
          type: 'text',
          tone: 'warning',
          text: t(locale, 'nudge.late', { time: instantLabel(locale, data.at, data.timeZone) }),
        });
      blocks.push({ type: 'text', text: t(locale, 'nudge.intro') });
    }
    if (section === null) {
      screens.push({ kind: 'deal_list', title: t(locale, 'satisfaction.nudge.title'), blocks: [...blocks, ...afterSales] });
      continue;
    }
    blocks.push({ type: 'text', text: t(locale, 'nudge.section', { title: section.title, count: section.deals.length }) });
    const shown = section.deals.slice(0, SECTION_LINES);
    for (const deal of shown) {
      blocks.push(
        {
          type: 'items',
          items: [
            {
              title: dealLabel(deal),
              detail: [
                section.first(deal),
                money(locale, deal.amountMinor, deal.currency),
                stageLabel(locale, data.stages, deal.stage),
                day(locale, deal.closeDate),
              ].join(' · '),
              action: openAction(locale, deal.number),
            },
          ],
        },
        { type: 'actions', actions: dealButtons(locale, deal, data.stages) },
      );
    }
    blocks.push(...moreBlocks(locale, shown.length, section.deals.length, section.command));
    screens.push({ kind: 'deal_list', title: section.title, blocks });
  }
  return screens;
}
