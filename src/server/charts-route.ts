/**
 * `GET /charts/<expiry>/<signature>/<spec>.png`: the chart images Slack shows in image blocks. The URL
 * carries the chart and its HMAC (src/views/charts/links.ts), so any replica behind the load balancer
 * answers it with no shared state; a wrong signature, an expired link or anything else is a plain 404.
 * Drawing takes a few hundred milliseconds, most of it rasterizing on libuv's thread pool, never on the
 * acknowledgement path: Slack fetches the image after the message is posted. The last CACHE_MAX images
 * are kept by URL, and a chart being drawn is drawn once however many ask for it.
 */
import { createHmac } from 'node:crypto';
import type { Express } from 'express';
import type { Config } from '../config/env.js';
import type { Logger } from '../logger.js';
import { secretKeysOf } from '../store/secret-box.js';
import { CHART_ROUTE, chartLink, openChartLink } from '../views/charts/links.js';
import type { ChartSpec } from '../views/charts/spec.js';
import { useChartImages } from '../adapters/slack/render.js';

const CACHE_MAX = 64;

/**
 * The key that signs chart links, derived from a secret every replica already shares: DEALDESK_SECRET_KEY
 * (its sealing key), else SLACK_SIGNING_SECRET, else TEAMS_APP_PASSWORD. Undefined with none of them.
 */
export function chartKeyOf(config: Config): Buffer | undefined {
  const secret = config.DEALDESK_SECRET_KEY ? secretKeysOf(config)[0] : (config.SLACK_SIGNING_SECRET ?? config.TEAMS_APP_PASSWORD);
  return secret === undefined ? undefined : createHmac('sha256', secret).update('dealdesk chart links v1').digest();
}

/** Chart links for Slack messages, or undefined when there is no PUBLIC_URL or no key. */
export function chartLinksOf(config: Config, now: () => number = Date.now): ((chart: ChartSpec) => string) | undefined {
  const key = chartKeyOf(config);
  const baseUrl = config.PUBLIC_URL;
  if (!key || !baseUrl) return undefined;
  return (chart) => chartLink(chart, { baseUrl, key, now });
}

/** Mounts the chart route when links can be made, and lets Slack messages link their charts. */
export function mountCharts(app: Express, config: Config, logger: Logger, now: () => number = Date.now): void {
  const links = chartLinksOf(config, now);
  useChartImages(links);
  const key = chartKeyOf(config);
  if (!links || !key) return;
  const cache = new Map<string, Promise<Buffer>>();
  app.get(CHART_ROUTE, (req, res) => {
    const params = req.params as Record<string, string | undefined>;
    const spec = openChartLink(
      { expiry: params['expiry'] ?? '', signature: params['signature'] ?? '', file: params['file'] ?? '' },
      key,
      now(),
    );
    if (!spec) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    let png = cache.get(req.path);
    if (png) cache.delete(req.path);
    else {
      const started = performance.now();
      // Loaded on first use: ECharts and resvg stay out of a start that never draws (#14).
      png = import('../views/charts/png.js').then(({ chartPng }) => chartPng(spec));
      png.then(
        () => logger.debug({ ms: Math.round(performance.now() - started), kind: spec.kind }, 'chart drawn'),
        () => cache.delete(req.path),
      );
    }
    cache.set(req.path, png);
    while (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value ?? '');
    const maxAge = Math.max(0, Number(params['expiry']) - Math.floor(now() / 1000));
    png.then(
      (image) => {
        res
          .status(200)
          .set({ 'Content-Type': 'image/png', 'Cache-Control': `public, max-age=${maxAge}, immutable` })
          .send(image);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'chart could not be drawn');
        res.status(500).type('text/plain').send('Chart could not be drawn');
      },
    );
  });
}
