// The real Teams SDK app behind DealDesk's HTTP server (POST /api/messages, anonymous
// development mode), with a fake Bot Framework connector receiving the replies, on the demo workspace.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { snapshot } from '../../support/workspace.js';
import { createTeamsDeliverer, createTeamsSender } from '../../../src/adapters/teams/deliverer.js';
import { loadConfig } from '../../../src/config/env.js';
import { catalogueCommandIds, pressEveryButton, runCommandScript, scriptCommandIds } from '../../support/teams-script.js';
import { validateCard } from '../../support/adaptive-cards.js';
import {
  TEAMS_USERS,
  TENANT,
  checkedCard,
  invokeAnswer,
  pressData,
  startTeamsHarness,
  type TeamsHarness,
} from '../../support/teams-server.js';
import {
  action,
  actionsIn,
  cardOf,
  cardText,
  inputIdsIn,
  installActivity,
  invokeActivity,
  messageActivity,
  submitActivity,
  type Card,
  type ConnectorCall,
  type TeamsUser,
} from '../../support/fake-teams.js';

/** A message the bot posted into a conversation on its own (a POST to its activities, no reply to anything). */
const posted = (call: ConnectorCall, conversationId: string) => call.method === 'POST' && call.conversationId === conversationId;

const NEW_USER: TeamsUser = { aadObjectId: 'aad-nora', id: '29:nora', name: 'Nora New', locale: 'en-GB', timeZone: 'Europe/Berlin' };

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Teams over HTTP on ${provider}`, () => {
    let h: TeamsHarness;
    beforeAll(async () => {
      h = await startTeamsHarness(provider);
    });
    afterAll(() => h.close());

    const dealCount = () => h.demo.db.deal.count({ where: { workspaceId: h.demo.workspaceId } });
    const numberIn = (card: Card) => Number(/D-(\d+)/.exec(cardText(card))?.[1]);

    it('answers "deal new" in a personal chat with the deal’s card and saves the deal for the AAD user', async () => {
      const { status, reply, card } = await h.say('deal new Acme 50k proposal');
      expect(status).toBe(200);
      expect(reply.conversationId).toBe('a:personal-aad-alice');
      expect(cardText(card)).toContain('Created D-201');
      expect(cardText(card)).toContain('$50,000.00');
      expect(actionsIn(card).map((a) => a.title)).toEqual(['Move stage', 'Log note', 'Request discount', 'Won', 'Lost']);
      // The card asks Teams to fetch its current state when Alice sees it again.
      expect(card.refresh).toEqual({
        action: { type: 'Action.Execute', verb: 'dd.refresh', data: { subject: 'deal', ref: 'D-201' } },
        userIds: ['29:alice'],
      });
      const deal = await h.demo.db.deal.findFirstOrThrow({
        where: { workspaceId: h.demo.workspaceId, number: 201 },
        include: { owner: true },
      });
      expect([deal.owner.handle, deal.amountMinor, deal.stage]).toEqual(['alice', 5_000_000n, 'proposal']);
    });

    it.each([
      ['pipeline', 'Pipeline · Alice Carter'],
      ['/pipeline', 'Pipeline · Alice Carter'],
      ['quota', 'Quota · Alice Carter'],
      ['/forecast', 'Forecast · Alice Carter'],
      // A rep reads their own figures; their team's are their manager's.
      ['/forecast team', 'but not North America’s. Type /forecast me.'],
      ['deal list', 'Alice Carter · Open deals'],
      ['/deal show D-1', 'D-1'],
      ['dealdesk help', 'DealDesk commands'],
      ['/dealdesk settings', 'Settings'],
      ['deal approvals', 'Discount'],
      ['deal move D-999 won', 'There is no deal D-999'],
      ['/deal update D-201 close 2027-01-29', 'D-201: close date updated.'],
      ['deal note D-201 email: sent the order form', 'Email logged on D-201'],
      ['deal mvoe D-201', 'Did you mean /deal move?'],
      ['', 'DealDesk commands'],
    ])('answers %j', async (text, expected) => {
      const { status, card } = await h.say(text);
      expect(status).toBe(200);
      expect(cardText(card)).toContain(expected);
    });

    it('answers every command of the catalogue, and every button of the cards they produce', async () => {
      expect(scriptCommandIds()).toEqual(catalogueCommandIds());
      await runCommandScript(h);
      expect(await pressEveryButton(h)).toBeGreaterThanOrEqual(10);
    });

    it('takes commands with an @mention in a channel and answers in the thread', async () => {
      const where = { conversation: { id: '19:general@thread.tacv2;messageid=1700000000001', type: 'channel' as const } };
      const { reply, card } = await h.say('/deal list mine', TEAMS_USERS.mike, where);
      expect(reply.conversationId).toBe('19:general@thread.tacv2;messageid=1700000000001');
      expect(cardText(card)).toContain('Mike Johnson · Open deals');
      const stored = await h.demo.db.conversationReference.findUniqueOrThrow({
        where: { platform_conversationId: { platform: 'teams', conversationId: '19:general@thread.tacv2' } },
      });
      expect([stored.kind, stored.memberId, stored.workspaceId]).toEqual(['channel', null, h.demo.workspaceId]);
    });

    it('answers a Chinese-speaking member in Chinese', async () => {
      const { card } = await h.say('deal new 华东电力 ¥8万 方案', TEAMS_USERS['wei.zhang']);
      expect(cardText(card)).toMatch(/已创建 D-\d+/);
      expect(cardText(card)).toContain('¥80,000.00');
    });

    it('makes a new tenant its own workspace and a new user its first member, seeing nothing of others', async () => {
      const other = { tenantId: 'tenant-other' };
      const { card } = await h.say('deal list all', NEW_USER, other);
      expect(cardText(card)).toContain('No deals match.');
      const identity = await h.demo.db.platformIdentity.findFirstOrThrow({
        where: { platform: 'teams', externalTenantId: 'tenant-other', externalUserId: 'aad-nora' },
        include: { member: true },
      });
      expect(identity.workspaceId).not.toBe(h.demo.workspaceId);
      expect([identity.member.name, identity.member.timeZone, identity.member.locale, identity.member.role]).toEqual([
        'Nora New',
        'Europe/Berlin',
        'en',
        'admin',
      ]);
      const show = await h.say('deal show D-1', NEW_USER, other);
      expect(cardText(show.card)).toContain('There is no deal D-1');
      // The same AAD id in the demo tenant is someone else entirely.
      const demoSide = await h.say('deal list mine', { ...NEW_USER, name: 'Nora Two' });
      expect(cardText(demoSide.card)).toContain('Nora Two');
    });

    it('processes a redelivered message (same activity id) once', async () => {
      const before = await dealCount();
      const activity = messageActivity(h.where({ id: 'act-dup-1' }), TEAMS_USERS.alice, 'deal new Retry Corp 10k');
      const first = await h.post(activity);
      const again = await h.post(activity);
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(await dealCount()).toBe(before + 1);
      expect(h.connector.calls.filter((c) => c.kind === 'reply' && c.activityId === 'act-dup-1')).toHaveLength(1);
    });

    it('updates a card in place from its buttons: Won for everyone, a double click processed once', async () => {
      const { reply, card } = await h.say('deal new Button Corp 20k negotiation');
      const number = numberIn(card);
      const since = h.connector.mark();
      const won = await h.press(card, 'Won', { replyToId: reply.id! });
      expect(won.status).toBe(200);
      expect(cardText(won.card)).toContain(`D-${number} is won!`);
      // The message itself is replaced, so everyone in the chat sees the new state.
      const update = await h.connector.waitFor((c) => c.kind === 'update' && c.activityId === reply.id, { since });
      expect(checkedCard(h.cards, cardOf(update.body))).toEqual(won.card);
      // A double click is a second activity with the same button: same answer, no second event.
      const twice = await h.press(card, 'Won', { replyToId: reply.id! });
      expect(twice.card).toEqual(won.card);
      const deal = await h.demo.db.deal.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, number }, include: { events: true } });
      expect(deal.events.filter((e) => e.toStage === 'won')).toHaveLength(1);
      // A redelivered invoke (same activity id) gets the same answer too.
      const activity = invokeActivity(
        h.where({ id: 'act-invoke-dup' }),
        TEAMS_USERS.alice,
        pressData(won.card!, 'Log note', { input: 'call: thanks' }),
        reply.id!,
      );
      const one = await h.post(activity);
      const two = await h.post(activity);
      expect(two.body).toEqual(one.body);
      expect(await h.demo.db.activity.count({ where: { workspaceId: h.demo.workspaceId, deal: { number } } })).toBe(1);
    });

    it('logs a note from the button’s own text box and refuses a button on someone else’s card', async () => {
      const { reply, card } = await h.say('deal new Guarded Inc 30k');
      const noted = await h.press(card, 'Log note', { replyToId: reply.id!, input: 'meeting: agreed on the pilot scope' });
      expect(cardText(noted.card)).toContain('Meeting logged on D-');
      const before = await snapshot(h.demo.db, h.demo.workspaceId);
      const refused = await h.press(card, 'Won', { replyToId: reply.id!, user: TEAMS_USERS.brian });
      expect(refused.message).toContain('belongs to Alice Carter');
      expect(await snapshot(h.demo.db, h.demo.workspaceId)).toBe(before);
    });

    it('moves a stage through a form card, showing a refusal under its field, and marks lost with a reason', async () => {
      const { reply, card } = await h.say('deal new Form Stage Co 40k qualified');
      const number = numberIn(card);
      const form = await h.press(card, 'Move stage', { replyToId: reply.id! });
      expect(inputIdsIn(form.card)).toEqual(['stage', 'reason']);
      const before = await snapshot(h.demo.db, h.demo.workspaceId);
      const refused = await h.press(form.card!, 'Move', { replyToId: reply.id!, values: { stage: 'lost', reason: '' } });
      expect(inputIdsIn(refused.card)).toEqual(['stage', 'reason']);
      expect(cardText(refused.card)).toMatch(/reason/i);
      expect(await snapshot(h.demo.db, h.demo.workspaceId)).toBe(before);
      const since = h.connector.mark();
      const moved = await h.press(refused.card!, 'Move', { replyToId: reply.id!, values: { stage: 'proposal' } });
      expect(cardText(moved.card)).toContain('Proposal (60%)');
      await h.connector.waitFor((c) => c.kind === 'update' && c.activityId === reply.id, { since });
      const lost = await h.press(moved.card!, 'Lost', { replyToId: reply.id!, input: 'Budget frozen until Q3' });
      expect(cardText(lost.card)).toContain('Lost');
      const deal = await h.demo.db.deal.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, number } });
      expect([deal.stage, deal.lostReason]).toEqual(['lost', 'Budget frozen until Q3']);
    });

    it('opens the New deal form for a bare "deal", refuses a bad amount on its field, then creates the deal once', async () => {
      const { reply, card } = await h.say('/deal');
      expect(inputIdsIn(card)).toEqual(['account', 'amount', 'stage', 'close', 'title', 'competitors']);
      const before = await dealCount();
      const refused = await h.press(card, 'Create', {
        replyToId: reply.id!,
        values: { account: 'Form Corp', amount: '-5', title: 'Pilot' },
      });
      const amount = JSON.stringify(refused.card).indexOf('"id":"amount"');
      expect(amount).toBeGreaterThan(0);
      expect(cardText(refused.card)).toContain('cannot be negative');
      expect(JSON.stringify(refused.card)).toContain('"value":"Form Corp"');
      expect(await dealCount()).toBe(before);
      const created = await h.press(refused.card!, 'Create', {
        replyToId: reply.id!,
        values: { account: 'Form Corp', amount: '75k', title: 'Pilot' },
      });
      expect(cardText(created.card)).toContain('Form Corp');
      const again = await h.press(refused.card!, 'Create', {
        replyToId: reply.id!,
        values: { account: 'Form Corp', amount: '75k', title: 'Pilot' },
      });
      expect(again.card).toEqual(created.card);
      expect(await dealCount()).toBe(before + 1);
    });

    it('answers an ambiguous deal with a pick list whose buttons finish the command', async () => {
      await h.say('deal new Wayne Enterprises 10k');
      await h.say('deal new Wayne Foods 20k');
      const { reply, card } = await h.say('deal note wayne call: intro');
      const choices = actionsIn(card);
      expect(choices.length).toBeGreaterThanOrEqual(2);
      const picked = await h.press(card, choices[0]!.title, { replyToId: reply.id! });
      expect(cardText(picked.card)).toContain('Call logged on');
    });

    it('pages a list with its Next button, for the presser only', async () => {
      const { reply, card } = await h.say('deal list all', TEAMS_USERS.mike);
      const since = h.connector.mark();
      const next = await h.press(card, 'Next', { replyToId: reply.id!, user: TEAMS_USERS.mike });
      expect(cardText(next.card)).toMatch(/11–20 of \d+ · page 2 of/);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(h.connector.calls.slice(since).filter((c) => c.kind === 'update')).toEqual([]);
    });

    it('refreshes a deal card to its current state for the viewer (Universal Actions refresh)', async () => {
      const { reply, card } = await h.say('deal new Refresh Ltd 12k');
      await h.say(`deal move D-${numberIn(card)} negotiation`);
      const refresh = card.refresh as { action: { verb: string; data: Record<string, unknown> } };
      const { status, body } = await h.post(invokeActivity(h.where(), TEAMS_USERS['wei.zhang'], refresh.action, reply.id!, 'automatic'));
      const answer = invokeAnswer(h.cards, status, body);
      expect(cardText(answer.card)).toContain('谈判');
      expect(answer.card?.refresh).toMatchObject({ userIds: ['29:wei'] });
    });

    it('runs an Action.Submit fallback from an older client and replies with a new card', async () => {
      const { reply, card } = await h.say('deal new Fallback AG 15k');
      const fallback = action(card, 'Won').fallback!;
      const activity = submitActivity(h.where(), TEAMS_USERS.alice, fallback.data as Record<string, unknown>, reply.id!);
      const since = h.connector.mark();
      expect((await h.post(activity)).status).toBe(200);
      const answer = await h.connector.waitFor((c) => c.kind === 'reply' && c.activityId === activity.id, { since });
      expect(cardText(checkedCard(h.cards, cardOf(answer.body)))).toContain('is won!');
    });

    it('welcomes on install, stores the personal chat, and reaches it proactively later', async () => {
      const where = h.where({ conversation: { id: 'a:personal-brian-install', type: 'personal' } });
      const since = h.connector.mark();
      expect((await h.post(installActivity(where, TEAMS_USERS.brian))).status).toBe(200);
      const welcome = await h.connector.waitFor((c) => c.kind === 'reply' && c.conversationId === 'a:personal-brian-install', { since });
      expect(cardText(checkedCard(h.cards, cardOf(welcome.body)))).toContain('DealDesk commands');
      const brian = await h.demo.db.member.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, handle: 'brian' } });
      const stored = await h.demo.db.conversationReference.findFirstOrThrow({
        where: { workspaceId: h.demo.workspaceId, memberId: brian.id, kind: 'personal' },
        orderBy: { updatedAt: 'desc' },
      });
      expect(stored.conversationId).toBe('a:personal-brian-install');

      const digest = (await h.demo.run('pipeline', 'brian')).screen;
      const { teamsCard } = await import('../../../src/adapters/teams/render.js');
      const sent = await h.server.teams!.sendProactive({ workspaceId: h.demo.workspaceId, memberId: brian.id }, teamsCard(digest, 'en'));
      expect(sent?.conversationId).toBe('a:personal-brian-install');
      const post = await h.connector.waitFor((c) => posted(c, 'a:personal-brian-install') && c.id !== welcome.id, { since });
      expect(cardText(checkedCard(h.cards, cardOf(post.body)))).toContain('Pipeline · Brian Lee');
      expect(post.id).toBe(sent?.activityId);
      // Nobody has ever talked to DealDesk from this member's chat: nothing can be sent.
      const nobody = await h.demo.db.member.findFirstOrThrow({
        where: { workspaceId: h.demo.workspaceId, handle: { notIn: ['alice', 'mike', 'brian', 'wei.zhang'] } },
      });
      expect(
        await h.server.teams!.sendProactive({ workspaceId: h.demo.workspaceId, memberId: nobody.id }, teamsCard(digest, 'en')),
      ).toBeNull();
    });

    it('delivers scheduled screens (the jobs’ Deliverer) to a personal chat and to a team’s channel', async () => {
      await h.say('quota', TEAMS_USERS.mike);
      await h.say('pipeline', TEAMS_USERS.mike, {
        conversation: { id: '19:digest@thread.tacv2;messageid=1700000000009', type: 'channel' },
      });
      const team = await h.demo.db.team.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId } });
      await h.demo.db.team.update({ where: { id: team.id }, data: { digestTarget: 'teams:19:digest@thread.tacv2' } });
      const mike = await h.demo.db.member.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, handle: 'mike' } });
      const deliverer = createTeamsDeliverer({ db: h.demo.db, sender: createTeamsSender(loadConfig({ TEAMS_DEV_ANONYMOUS: 'true' })) });
      const screens = [(await h.demo.run('pipeline team', 'mike')).screen, (await h.demo.run('quota team', 'mike')).screen];
      const since = h.connector.mark();
      await deliverer.deliver({ workspaceId: h.demo.workspaceId, memberId: mike.id }, screens);
      await deliverer.deliver({ workspaceId: h.demo.workspaceId, teamId: team.id }, screens.slice(0, 1));
      const toMike = h.connector.calls.slice(since).filter((c) => posted(c, 'a:personal-aad-mike'));
      const toChannel = h.connector.calls.slice(since).filter((c) => posted(c, '19:digest@thread.tacv2'));
      expect(toMike.map((c) => cardText(checkedCard(h.cards, cardOf(c.body))).split('\n')[0])).toEqual([
        expect.stringContaining('Pipeline'),
        expect.stringContaining('Quota'),
      ]);
      expect(toChannel).toHaveLength(1);
      const stranger = await h.demo.db.member.findFirstOrThrow({
        where: { workspaceId: h.demo.workspaceId, handle: { notIn: ['alice', 'mike', 'brian', 'wei.zhang'] } },
      });
      await expect(deliverer.deliver({ workspaceId: h.demo.workspaceId, memberId: stranger.id }, screens)).rejects.toMatchObject({
        name: 'DeliveryError',
        retryable: false,
      });
    });

    it('sends a discount request to the approver’s personal chat; the decision updates every copy', async () => {
      // Mike (Alice's manager) has talked to DealDesk before, so his personal chat is known.
      await h.say('quota', TEAMS_USERS.mike);
      const { reply, card } = await h.say('deal new Discount Co 100k proposal');
      const number = numberIn(card);
      const since = h.connector.mark();
      const asked = await h.say(`deal discount D-${number} 15% matching a competitor`);
      expect(cardText(asked.card)).toContain('Mike Johnson');
      const toMike = await h.connector.waitFor((c) => posted(c, 'a:personal-aad-mike'), { since });
      const approval = checkedCard(h.cards, cardOf(toMike.body));
      expect(actionsIn(approval).map((a) => a.title)).toEqual(expect.arrayContaining(['Approve', 'Reject']));
      expect(reply.id).toBeDefined();

      const decided = await h.press(approval, 'Approve', {
        replyToId: toMike.id!,
        user: TEAMS_USERS.mike,
        where: { conversation: { id: 'a:personal-aad-mike', type: 'personal' } },
      });
      expect(cardText(decided.card)).toMatch(/approved/i);
      expect(actionsIn(decided.card).map((a) => a.title)).not.toContain('Approve');
      // Alice's copy (the answer to her request) is updated, and she is told.
      const aliceCopy = await h.connector.waitFor((c) => c.kind === 'update' && c.activityId === asked.reply.id, { since });
      expect(cardText(checkedCard(h.cards, cardOf(aliceCopy.body)))).toMatch(/approved/i);
      await h.connector.waitFor((c) => posted(c, 'a:personal-aad-alice') && c.activityId !== asked.reply.activityId, { since });
      const deal = await h.demo.db.deal.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, number } });
      expect(deal.amountMinor).toBe(8_500_000n);
    });

    it('ignores an activity without a tenant (anonymous mode uses a development tenant only when none is given)', async () => {
      const { card } = await h.say('deal list mine', { ...NEW_USER, aadObjectId: 'aad-dev' }, { tenantId: undefined });
      expect(cardText(card)).toContain('Open deals');
      const installation = await h.demo.db.chatInstallation.findFirst({ where: { platform: 'teams', externalTenantId: 'dev-anonymous' } });
      expect(installation).not.toBeNull();
    });

    it('produced only valid cards', () => {
      expect(h.cards.length).toBeGreaterThan(40);
      for (const card of h.cards) expect(validateCard(card)).toEqual([]);
      expect(TENANT).toBe('tenant-acme');
    });
  });
}
