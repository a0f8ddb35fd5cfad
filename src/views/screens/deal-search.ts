import type { Block, Screen } from '../screen.js';
import type { DealRecord } from '../../store/deals.js';
import type { StageDef } from '../../domain/stages.js';
import { dealRef } from '../../domain/deal.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { day, money, stageLabel } from '../format.js';
import { dealActions, dealTitle } from './deal-card.js';

export type DealSearchData = { query: string; deals: readonly DealRecord[]; stages: readonly StageDef[] };

/** `/deal search`: the best matches first, each with its card's buttons and its history. */
export function dealSearchScreen(data: DealSearchData, locale: Locale): Screen {
  const title = t(locale, 'search.title', { query: data.query });
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (data.deals.length === 0) {
    blocks.push({ type: 'text', text: t(locale, 'search.empty', { query: data.query }) });
    return { kind: 'deal_search', title, blocks };
  }
  blocks.push({ type: 'context', text: t(locale, 'search.count', { count: data.deals.length }) });
  for (const deal of data.deals) {
    const ref = dealRef(deal.number);
    const detail = [
      money(locale, deal.amountMinor, deal.currency),
      stageLabel(locale, data.stages, deal.stage),
      day(locale, deal.closeDate),
      deal.owner.name,
      ...(deal.nextStep ? [deal.nextStep] : []),
    ].join(' · ');
    blocks.push(
      {
        type: 'items',
        items: [
          { title: dealTitle(deal), detail, action: { id: 'deal.show', label: t(locale, 'action.open'), command: `deal show ${ref}` } },
        ],
      },
      {
        type: 'actions',
        actions: [
          ...dealActions(locale, deal, data.stages),
          { id: 'deal.history', label: t(locale, 'action.history'), command: `deal history ${ref}` },
        ],
      },
    );
  }
  return { kind: 'deal_search', title, blocks };
}
