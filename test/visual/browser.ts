// Debian's Chromium, headless, driven by playwright-core: one page holding the fonts and the Adaptive Cards
// renderer, each view drawn into it in turn and screenshotted (device scale 1, so the PNGs are small).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { slackMessageHtml } from './block-kit-html.js';
import { PAGE_ORIGIN, PAGE_URL, TEAMS_HOST_CONFIG, pageAssets } from './page.js';
import type { VisualView, VisualViews } from './views.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_MISSING =
  `${CHROMIUM_PATH} is missing; install Debian's Chromium as root: ` +
  'apt-get update && apt-get install -y --no-install-recommends chromium';

export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Without the networking flags Chromium keeps trying to reach Google's hosts, which a closed network refuses. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--font-render-hinting=none',
];

const APP_NAME = 'DealDesk';

export type Shot = { name: string; png: Buffer };

/** Draws every view and returns its PNG, in the order given. Throws on a card the renderer could not read. */
export async function screenshots({ views, images }: VisualViews): Promise<Shot[]> {
  const profile = mkdtempSync(join(tmpdir(), 'dealdesk-visual-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
    viewport: { width: 800, height: 600 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    const assets = pageAssets();
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== PAGE_ORIGIN) return route.abort();
      const asset = assets.get(url.pathname);
      if (asset) return route.fulfill({ status: 200, body: asset.body, contentType: asset.contentType });
      const image = images.get(url.pathname);
      if (image) return route.fulfill({ status: 200, body: await image(), contentType: 'image/png' });
      return route.fulfill({ status: 404, body: 'not found' });
    });
    await page.goto(PAGE_URL);
    await page.evaluate(() => (globalThis as unknown as PageFunctions).loadFonts());
    const shots: Shot[] = [];
    for (const view of views) shots.push({ name: view.name, png: await shoot(page, view) });
    return shots;
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function shoot(page: Page, view: VisualView): Promise<Buffer> {
  // These functions run in the page, which defines them (page.ts); only their text crosses over.
  const problems =
    view.platform === 'teams'
      ? await page.evaluate(([card, config, sender]) => (globalThis as unknown as PageFunctions).showTeams(card, config, sender), [
          view.card,
          TEAMS_HOST_CONFIG,
          APP_NAME,
        ] as const)
      : await page.evaluate((html) => (globalThis as unknown as PageFunctions).showSlack(html), slackMessageHtml(view.blocks, APP_NAME));
  // This renderer has no charts (Teams draws its own); it shows the chart's text fallback, as older clients do.
  const unexpected = problems.filter((problem) => !/^Unknown element type "Chart\.[A-Za-z.]+"\. Fallback will be used/.test(problem));
  if (unexpected.length > 0) throw new Error(`${view.name}: the renderer reported ${unexpected.join('; ')}`);
  const broken = await page.evaluate(() => (globalThis as unknown as PageFunctions).settled());
  if (broken.length > 0) throw new Error(`${view.name}: images did not load: ${broken.join(', ')}`);
  return page.locator('#stage > *').screenshot({ animations: 'disabled', caret: 'hide' });
}

/** The functions the page's own script defines. */
type PageFunctions = {
  showTeams(card: unknown, hostConfig: unknown, sender: string): string[];
  showSlack(html: string): string[];
  settled(): Promise<string[]>;
  loadFonts(): Promise<unknown>;
};
