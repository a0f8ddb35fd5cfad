import type { Screen } from '../../views/screen.js';
import { renderHome, renderMessage } from '../../views/render/block-kit.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';

/** Block Kit for a screen, with the "and N more" line in the reader's language. */
export function slackMessage(screen: Screen, locale: Locale) {
  return renderMessage(screen, { moreText: (count) => t(locale, 'list.more', { count }) });
}

export function slackHome(screens: Screen[], locale: Locale) {
  return renderHome(screens, { moreText: (count) => t(locale, 'list.more', { count }) });
}
