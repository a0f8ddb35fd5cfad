// /dealdesk export on Slack, through the real Bolt receiver: the answer is ephemeral, and the CSV is uploaded
// with Slack's external upload flow (files.getUploadURLExternal → bytes → files.completeUploadExternal).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { postSlack, slashCommandBody } from '../../support/slack-requests.js';
import { SIGNING_SECRET, SLACK_USERS, TEAM, startSlackHarness, type SlackHarness } from '../../support/slack-server.js';
import { textOf } from '../../support/block-kit-buttons.js';
import type { Effect } from '../../../src/commands/command.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`export files on Slack (${provider})`, () => {
    let h: SlackHarness;
    beforeAll(async () => {
      h = await startSlackHarness(provider);
    });
    afterAll(() => h.close());

    async function slash(text: string, user: string, channelId = 'C0SALES') {
      const responseUrl = h.fake.responseUrl();
      await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        slashCommandBody({ command: '/dealdesk', text, user_id: user, team_id: TEAM, response_url: responseUrl, channel_id: channelId }),
      );
      const answer = (await h.fake.waitForResponse(responseUrl.split('/').pop(), 10_000)).body as { blocks: unknown[]; text: string };
      return textOf(answer.blocks);
    }

    /** The bytes the same command gives in the command layer, for the same member at the same instant. */
    async function expectedBytes(line: string, handle: string): Promise<Buffer> {
      const file = (await h.demo.run(line, handle)).effects?.find((e): e is Extract<Effect, { type: 'file' }> => e.type === 'file');
      if (!file) throw new Error(`${line} gave no file`);
      return Buffer.from(file.content);
    }

    it('uploads the CSV to the person’s DM with DealDesk, byte for byte, even when typed in a channel', async () => {
      const since = h.fake.mark();
      const answer = await slash('export deals 2026-Q4', SLACK_USERS.alice);
      expect(answer).toMatch(/Exported \d+ deals \(Q4 2026\) · deals-2026-Q4\.csv/);
      const opened = await h.fake.waitForCall('conversations.open', undefined, 10_000, since);
      expect(opened.body).toMatchObject({ users: SLACK_USERS.alice });
      const dm = (opened.result as { channel: { id: string } }).channel.id;
      expect(dm).not.toBe('C0SALES');
      const completed = await h.fake.waitForCall('files.completeUploadExternal', undefined, 10_000, since);
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({ channel_id: dm, files: [{ title: 'deals-2026-Q4.csv' }] });
      // Nothing went to the channel the command was typed in.
      expect(h.fake.callsTo('files.completeUploadExternal').filter((call) => call.body.channel_id === 'C0SALES')).toEqual([]);

      const asked = h.fake.callsTo('files.getUploadURLExternal').at(-1)!;
      const upload = h.fake.uploads.at(-1)!;
      const expected = await expectedBytes('/dealdesk export deals 2026-Q4', 'alice');
      expect(asked.body).toMatchObject({ filename: 'deals-2026-Q4.csv', length: String(expected.byteLength) });
      expect(upload.bytes).toEqual(expected);
      expect([...expected.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(upload.completed).toEqual({ channelId: dm, title: 'deals-2026-Q4.csv' });
    });

    it('answers a refused export with what to type, and uploads nothing', async () => {
      const since = h.fake.mark();
      const uploads = h.fake.uploads.length;
      expect(await slash('export contacts', SLACK_USERS.alice)).toContain('“contacts” cannot be exported. Type /dealdesk export deals');
      expect(await slash('export 商机', SLACK_USERS['wei.zhang'])).toMatch(/已导出 \d+ 个商机 · deals-all\.csv/);
      await h.fake.waitForCall('files.completeUploadExternal', undefined, 10_000, since);
      // Only the Chinese export was uploaded.
      expect(h.fake.uploads.length).toBe(uploads + 1);
      expect(h.fake.uploads.at(-1)!.bytes).toEqual(await expectedBytes('/dealdesk export deals', 'wei.zhang'));
    });
  });
}
