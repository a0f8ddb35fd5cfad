/**
 * A chart on a screen, platform-neutral like the rest of the view model: what kind of picture, its
 * (already localized) title, category labels, one or more series of plain numbers, and how those numbers
 * read (money in a currency, in minor units; a percentage; a count) in the screen's locale. Teams draws it
 * natively (Adaptive Card charts), Slack and the shell get a PNG (`png.ts`), and every surface can fall
 * back to text bars (`text.ts`).
 *
 * A spec also travels inside a Slack image URL (`links.ts`), so it is kept small: at most
 * CATEGORIES_MAX categories and SERIES_MAX series, labels cut to LABEL_MAX characters, and a compact
 * encoding (positional JSON, deflated, base64url).
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { z } from 'zod';
import { LOCALES, type Locale } from '../../i18n/locale.js';

export type ChartKind = 'bar' | 'hbar' | 'line' | 'donut';
export type ChartValueFormat = { kind: 'money'; currency: string } | { kind: 'percent' } | { kind: 'count' };
export type ChartSeries = { name: string; values: number[] };
export type ChartSpec = {
  kind: ChartKind;
  title: string;
  categories: string[];
  series: ChartSeries[];
  /** Money values are integer minor units of `currency`; percentages are 0–100. */
  format: ChartValueFormat;
  locale: Locale;
};

export const CATEGORIES_MAX = 24;
export const SERIES_MAX = 4;
export const LABEL_MAX = 40;
const TITLE_MAX = 120;

function cut(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

const finite = (value: number): number => (Number.isFinite(value) ? value : 0);

/** A spec within the limits: labels cut, at most CATEGORIES_MAX categories, missing values 0. */
export function chartSpec(spec: ChartSpec): ChartSpec {
  const categories = spec.categories.slice(0, CATEGORIES_MAX).map((c) => cut(c, LABEL_MAX));
  return {
    kind: spec.kind,
    title: cut(spec.title, TITLE_MAX),
    categories,
    series: spec.series.slice(0, SERIES_MAX).map((s) => ({
      name: cut(s.name, LABEL_MAX),
      values: categories.map((_, i) => finite(s.values[i] ?? 0)),
    })),
    format: spec.format,
    locale: spec.locale,
  };
}

const KINDS = ['bar', 'hbar', 'line', 'donut'] as const;
const ZFormat = z.union([z.tuple([z.literal('m'), z.string().regex(/^[A-Z]{3}$/)]), z.tuple([z.literal('p')]), z.tuple([z.literal('c')])]);
/** The positional form that travels in URLs: [version, kind, locale, title, categories, [name, values][], format]. */
const ZPacked = z.tuple([
  z.literal(1),
  z.enum(KINDS),
  z.enum(LOCALES),
  z.string().max(TITLE_MAX),
  z.array(z.string().max(LABEL_MAX)).max(CATEGORIES_MAX),
  z
    .array(z.tuple([z.string().max(LABEL_MAX), z.array(z.number().finite()).max(CATEGORIES_MAX)]))
    .min(1)
    .max(SERIES_MAX),
  ZFormat,
]);

function packFormat(format: ChartValueFormat): z.infer<typeof ZFormat> {
  if (format.kind === 'money') return ['m', format.currency];
  return format.kind === 'percent' ? ['p'] : ['c'];
}

function unpackFormat(packed: z.infer<typeof ZFormat>): ChartValueFormat {
  if (packed[0] === 'm') return { kind: 'money', currency: packed[1] };
  return packed[0] === 'p' ? { kind: 'percent' } : { kind: 'count' };
}

/** The spec as a short base64url string (deflated positional JSON). */
export function encodeChart(spec: ChartSpec): string {
  const s = chartSpec(spec);
  const packed: z.infer<typeof ZPacked> = [
    1,
    s.kind,
    s.locale,
    s.title,
    s.categories,
    s.series.map((series) => [series.name, series.values]),
    packFormat(s.format),
  ];
  return Buffer.from(deflateSync(strToU8(JSON.stringify(packed)), { level: 9 })).toString('base64url');
}

/** A spec read back from `encodeChart`'s form, or undefined for anything else (never throws). */
export function decodeChart(encoded: string): ChartSpec | undefined {
  if (!/^[A-Za-z0-9_-]{1,4000}$/.test(encoded)) return undefined;
  try {
    const json = strFromU8(inflateSync(Buffer.from(encoded, 'base64url'), { out: new Uint8Array(64 * 1024) }));
    const parsed = ZPacked.safeParse(JSON.parse(json));
    if (!parsed.success) return undefined;
    const [, kind, locale, title, categories, series, format] = parsed.data;
    return { kind, locale, title, categories, series: series.map(([name, values]) => ({ name, values })), format: unpackFormat(format) };
  } catch {
    return undefined;
  }
}
