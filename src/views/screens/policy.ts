import type { Screen } from '../screen.js';
import type { Approver, DiscountPolicy } from '../../domain/discount-policy.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { money, percent } from '../format.js';

export type PolicyData = {
  policy: DiscountPolicy;
  names: ReadonlyMap<string, string>;
  currency: string;
  canEdit: boolean;
  notice?: string;
};

export function policyScreen(data: PolicyData, locale: Locale): Screen {
  const title = t(locale, 'policy.title');
  const who = (approvers: readonly Approver[]) =>
    approvers.length === 0
      ? t(locale, 'policy.no_approval')
      : approvers
          .map((a) =>
            a.kind === 'group'
              ? t(locale, 'policy.group', { group: a.group })
              : t(locale, a.kind === 'manager' ? 'policy.manager' : 'policy.managers_manager'),
          )
          .join(' → ');
  const groups = Object.entries(data.policy.groups);
  return {
    kind: 'settings',
    title,
    blocks: [
      ...(data.notice ? [{ type: 'text' as const, text: data.notice, tone: 'success' as const }] : []),
      { type: 'header', text: title },
      {
        type: 'table',
        columns: [{ label: t(locale, 'policy.col.discount') }, { label: t(locale, 'policy.col.approvers') }],
        rows: data.policy.tiers.map((tier) => [
          `${percent(locale, tier.aboveBps / 100)} – ${percent(locale, tier.upToBps / 100)}`,
          who(tier.approvers) +
            (tier.largeDeal
              ? ` · ${t(locale, 'policy.large', { amount: money(locale, tier.largeDeal.atLeastMinor, data.currency, true), approvers: who(tier.largeDeal.approvers) })}`
              : ''),
        ]),
      },
      {
        type: 'context',
        text:
          groups.length === 0
            ? t(locale, 'policy.no_groups')
            : groups
                .map(([group, ids]) =>
                  t(locale, 'policy.group_members', {
                    group,
                    members: ids.length > 0 ? ids.map((id) => data.names.get(id) ?? id) : t(locale, 'policy.admins'),
                  }),
                )
                .join(' · '),
      },
      { type: 'context', text: t(locale, data.canEdit ? 'policy.how_to_change' : 'settings.admin_only_hint') },
    ],
  };
}
