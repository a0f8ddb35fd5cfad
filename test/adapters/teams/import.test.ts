// /dealdesk import on Teams through the real Teams SDK app: a CSV attached to a personal-chat
// message (file.download.info, downloaded from its pre-authenticated URL), the dry run, then Import
// with a progress card posted in the chat and replaced (updateActivity) until it shows the result.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { TEAMS_USERS, checkedCard, startTeamsHarness, type TeamsHarness } from '../../support/teams-server.js';
import { cardOf, cardText, fileDownloadInfo, messageWithAttachments, type ConnectorCall } from '../../support/fake-teams.js';

const csv = (prefix: string) =>
  [
    'account,title,owner,stage,amount,currency,close_date',
    `${prefix} Alpha,Pilot,@alice,proposal,12000.00,USD,2026-12-15`,
    `${prefix} Beta,Renewal,@alice,won,8000.00,USD,2026-11-02`,
    `${prefix} Gamma,Expansion,@brian,lead,5000.00,USD,2027-01-20`,
  ].join('\n');

const CHAT = 'a:personal-aad-alice';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Teams import on ${provider}`, () => {
    let h: TeamsHarness;
    beforeAll(async () => {
      h = await startTeamsHarness(provider);
    });
    afterAll(() => h.close());
    beforeEach(async () => {
      // Imports are for admins; in the demo Alice is a rep.
      await h.demo.db.member.updateMany({ where: { workspaceId: h.demo.workspaceId, handle: 'alice' }, data: { role: 'admin' } });
    });

    const dealsOf = (prefix: string) =>
      h.demo.db.deal.findMany({
        where: { workspaceId: h.demo.workspaceId, account: { name: { startsWith: prefix } } },
        include: { account: true, owner: true },
        orderBy: { title: 'asc' },
      });

    /** Sends a message with attachments as Alice and returns the card the bot answered with. */
    async function send(text: string, attachments: Record<string, unknown>[]) {
      const activity = messageWithAttachments(h.where(), TEAMS_USERS.alice, text, attachments);
      const since = h.connector.mark();
      const { status } = await h.post(activity);
      expect(status).toBe(200);
      const reply = await h.connector.waitFor((call) => call.kind === 'reply' && call.activityId === activity.id, { since });
      return { card: checkedCard(h.cards, cardOf(reply.body)), replyToId: reply.id ?? '' };
    }

    const cardIn = (call: ConnectorCall) => cardText(cardOf(call.body));

    it('checks a CSV attached to a message, then imports it with a progress card updated in place until the result', async () => {
      const url = h.connector.serveFile('deals.csv', csv('Teams Import'));
      const { card, replyToId } = await send('/dealdesk import', [fileDownloadInfo('deals.csv', url)]);
      expect(cardText(card)).toContain('deals.csv');
      expect(cardText(card)).toMatch(/would be created\s+3/);
      expect(h.connector.downloads).toEqual([new URL(url).pathname]);
      expect(await dealsOf('Teams Import')).toEqual([]);

      const since = h.connector.mark();
      const pressed = await h.press(card, 'Import 3 rows', { replyToId });
      expect(cardText(pressed.card)).toContain('Importing');

      const progress = await h.connector.waitFor(
        (call) => call.method === 'POST' && call.conversationId === CHAT && cardIn(call).includes('deals.csv'),
        {
          since,
          timeoutMs: 10_000,
        },
      );
      checkedCard(h.cards, cardOf(progress.body));
      const done = await h.connector.waitFor(
        (call) => call.kind === 'update' && call.activityId === progress.id && cardIn(call).includes('Imported deals.csv'),
        { since, timeoutMs: 10_000 },
      );
      expect(cardIn(done)).toContain('3 created');

      const deals = await dealsOf('Teams Import');
      expect(deals.map((d) => [d.account.name, d.title, d.owner.handle, d.stage, d.amountMinor])).toEqual([
        ['Teams Import Gamma', 'Expansion', 'brian', 'lead', 500_000n],
        ['Teams Import Alpha', 'Pilot', 'alice', 'proposal', 1_200_000n],
        ['Teams Import Beta', 'Renewal', 'alice', 'won', 800_000n],
      ]);
      const job = await h.demo.db.importJob.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, fileName: 'deals.csv' } });
      expect([job.status, job.progressTarget]).toEqual(['done', { platform: 'teams', conversationId: CHAT, activityId: progress.id }]);
    });

    it('takes "import" with the file inline, as the Bot Framework Emulator sends it, and writes nothing before Import', async () => {
      const url = h.connector.serveFile('emulator.csv', csv('Emulator Import'));
      const { card } = await send('import', [{ contentType: 'text/csv', contentUrl: url, name: 'emulator.csv' }]);
      expect(cardText(card)).toContain('emulator.csv');
      expect(cardText(card)).toMatch(/would be created\s+3/);
      expect(await dealsOf('Emulator Import')).toEqual([]);
    });
  });
}
