import type { Screen } from '../screen.js';
import type { StageDef } from '../../domain/stages.js';
import { stageName } from '../../domain/stages.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';

/** The New deal form. Field names are the keys of the `deal.new` command's schema. */
export function newDealFormScreen(locale: Locale, stages: readonly StageDef[], currency: string): Screen {
  const title = t(locale, 'form.deal_new.title');
  return {
    kind: 'form',
    title,
    blocks: [{ type: 'context', text: t(locale, 'form.deal_new.hint') }],
    form: {
      id: 'deal.new',
      title,
      submitLabel: t(locale, 'form.create'),
      fields: [
        { name: 'account', label: t(locale, 'field.account'), kind: 'text', required: true, placeholder: t(locale, 'form.account_placeholder') },
        { name: 'amount', label: t(locale, 'field.amount'), kind: 'amount', required: true, placeholder: t(locale, 'form.amount_placeholder'), hint: t(locale, 'form.amount_hint', { currency }) },
        {
          name: 'stage',
          label: t(locale, 'field.stage'),
          kind: 'select',
          required: false,
          options: stages.filter((s) => s.kind !== 'lost').map((s) => ({ value: s.key, label: `${stageName(s, locale)} (${s.probability}%)` })),
        },
        { name: 'close', label: t(locale, 'field.close_date'), kind: 'date', required: false, placeholder: t(locale, 'form.close_placeholder') },
        { name: 'title', label: t(locale, 'field.title'), kind: 'text', required: false },
      ],
    },
  };
}
