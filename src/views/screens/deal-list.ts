import type { Action, Block, Screen } from '../screen.js';
import type { DealRecord } from '../../store/deals.js';
import type { StageDef } from '../../domain/stages.js';
import { dealRef } from '../../domain/deal.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { day, money, stageLabel } from '../format.js';

export type DealListData = {
  heading: string;
  deals: readonly DealRecord[];
  stages: readonly StageDef[];
  total: number;
  page: number;
  pageSize: number;
  /** The list command without its page words, e.g. `deal list team stale`. */
  command: string;
  /** A list of next steps shows each step and its due date instead of the close date. */
  nextSteps?: boolean;
};

export function dealListScreen(data: DealListData, locale: Locale): Screen {
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const blocks: Block[] = [{ type: 'header', text: data.heading }];
  if (data.deals.length === 0) {
    blocks.push({ type: 'text', text: t(locale, 'list.empty') });
  } else {
    blocks.push({
      type: 'items',
      items: data.deals.map((deal) => ({
        title: `${dealRef(deal.number)} ${deal.accountName}${deal.title !== deal.accountName ? ` — ${deal.title}` : ''}`,
        detail: (data.nextSteps && deal.nextStep
          ? [
              t(locale, 'deal.next_step_value', {
                step: deal.nextStep,
                due: t(locale, 'deal.due', { date: day(locale, deal.nextStepDue) }),
              }),
              money(locale, deal.amountMinor, deal.currency),
              deal.owner.name,
            ]
          : [
              money(locale, deal.amountMinor, deal.currency),
              stageLabel(locale, data.stages, deal.stage),
              day(locale, deal.closeDate),
              deal.owner.name,
            ]
        ).join(' · '),
        action: { id: 'deal.show', label: t(locale, 'action.open'), command: `deal show ${dealRef(deal.number)}` },
      })),
    });
  }
  const first = (data.page - 1) * data.pageSize + 1;
  const last = Math.min(data.total, data.page * data.pageSize);
  blocks.push({
    type: 'context',
    text:
      data.total === 0 ? t(locale, 'list.count_zero') : t(locale, 'list.range', { first, last, total: data.total, page: data.page, pages }),
  });
  const paging: Action[] = [];
  if (data.page > 1)
    paging.push({ id: 'page.previous', label: t(locale, 'action.previous'), command: `${data.command} page ${data.page - 1}` });
  if (data.page < pages)
    paging.push({ id: 'page.next', label: t(locale, 'action.next'), command: `${data.command} page ${data.page + 1}` });
  if (paging.length > 0) blocks.push({ type: 'actions', actions: paging });
  return { kind: 'deal_list', title: data.heading, blocks };
}
