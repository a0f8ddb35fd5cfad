/**
 * Charts in Slack messages when this server has no public address (Socket Mode, or no PUBLIC_URL): each
 * chart of the answer is drawn as a PNG (views/charts/png.ts, rasterized off the event loop) and uploaded
 * with Slack's external upload flow (files.getUploadURLExternal, the bytes, files.completeUploadExternal)
 * WITHOUT a channel, so the file is private and posted nowhere by itself; the answer then shows it in an
 * image block by its id (`slack_file: { id }`). The same chart twice in one answer is uploaded once. A
 * chart that cannot be drawn or uploaded (no files:write, Slack down) is logged and stays text bars: the
 * answer is never lost to its picture.
 *
 * The App Home keeps text bars: it is republished after every write while open, and each publish would
 * upload its charts again (today no Home screen has a chart).
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import type { Locale } from '../../i18n/locale.js';
import type { Screen } from '../../views/screen.js';
import type { ChartSpec } from '../../views/charts/spec.js';
import { chartsAreLinked, slackMessage } from './render.js';

type WebClient = webApi.WebClient;
export type ChartFileIds = (chart: ChartSpec) => string | undefined;

/** Two charts with the same content are one picture. */
const chartKey = (chart: ChartSpec): string => JSON.stringify(chart);

/** The screen's charts, each once. */
function chartsOf(screen: Screen): Map<string, ChartSpec> {
  const charts = new Map<string, ChartSpec>();
  for (const block of screen.blocks) if (block.type === 'chart') charts.set(chartKey(block.chart), block.chart);
  return charts;
}

/**
 * Uploads the screen's charts and returns each one's file id, or undefined when nothing is to be
 * uploaded (charts are served from PUBLIC_URL, or the screen has none). Charts that failed have no id.
 */
export async function uploadCharts(client: WebClient, screen: Screen, logger: Logger): Promise<ChartFileIds | undefined> {
  if (chartsAreLinked()) return undefined;
  const charts = chartsOf(screen);
  if (charts.size === 0) return undefined;
  const ids = new Map<string, string>();
  await Promise.all(
    [...charts].map(async ([key, chart]) => {
      try {
        // Loaded on first use: ECharts and resvg stay out of a start that never draws (#14).
        const { chartPng } = await import('../../views/charts/png.js');
        const png = await chartPng(chart);
        const uploaded = await client.filesUploadV2({ file: png, filename: `${chart.kind}-chart.png`, title: chart.title });
        const id = uploaded.files[0]?.files?.[0]?.id;
        if (!id) throw new Error('files.completeUploadExternal named no file');
        ids.set(key, id);
      } catch (error) {
        logger.warn({ err: error, chart: chart.title }, 'chart could not be uploaded to Slack; shown as text bars');
      }
    }),
  );
  return (chart) => ids.get(chartKey(chart));
}

/** Block Kit for a screen whose charts are uploaded first when they have no public URL (see slackMessage). */
export async function slackAnswer(
  client: WebClient,
  screen: Screen,
  locale: Locale,
  logger: Logger,
): Promise<ReturnType<typeof slackMessage>> {
  return slackMessage(screen, locale, await uploadCharts(client, screen, logger));
}
