// Slack sends mentions escaped (`should_escape: true`): `<@U999|zoe>` reaches DealDesk as `@zoe`, the
// member with that Slack identity, created from users.info when they never used DealDesk.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { postSlack, slashCommandBody } from '../support/slack-requests.js';
import { SIGNING_SECRET, SLACK_USERS, TEAM, startSlackHarness, type SlackHarness } from '../support/slack-server.js';
import { countingClient } from '../support/counting-client.js';
import { webApi } from '@slack/bolt';
import { resolveSlackMentions } from '../../src/adapters/slack/mentions.js';
import { textOf } from '../support/block-kit-buttons.js';
import { snapshot } from '../support/workspace.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Slack mentions on ${provider}`, () => {
    let h: SlackHarness;
    beforeAll(async () => {
      h = await startSlackHarness(provider);
      Object.assign(h.fake.users, {
        U999: { name: 'zoe', real_name: 'Zoe Park', tz: 'America/Denver', locale: 'zh-CN', email: 'zoe@acme.example' },
        U998: { name: 'zoe', real_name: 'Zoe Quinn', tz: 'Europe/Paris', locale: 'en-GB' },
      });
    });
    afterAll(() => h.close());
    afterEach(() => {
      expect(h.fake.limitViolations).toEqual([]);
    });

    async function slash(command: string, text: string, user = 'U_DANA'): Promise<string> {
      const responseUrl = h.fake.responseUrl();
      const body = slashCommandBody({ command, text, user_id: user, team_id: TEAM, response_url: responseUrl });
      expect((await postSlack(h.eventsUrl, SIGNING_SECRET, body)).status).toBe(200);
      const response = await h.fake.waitForResponse(responseUrl.split('/').pop(), 10_000);
      return textOf((response.body as { blocks: unknown[] }).blocks);
    }

    const zoe = (externalUserId: string) =>
      h.demo.db.platformIdentity.findFirst({ where: { platform: 'slack', externalUserId }, select: { member: true } });

    it('creates a mentioned Slack user who never used DealDesk as a rep from their profile, and the command acts on them', async () => {
      expect(await zoe('U999')).toBeNull();
      const text = await slash('/quota', 'set <@U999|zoe> 10k');
      const created = (await zoe('U999'))?.member;
      expect(created).toMatchObject({
        name: 'Zoe Park',
        handle: 'zoe',
        role: 'rep',
        timeZone: 'America/Denver',
        locale: 'zh-CN',
        email: 'zoe@acme.example',
        active: true,
      });
      expect(text).toContain('Zoe Park');
      expect(text).toContain('$10,000.00');
      const quota = await h.demo.db.quota.findFirstOrThrow({ where: { memberId: created!.id } });
      expect(quota.amountMinor).toBe(1_000_000n);
    });

    it('reads the people it knows in one go however many are mentioned, and asks Slack about none of them', async () => {
      const counting = countingClient(provider, h.demo.url);
      const client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: h.fake.apiUrl, retryConfig: { retries: 0 } });
      const where = { workspaceId: h.demo.workspaceId, teamId: TEAM };
      const resolve = async (text: string) => {
        counting.statements.length = 0;
        const since = h.fake.mark();
        const resolved = await resolveSlackMentions({ db: counting.db }, client, where, text);
        const lookups = h.fake.calls.slice(since).filter((call) => call.method === 'users.info');
        return { resolved, statements: counting.statements.length, lookups: lookups.length };
      };
      try {
        const one = await resolve('<@U_ALICE|alice> first');
        const everyone = await resolve(
          Object.values(SLACK_USERS)
            .map((id) => `<@${id}>`)
            .join(' '),
        );
        expect(one.resolved).toBe('@alice first');
        expect(everyone.resolved).toBe('@alice @mike @wei.zhang @brian @dana @sophie');
        expect(everyone.statements).toBe(one.statements);
        expect(everyone.lookups).toBe(0);
      } finally {
        await counting.db.$disconnect();
      }
    });

    it('finds the same member on the next mention, also without the |name part', async () => {
      const count = await h.demo.db.member.count({ where: { workspaceId: h.demo.workspaceId } });
      const text = await slash('/pipeline', '<@U999>');
      expect(text).toContain('Zoe Park');
      expect(await h.demo.db.member.count({ where: { workspaceId: h.demo.workspaceId } })).toBe(count);
    });

    it('gives a second new person with a taken handle a typeable handle of their own', async () => {
      const text = await slash('/pipeline', '<@U998|zoe>');
      const second = (await zoe('U998'))?.member;
      expect(second).toMatchObject({ name: 'Zoe Quinn', handle: 'zoe2', role: 'rep', email: null });
      expect(text).toContain('Zoe Quinn');
      // The new handle is what anyone types from now on.
      expect(await slash('/pipeline', '@zoe2')).toContain('Zoe Quinn');
    });

    it('never makes a mentioned person an admin, and a mention does not replace who is acting', async () => {
      await slash('/pipeline', '<@U999|zoe>', 'U_MIKE');
      const admins = await h.demo.db.member.findMany({
        where: { workspaceId: h.demo.workspaceId, role: 'admin' },
        select: { handle: true },
      });
      expect(admins.map((a) => a.handle)).toEqual(['dana']);
    });

    it('names an unknown Slack user in the answer and creates nobody', async () => {
      const before = await snapshot(h.demo.db, h.demo.workspaceId);
      const text = await slash('/quota', 'set <@U404|ghost> 10k');
      expect(text).toContain('ghost');
      expect(await snapshot(h.demo.db, h.demo.workspaceId)).toBe(before);
    });

    it('unwraps links and decodes the characters Slack escapes', async () => {
      const created = await slash('/deal', 'new "Smith &amp; Sons" 20k lead Renewal &lt;2027&gt;', 'U_ALICE');
      expect(created).toContain('Smith & Sons');
      expect(created).toContain('Renewal <2027>');
      const ref = /Created (D-\d+)/.exec(created)?.[1] ?? '';
      await slash('/deal', `note ${ref} RFP is at <https://acme.example/rfp?a=1&amp;b=2|acme.example/rfp>`, 'U_ALICE');
      const note = await h.demo.db.activity.findFirstOrThrow({
        where: { workspaceId: h.demo.workspaceId, deal: { number: Number(ref.slice(2)) } },
        orderBy: { at: 'desc' },
      });
      expect(note.text).toBe('RFP is at https://acme.example/rfp?a=1&b=2');
    });
  });
}
