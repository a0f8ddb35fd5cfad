// Charts on Slack without PUBLIC_URL (#15 point 8): the real Bolt app, over signed HTTP and in Socket Mode,
// against the fake Slack. Each chart of an answer is drawn as a PNG, uploaded privately (external upload flow,
// no channel) and shown inside the answer by an image block whose slack_file names the uploaded file; a failed
// upload leaves the text bars; with PUBLIC_URL nothing is uploaded.
import { describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { slashAnswer, useSlackHarness } from '../../support/slack-harness.js';
import type { FakeSlack, FakeUpload } from '../../support/fake-slack.js';
import { useSocketModeHarness } from '../../support/socket-mode-harness.js';
import { slashCommandPayload } from '../../support/slack-requests.js';
import { decodePng, inkedShare, pngSize } from '../../support/png.js';
import { textOf } from '../../support/block-kit-buttons.js';
import { logger } from '../../../src/logger.js';
import { createSlackDeliverer } from '../../../src/adapters/slack/deliverer.js';
import { uploadCharts } from '../../../src/adapters/slack/chart-uploads.js';
import { renderMessage } from '../../../src/views/render/block-kit.js';
import { checkBlockKitLimits } from '../../support/block-kit-limits.js';
import type { Screen } from '../../../src/views/screen.js';
import type { ChartSpec } from '../../../src/views/charts/spec.js';

type ImageBlock = {
  type: 'image';
  image_url?: string;
  slack_file?: { id?: string; url?: string };
  alt_text: string;
  title?: { text: string };
};
const imagesIn = (blocks: readonly unknown[]): ImageBlock[] =>
  blocks.filter((b): b is ImageBlock => (b as { type?: string }).type === 'image');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The uploaded file an image block shows: a private PNG of the chart (not posted anywhere by itself). */
function expectChartUpload(fake: FakeSlack, image: ImageBlock, title: string): FakeUpload {
  expect(image.image_url).toBeUndefined();
  const upload = fake.uploads.find((u) => u.fileId === image.slack_file?.id);
  if (!upload?.bytes)
    throw new Error(`no upload for ${JSON.stringify(image.slack_file)}; uploads: ${fake.uploads.map((u) => u.fileId).join(', ')}`);
  expect(upload.completed).toEqual({ title });
  expect(upload.filename).toMatch(/\.png$/);
  expect(upload.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(upload.bytes.byteLength).toBeGreaterThan(1024);
  expect(pngSize(upload.bytes)).toEqual({ width: 720, height: 400 });
  expect(inkedShare(decodePng(upload.bytes))).toBeGreaterThan(0.02);
  return upload;
}

const chart: ChartSpec = {
  kind: 'bar',
  title: 'Open pipeline by stage',
  locale: 'en',
  categories: ['Lead', 'Proposal'],
  series: [{ name: 'Total', values: [1_000_000, 2_500_000] }],
  format: { kind: 'money', currency: 'USD' },
};
const chartScreen: Screen = {
  kind: 'message',
  title: 'Pipeline',
  blocks: [
    { type: 'header', text: 'Pipeline' },
    { type: 'chart', chart },
    { type: 'text', text: 'Same picture again:' },
    { type: 'chart', chart: { ...chart } },
  ],
};

describe('image blocks of uploaded charts', () => {
  const render = (options: Partial<Parameters<typeof renderMessage>[1]>) => renderMessage(chartScreen, { moreText: String, ...options });

  it('shows the file by id, prefers a URL when there is one, and keeps text bars without either', () => {
    const byFile = imagesIn(render({ chartFileId: () => 'F0123' }).blocks);
    expect(byFile.map((image) => image.slack_file)).toEqual([{ id: 'F0123' }, { id: 'F0123' }]);
    expect(byFile[0]?.image_url).toBeUndefined();
    expect(byFile[0]?.alt_text).toMatch(/Proposal +█+ +\$25,000\.00/);
    const byUrl = imagesIn(render({ chartFileId: () => 'F0123', chartImageUrl: () => 'https://x.example/c.png' }).blocks);
    expect(byUrl.map((image) => [image.image_url, image.slack_file])).toEqual([
      ['https://x.example/c.png', undefined],
      ['https://x.example/c.png', undefined],
    ]);
    const bars = render({ chartFileId: () => undefined });
    expect(imagesIn(bars.blocks)).toEqual([]);
    expect(textOf(bars.blocks)).toMatch(/```[^`]*Proposal +█+ +\$25,000\.00/);
  });

  it('the limits check takes slack_file with exactly one of id and url, never beside image_url', () => {
    const image = (source: Record<string, unknown>) => checkBlockKitLimits({ blocks: [{ type: 'image', alt_text: 'a', ...source }] });
    expect(image({ slack_file: { id: 'F1' } })).toEqual([]);
    expect(image({ slack_file: { url: 'https://files.slack.com/files-pri/T1-F1/a.png' } })).toEqual([]);
    expect(image({ slack_file: { id: 'F1', url: 'https://files.slack.com/files-pri/T1-F1/a.png' } }).join()).toMatch(
      /exactly one of id and url/,
    );
    expect(image({ slack_file: {} }).join()).toMatch(/exactly one of id and url/);
    expect(image({ slack_file: { id: 'F1' }, image_url: 'https://x.example/c.png' }).join()).toMatch(/must not both be given/);
    expect(image({}).join()).toMatch(/image_url or slack_file is required/);
  });
});

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Slack charts uploaded as files without PUBLIC_URL on ${provider}`, () => {
    const h = useSlackHarness(provider);

    it('/pipeline shows its chart as an image block of the PNG it uploaded, privately, with the bars as alt text', async () => {
      const before = h.fake.uploads.length;
      const reply = await slashAnswer(h, '/pipeline', '', 'U_ALICE');
      const [image, ...more] = imagesIn(reply.blocks);
      if (!image) throw new Error(`no image block in ${textOf(reply.blocks)}`);
      expect(more).toEqual([]);
      expect(Object.keys(image.slack_file ?? {})).toEqual(['id']);
      expect(image.title?.text).toBe('Open pipeline by stage');
      expect(image.alt_text).toContain('Open pipeline by stage');
      expect(image.alt_text).toMatch(/Lead +█+░* +\$[1-9][\d,]*\.\d\d/);
      expect(h.fake.uploads).toHaveLength(before + 1);
      expectChartUpload(h.fake, image, 'Open pipeline by stage');
      // Not posted by itself: completed with no channel, and no message but the answer.
      expect(h.fake.callsTo('files.completeUploadExternal').at(-1)?.body.channel_id).toBeUndefined();
      // The bars are in the picture and its alt text, not also in a code block.
      expect(textOf(reply.blocks)).not.toContain('```');
    });

    it('draws Chinese labels for a reader in Chinese', async () => {
      const reply = await slashAnswer(h, '/pipeline', '', 'U_WEI');
      const [image] = imagesIn(reply.blocks);
      if (!image) throw new Error(`no image block in ${textOf(reply.blocks)}`);
      expect(image.title?.text).toBe('各阶段未结管道');
      expect(image.alt_text).toContain('方案');
      expectChartUpload(h.fake, image, '各阶段未结管道');
    });

    it('keeps the text bars, and still answers, when Slack refuses the upload', async () => {
      h.fake.failNext('files.getUploadURLExternal', { error: 'missing_scope', extra: { needed: 'files:write' } });
      const before = h.fake.uploads.length;
      const reply = await slashAnswer(h, '/pipeline', '', 'U_ALICE');
      expect(imagesIn(reply.blocks)).toEqual([]);
      expect(h.fake.uploads).toHaveLength(before);
      const text = textOf(reply.blocks);
      expect(text).toContain('*Open pipeline by stage*');
      expect(text).toMatch(/```[^`]*Lead +█+░* +\$[1-9][\d,]*\.\d\d/);
    });
  });
}

describeOn('sqlite')('Slack charts: uploads once per picture, scheduled messages, PUBLIC_URL', () => {
  const h = useSlackHarness('sqlite');
  const client = () => new webApi.WebClient('xoxb-test-token', { slackApiUrl: h.fake.apiUrl, retryConfig: { retries: 0 } });

  it('uploads the same chart twice in one answer once', async () => {
    const before = h.fake.uploads.length;
    const fileOf = await uploadCharts(client(), chartScreen, logger);
    expect(h.fake.uploads).toHaveLength(before + 1);
    const id = h.fake.uploads.at(-1)?.fileId;
    expect(fileOf?.(chart)).toBe(id);
    expect(fileOf?.({ ...chart, title: 'Another chart' })).toBeUndefined();
    // A screen with no chart uploads nothing.
    expect(await uploadCharts(client(), { kind: 'message', title: 'x', blocks: [{ type: 'text', text: 'x' }] }, logger)).toBeUndefined();
    expect(h.fake.uploads).toHaveLength(before + 1);
  });

  it('shows a scheduled message’s chart as an uploaded image too', async () => {
    const mike = await h.demo.db.member.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, handle: 'mike' } });
    await createSlackDeliverer({ db: h.demo.db, client: client() }).deliver({ workspaceId: h.demo.workspaceId, memberId: mike.id }, [
      chartScreen,
    ]);
    const post = h.fake.callsTo('chat.postMessage').at(-1);
    expect(post?.body.channel).toBe('U_MIKE');
    const images = imagesIn(post?.body.blocks as unknown[]);
    expect(images).toHaveLength(2);
    expect(images[0]?.slack_file?.id).toBe(images[1]?.slack_file?.id);
    if (!images[0]) throw new Error('no image');
    expectChartUpload(h.fake, images[0], 'Open pipeline by stage');
  });
});

describeOn('sqlite')('Slack charts with PUBLIC_URL', () => {
  const h = useSlackHarness('sqlite', { PUBLIC_URL: 'https://dealdesk.example.com' });

  it('links the PNG from this server and uploads nothing', async () => {
    const reply = await slashAnswer(h, '/pipeline', '', 'U_ALICE');
    const [image] = imagesIn(reply.blocks);
    expect(image?.image_url).toMatch(/^https:\/\/dealdesk\.example\.com\/charts\//);
    expect(image?.slack_file).toBeUndefined();
    expect(h.fake.uploads).toEqual([]);
    expect(h.fake.callsTo('files.getUploadURLExternal')).toEqual([]);
  });
});

describe('Slack charts in Socket Mode', () => {
  const h = useSocketModeHarness();

  const slash = async (command: string, text: string, name: string) => {
    const envelopeId = h.socket.send({
      type: 'slash_commands',
      payload: slashCommandPayload({ command, text, user_id: 'U_SAM', team_id: 'T0SOCK', response_url: h.fake.responseUrl(name) }),
    });
    await h.socket.waitForAck(envelopeId);
    return (await h.fake.waitForResponse(name, 10_000)).body as { blocks: unknown[] };
  };

  it('answers /pipeline with the chart uploaded and shown by its file id', async () => {
    expect(h.server.slack?.mode).toBe('socket');
    expect(textOf((await slash('/deal', 'new Socket Corp 12k proposal', 'new')).blocks)).toContain('Created D-1');
    const reply = await slash('/pipeline', '', 'pipeline');
    const [image] = imagesIn(reply.blocks);
    if (!image) throw new Error(`no image block in ${textOf(reply.blocks)}`);
    expect(image.slack_file?.id).toBe(h.fake.uploads.at(-1)?.fileId);
    expect(image.alt_text).toMatch(/Proposal +█+ +\$12,000\.00/);
    expectChartUpload(h.fake, image, 'Open pipeline by stage');
    expect(h.fake.limitViolations).toEqual([]);
  });
});
