// Acknowledged work waiting for a place keeps only its key (#14): under a burst, the queue of acknowledged
// commands held each one's whole Bolt request (HTTP request and response, body, context) until its turn,
// about 100 KB each. Now the queue holds the record's key and Bolt's client for the team (one, shared), and
// the command is read back from its record when its turn comes; first come, first done. Driven through the
// real Bolt receiver with signed requests; Slack's servers are the local fake.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { postSlack, slashCommandBody } from '../../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from '../../support/slack-server.js';
import { textOf } from '../../support/block-kit-buttons.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`queued Slack commands on ${provider}`, () => {
    let h: SlackHarness;
    beforeAll(async () => {
      // One place: while the first command holds it, the others queue.
      h = await startSlackHarness(provider, { DEALDESK_MAX_CONCURRENT_COMMANDS: '1' });
    });
    afterAll(() => h.close());

    async function send(userId: string, trigger: string, text: string): Promise<string> {
      const responseUrl = h.fake.responseUrl();
      const body = slashCommandBody({
        command: '/deal',
        text,
        user_id: userId,
        team_id: TEAM,
        trigger_id: trigger,
        response_url: responseUrl,
      });
      const acknowledged = await postSlack(h.eventsUrl, SIGNING_SECRET, body);
      expect([acknowledged.status, acknowledged.text]).toEqual([200, '']);
      return responseUrl.split('/').pop() ?? '';
    }

    it('keeps only the key of each acknowledged command while it waits, and does them in the order they came', async () => {
      // A person DealDesk has never seen: their command holds the one place while Slack's users.info is held.
      const release = h.fake.holdNext('users.info');
      const first = await send('U_NEW', 'holds-the-place', 'list');
      const waiting = [
        await send('U_ALICE', 'queued-1', 'show D-1'),
        await send('U_ALICE', 'queued-2', 'show D-2'),
        await send('U_ALICE', 'queued-3', 'show D-3'),
      ];
      const queued = h.server.requests.queued();
      expect(queued.map((entry) => entry.key)).toEqual(['queued-1', 'queued-2', 'queued-3'].map((t) => `slack:command:${TEAM}:${t}`));
      // The key and Bolt's client for the team, which every request of the team shares: nothing of the request.
      for (const entry of queued) {
        expect(Object.keys(entry).sort()).toEqual(['key', 'live']);
        expect(Object.keys(entry.live)).toEqual(['client']);
      }
      expect(new Set(queued.map((entry) => (entry.live as { client: unknown }).client)).size).toBe(1);
      expect([...h.server.requests.inFlight].sort()).toEqual(
        ['holds-the-place', 'queued-1', 'queued-2', 'queued-3'].map((t) => `slack:command:${TEAM}:${t}`).sort(),
      );

      // The command is done from its record: what the record says when its turn comes is what is answered.
      const key = `slack:command:${TEAM}:queued-3`;
      const record = await h.demo.db.processedRequest.findUniqueOrThrow({ where: { key }, select: { payload: true } });
      await h.demo.db.processedRequest.update({ where: { key }, data: { payload: { ...(record.payload as object), text: 'show D-4' } } });

      release();
      const answers = [];
      for (const id of [first, ...waiting]) answers.push(await h.fake.waitForResponse(id, 30_000));
      expect(answers.map((a) => a.at)).toEqual(answers.map((a) => a.at).sort((a, b) => a - b));
      const texts = answers.map((a) => textOf((a.body as { blocks: unknown[] }).blocks));
      expect(texts[1]).toContain('D-1');
      expect(texts[2]).toContain('D-2');
      expect(texts[3]).toContain('D-4');
      expect(texts[3]).not.toContain('D-3');
      expect(h.server.requests.queued()).toEqual([]);
    });
  });
}
