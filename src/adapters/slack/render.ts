import type { Screen } from '../../views/screen.js';
import type { ChartSpec } from '../../views/charts/spec.js';
import { renderHome, renderMessage } from '../../views/render/block-kit.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';

let chartImageUrl: ((chart: ChartSpec) => string) | undefined;

/** How charts link their PNG (server/charts-route.ts sets it from PUBLIC_URL); unset, they are text bars. */
export function useChartImages(links: ((chart: ChartSpec) => string) | undefined): void {
  chartImageUrl = links;
}

/** Block Kit for a screen, with the "and N more" line in the reader's language. */
export function slackMessage(screen: Screen, locale: Locale) {
  return renderMessage(screen, { moreText: (count) => t(locale, 'list.more', { count }), ...(chartImageUrl ? { chartImageUrl } : {}) });
}

export function slackHome(screens: Screen[], locale: Locale) {
  return renderHome(screens, { moreText: (count) => t(locale, 'list.more', { count }), ...(chartImageUrl ? { chartImageUrl } : {}) });
}
