/**
 * The shell prints a chart as text bars and also draws it as a PNG file, whose path it prints: open it
 * in any image viewer. Files are named by their chart, so the same chart is drawn once.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Screen } from '../../views/screen.js';
import { encodeChart } from '../../views/charts/spec.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';

/** Where the shell writes chart pictures: the OS temporary folder, `dealdesk-charts/`. */
export function defaultChartDir(): string {
  return path.join(tmpdir(), 'dealdesk-charts');
}

/** Draws each chart of the screen into `dir` and returns the lines saying where, in the reader's language. */
export async function saveChartImages(screen: Screen, locale: Locale, dir: string): Promise<string[]> {
  const charts = screen.blocks.flatMap((block) => (block.type === 'chart' ? [block.chart] : []));
  if (charts.length === 0) return [];
  // Loaded on first use: ECharts and resvg stay out of a shell start that never draws (#14).
  const { chartPng } = await import('../../views/charts/png.js');
  await mkdir(dir, { recursive: true });
  const lines: string[] = [];
  for (const chart of charts) {
    const file = path.join(dir, `${createHash('sha256').update(encodeChart(chart)).digest('base64url').slice(0, 20)}.png`);
    if (!existsSync(file)) {
      const partial = `${file}.${String(process.pid)}.tmp`;
      await writeFile(partial, await chartPng(chart));
      await rename(partial, file);
    }
    lines.push(`  ${t(locale, 'chart.saved', { path: file })}`);
  }
  return lines;
}
