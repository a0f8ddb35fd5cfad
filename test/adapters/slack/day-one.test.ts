// Day one of a real sales team on Slack (issue #12, "Must show"), through the real HTTP server and Bolt
// receiver with signed requests, against a fake Slack Web API, from an EMPTY database (no demo). The
// first person to type a command becomes the admin; everything after is typed in Slack: two teams,
// their managers and reps by mention (people who never used DealDesk), quotas, deals logged by the
// reps; then each manager's /pipeline team and /quota team, the scheduled manager digest in the
// manager's DM, and a 15 % discount routed to the rep's manager, approved with the DM's button.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn, freshDatabase, type FreshDatabase } from '../../support/databases.js';
import { startFakeSlack, type FakeSlack, type FakeSlackCall } from '../../support/fake-slack.js';
import { appHomeOpenedEvent, blockActionBody, eventBody, postSlack, slashCommandBody } from '../../support/slack-requests.js';
import { buttonsIn, textOf } from '../../support/block-kit-buttons.js';
import { loadConfig, type Config } from '../../../src/config/env.js';
import type { RunningServer } from '../../../src/server/run-server.js';
import { runTestServer } from '../../support/slack-server.js';
import { platformDeliverers } from '../../../src/server/platform-deliverers.js';
import { createDeliverer } from '../../../src/jobs/deliverers.js';
import { runDueJobs } from '../../../src/jobs/runner.js';
import { managerDigest } from '../../../src/jobs/digest.js';
import { logger } from '../../../src/logger.js';

const SECRET = 'day-one-signing-secret';
const TEAM = 'T0DAYONE';
/** Tuesday 2026-11-24 08:30 in New York: East's digest is due. */
const EAST_DIGEST_AT = new Date('2026-11-24T13:30:00Z');

const PEOPLE = {
  U_ADA: { name: 'ada', real_name: 'Ada King', tz: 'America/New_York', locale: 'en-US', email: 'ada@acme.example' },
  U_MIA: { name: 'mia', real_name: 'Mia Chen', tz: 'America/New_York', locale: 'en-US', email: 'mia@acme.example' },
  U_BOB: { name: 'bob', real_name: 'Bob Lee', tz: 'America/New_York', locale: 'en-US', email: 'bob@acme.example' },
  U_CHLOE: { name: 'chloe', real_name: 'Chloe Kim', tz: 'America/Chicago', locale: 'en-US' },
  U_WILL: { name: 'will', real_name: 'Will Brown', tz: 'Europe/London', locale: 'en-GB' },
  U_XAVI: { name: 'xavi', real_name: 'Xavi Ruiz', tz: 'Europe/London', locale: 'en-GB' },
  U_ZOE: { name: 'zoe', real_name: 'Zoe Park', tz: 'America/Denver', locale: 'en-US' },
};
type Person = keyof typeof PEOPLE;

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`day one on Slack (${provider})`, () => {
    let fresh: FreshDatabase;
    let fake: FakeSlack;
    let config: Config;
    let server: RunningServer;
    let eventsUrl: string;

    beforeAll(async () => {
      fresh = await freshDatabase(provider);
      fake = await startFakeSlack({ team: { id: TEAM, name: 'Acme Sales' }, users: PEOPLE });
      config = loadConfig({
        DATABASE_URL: fresh.url,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: 'xoxb-day-one',
        SLACK_API_URL: fake.apiUrl,
      });
      server = await runTestServer(config, fresh.db);
      eventsUrl = `http://127.0.0.1:${server.port}/slack/events`;
    });
    afterAll(async () => {
      await server.close();
      await fake.close();
      await fresh.cleanup();
    });
    afterEach(() => {
      expect(fake.limitViolations).toEqual([]);
    });

    /** Types a slash command as a Slack user and returns the (ephemeral) answer's text. */
    async function slash(user: Person, command: string, text: string): Promise<string> {
      const responseUrl = fake.responseUrl();
      const body = slashCommandBody({ command, text, user_id: user, team_id: TEAM, response_url: responseUrl });
      expect((await postSlack(eventsUrl, SECRET, body)).status).toBe(200);
      const answer = await fake.waitForResponse(responseUrl.split('/').pop(), 10_000);
      return textOf((answer.body as { blocks: unknown[] }).blocks);
    }

    /** A command that must succeed: its answer starts with the ✓ of a confirmation or is a screen, never a refusal. */
    async function done(user: Person, command: string, text: string, says: string): Promise<string> {
      const answer = await slash(user, command, text);
      expect(answer, `${command} ${text}`).toContain(says);
      return answer;
    }

    const member = (slackUserId: string) =>
      fresh.db.platformIdentity
        .findFirst({ where: { platform: 'slack', externalUserId: slackUserId }, select: { member: true } })
        .then((row) => row?.member);

    async function pressOnDm(dm: FakeSlackCall, label: string, user: Person): Promise<{ mark: number; ts: string }> {
      const button = buttonsIn(dm.body.blocks).find((b) => b.text === label);
      if (!button) throw new Error(`no ${label} button on ${textOf(dm.body.blocks)}`);
      const { channel, ts } = dm.result as { channel: string; ts: string };
      const mark = fake.mark();
      const http = await postSlack(
        eventsUrl,
        SECRET,
        blockActionBody({
          user,
          team: TEAM,
          actions: [{ action_id: button.action_id, block_id: button.block_id, value: button.value }],
          response_url: fake.responseUrl(),
          channel: { id: channel },
          message: { ts, blocks: dm.body.blocks as unknown[] },
          container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
        }),
      );
      expect(http.status).toBe(200);
      return { mark, ts };
    }

    it('turns an empty database into two working teams by commands only', async () => {
      // 1. The first person to use DealDesk in this Slack workspace is its admin, and is told what to do.
      const setup = await slash('U_ADA', '/dealdesk', 'setup');
      expect(setup).toContain('No teams yet');
      expect(await member('U_ADA')).toMatchObject({ name: 'Ada King', role: 'admin', email: 'ada@acme.example' });
      const homeMark = fake.mark();
      await postSlack(eventsUrl, SECRET, eventBody(appHomeOpenedEvent('U_ADA'), { team_id: TEAM }));
      const home = await fake.waitForCall('views.publish', (call) => call.body.user_id === 'U_ADA', 5000, homeMark);
      const homeText = textOf((home.body.view as { blocks: unknown[] }).blocks);
      expect(homeText).toContain('Welcome to DealDesk');
      expect(homeText).toContain('1. Create your teams');
      expect(homeText).toContain('2. Name their managers and add the reps');
      expect(homeText).toContain('3. Set quotas');

      // 2. Two teams; managers and reps by mention: none of them has used DealDesk yet.
      await done('U_ADA', '/dealdesk', 'team new East region AMER timezone America/New_York', 'Created team East');
      await done('U_ADA', '/dealdesk', 'team new West region EMEA timezone Europe/London', 'Created team West');
      await done('U_ADA', '/dealdesk', 'team manager East <@U_MIA|mia>', 'Mia Chen now manages East');
      await done('U_ADA', '/dealdesk', 'team add East <@U_BOB|bob> <@U_CHLOE|chloe>', 'Bob Lee, Chloe Kim');
      await done('U_ADA', '/dealdesk', 'team manager West <@U_WILL|will>', 'Will Brown now manages West');
      await done('U_ADA', '/dealdesk', 'team add West <@U_XAVI|xavi>', 'Xavi Ruiz');
      // A role for someone who never used DealDesk, by mention.
      await done('U_ADA', '/dealdesk', 'member <@U_ZOE|zoe> role manager', 'Zoe Park');
      expect(await member('U_ZOE')).toMatchObject({ name: 'Zoe Park', handle: 'zoe', role: 'manager' });
      const mia = await member('U_MIA');
      expect(mia).toMatchObject({ name: 'Mia Chen', handle: 'mia', role: 'manager', email: 'mia@acme.example' });
      expect(await member('U_BOB')).toMatchObject({ role: 'rep', managerId: mia!.id, teamId: mia!.teamId });
      expect(await member('U_CHLOE')).toMatchObject({ role: 'rep', managerId: mia!.id, timeZone: 'America/Chicago' });
      expect((await member('U_XAVI'))?.managerId).toBe((await member('U_WILL'))?.id);
      const people = await slash('U_ADA', '/dealdesk', 'people');
      for (const name of ['Ada King', 'Mia Chen', 'Bob Lee', 'Chloe Kim', 'Will Brown', 'Xavi Ruiz', 'Zoe Park'])
        expect(people).toContain(name);

      // 3. Quotas for this quarter, and someone behind every discount tier.
      await done('U_ADA', '/quota', 'set <@U_BOB|bob> 100k', '$100,000.00');
      await done('U_ADA', '/quota', 'set <@U_CHLOE|chloe> 80k', '$80,000.00');
      await done('U_ADA', '/quota', 'set <@U_XAVI|xavi> 50k', '$50,000.00');
      const missing = await slash('U_ADA', '/dealdesk', 'setup');
      expect(missing).toContain('deal_desk group, which has nobody in it');
      expect(missing).not.toContain('No teams yet');
      expect(missing).not.toContain('has no quota');
      await slash('U_ADA', '/dealdesk', 'policy group deal_desk <@U_ADA|ada>');
      await slash('U_ADA', '/dealdesk', 'policy group finance <@U_ADA|ada>');
      expect(await slash('U_MIA', '/dealdesk', 'setup')).toContain('Your team is set up.');

      // 4. The reps log their deals.
      await done('U_BOB', '/deal', 'new Acme 50k proposal Platform renewal', 'Created D-1');
      await done('U_BOB', '/deal', 'new Globex 30k negotiation', 'Created D-2');
      await done('U_BOB', '/deal', 'new Hooli 25k won', 'Created D-3');
      await done('U_CHLOE', '/deal', 'new Initech 20k qualified', 'Created D-4');
      await done('U_XAVI', '/deal', 'new Umbrella 70k proposal', 'Created D-5');
    });

    it('shows each manager their own team’s pipeline and quota', async () => {
      const pipeline = await slash('U_MIA', '/pipeline', 'team');
      expect(pipeline).toContain('Pipeline · East');
      // Open deals of East: 50k proposal (60 %) + 30k negotiation (80 %) + 20k qualified (20 %).
      expect(pipeline).toContain('$100,000.00');
      expect(pipeline).toContain('$58,000.00');
      expect(pipeline).not.toContain('$70,000.00');

      const quota = await slash('U_MIA', '/quota', 'team');
      expect(quota).toContain('Quota · East · Q4 2026');
      expect(quota).toContain('Bob Lee');
      expect(quota).toContain('Chloe Kim');
      expect(quota).not.toContain('Xavi Ruiz');
      // Bob won 25k of his 100k; the team's quota is its reps' 180k.
      expect(quota).toContain('25%');
      expect(quota).toContain('$180K');

      const west = await slash('U_WILL', '/pipeline', 'team');
      expect(west).toContain('Pipeline · West');
      expect(west).toContain('$70,000.00');
      expect(west).not.toContain('$100,000.00');
    });

    it('delivers the scheduled digest to each manager’s DM with their team’s numbers', async () => {
      const mark = fake.mark();
      const deliver = createDeliverer(config, fresh.db, {
        logger,
        platforms: platformDeliverers(config, fresh.db, { slackClientOptions: { retryConfig: { retries: 0 } } }),
      });
      const summary = await runDueJobs({ db: fresh.db, now: EAST_DIGEST_AT, jobs: [managerDigest], deliver, claimedBy: 'day-one', logger });
      expect(summary.failed).toBe(0);
      // One message per screen of the digest, all sent by the time the run returns.
      const toMia = fake.callsTo('chat.postMessage').filter((call) => call.body.channel === 'U_MIA' && fake.calls.indexOf(call) >= mark);
      const text = toMia.map((call) => textOf(call.body.blocks)).join('\n');
      expect(text).toContain('Daily digest · East');
      expect(text).toContain('Good morning, Mia Chen.');
      expect(text).toContain('3 deals · $100,000.00 (weighted $58,000.00)');
      // Bob's 25k won of the team's 180k.
      expect(text).toContain('13.9% of $180,000.00 (Q4 2026)');
      expect(text).toContain('Bob Lee');
      expect(text).toContain('Chloe Kim');
      expect(text).not.toContain('Xavi Ruiz');
      // Reps get no manager digest.
      expect(
        fake
          .callsTo('chat.postMessage')
          .slice(mark)
          .some((call) => call.body.channel === 'U_BOB' && textOf(call.body.blocks).includes('Daily digest')),
      ).toBe(false);
    });

    it('routes a 15 % discount to the rep’s manager, who approves it with the button', async () => {
      const mark = fake.mark();
      const asked = await slash('U_BOB', '/deal', 'discount D-1 15% competitor price');
      expect(asked).toContain('Sent to Mia Chen for approval.');
      const dm = await fake.waitForCall(
        'chat.postMessage',
        (call) => call.body.channel === 'U_MIA' && textOf(call.body.blocks).includes('D-1'),
        5000,
        mark,
      );
      expect(buttonsIn(dm.body.blocks).map((b) => b.text)).toEqual(['Approve', 'Reject']);
      expect(textOf(dm.body.blocks)).toContain('$42,500.00');

      const press = await pressOnDm(dm, 'Approve', 'U_MIA');
      const update = await fake.waitForCall('chat.update', (call) => call.body.ts === press.ts, 5000, press.mark);
      expect(textOf(update.body.blocks)).toContain('Approved by Mia Chen');
      const told = await fake.waitForCall(
        'chat.postMessage',
        (call) => call.body.channel === 'U_BOB' && textOf(call.body.blocks).includes('Approved by Mia Chen'),
        5000,
        press.mark,
      );
      expect(textOf(told.body.blocks)).toContain('D-1');
      const card = await slash('U_BOB', '/deal', 'show D-1');
      expect(card).toContain('$42,500.00 (list $50,000.00, 15% off)');
    });
  });
}
