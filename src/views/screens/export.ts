import type { Screen } from '../screen.js';
import { keyOf, t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { messageScreen } from './message.js';

export type ExportKind = 'deals' | 'events' | 'quotas';

/** Whose records the file holds, as the person is told: everything, theirs plus their teams', or theirs. */
export type ExportReachLabel = { kind: 'everything' } | { kind: 'teams'; teams: readonly string[] } | { kind: 'own' };

export type ExportSummary = {
  kind: ExportKind;
  count: number;
  /** The period as people read it ("Q4 2026"); absent when everything was exported. */
  periodLabel?: string;
  fileName: string;
  reach: ExportReachLabel;
};

/** "Exported 120 deals (Q4 2026) · deals-2026-Q4.csv", and whose records it holds; or that there was nothing. */
export function exportScreen(summary: ExportSummary, locale: Locale): Screen {
  const period = summary.periodLabel ? t(locale, 'export.period', { period: summary.periodLabel }) : '';
  const hint = reachText(summary.reach, locale);
  if (summary.count === 0) return messageScreen(t(locale, keyOf('export.empty', summary.kind), { period }), { hint });
  const text = t(locale, keyOf('export.done', summary.kind), { count: summary.count, period, file: summary.fileName });
  return messageScreen(text, { tone: 'success', hint });
}

function reachText(reach: ExportReachLabel, locale: Locale): string {
  if (reach.kind === 'teams') return t(locale, 'export.reach.teams', { teams: reach.teams });
  return t(locale, keyOf('export.reach', reach.kind));
}
