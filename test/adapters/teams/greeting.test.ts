// "hello" on Teams (#16 point 5), through the real Teams adapter over HTTP (anonymous mode) against the fake
// connector: the README tells Teams users to say hello once, and they get who they are in DealDesk, three
// commands to start with, how to get help on one command (help deal) and the All commands button, in their
// language, as a valid Adaptive Card.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { TEAMS_USERS, startTeamsHarness, type TeamsHarness } from '../../support/teams-server.js';
import { actionsIn, cardText } from '../../support/fake-teams.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`hello on Teams on ${provider}`, () => {
    let h: TeamsHarness;
    beforeAll(async () => {
      h = await startTeamsHarness(provider);
    });
    afterAll(() => h.close());

    it('greets "hello" with who the person is, three commands and All commands, which opens the command list', async () => {
      const { status, card, replyToId } = await h.say('hello', TEAMS_USERS.alice);
      expect(status).toBe(200);
      const text = cardText(card);
      expect(text).toContain('Hi Alice Carter!');
      expect(text).toContain('You are a rep in the team North America');
      for (const command of ['/deal new Acme 50k proposal', '/deal list', '/pipeline']) expect(text).toContain(command);
      expect(text).not.toContain('not a DealDesk command');
      expect(actionsIn(card).map((a) => a.title)).toEqual(['All commands']);
      const commands = await h.press(card, 'All commands', { replyToId });
      expect(cardText(commands.card)).toContain('DealDesk commands');
      expect(cardText(commands.card)).toContain('Log and update deals');
      expect(text).toContain('help deal (or help pipeline, help quota …) gives one command’s syntax and examples');
      const deal = cardText((await h.say('help deal', TEAMS_USERS.alice)).card);
      expect(deal).toContain('Help · /deal');
      expect(deal).toContain('e.g. /deal new Acme 50k proposal close eoq Platform renewal');

      const manager = cardText((await h.say('Hi!', TEAMS_USERS.mike)).card);
      expect(manager).toContain('Hi Mike Johnson!');
      expect(manager).toContain('/forecast team');
    });

    it('greets "你好" and "帮助" in Chinese', async () => {
      const { card } = await h.say('你好', TEAMS_USERS['wei.zhang']);
      const text = cardText(card);
      expect(text).toContain('张伟，你好！');
      expect(text).toContain('角色是销售');
      expect(actionsIn(card).map((a) => a.title)).toEqual(['全部命令']);
      expect(cardText((await h.say('帮助', TEAMS_USERS['wei.zhang'])).card)).toContain('可以先试试这三个命令');
      expect(text).toContain('help deal（或 help pipeline、help quota …）给出单个命令的语法和示例');
      expect(cardText((await h.say('帮助 管道', TEAMS_USERS['wei.zhang'])).card)).toContain('帮助 · /pipeline');
    });
  });
}
