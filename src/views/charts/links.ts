/**
 * Chart image URLs for Slack: `<base>/charts/<expiry>/<signature>/<spec>.png`. Any replica can answer
 * one, since the URL carries everything: the spec (`encodeChart`), an expiry (Unix seconds) and an
 * HMAC-SHA256 of both under a key only the bot knows, so nobody can draw a chart of their own under the
 * bot's name or guess another one's address. A wrong signature or a past expiry opens nothing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { decodeChart, encodeChart, type ChartSpec } from './spec.js';

/** How long a chart link opens: Slack fetches (and caches) the image when the message is first shown. */
export const CHART_LINK_TTL_SECONDS = 30 * 24 * 60 * 60;
/** The route's path pattern, for the server; parameters: expiry, signature, file (`<spec>.png`). */
export const CHART_ROUTE = '/charts/:expiry/:signature/:file';

export type ChartLinkOptions = { baseUrl: string; key: Buffer; now?: () => number; ttlSeconds?: number };

function signature(key: Buffer, expiry: string, encoded: string): Buffer {
  return createHmac('sha256', key).update(`chart:${expiry}:${encoded}`).digest().subarray(0, 18);
}

export function chartLink(spec: ChartSpec, options: ChartLinkOptions): string {
  const encoded = encodeChart(spec);
  const now = options.now?.() ?? Date.now();
  const expiry = String(Math.floor(now / 1000) + (options.ttlSeconds ?? CHART_LINK_TTL_SECONDS));
  const sig = signature(options.key, expiry, encoded).toString('base64url');
  return `${options.baseUrl.replace(/\/+$/, '')}/charts/${expiry}/${sig}/${encoded}.png`;
}

/** The spec a link's path parts stand for, or undefined when unsigned, tampered with or expired. */
export function openChartLink(
  parts: { expiry: string; signature: string; file: string },
  key: Buffer,
  now: number = Date.now(),
): ChartSpec | undefined {
  const match = /^([A-Za-z0-9_-]+)\.png$/.exec(parts.file);
  const encoded = match?.[1];
  if (!encoded || !/^\d{1,12}$/.test(parts.expiry) || !/^[A-Za-z0-9_-]{24}$/.test(parts.signature)) return undefined;
  const expected = signature(key, parts.expiry, encoded);
  const given = Buffer.from(parts.signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if (Number(parts.expiry) * 1000 <= now) return undefined;
  return decodeChart(encoded);
}
