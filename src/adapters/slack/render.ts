import type { Screen } from '../../views/screen.js';
import type { ChartSpec } from '../../views/charts/spec.js';
import { renderHome, renderMessage } from '../../views/render/block-kit.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';

let chartImageUrl: ((chart: ChartSpec) => string) | undefined;

/** How charts link their PNG (server/charts-route.ts sets it from PUBLIC_URL); unset, they are uploaded (chart-uploads.ts) or text bars. */
export function useChartImages(links: ((chart: ChartSpec) => string) | undefined): void {
  chartImageUrl = links;
}

/** Whether charts are images served by this server (PUBLIC_URL), so nothing needs uploading. */
export function chartsAreLinked(): boolean {
  return chartImageUrl !== undefined;
}

/**
 * Block Kit for a screen, with the "and N more" line in the reader's language. `chartFileId` gives the
 * Slack file of a chart uploaded for this message (chart-uploads.ts); a chart with neither a link nor a
 * file is text bars.
 */
export function slackMessage(screen: Screen, locale: Locale, chartFileId?: (chart: ChartSpec) => string | undefined) {
  return renderMessage(screen, {
    moreText: (count) => t(locale, 'list.more', { count }),
    ...(chartImageUrl ? { chartImageUrl } : {}),
    ...(chartFileId ? { chartFileId } : {}),
  });
}

export function slackHome(screens: Screen[], locale: Locale) {
  return renderHome(screens, { moreText: (count) => t(locale, 'list.more', { count }), ...(chartImageUrl ? { chartImageUrl } : {}) });
}
