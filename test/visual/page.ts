// The page the screenshots are taken on: fonts from npm (Noto Sans SC, so Latin and Chinese glyphs are the
// same on every machine, whatever fonts it has), Microsoft's `adaptivecards` renderer for Teams cards with a
// Teams-like host config, and our own Block Kit HTML for Slack messages. It is served from a made-up origin
// through Playwright's request routing, so nothing goes over the network.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SLACK_CSS } from './block-kit-html.js';

export const PAGE_ORIGIN = 'https://visual.test';
export const PAGE_URL = `${PAGE_ORIGIN}/index.html`;
/** The one font family every surface uses; no system font can stand in for it. */
const FONT_FAMILY = 'Visual Noto Sans SC';
/** Teams cards are about this wide in a chat on a desktop client. */
const TEAMS_CARD_WIDTH = 540;

const FONT_WEIGHTS = {
  400: '400Regular/NotoSansSC_400Regular.ttf',
  600: '600SemiBold/NotoSansSC_600SemiBold.ttf',
  700: '700Bold/NotoSansSC_700Bold.ttf',
};

/** A file inside an installed package, found the way Node finds the package. */
function packageFile(name: string, file: string): string {
  return join(dirname(fileURLToPath(import.meta.resolve(`${name}/package.json`))), file);
}

/** The files the page loads, by path under PAGE_ORIGIN. */
export function pageAssets(): Map<string, { body: Buffer; contentType: string }> {
  const assets = new Map<string, { body: Buffer; contentType: string }>();
  for (const [weight, file] of Object.entries(FONT_WEIGHTS))
    assets.set(`/fonts/${weight}.ttf`, {
      body: readFileSync(packageFile('@expo-google-fonts/noto-sans-sc', file)),
      contentType: 'font/ttf',
    });
  assets.set('/adaptivecards.js', {
    body: readFileSync(packageFile('adaptivecards', 'dist/adaptivecards.min.js')),
    contentType: 'text/javascript',
  });
  assets.set('/index.html', { body: Buffer.from(pageHtml()), contentType: 'text/html; charset=utf-8' });
  return assets;
}

/**
 * Teams' light theme as an Adaptive Cards host config (sizes and spacing as Microsoft's Teams host config,
 * colours of the current light theme). Segoe UI is Teams' font; here Noto Sans SC stands in for it.
 */
export const TEAMS_HOST_CONFIG = {
  supportsInteractivity: true,
  fontFamily: `'${FONT_FAMILY}'`,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 200, default: 400, bolder: 600 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        dark: { default: '#242424', subtle: '#424242' },
        light: { default: '#FFFFFF', subtle: '#F5F5F5' },
        accent: { default: '#5B5FC7', subtle: '#7F85F5' },
        good: { default: '#237B4B', subtle: '#4F9E6F' },
        warning: { default: '#835B00', subtle: '#A37D1E' },
        attention: { default: '#C4314B', subtle: '#D4677A' },
      },
    },
    emphasis: {
      backgroundColor: '#F5F5F5',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        dark: { default: '#242424', subtle: '#424242' },
        light: { default: '#FFFFFF', subtle: '#F5F5F5' },
        accent: { default: '#5B5FC7', subtle: '#7F85F5' },
        good: { default: '#237B4B', subtle: '#4F9E6F' },
        warning: { default: '#835B00', subtle: '#A37D1E' },
        attention: { default: '#C4314B', subtle: '#D4677A' },
      },
    },
  },
  actions: {
    maxActions: 6,
    spacing: 'Default',
    buttonSpacing: 8,
    showCard: { actionMode: 'Inline', inlineTopMargin: 16, style: 'emphasis' },
    actionsOrientation: 'Horizontal',
    actionAlignment: 'Left',
  },
  adaptiveCard: { allowCustomStyle: false },
  factSet: {
    title: { color: 'Default', size: 'Default', isSubtle: false, weight: 'Bolder', wrap: true, maxWidth: 150 },
    value: { color: 'Default', size: 'Default', isSubtle: false, weight: 'Default', wrap: true },
    spacing: 12,
  },
  table: { cellSpacing: 8 },
};

const TEAMS_CSS = `
.teams-host { width: ${TEAMS_CARD_WIDTH + 40}px; background: #F5F5F5; padding: 16px 20px; }
.teams-sender { font-size: 12px; color: #616161; margin-bottom: 4px; }
.teams-card { width: ${TEAMS_CARD_WIDTH}px; background: #FFFFFF; border: 1px solid #E0E0E0; border-radius: 6px; overflow: hidden; }
.teams-card .ac-pushButton { font-family: '${FONT_FAMILY}'; font-size: 14px; font-weight: 600; color: #242424; background: #FFFFFF;
  border: 1px solid #D1D1D1; border-radius: 4px; height: 32px; padding: 0 12px; overflow: hidden; white-space: nowrap;
  text-overflow: ellipsis; flex: 0 1 auto; }
.teams-card .ac-pushButton.style-positive { background: #5B5FC7; border-color: #5B5FC7; color: #FFFFFF; }
.teams-card .ac-pushButton.style-destructive { color: #C4314B; border-color: #C4314B; }
.teams-card .ac-textBlock p { margin: 0; }
.teams-card .ac-table-cell { border-color: #E0E0E0 !important; }
`;

function pageHtml(): string {
  const faces = Object.keys(FONT_WEIGHTS)
    .map(
      (weight) =>
        `@font-face { font-family: '${FONT_FAMILY}'; font-weight: ${weight}; src: url('/fonts/${weight}.ttf') format('truetype'); }`,
    )
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8">
<style>
${faces}
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #ffffff; -webkit-font-smoothing: antialiased; }
body, button, input, textarea, pre, code { font-family: '${FONT_FAMILY}'; }
#stage { display: inline-block; }
${TEAMS_CSS}
${SLACK_CSS}
</style>
<script src="/adaptivecards.js"></script>
<script>
const stage = () => document.getElementById('stage');
window.showTeams = (card, hostConfig, sender) => {
  const adaptive = new AdaptiveCards.AdaptiveCard();
  adaptive.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
  const context = new AdaptiveCards.SerializationContext();
  adaptive.parse(card, context);
  const problems = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  const host = document.createElement('div');
  host.className = 'teams-host';
  const name = document.createElement('div');
  name.className = 'teams-sender';
  name.textContent = sender;
  const frame = document.createElement('div');
  frame.className = 'teams-card';
  frame.appendChild(adaptive.render());
  host.append(name, frame);
  stage().replaceChildren(host);
  return problems;
};
window.showSlack = (html) => {
  stage().innerHTML = '<div class="slack-host">' + html + '</div>';
  return [];
};
window.settled = async () => {
  await Promise.all([...document.images].map((img) => img.complete ? null : new Promise((done) => { img.onload = img.onerror = done; })));
  await document.fonts.ready;
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return [...document.images].filter((img) => img.naturalWidth === 0).map((img) => img.src);
};
window.loadFonts = () => Promise.all(${JSON.stringify(Object.keys(FONT_WEIGHTS))}.map((w) => document.fonts.load(w + " 16px '${FONT_FAMILY}'", 'Aa中文')));
</script>
</head><body><div id="stage"></div></body></html>`;
}
