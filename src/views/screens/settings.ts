import type { Screen } from '../screen.js';
import type { WorkspaceContext } from '../../domain/workspace-context.js';
import type { StageDef } from '../../domain/stages.js';
import { stageName } from '../../domain/stages.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { dateTimeFormat } from '../format.js';

export type SettingsData = Pick<
  WorkspaceContext,
  'name' | 'currency' | 'locale' | 'timeZone' | 'fiscalYearStartMonth' | 'staleAfterDays' | 'digestTime' | 'winsChannel'
> & {
  stages: readonly StageDef[];
  /** Days after a win when the after-sales call-back is due; 0 = off. */
  afterSalesDays?: number;
  canEdit: boolean;
  notice?: string;
  /** What a change meant beyond itself (quotas whose period names now mean other dates, or in another currency). */
  warnings?: readonly string[];
};

export function settingsScreen(data: SettingsData, locale: Locale): Screen {
  const title = t(locale, 'settings.title');
  const month = dateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, data.fiscalYearStartMonth - 1, 1)),
  );
  return {
    kind: 'settings',
    title,
    blocks: [
      ...(data.notice ? [{ type: 'text' as const, text: data.notice, tone: 'success' as const }] : []),
      ...(data.warnings ?? []).map((text) => ({ type: 'text' as const, text, tone: 'warning' as const })),
      { type: 'header', text: `${title} · ${data.name}` },
      {
        type: 'fields',
        fields: [
          { label: t(locale, 'settings.currency'), value: data.currency },
          { label: t(locale, 'settings.language'), value: t(locale, data.locale === 'zh-CN' ? 'language.zh' : 'language.en') },
          { label: t(locale, 'settings.timezone'), value: data.timeZone },
          { label: t(locale, 'settings.fiscal_start'), value: month },
          { label: t(locale, 'settings.stale_days'), value: t(locale, 'settings.days', { days: data.staleAfterDays }) },
          { label: t(locale, 'settings.digest_time'), value: data.digestTime },
          { label: t(locale, 'settings.wins_channel'), value: data.winsChannel ?? t(locale, 'settings.none') },
          ...(data.afterSalesDays === undefined ? [] : [afterSalesField(data.afterSalesDays, locale)]),
        ],
      },
      {
        type: 'table',
        columns: [
          { label: t(locale, 'pipeline.col.stage') },
          { label: t(locale, 'settings.probability'), align: 'right' },
          { label: t(locale, 'settings.exit_criterion') },
        ],
        rows: data.stages.map((stage) => [
          stageName(stage, locale),
          `${stage.probability}%`,
          locale === 'zh-CN' ? stage.exitCriterionZh : stage.exitCriterionEn,
        ]),
      },
      { type: 'context', text: t(locale, data.canEdit ? 'settings.how_to_change' : 'settings.admin_only_hint') },
    ],
  };
}

function afterSalesField(days: number, locale: Locale): { label: string; value: string } {
  const value = days > 0 ? t(locale, 'satisfaction.setting_value', { days, count: days }) : t(locale, 'satisfaction.setting_off');
  return { label: t(locale, 'satisfaction.setting'), value };
}
