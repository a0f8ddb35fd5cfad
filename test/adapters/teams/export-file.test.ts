// /dealdesk export on Teams, through the real adapter and a fake connector: the file is offered with a
// FileConsentCard in the personal chat; Accept runs the export again, PUTs the bytes to the upload URL and
// shows a FileInfoCard; Decline says so. In a channel, the channel is told where the file went. (Proactive
// posts reach the connector as replies to the continuation activity, so calls are matched by what they carry.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { TEAMS_USERS, startTeamsHarness, type TeamsHarness } from '../../support/teams-server.js';
import { cardText, fileConsentActivity, type ConnectorCall, type TeamsUser } from '../../support/fake-teams.js';
import { FILE_CONSENT, FILE_INFO } from '../../../src/adapters/teams/files.js';
import type { Effect } from '../../../src/commands/command.js';

type Attachment = { contentType: string; name?: string; contentUrl?: string; content?: Record<string, unknown> };

const attachmentOf = (call: ConnectorCall, contentType: string): Attachment | undefined =>
  (call.body.attachments as Attachment[] | undefined)?.find((a) => a.contentType === contentType);

const CHANNEL = { id: '19:sales@thread.tacv2;messageid=1700000000001', type: 'channel' as const };

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`export files on Teams (${provider})`, () => {
    let h: TeamsHarness;
    beforeAll(async () => {
      h = await startTeamsHarness(provider);
    });
    afterAll(() => h.close());

    async function expectedBytes(line: string, handle: string): Promise<Buffer> {
      const file = (await h.demo.run(line, handle)).effects?.find((e): e is Extract<Effect, { type: 'file' }> => e.type === 'file');
      if (!file) throw new Error(`${line} gave no file`);
      return Buffer.from(file.content);
    }

    /** Says `text` and returns the consent card the bot sent to the person's personal chat. */
    async function exportAndConsent(text: string, user: TeamsUser) {
      const since = h.connector.mark();
      const { card } = await h.say(text, user);
      const sent = await h.connector.waitFor((call) => attachmentOf(call, FILE_CONSENT) !== undefined, { since });
      return { card, sent, consent: attachmentOf(sent, FILE_CONSENT)! };
    }

    async function answer(user: TeamsUser, action: 'accept' | 'decline', consent: Attachment, sent: ConnectorCall, id?: string) {
      const uploadUrl = h.connector.uploadUrl(consent.name!);
      const since = h.connector.mark();
      const activity = fileConsentActivity(
        h.where({ ...(id ? { id } : {}) }),
        user,
        {
          action,
          context: consent.content?.[action === 'accept' ? 'acceptContext' : 'declineContext'],
          ...(action === 'accept'
            ? {
                uploadInfo: {
                  name: consent.name,
                  uploadUrl,
                  contentUrl: `https://contoso-my.sharepoint.com/personal/alice/Documents/Applications/${consent.name}`,
                  uniqueId: 'D1D0E5B6-0000-4000-8000-000000000001',
                  fileType: 'csv',
                },
              }
            : {}),
        },
        sent.id ?? '',
      );
      const { status } = await h.post(activity);
      return { status, since, activity };
    }

    it('offers the file in the personal chat, and uploads exactly the export on Accept', async () => {
      const { card, consent, sent } = await exportAndConsent('dealdesk export deals 2026-Q4', TEAMS_USERS.alice);
      expect(cardText(card)).toMatch(/Exported \d+ deals \(Q4 2026\) · deals-2026-Q4\.csv/);
      const expected = await expectedBytes('/dealdesk export deals 2026-Q4', 'alice');
      expect(sent.conversationId).toBe(`a:personal-${TEAMS_USERS.alice.aadObjectId}`);
      expect(consent).toMatchObject({ name: 'deals-2026-Q4.csv', content: { sizeInBytes: expected.byteLength } });
      expect(consent.content?.acceptContext).toEqual({ command: 'dealdesk export deals 2026-Q4', name: 'deals-2026-Q4.csv' });

      const uploads = h.connector.uploads.length;
      const accepted = await answer(TEAMS_USERS.alice, 'accept', consent, sent);
      expect(accepted.status).toBe(200);
      const info = await h.connector.waitFor((call) => attachmentOf(call, FILE_INFO) !== undefined, { since: accepted.since });
      expect(attachmentOf(info, FILE_INFO)).toMatchObject({
        name: 'deals-2026-Q4.csv',
        contentUrl: expect.stringContaining('deals-2026-Q4.csv') as string,
        content: { uniqueId: 'D1D0E5B6-0000-4000-8000-000000000001', fileType: 'csv' },
      });
      expect(h.connector.uploads).toHaveLength(uploads + 1);
      const upload = h.connector.uploads.at(-1)!;
      expect(upload.bytes).toEqual(expected);
      expect(upload.contentRange).toBe(`bytes 0-${expected.byteLength - 1}/${expected.byteLength}`);

      // Teams redelivering the same Accept uploads nothing more.
      await h.post(accepted.activity);
      expect(h.connector.uploads).toHaveLength(uploads + 1);
    });

    it('says the file was not sent on Decline, and uploads nothing', async () => {
      const { consent, sent } = await exportAndConsent('dealdesk export quotas', TEAMS_USERS.mike);
      const uploads = h.connector.uploads.length;
      const declined = await answer(TEAMS_USERS.mike, 'decline', consent, sent);
      expect(declined.status).toBe(200);
      const reply = await h.connector.waitFor((call) => call.body.text === 'OK, quotas-all.csv was not sent.', { since: declined.since });
      expect(reply.conversationId).toBe(`a:personal-${TEAMS_USERS.mike.aadObjectId}`);
      expect(h.connector.uploads).toHaveLength(uploads);
    });

    it('sends the card to the personal chat when asked in a channel, and tells the channel', async () => {
      const since = h.connector.mark();
      await h.say('dealdesk export deals', TEAMS_USERS.alice, { conversation: CHANNEL });
      const consent = await h.connector.waitFor((call) => attachmentOf(call, FILE_CONSENT) !== undefined, { since });
      expect(consent.conversationId).toBe(`a:personal-${TEAMS_USERS.alice.aadObjectId}`);
      const told = await h.connector.waitFor((call) => call.conversationId === CHANNEL.id && typeof call.body.text === 'string', { since });
      expect(told.body.text).toBe('deals-all.csv is waiting for you in your personal chat with DealDesk: files come there.');
    });

    it('tells someone who never opened the personal chat to open it, in their language', async () => {
      const since = h.connector.mark();
      await h.say('dealdesk export deals', TEAMS_USERS['wei.zhang'], { conversation: CHANNEL });
      const told = await h.connector.waitFor((call) => call.conversationId === CHANNEL.id && typeof call.body.text === 'string', { since });
      expect(told.body.text).toContain('文件会发到您与 DealDesk 的个人聊天中');
      expect(h.connector.calls.slice(since).some((call) => attachmentOf(call, FILE_CONSENT) !== undefined)).toBe(false);
    });

    it('runs nothing but an export from a consent card’s context', async () => {
      const { consent, sent } = await exportAndConsent('dealdesk export events 2026-11', TEAMS_USERS.alice);
      const forged = {
        ...consent,
        content: { ...consent.content, acceptContext: { command: 'dealdesk language zh', name: 'events-2026-11.csv' } },
      };
      const alice = { workspaceId: h.demo.workspaceId, handle: 'alice' };
      const uploads = h.connector.uploads.length;
      expect((await answer(TEAMS_USERS.alice, 'accept', forged, sent)).status).toBe(200);
      expect(h.connector.uploads).toHaveLength(uploads);
      expect(await h.demo.db.member.findFirstOrThrow({ where: alice, select: { locale: true } })).not.toEqual({ locale: 'zh-CN' });
    });
  });
}
