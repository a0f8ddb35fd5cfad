// Day one of a real sales team on Teams (issue #12, "Must show"), through the real HTTP server and
// Teams adapter (anonymous development mode) with a fake Bot Framework connector, from an EMPTY
// database (no demo). The installer becomes the admin and gets the welcome card; everything after is
// typed in Teams: two teams, their managers and reps by @mention (people who never used DealDesk,
// looked up in the connector's roster), quotas, deals logged by the reps; then each manager's
// pipeline team and quota team, the scheduled manager digest in the manager's personal chat, and a
// 15 % discount routed to the rep's manager, approved with the card's button.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn, freshDatabase, type FreshDatabase } from '../../support/databases.js';
import {
  cardOf,
  cardText,
  installActivity,
  invokeActivity,
  messageActivity,
  startFakeConnector,
  type Card,
  type ConnectorCall,
  type ConnectorMember,
  type FakeConnector,
  type TeamsUser,
} from '../../support/fake-teams.js';
import { checkedCard, invokeAnswer, postJson, pressData, type InvokeAnswer } from '../../support/teams-server.js';
import { FIXED_NOW } from '../../support/workspace.js';
import { loadConfig, type Config } from '../../../src/config/env.js';
import { runServer, type RunningServer } from '../../../src/server/run-server.js';
import { platformDeliverers } from '../../../src/server/platform-deliverers.js';
import { createDeliverer } from '../../../src/jobs/deliverers.js';
import { runDueJobs } from '../../../src/jobs/runner.js';
import { managerDigest } from '../../../src/jobs/digest.js';
import { logger } from '../../../src/logger.js';

const TENANT = 'tenant-day-one';
/** Tuesday 2026-11-24 08:30 in New York: East's digest is due. */
const EAST_DIGEST_AT = new Date('2026-11-24T13:30:00Z');

const person = (key: string, name: string, timeZone: string): TeamsUser & ConnectorMember => ({
  id: `29:${key}`,
  aadObjectId: `aad-${key}`,
  name,
  locale: 'en-US',
  timeZone,
  email: `${key}@acme.example`,
  userPrincipalName: `${key}@acme.example`,
  tenantId: TENANT,
});
const ADA = person('ada', 'Ada King', 'America/New_York');
const MIA = person('mia', 'Mia Chen', 'America/New_York');
const BOB = person('bob', 'Bob Lee', 'America/New_York');
const CHLOE = person('chloe', 'Chloe Kim', 'America/Chicago');
const WILL = person('will', 'Will Brown', 'Europe/London');
const XAVI = person('xavi', 'Xavi Ruiz', 'Europe/London');
const ZOE = person('zoe', 'Zoe Park', 'America/Denver');

const personal = (user: TeamsUser) => `a:personal-${user.aadObjectId}`;
/** `<at>Name</at>` as Teams writes a mention in the text; `say` adds the entity that goes with it. */
const at = (user: TeamsUser) => `<at>${user.name}</at>`;

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`day one on Teams (${provider})`, () => {
    let fresh: FreshDatabase;
    let connector: FakeConnector;
    let config: Config;
    let server: RunningServer;
    let messagesUrl: string;
    const cards: Card[] = [];

    beforeAll(async () => {
      fresh = await freshDatabase(provider);
      connector = await startFakeConnector({ members: [ADA, MIA, BOB, CHLOE, WILL, XAVI, ZOE] });
      config = loadConfig({ DATABASE_URL: fresh.url, TEAMS_DEV_ANONYMOUS: 'true' });
      server = await runServer({ scheduler: false, config, db: fresh.db, logger, port: 0, clock: () => FIXED_NOW });
      messagesUrl = `http://127.0.0.1:${server.port}/api/messages`;
    });
    afterAll(async () => {
      await server.close();
      await connector.close();
      await fresh.cleanup();
    });

    const where = () => ({ serviceUrl: connector.url, tenantId: TENANT });

    /** Sends a message in the person's chat with the bot (mentioning `mentioned`), returns the reply card's text. */
    async function say(user: TeamsUser, text: string, mentioned: TeamsUser[] = []): Promise<{ text: string; card: Card }> {
      const activity = messageActivity(where(), user, text, { mentions: mentioned.map((m) => ({ id: m.id, name: m.name })) });
      const since = connector.mark();
      expect((await postJson(messagesUrl, activity)).status).toBe(200);
      // Only the message is the answer (teams-ai 1.7 also sent "typing" on slow turns).
      const reply = await connector.waitFor(
        (call) => call.kind === 'reply' && call.activityId === activity.id && call.body.type === 'message',
        {
          since,
          timeoutMs: 10_000,
        },
      );
      const card = checkedCard(cards, cardOf(reply.body));
      return { text: cardText(card), card };
    }

    async function done(user: TeamsUser, text: string, says: string, mentioned: TeamsUser[] = []): Promise<string> {
      const answer = await say(user, text, mentioned);
      expect(answer.text, text).toContain(says);
      return answer.text;
    }

    async function press(user: TeamsUser, card: Card, title: string, replyToId: string): Promise<InvokeAnswer> {
      const activity = invokeActivity(where(), user, pressData(card, title, {}), replyToId);
      const { status, body } = await postJson(messagesUrl, activity);
      return invokeAnswer(cards, status, body);
    }

    const member = (user: TeamsUser) =>
      fresh.db.platformIdentity
        .findFirst({ where: { platform: 'teams', externalUserId: user.aadObjectId }, select: { member: true } })
        .then((row) => row?.member);
    /** The Teams user ids looked up in the connector's roster (`GET …/members/{id}`) since `since`. */
    const memberLookups = (since: number) =>
      connector.calls
        .slice(since)
        .map((call) => (call.method === 'GET' ? /\/members\/([^/]+)$/.exec(call.path)?.[1] : undefined))
        .filter((id): id is string => id !== undefined)
        .map((id) => decodeURIComponent(id));
    const postedTo = (user: TeamsUser, since: number) =>
      connector.calls
        .slice(since)
        .filter((call: ConnectorCall) => call.method === 'POST' && call.conversationId === personal(user) && call.body.type === 'message');

    it('turns an empty database into two working teams by commands only', async () => {
      // 1. Installing the app: the installer is the admin and gets the welcome card with the three steps.
      const install = installActivity(where(), ADA);
      const since = connector.mark();
      expect((await postJson(messagesUrl, install)).status).toBe(200);
      const welcome = await connector.waitFor(
        (call) => call.conversationId === personal(ADA) && call.method === 'POST' && call.body.type === 'message',
        { since },
      );
      const welcomeText = cardText(checkedCard(cards, cardOf(welcome.body)));
      expect(welcomeText).toContain('Welcome to DealDesk');
      expect(welcomeText).toContain('1. Create your teams');
      expect(welcomeText).toContain('2. Name their managers and add the reps');
      expect(welcomeText).toContain('3. Set quotas');
      expect(welcomeText).toContain('anyone who never used DealDesk is added as a rep');
      expect(await member(ADA)).toMatchObject({ name: 'Ada King', role: 'admin' });
      expect((await say(ADA, 'dealdesk setup')).text).toContain('No teams yet');

      // 2. Two teams; managers and reps by @mention: none of them has used DealDesk yet.
      const beforeMentions = connector.mark();
      await done(ADA, 'dealdesk team new East region AMER timezone America/New_York', 'Created team East');
      await done(ADA, 'dealdesk team new West region EMEA timezone Europe/London', 'Created team West');
      await done(ADA, `dealdesk team manager East ${at(MIA)}`, 'Mia Chen now manages East', [MIA]);
      await done(ADA, `dealdesk team add East ${at(BOB)} ${at(CHLOE)}`, 'Bob Lee, Chloe Kim', [BOB, CHLOE]);
      await done(ADA, `dealdesk team manager West ${at(WILL)}`, 'Will Brown now manages West', [WILL]);
      await done(ADA, `dealdesk team add West ${at(XAVI)}`, 'Xavi Ruiz', [XAVI]);
      await done(ADA, `dealdesk member ${at(ZOE)} role manager`, 'Zoe Park', [ZOE]);
      expect(await member(ZOE)).toMatchObject({ name: 'Zoe Park', handle: 'zoe.park', role: 'manager', email: 'zoe@acme.example' });
      const mia = await member(MIA);
      expect(mia).toMatchObject({ name: 'Mia Chen', role: 'manager', email: 'mia@acme.example' });
      expect(await member(BOB)).toMatchObject({ role: 'rep', managerId: mia!.id, teamId: mia!.teamId });
      expect(await member(CHLOE)).toMatchObject({ role: 'rep', managerId: mia!.id });
      expect((await member(XAVI))?.managerId).toBe((await member(WILL))?.id);

      // Each new person was looked up in the connector's roster once.
      expect(memberLookups(beforeMentions)).toEqual([MIA, BOB, CHLOE, WILL, XAVI, ZOE].map((user) => user.id));

      // 3. Quotas for this quarter, and someone behind every discount tier.
      // People mentioned before, and Ada who writes, are known: no lookup in the connector (#14).
      const beforeKnown = connector.mark();
      await done(ADA, `quota set ${at(BOB)} 100k`, '$100,000.00', [BOB]);
      await done(ADA, `quota set ${at(CHLOE)} 80k`, '$80,000.00', [CHLOE]);
      await done(ADA, `quota set ${at(XAVI)} 50k`, '$50,000.00', [XAVI]);
      await done(ADA, `dealdesk policy group deal_desk ${at(ADA)}`, 'deal_desk', [ADA]);
      await done(ADA, `dealdesk policy group finance ${at(ADA)}`, 'finance', [ADA]);
      expect((await say(ADA, 'dealdesk setup')).text).toContain('Your team is set up.');
      expect(memberLookups(beforeKnown)).toEqual([]);
      expect(await member(BOB)).toMatchObject({ handle: 'bob.lee' });

      // 4. The reps log their deals, each in their own chat with the bot.
      await done(BOB, 'deal new Acme 50k proposal Platform renewal', 'Created D-1');
      await done(BOB, 'deal new Globex 30k negotiation', 'Created D-2');
      await done(BOB, 'deal new Hooli 25k won', 'Created D-3');
      await done(CHLOE, 'deal new Initech 20k qualified', 'Created D-4');
      await done(XAVI, 'deal new Umbrella 70k proposal', 'Created D-5');
      // Once they wrote, the people added by mention are the same members, not new ones.
      expect(await fresh.db.member.count()).toBe(7);
    });

    it('shows each manager their own team’s pipeline and quota', async () => {
      const pipeline = (await say(MIA, 'pipeline team')).text;
      expect(pipeline).toContain('Pipeline · East');
      // Open deals of East: 50k proposal (60 %) + 30k negotiation (80 %) + 20k qualified (20 %).
      expect(pipeline).toContain('$100,000.00');
      expect(pipeline).toContain('$58,000.00');
      expect(pipeline).not.toContain('$70,000.00');

      const quota = (await say(MIA, 'quota team')).text;
      expect(quota).toContain('Quota · East · Q4 2026');
      expect(quota).toContain('Bob Lee');
      expect(quota).toContain('Chloe Kim');
      expect(quota).not.toContain('Xavi Ruiz');
      expect(quota).toContain('25%');
      expect(quota).toContain('$180K');

      const west = (await say(WILL, 'pipeline team')).text;
      expect(west).toContain('Pipeline · West');
      expect(west).toContain('$70,000.00');
      expect(west).not.toContain('$100,000.00');
    });

    it('delivers the scheduled digest to each manager’s personal chat with their team’s numbers', async () => {
      const since = connector.mark();
      const deliver = createDeliverer(config, fresh.db, { logger, platforms: platformDeliverers(config, fresh.db) });
      const summary = await runDueJobs({ db: fresh.db, now: EAST_DIGEST_AT, jobs: [managerDigest], deliver, claimedBy: 'day-one', logger });
      expect(summary.failed).toBe(0);
      const text = postedTo(MIA, since)
        .map((call) => cardText(checkedCard(cards, cardOf(call.body))))
        .join('\n');
      expect(text).toContain('Daily digest · East');
      expect(text).toContain('Good morning, Mia Chen.');
      expect(text).toContain('3 deals · $100,000.00 (weighted $58,000.00)');
      expect(text).toContain('13.9% of $180,000.00 (Q4 2026)');
      expect(text).toContain('Bob Lee');
      expect(text).not.toContain('Xavi Ruiz');
      expect(postedTo(BOB, since)).toEqual([]);
    });

    it('routes a 15 % discount to the rep’s manager, who approves it with the button', async () => {
      const since = connector.mark();
      expect((await say(BOB, 'deal discount D-1 15% competitor price')).text).toContain('Sent to Mia Chen for approval.');
      const call = await connector.waitFor((c) => c.method === 'POST' && c.conversationId === personal(MIA) && c.body.type === 'message', {
        since,
      });
      const approval = checkedCard(cards, cardOf(call.body));
      expect(cardText(approval)).toContain('D-1');
      expect(cardText(approval)).toContain('$42,500.00');

      const pressed = await press(MIA, approval, 'Approve', call.id!);
      expect(pressed.status).toBe(200);
      expect(cardText(pressed.card)).toContain('Approved by Mia Chen');
      const told = await connector.waitFor(
        (c) => c.method === 'POST' && c.conversationId === personal(BOB) && cardText(cardOf(c.body)).includes('Approved by Mia Chen'),
        { since },
      );
      expect(cardText(cardOf(told.body))).toContain('D-1');
      expect((await say(BOB, 'deal show D-1')).text).toContain('$42,500.00 (list $50,000.00, 15% off)');
    });
  });
}
