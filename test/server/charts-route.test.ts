// Chart images for Slack: the real server (Bolt over signed HTTP, the fake Slack) posts /forecast with image
// blocks whose URLs point at PUBLIC_URL, and the same server (any replica: the URL carries the chart and
// its signature) answers them with the PNG; tampered or expired links get 404.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { chartKeyOf, chartLinksOf, mountCharts } from '../../src/server/charts-route.js';
import { createHttpServer } from '../../src/server/http.js';
import { logger } from '../../src/logger.js';
import { slackMessage } from '../../src/adapters/slack/render.js';
import type { ChartSpec } from '../../src/views/charts/spec.js';
import { describeOn, freshDatabase } from '../support/databases.js';
import { postSlack, slashCommandBody } from '../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from '../support/slack-server.js';
import { decodePng, inkedShare, pngSize } from '../support/png.js';

const PUBLIC_URL = 'https://dealdesk.example.com';
const chart: ChartSpec = {
  kind: 'bar',
  title: '管道 · 按阶段',
  locale: 'zh-CN',
  categories: ['线索', '方案'],
  series: [{ name: '金额', values: [1_000_000, 2_500_000] }],
  format: { kind: 'money', currency: 'CNY' },
};

type ImageBlock = { type: 'image'; image_url: string; alt_text: string; title?: { text: string } };
const imagesIn = (blocks: readonly unknown[]): ImageBlock[] =>
  blocks.filter((b): b is ImageBlock => (b as { type?: string }).type === 'image');
/** The path of a chart URL on the server under test. */
const onServer = (url: string, base: string): string => url.replace(PUBLIC_URL, base);

describeOn('sqlite')('chart images for Slack', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('sqlite', { PUBLIC_URL: `${PUBLIC_URL}/` });
  });
  afterAll(() => h.close());
  afterEach(() => {
    expect(h.fake.limitViolations).toEqual([]);
  });

  it('/forecast shows its charts as image blocks that this server draws as PNGs', async () => {
    const responseUrl = h.fake.responseUrl();
    const body = slashCommandBody({ command: '/forecast', text: 'team', user_id: 'U_MIKE', team_id: TEAM, response_url: responseUrl });
    expect((await postSlack(h.eventsUrl, SIGNING_SECRET, body)).status).toBe(200);
    const reply = (await h.fake.waitForResponse(responseUrl.split('/').pop() ?? '', 10_000)).body as { blocks: unknown[] };
    const images = imagesIn(reply.blocks);
    expect(images.map((image) => image.title?.text)).toEqual(['Forecast against quota', 'Won by week (weeks from Monday)']);
    const [calls] = images;
    if (!calls) throw new Error('no image');
    expect(calls.image_url).toMatch(/^https:\/\/dealdesk\.example\.com\/charts\/\d+\/[\w-]{24}\/[\w-]+\.png$/);
    expect(calls.image_url.length).toBeLessThanOrEqual(3000);
    expect(calls.alt_text).toContain('Closed won');

    const response = await fetch(onServer(calls.image_url, h.baseUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+, immutable$/);
    const png = Buffer.from(await response.arrayBuffer());
    expect(pngSize(png)).toEqual({ width: 720, height: 400 });
    expect(inkedShare(decodePng(png))).toBeGreaterThan(0.02);
    // A second fetch is the cached picture.
    expect(Buffer.from(await (await fetch(onServer(calls.image_url, h.baseUrl))).arrayBuffer()).equals(png)).toBe(true);
  });

  it('answers 404 to a tampered link, another signature, or something that is no link', async () => {
    // The harness's settings: any replica with them makes and opens the same links.
    const url = chartLinksOf(loadConfig({ PUBLIC_URL, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test-token' }))?.(chart);
    if (!url) throw new Error('no link');
    expect((await fetch(onServer(url, h.baseUrl))).status).toBe(200);
    const [, expiry, signature, file] = /\/charts\/(\d+)\/([^/]+)\/([^/]+)$/.exec(url) ?? [];
    const other = (signature?.startsWith('A') ? 'B' : 'A') + (signature ?? '').slice(1);
    for (const path of [
      `/charts/${expiry}/${other}/${file}`,
      `/charts/${Number(expiry) + 60}/${signature}/${file}`,
      `/charts/${expiry}/${signature}/${file?.replace(/^./, (c) => (c === 'e' ? 'f' : 'e'))}`,
      `/charts/${expiry}/${signature}/${file?.replace('.png', '')}`,
      '/charts/1/2/3.png',
    ]) {
      const response = await fetch(`${h.baseUrl}${path}`);
      expect(response.status, path).toBe(404);
    }
  });
});

describe('chart links without a server of their own', () => {
  it('PUBLIC_URL must be an http(s) URL; its trailing slash is dropped', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://dealdesk.example.com' })).toThrow(/PUBLIC_URL: must start with https:\/\//);
    expect(() => loadConfig({ PUBLIC_URL: 'dealdesk.example.com' })).toThrow(/PUBLIC_URL: must be the URL Slack reaches/);
    expect(loadConfig({ PUBLIC_URL: 'https://dealdesk.example.com/' }).PUBLIC_URL).toBe('https://dealdesk.example.com');
  });

  it('expire: a link made 31 days ago gets 404, and without PUBLIC_URL Slack gets text bars', async () => {
    const fresh = await freshDatabase('sqlite');
    const config = loadConfig({ PUBLIC_URL, SLACK_SIGNING_SECRET: 'another-secret', SLACK_BOT_TOKEN: 'xoxb-x', DATABASE_URL: fresh.url });
    const server = createHttpServer({ db: fresh.db, logger });
    const now = Date.UTC(2026, 11, 1);
    let clock = now - 31 * 86_400_000;
    mountCharts(server.app, config, logger, () => clock);
    const base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
    try {
      const old = chartLinksOf(config, () => clock)?.(chart) ?? '';
      const message = slackMessage({ kind: 'pipeline', title: 't', blocks: [{ type: 'chart', chart }] }, 'zh-CN');
      expect(imagesIn(message.blocks).map((image) => image.image_url)).toEqual([old]);
      clock = now;
      expect((await fetch(onServer(old, base))).status).toBe(404);
      expect(chartKeyOf(config)).toBeDefined();

      mountCharts(server.app, loadConfig({ SLACK_SIGNING_SECRET: 'another-secret', SLACK_BOT_TOKEN: 'xoxb-x' }), logger);
      const text = slackMessage({ kind: 'pipeline', title: 't', blocks: [{ type: 'chart', chart }] }, 'zh-CN');
      expect(imagesIn(text.blocks)).toEqual([]);
      expect(JSON.stringify(text.blocks)).toContain('线索');
    } finally {
      await server.close();
      await fresh.cleanup();
    }
  });
});
