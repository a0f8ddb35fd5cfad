// /dealdesk import on Slack through the real Bolt HTTP receiver: the upload modal's file input, the
// file fetched with files.info and downloaded with the bot token, the dry run, then Import with a
// progress message in the admin's DM that chat.update turns into the result.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { blockActionBody, eventBody, postSlack, slashCommandBody, viewSubmissionBody, stateValues } from '../../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from '../../support/slack-server.js';
import { buttonsIn, textOf, type Button } from '../../support/block-kit-buttons.js';
import { containing } from '../../support/matchers.js';

const DEALS_CSV = [
  'account,title,owner,stage,amount,currency,close_date',
  'Slack Import Alpha,Pilot,@alice,proposal,12000.00,USD,2026-12-15',
  'Slack Import Beta,Renewal,@alice,won,8000.00,USD,2026-11-02',
  'Slack Import Gamma,Expansion,@brian,lead,5000.00,USD,2027-01-20',
].join('\n');

type Reply = { blocks: unknown[]; text: string; replace_original?: boolean };
type ModalView = { private_metadata: string; blocks: { block_id: string; element: Record<string, unknown> }[] };

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Slack import on ${provider}`, () => {
    let h: SlackHarness;
    beforeAll(async () => {
      h = await startSlackHarness(provider);
    });
    afterAll(() => h.close());
    afterEach(() => {
      expect(h.fake.limitViolations).toEqual([]);
    });

    const answer = async (responseId: string, since = 0) => (await h.fake.waitForResponse(responseId, 10_000, since)).body as Reply;
    const idOf = (url: string) => url.split('/').pop() ?? '';
    const importedDeals = () =>
      h.demo.db.deal.findMany({
        where: { workspaceId: h.demo.workspaceId, account: { name: { startsWith: 'Slack Import' } } },
        include: { account: true, owner: true },
        orderBy: { title: 'asc' },
      });

    /** `/dealdesk import` as Dana (the admin), then Upload a file: the modal it opens and where its answer goes. */
    async function openUploadModal() {
      const responseUrl = h.fake.responseUrl();
      const slash = slashCommandBody({ command: '/dealdesk', text: 'import', user_id: 'U_DANA', team_id: TEAM, response_url: responseUrl });
      expect((await postSlack(h.eventsUrl, SIGNING_SECRET, slash)).status).toBe(200);
      const prompt = await answer(idOf(responseUrl));
      const upload = buttonsIn(prompt.blocks).find((b) => b.text === 'Upload a file');
      expect(upload, textOf(prompt.blocks)).toBeDefined();
      const buttonResponse = h.fake.responseUrl();
      const mark = h.fake.mark();
      await press(upload!, buttonResponse, prompt.blocks);
      const opened = await h.fake.waitForCall('views.open', undefined, 5000, mark);
      return { view: opened.body.view as ModalView, viewId: (opened.result as { view: { id: string } }).view.id, buttonResponse };
    }

    async function press(button: Button, responseUrl: string, blocks: unknown[]) {
      const http = await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        blockActionBody({
          user: 'U_DANA',
          team: TEAM,
          actions: [{ action_id: button.action_id, block_id: button.block_id, value: button.value }],
          response_url: responseUrl,
          message: { ts: '1700000000.000200', blocks },
          channel: { id: 'C0GENERAL' },
          container: { type: 'message', message_ts: '1700000000.000200', channel_id: 'C0GENERAL', is_ephemeral: true },
        }),
      );
      expect(http.status).toBe(200);
    }

    function submitFile(view: ModalView, viewId: string, fileId: string, name: string) {
      return postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        viewSubmissionBody({
          user: 'U_DANA',
          team: TEAM,
          view: {
            id: viewId,
            callback_id: 'dd.form',
            private_metadata: view.private_metadata,
            state: { values: stateValues({ file: { file: { type: 'file_input', files: [{ id: fileId, name, filetype: 'csv' }] } } }) },
          },
        }),
      );
    }

    it('checks a file uploaded in the modal, then imports it with a progress message that ends with the result', async () => {
      const { view, viewId, buttonResponse } = await openUploadModal();
      expect(view.blocks).toEqual([
        expect.objectContaining({
          block_id: 'file',
          element: { type: 'file_input', action_id: 'file', filetypes: ['csv'], max_files: 1 },
        }),
      ]);

      const fileId = h.fake.addFile({ name: 'deals.csv', content: DEALS_CSV });
      const submitted = await submitFile(view, viewId, fileId, 'deals.csv');
      expect([submitted.status, submitted.text]).toEqual([200, '']);
      const dryRun = await answer(idOf(buttonResponse));
      expect(dryRun.replace_original).toBe(true);
      expect(textOf(dryRun.blocks)).toContain('deals.csv');
      expect(textOf(dryRun.blocks)).toMatch(/would be created[^0-9]*3/);
      // The private URL was fetched with the bot token, and nothing was written yet.
      expect(h.fake.downloads).toEqual([{ fileId, authorization: 'Bearer xoxb-test-token', served: true }]);
      expect(h.fake.callsTo('files.info').map((c) => c.body.file)).toEqual([fileId]);
      expect(await importedDeals()).toEqual([]);

      const importButton = buttonsIn(dryRun.blocks).find((b) => b.text === 'Import 3 rows');
      expect(importButton, textOf(dryRun.blocks)).toBeDefined();
      const runResponse = h.fake.responseUrl();
      const mark = h.fake.mark();
      await press(importButton!, runResponse, dryRun.blocks);
      expect(textOf((await answer(idOf(runResponse))).blocks)).toContain('Importing');

      const progress = await h.fake.waitForCall('chat.postMessage', (c) => textOf(c.body.blocks).includes('deals.csv'), 10_000, mark);
      const dm = (progress.result as { channel: string; ts: string }).channel;
      expect(dm).toMatch(/^D/);
      const done = await h.fake.waitForCall('chat.update', (c) => textOf(c.body.blocks).includes('Imported deals.csv'), 10_000, mark);
      expect(done.body).toMatchObject({ channel: dm, ts: (progress.result as { ts: string }).ts });
      expect(textOf(done.body.blocks)).toContain('3 created');

      const deals = await importedDeals();
      expect(deals.map((d) => [d.account.name, d.title, d.owner.handle, d.stage, d.amountMinor])).toEqual([
        ['Slack Import Gamma', 'Expansion', 'brian', 'lead', 500_000n],
        ['Slack Import Alpha', 'Pilot', 'alice', 'proposal', 1_200_000n],
        ['Slack Import Beta', 'Renewal', 'alice', 'won', 800_000n],
      ]);
      const job = await h.demo.db.importJob.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, fileName: 'deals.csv' } });
      expect([job.status, job.createdRows, job.progressTarget]).toEqual([
        'done',
        3,
        { platform: 'slack', channel: dm, ts: (progress.result as { ts: string }).ts },
      ]);
    });

    it('checks a CSV shared in DealDesk’s DM with the message "import", once even when Slack redelivers the event', async () => {
      const fileId = h.fake.addFile({ name: 'shared.csv', content: DEALS_CSV.replaceAll('Slack Import', 'Slack Shared') });
      const event = eventBody(
        {
          type: 'message',
          subtype: 'file_share',
          channel: 'D0DANA',
          channel_type: 'im',
          user: 'U_DANA',
          text: 'import',
          ts: '1700000100.000100',
          files: [{ id: fileId, name: 'shared.csv', filetype: 'csv' }],
        },
        { team_id: TEAM },
      );
      const mark = h.fake.mark();
      expect((await postSlack(h.eventsUrl, SIGNING_SECRET, event)).status).toBe(200);
      const dryRun = await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === 'D0DANA', 10_000, mark);
      expect(textOf(dryRun.body.blocks)).toContain('shared.csv');
      expect(textOf(dryRun.body.blocks)).toMatch(/would be created[^0-9]*3/);
      expect(buttonsIn(dryRun.body.blocks).map((b) => b.text)).toEqual(['Import 3 rows', 'Cancel']);

      expect((await postSlack(h.eventsUrl, SIGNING_SECRET, event, { retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(h.fake.calls.slice(mark).filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0DANA')).toHaveLength(1);
      expect(await h.demo.db.importJob.count({ where: { workspaceId: h.demo.workspaceId, fileName: 'shared.csv' } })).toBe(1);
    });

    it('refuses a file over 20 MB on the modal’s field before downloading it, and keeps no import', async () => {
      const { view, viewId } = await openUploadModal();
      const jobs = await h.demo.db.importJob.count({ where: { workspaceId: h.demo.workspaceId } });
      const downloads = h.fake.downloads.length;
      const fileId = h.fake.addFile({ name: 'everything.csv', content: DEALS_CSV, size: 25 * 1024 * 1024 });
      const refused = await submitFile(view, viewId, fileId, 'everything.csv');
      expect(refused.status).toBe(200);
      expect(refused.json).toMatchObject({ response_action: 'errors', errors: { file: containing('up to 20 MB') } });
      expect(h.fake.downloads.length).toBe(downloads);
      expect(await h.demo.db.importJob.count({ where: { workspaceId: h.demo.workspaceId } })).toBe(jobs);
    });
  });
}
