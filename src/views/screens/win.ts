import type { Screen } from '../screen.js';
import type { DealRecord } from '../../store/deals.js';
import { dealRef } from '../../domain/deal.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { day, money } from '../format.js';

/** The wins-channel announcement when a deal is won. */
export function winScreen(deal: DealRecord, locale: Locale): Screen {
  const text = t(locale, 'win.announcement', {
    owner: deal.owner.name,
    ref: dealRef(deal.number),
    account: deal.accountName,
    amount: money(locale, deal.amountMinor, deal.currency),
  });
  return {
    kind: 'message',
    title: text,
    tone: 'success',
    blocks: [
      { type: 'text', text, tone: 'success' },
      { type: 'context', text: t(locale, 'win.detail', { title: deal.title, date: day(locale, deal.closeDate) }) },
      { type: 'actions', actions: [{ id: 'deal.show', label: t(locale, 'action.open'), command: `deal show ${dealRef(deal.number)}` }] },
    ],
    subject: { type: 'deal', id: deal.id, number: deal.number },
  };
}
