// /account through the real Teams adapter over HTTP (anonymous mode), against the fake connector: a valid
// Adaptive Card with buttons to the account's deals, and the New contact form card (a refusal under its
// field, nothing saved; then saved).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { TEAMS_USERS, startTeamsHarness, type TeamsHarness } from '../../support/teams-server.js';
import { actionsIn, cardText, inputIdsIn } from '../../support/fake-teams.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/account on Teams on ${provider}`, () => {
    let h: TeamsHarness;
    beforeAll(async () => {
      h = await startTeamsHarness(provider);
    });
    afterAll(() => h.close());

    it('shows the account as a valid card, opens a deal from it and adds a contact through its form', async () => {
      const { status, card, replyToId } = await h.say('account Acme Robotics', TEAMS_USERS.alice);
      expect(status).toBe(200);
      const text = cardText(card);
      for (const words of ['Account · Acme Robotics', 'Lifetime won', 'Open pipeline', 'Open deals (2)']) expect(text).toContain(words);
      const titles = actionsIn(card).map((a) => a.title);
      expect(titles).toContain('Add contact');
      const opened = await h.press(card, 'Open', { user: TEAMS_USERS.alice, replyToId });
      expect(cardText(opened.card)).toMatch(/D-\d+ · Acme Robotics/);

      const form = await h.press(card, 'Add contact', { user: TEAMS_USERS.alice, replyToId, input: '' });
      expect(inputIdsIn(form.card)).toEqual(['name', 'role', 'email', 'phone']);
      const submit = actionsIn(form.card)[0]!.title;
      const refused = await h.press(form.card!, submit, {
        user: TEAMS_USERS.alice,
        replyToId,
        values: { name: 'Li Na', phone: 'call me' },
      });
      expect(cardText(refused.card)).toContain('Type a phone number of 6 to 15 digits after “phone”');
      expect(await h.demo.db.contact.count({ where: { workspaceId: h.demo.workspaceId } })).toBe(0);
      const saved = await h.press(refused.card!, submit, {
        user: TEAMS_USERS.alice,
        replyToId,
        values: { name: 'Li Na', role: 'Buyer', phone: '+1 (415) 555-0100' },
      });
      expect(cardText(saved.card)).toContain('Added Li Na to the contacts of Acme Robotics.');
      expect(cardText(saved.card)).toContain('Li Na · Buyer');
      // Every card the bot produced was checked against the Adaptive Cards schema.
      expect(h.cards.length).toBeGreaterThan(0);
    });

    it('shows the grade rule to anyone and refuses a rep its change', async () => {
      expect(cardText((await h.say('dealdesk grades', TEAMS_USERS.alice)).card)).toContain('No grade rule');
      expect(cardText((await h.say('dealdesk grades A won>=1m', TEAMS_USERS.alice)).card)).toContain(
        'Only an admin changes the grade rule.',
      );
    });
  });
}
