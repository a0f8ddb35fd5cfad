// After-sales satisfaction through the real Teams adapter over HTTP (anonymous mode), against the fake
// connector: the nudge card's score buttons record once, and "Score with comment" opens the score form card.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { TEAMS_USERS, startTeamsHarness, type TeamsHarness } from '../../support/teams-server.js';
import { actionsIn, cardText, inputIdsIn } from '../../support/fake-teams.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`after-sales satisfaction on Teams on ${provider}`, () => {
    let h: TeamsHarness;
    beforeAll(async () => {
      h = await startTeamsHarness(provider);
    });
    afterAll(() => h.close());

    /** Alice wins a deal whose call-back fell due a while ago, whatever today is on this machine. */
    async function dueCallBack(account: string): Promise<string> {
      const won = await h.demo.run(`/deal new ${account} 20k won`, 'alice');
      const ref = /D-\d+/.exec(won.text)?.[0] ?? expect.unreachable(won.text);
      await h.demo.db.afterSalesFollowUp.updateMany({
        where: { workspaceId: h.demo.workspaceId, deal: { number: Number(ref.slice(2)) } },
        data: { dueOn: new Date('2026-11-01T00:00:00Z') },
      });
      return ref;
    }

    it('records the pressed score once from the nudge card; a second press says it was recorded', async () => {
      const ref = await dueCallBack('Teams Callback Co');
      const { status, card, replyToId } = await h.say('dealdesk digest now', TEAMS_USERS.alice);
      expect(status).toBe(200);
      expect(cardText(card)).toContain('After-sales call-backs due');
      expect(cardText(card)).toContain(`${ref} Teams Callback Co`);
      expect(actionsIn(card).map((a) => a.title)).toEqual(expect.arrayContaining(['1', '2', '3', '4', '5', 'Score with comment']));
      const pressed = await h.press(card, '4', { user: TEAMS_USERS.alice, replyToId });
      expect(pressed.status).toBe(200);
      expect(cardText(pressed.card)).toContain(`Satisfaction 4/5 recorded for ${ref}.`);
      const again = await h.press(card, '5', { user: TEAMS_USERS.alice, replyToId, id: 'second-press' });
      expect(cardText(again.card)).toContain(`${ref}’s satisfaction was already recorded: 4/5`);
      const rows = await h.demo.db.afterSalesFollowUp.findMany({
        where: { workspaceId: h.demo.workspaceId, deal: { number: Number(ref.slice(2)) } },
        select: { score: true },
      });
      expect(rows).toEqual([{ score: 4 }]);
      // Every card the bot produced was checked against the Adaptive Cards schema.
      expect(h.cards.length).toBeGreaterThan(0);
    });

    it('records a score with a comment through the form card, and /deal history shows it', async () => {
      const ref = await dueCallBack('Teams Comment Co');
      const { card, replyToId } = await h.say('dealdesk digest now', TEAMS_USERS.alice);
      const form = await h.press(card, 'Score with comment', { user: TEAMS_USERS.alice, replyToId, input: '' });
      expect(inputIdsIn(form.card)).toEqual(['score', 'comment']);
      const submit = actionsIn(form.card)[0]?.title ?? expect.unreachable('no submit button');
      const saved = await h.press(form.card ?? expect.unreachable('no form card'), submit, {
        user: TEAMS_USERS.alice,
        replyToId,
        values: { score: '2', comment: 'onboarding was slow' },
      });
      expect(cardText(saved.card)).toContain(`Satisfaction 2/5 recorded for ${ref}.`);
      const history = await h.say(`deal history ${ref}`, TEAMS_USERS.mike);
      expect(cardText(history.card)).toContain('Satisfaction 2/5 recorded: “onboarding was slow”');
    });
  });
}
