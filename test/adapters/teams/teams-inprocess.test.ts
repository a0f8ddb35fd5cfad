// The real Teams SDK app driven in-process (app.process, no HTTP): every command, and every button of
// the cards those commands produce, on the demo workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { snapshot } from '../../support/workspace.js';
import { validateCard } from '../../support/adaptive-cards.js';
import { TEAMS_USERS, TENANT } from '../../support/teams-server.js';
import { driveInProcess, inProcessBot, startInProcessTeams, type InProcessTeams } from '../../support/teams-inprocess.js';
import { cardOf, cardText, messageActivity } from '../../support/fake-teams.js';
import { catalogueCommandIds, pressEveryButton, runCommandScript, scriptCommandIds } from '../../support/teams-script.js';
import { commandLine } from '../../../src/adapters/teams/text.js';
import { identityOf } from '../../../src/adapters/teams/context.js';
import { createTeamsBot } from '../../../src/adapters/teams/bot.js';
import { logger } from '../../../src/logger.js';
import { FIXED_NOW } from '../../support/workspace.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Teams in-process (app.process) on ${provider}`, () => {
    let bot: InProcessTeams;
    beforeAll(async () => {
      bot = await startInProcessTeams(provider, { doublePressWindowMs: 400 });
    });
    afterAll(() => bot.close());

    it('covers every command of the catalogue', () => {
      expect(scriptCommandIds()).toEqual(catalogueCommandIds());
    });

    it('answers every command with a card, in a personal chat and with an @mention in a channel', async () => {
      await runCommandScript(bot);
    });

    it('presses every button of the cards the commands produce', async () => {
      expect(await pressEveryButton(bot)).toBeGreaterThanOrEqual(10);
    });

    it('replaces a changed card for everyone, and keeps a refused one as it was', async () => {
      const { card, replyToId } = await bot.say('deal new Everyone Ltd 25k negotiation');
      const before = bot.updates.length;
      const won = await bot.press(card, 'Won', { replyToId });
      expect(cardText(won.card)).toContain('is won!');
      const updates = bot.updates.slice(before);
      expect(updates.map((u) => u.id)).toEqual([replyToId]);
      const refused = await bot.press(card, 'Lost', { replyToId, user: TEAMS_USERS.brian, input: 'not mine' });
      expect(refused.message).toContain('belongs to Alice Carter');
      expect(bot.updates.length).toBe(before + 1);
    });

    it('treats a double click as one press, but the same button pressed again later as a new one', async () => {
      const { card, replyToId } = await bot.say('deal new Twice Inc 15k');
      const number = Number(/D-(\d+)/.exec(cardText(card))?.[1]);
      const notes = () => bot.demo.db.activity.count({ where: { workspaceId: bot.demo.workspaceId, deal: { number } } });
      const [first, second] = await Promise.all([
        bot.press(card, 'Log note', { replyToId, input: 'call: left a voicemail' }),
        bot.press(card, 'Log note', { replyToId, input: 'call: left a voicemail' }),
      ]);
      expect(second.card).toEqual(first.card);
      expect(await notes()).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await bot.press(card, 'Log note', { replyToId, input: 'call: left a voicemail' });
      expect(await notes()).toBe(2);
    });

    it('answers a redelivered activity once', async () => {
      const before = await bot.demo.db.deal.count({ where: { workspaceId: bot.demo.workspaceId } });
      const activity = messageActivity(bot.where({ id: 'inproc-dup' }), TEAMS_USERS.alice, 'deal new Once Only 5k');
      const first = await bot.send(activity);
      const again = await bot.send({ ...activity });
      expect(first.filter((a) => a.type === 'message')).toHaveLength(1);
      expect(again).toEqual([]);
      expect(await bot.demo.db.deal.count({ where: { workspaceId: bot.demo.workspaceId } })).toBe(before + 1);
    });

    it('sends an approval request to the approver through the notifier, and updates its copies on decision', async () => {
      const { card } = await bot.say('deal new Notify Corp 80k proposal');
      const number = Number(/D-(\d+)/.exec(cardText(card))?.[1]);
      const mike = await bot.demo.db.member.findFirstOrThrow({ where: { workspaceId: bot.demo.workspaceId, handle: 'mike' } });
      const mark = bot.notified.length;
      await bot.say(`deal discount D-${number} 18% competitor offer`);
      const request = bot.notified.slice(mark).find((n) => n.kind === 'send' && n.target.memberId === mike.id);
      expect(request).toBeDefined();
      expect(validateCard(request!.card)).toEqual([]);
      const approve = await bot.press(request!.card, 'Approve', { replyToId: 'notified-card', user: TEAMS_USERS.mike });
      expect(cardText(approve.card)).toMatch(/approved/i);
      const copies = bot.notified.slice(mark).filter((n) => n.kind === 'update');
      expect(copies.length).toBeGreaterThanOrEqual(1);
      for (const copy of copies) expect(validateCard(copy.card)).toEqual([]);
    });

    it('serves only its own tenant when single-tenant, and leaves other tenants untouched', async () => {
      const single = inProcessBot(bot.demo, bot.connector, { tenantId: TENANT });
      const before = await snapshot(single.demo.db, single.demo.workspaceId);
      const sent = await single.send(
        messageActivity(single.where({ tenantId: 'tenant-intruder' }), TEAMS_USERS.alice, 'deal new Intruder 10k'),
      );
      expect(sent).toEqual([]);
      expect(await snapshot(single.demo.db, single.demo.workspaceId)).toBe(before);
      expect(await single.demo.db.chatInstallation.count({ where: { externalTenantId: 'tenant-intruder' } })).toBe(0);
      expect((await single.say('pipeline')).card).toBeDefined();
    });

    it('says something went wrong, in words, when a handler fails', async () => {
      const broken = new Proxy(bot.demo.db, {
        get: (target, property, receiver): unknown =>
          property === 'platformIdentity'
            ? { findUnique: () => Promise.reject(new Error('database is down')) }
            : // Who is acting is read with one raw join (store/chat-context.ts).
              property === '$queryRaw'
              ? () => Promise.reject(new Error('database is down'))
              : Reflect.get(target, property, receiver),
      });
      const send = driveInProcess(createTeamsBot({ db: broken, clock: () => FIXED_NOW, logger, doublePressWindowMs: 1000 }), bot.connector);
      const sent = await send(messageActivity(bot.where(), TEAMS_USERS.alice, 'pipeline'));
      expect(sent.map((a) => a.text)).toEqual(['Something went wrong on our side and nothing was saved. Please try again in a moment.']);
    });

    it('produced only valid cards', () => {
      expect(bot.cards.length).toBeGreaterThan(40);
      for (const card of bot.cards) expect(validateCard(card)).toEqual([]);
      for (const update of bot.updates) expect(validateCard(cardOf(update))).toEqual([]);
      for (const notified of bot.notified) expect(validateCard(notified.card)).toEqual([]);
    });
  });
}

describe('Teams message text', () => {
  const bot = { id: '28:bot', name: 'DealDesk' };
  const activity = (text: string, entities: unknown[] = []) => ({ type: 'message', text, recipient: bot, entities }) as never;

  it('drops the bot mention, a leading slash and Teams HTML, and quotes other people’s mentions', () => {
    expect(
      commandLine(activity('<at>DealDesk</at> /deal new Acme 50k', [{ type: 'mention', text: '<at>DealDesk</at>', mentioned: bot }])),
    ).toBe('deal new Acme 50k');
    expect(commandLine(activity('/pipeline'))).toBe('pipeline');
    expect(commandLine(activity('<p>quota&nbsp;set <at>Mike Johnson</at> 300k</p>'))).toBe('quota set "@Mike Johnson" 300k');
    expect(commandLine(activity('deal note D-1 AT&amp;T call'))).toBe('deal note D-1 AT&T call');
  });

  it('reads tenant, user, language and time zone from the activity', () => {
    const found = identityOf(
      {
        type: 'message',
        from: { id: '29:x', name: 'Xu Ming', aadObjectId: 'aad-x' },
        recipient: bot,
        conversation: { id: 'a:1', tenantId: 't-1' },
        locale: 'zh-cn',
        entities: [{ type: 'clientInfo', timezone: 'Asia/Shanghai' }],
      },
      {},
    );
    expect(found).toEqual({
      identity: { tenantId: 't-1', userId: 'aad-x', teamsUserId: '29:x', name: 'Xu Ming', locale: 'zh-cn', timeZone: 'Asia/Shanghai' },
    });
    expect(
      identityOf({ type: 'message', channelData: { tenant: { id: 't-2' } }, from: { id: '29:y', name: 'Y' } }, { tenantId: 't-1' }),
    ).toEqual({ refused: 'other_tenant' });
    expect(identityOf({ type: 'message', from: { id: '29:y', name: 'Y' } }, {})).toEqual({ refused: 'no_tenant' });
    expect(
      identityOf(
        {
          type: 'message',
          conversation: { id: 'c', tenantId: 't' },
          from: { id: '29:y', name: 'Y' },
          entities: [{ type: 'clientInfo', timezone: 'Mars/Olympus' }],
        },
        {},
      ),
    ).toEqual({ identity: { tenantId: 't', teamsUserId: '29:y', name: 'Y' } });
  });
});
