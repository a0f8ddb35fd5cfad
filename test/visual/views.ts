// The screens the visual reference shows: one pipeline and one deal card, from the seeded demo workspace at
// its fixed instant, as alice sees them in English and then in Chinese, each rendered for Teams (our Adaptive
// Card) and Slack (our Block Kit) exactly as the adapters send them.
import type { KnownBlock } from '@slack/types';
import { demoWorkspace } from '../support/workspace.js';
import { renderCard, type AdaptiveCard } from '../../src/views/render/adaptive-card.js';
import { renderMessage } from '../../src/views/render/block-kit.js';
import { chartPng } from '../../src/views/charts/png.js';
import type { ChartSpec } from '../../src/views/charts/spec.js';
import type { Screen } from '../../src/views/screen.js';
import { t } from '../../src/i18n/index.js';
import type { Locale } from '../../src/i18n/locale.js';
import { PAGE_ORIGIN } from './page.js';

/** A rendered view, by the name of its reference PNG (`<name>.png` under test/visual/reference/). */
export type VisualView =
  { name: string; platform: 'teams'; card: AdaptiveCard } | { name: string; platform: 'slack'; blocks: KnownBlock[] };

export type VisualViews = {
  views: VisualView[];
  /** Chart PNGs the Slack messages link to, by path under PAGE_ORIGIN. */
  images: Map<string, () => Promise<Buffer>>;
};

const SCREENS = [
  { name: 'pipeline', line: '/pipeline', kind: 'pipeline' },
  { name: 'deal-card', line: '/deal show D-157', kind: 'deal_card' },
] as const;

const LOCALES: readonly { locale: Locale; suffix: string; languageCommand: string }[] = [
  { locale: 'en', suffix: 'en', languageCommand: '/dealdesk language en' },
  { locale: 'zh-CN', suffix: 'zh', languageCommand: '/dealdesk language zh' },
];

export async function visualViews(): Promise<VisualViews> {
  const demo = await demoWorkspace('sqlite');
  const views: VisualView[] = [];
  const images = new Map<string, () => Promise<Buffer>>();
  // Slack gets a chart as an image block when the bot has a public URL; these URLs are answered by the page's router.
  const chartImageUrl = (chart: ChartSpec): string => {
    const path = `/charts/${images.size + 1}.png`;
    images.set(path, () => chartPng(chart));
    return PAGE_ORIGIN + path;
  };
  try {
    for (const { locale, suffix, languageCommand } of LOCALES) {
      await demo.run(languageCommand, 'alice');
      for (const { name, line, kind } of SCREENS) {
        const { screen } = await demo.run(line, 'alice');
        if (screen.kind !== kind) throw new Error(`${line} answered a ${screen.kind} screen, not ${kind}: ${screen.title}`);
        const moreText = (count: number): string => t(locale, 'list.more', { count });
        views.push({ name: `teams-${name}-${suffix}`, platform: 'teams', card: renderCard(screen, { moreText }) });
        views.push({ name: `slack-${name}-${suffix}`, platform: 'slack', blocks: slackBlocks(screen, moreText, chartImageUrl) });
      }
    }
  } finally {
    await demo.cleanup();
  }
  return { views, images };
}

function slackBlocks(screen: Screen, moreText: (count: number) => string, chartImageUrl: (chart: ChartSpec) => string): KnownBlock[] {
  return renderMessage(screen, { moreText, chartImageUrl }).blocks;
}
