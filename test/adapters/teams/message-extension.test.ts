// "Log as note on a deal" on any Teams message (#16 point 6), through the real Teams adapter over HTTP
// (anonymous mode) against the fake connector: the message extension's fetchTask answers with a dialog
// whose Adaptive Card holds the message's text (HTML flattened, mentions as names), the person's open deals
// most recent activity first and the kind; submitAction logs the note as /deal note does, once however
// often Teams delivers it; another rep's deal is refused with the sentence on the form and nothing written.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { TEAMS_USERS, startTeamsHarness, type TeamsHarness } from '../../support/teams-server.js';
import { cardText, messageActivity, type TeamsUser } from '../../support/fake-teams.js';
import { validateCard } from '../../support/adaptive-cards.js';
import { LOG_NOTE_COMMAND } from '../../../src/adapters/teams/message-extension.js';

type Choice = { title: string; value: string };
type Element = { type: string; id?: string; text?: string; value?: string; choices?: Choice[]; color?: string };
type Card = { type: string; body: Element[]; actions: { type: string; title: string; data: Record<string, unknown> }[] };
type TaskAnswer = {
  task?: { type: 'continue'; value: { title: string; card: { contentType: string; content: Card } } } | { type: 'message'; value: string };
};

const CHANNEL = { id: '19:general@thread.tacv2;messageid=1700000000000', type: 'channel' as const };
const HTML =
  '<p>Spoke with <at id="0">Mike Johnson</at> about the renewal &amp; pricing</p><p>They want&nbsp;3 seats<br>and a &lt;pilot&gt;</p>';

/** An invoke of the message extension command on a channel message, as Teams sends it. */
function extensionInvoke(h: TeamsHarness, user: TeamsUser, name: string, value: Record<string, unknown>, id = `act-${randomUUID()}`) {
  const {
    text: _text,
    textFormat: _format,
    ...base
  } = messageActivity(h.where({ conversation: CHANNEL, id }), user, '', { mention: false });
  return { ...base, type: 'invoke', name, value: { commandId: LOG_NOTE_COMMAND, commandContext: 'message', ...value } };
}

function messagePayload(content: string) {
  return {
    id: '1700000000000',
    messageType: 'message',
    body: { contentType: 'html', content },
    from: { user: { id: 'x', displayName: 'Customer' } },
  };
}

async function fetchTask(h: TeamsHarness, user: TeamsUser, content = HTML): Promise<TaskAnswer> {
  const answer = await h.post(
    extensionInvoke(h, user, 'composeExtension/fetchTask', { messagePayload: messagePayload(content), context: { theme: 'default' } }),
  );
  expect(answer.status).toBe(200);
  return answer.body;
}

function dialogCard(answer: TaskAnswer): Card {
  expect(answer.task?.type).toBe('continue');
  const value = answer.task?.type === 'continue' ? answer.task.value : undefined;
  expect(value?.card.contentType).toBe('application/vnd.microsoft.card.adaptive');
  const card = value!.card.content;
  expect(validateCard(card)).toEqual([]);
  return card;
}

function input(card: Card, id: string): Element {
  const found = card.body.find((element) => element.id === id);
  expect(found, `input ${id}`).toBeDefined();
  return found!;
}

async function submit(h: TeamsHarness, user: TeamsUser, card: Card, values: Record<string, string>, id?: string): Promise<TaskAnswer> {
  const button = card.actions[0];
  expect(button?.type).toBe('Action.Submit');
  const answer = await h.post(
    extensionInvoke(
      h,
      user,
      'composeExtension/submitAction',
      { data: { ...button?.data, ...values }, messagePayload: messagePayload(HTML) },
      id,
    ),
  );
  expect(answer.status).toBe(200);
  return answer.body;
}

/** The open deals `handle` owns, the most recently active first: what the picker must offer. */
async function openDealsOf(h: TeamsHarness, handle: string): Promise<string[]> {
  const deals = await h.demo.db.deal.findMany({
    where: { workspaceId: h.demo.workspaceId, owner: { handle }, closedAt: null },
    select: { number: true, lastActivityAt: true },
  });
  return deals
    .sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime() || b.number - a.number)
    .map((deal) => `D-${deal.number}`);
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`"Log as note on a deal" on Teams on ${provider}`, () => {
    let h: TeamsHarness;
    beforeAll(async () => {
      h = await startTeamsHarness(provider);
    });
    afterAll(() => h.close());

    it('opens a dialog with the message as the note and your open deals, then logs a meeting once on the deal chosen', async () => {
      const answer = await fetchTask(h, TEAMS_USERS.alice);
      expect(answer.task?.type === 'continue' && answer.task.value.title).toBe('Log as note');
      const card = dialogCard(answer);
      const expected = await openDealsOf(h, 'alice');
      expect(expected.length).toBeGreaterThan(1);
      expect(input(card, 'deal').choices?.map((c) => c.value)).toEqual(expected);
      expect(input(card, 'deal').choices?.[0]?.title).toMatch(new RegExp(`^${expected[0]} `));
      expect(input(card, 'kind').choices?.map((c) => c.title)).toEqual(['Call', 'Meeting', 'Email', 'Note']);
      expect(input(card, 'kind').value).toBe('note');
      expect(input(card, 'text').value).toBe('Spoke with @Mike Johnson about the renewal & pricing\nThey want 3 seats\nand a <pilot>');

      const target = expected[0] ?? '';
      const deal = await h.demo.db.deal.findFirstOrThrow({
        where: { workspaceId: h.demo.workspaceId, number: Number(target.slice(2)) },
        select: { id: true },
      });
      const note = 'Met Mike about the renewal: 3 seats and a pilot';
      const id = `act-${randomUUID()}`;
      const done = await submit(h, TEAMS_USERS.alice, card, { deal: target, kind: 'meeting', text: note }, id);
      expect(done.task).toEqual({ type: 'message', value: `Meeting logged on ${target}.` });
      const logged = await h.demo.db.activity.findMany({
        where: { dealId: deal.id, text: note },
        select: { kind: true, member: { select: { handle: true } } },
      });
      expect(logged).toEqual([{ kind: 'meeting', member: { handle: 'alice' } }]);

      // Teams delivers the same activity again: logged once.
      const again = await submit(h, TEAMS_USERS.alice, card, { deal: target, kind: 'meeting', text: note }, id);
      expect(again.task).toEqual({ type: 'message', value: 'That note was logged already.' });
      expect(await h.demo.db.activity.count({ where: { dealId: deal.id, text: note } })).toBe(1);
    });

    it('refuses another rep’s deal: the form comes back with the sentence and the text as sent, nothing written', async () => {
      const card = dialogCard(await fetchTask(h, TEAMS_USERS.alice));
      const other = (await openDealsOf(h, 'brian'))[0] ?? '';
      expect(other).not.toBe('');
      const before = await h.demo.db.activity.count({ where: { workspaceId: h.demo.workspaceId } });
      const refused = dialogCard(await submit(h, TEAMS_USERS.alice, card, { deal: other, kind: 'note', text: 'Their CFO signed off' }));
      expect(cardText(refused)).toContain(`${other} belongs to Brian Lee; you can change only your own deals`);
      expect(input(refused, 'text').value).toBe('Their CFO signed off');
      expect(await h.demo.db.activity.count({ where: { workspaceId: h.demo.workspaceId } })).toBe(before);
    });

    it('speaks Chinese to a Chinese-speaking rep, and says what to do when there is no open deal', async () => {
      const answer = await fetchTask(h, TEAMS_USERS['wei.zhang'], '<div>客户确认了<at id="0">Alice Carter</at>的报价</div>');
      expect(answer.task?.type === 'continue' && answer.task.value.title).toBe('记为跟进');
      const card = dialogCard(answer);
      expect(input(card, 'deal').choices?.map((c) => c.value)).toEqual(await openDealsOf(h, 'wei.zhang'));
      expect(input(card, 'kind').choices?.map((c) => c.title)).toEqual(['电话', '会议', '邮件', '备注']);
      expect(input(card, 'text').value).toBe('客户确认了@Alice Carter的报价');
      const alices = (await openDealsOf(h, 'alice'))[0] ?? '';
      const refused = dialogCard(await submit(h, TEAMS_USERS['wei.zhang'], card, { deal: alices, kind: 'call', text: '客户确认了报价' }));
      expect(cardText(refused)).toContain(`${alices} 属于 Alice Carter；您只能修改自己的商机`);

      // Mike (a manager) owns no open deal.
      expect(await openDealsOf(h, 'mike')).toEqual([]);
      const none = await fetchTask(h, TEAMS_USERS.mike);
      expect(none.task).toEqual({
        type: 'message',
        value: 'You have no open deals to log this on. Log one first: /deal new <account> <amount>, then try again.',
      });
    });
  });
}

describe('the Teams manifest', () => {
  it('declares the message action the bot answers, in English and Chinese', () => {
    type Command = { id: string; type: string; title: string; description: string; context: string[]; fetchTask: boolean };
    const dir = new URL('../../../manifests/teams/', import.meta.url);
    const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as {
      bots: { botId: string }[];
      composeExtensions: { botId: string; commands: Command[] }[];
    };
    const zh = JSON.parse(readFileSync(new URL('zh-cn.json', dir), 'utf8')) as Record<string, string>;
    const extension = manifest.composeExtensions[0];
    expect(extension?.botId).toBe(manifest.bots[0]?.botId);
    const index = extension?.commands.findIndex((command) => command.id === LOG_NOTE_COMMAND) ?? -1;
    const command = extension?.commands[index];
    expect(command).toMatchObject({ type: 'action', title: 'Log as note on a deal', context: ['message'], fetchTask: true });
    // Teams' limits: a title of at most 32 characters, a description of at most 128.
    expect(command?.title.length).toBeLessThanOrEqual(32);
    expect(command?.description.length).toBeLessThanOrEqual(128);
    expect(zh[`composeExtensions[0].commands[${index}].title`]).toBe('记为商机跟进');
    expect(zh[`composeExtensions[0].commands[${index}].description`]).toMatch(/[\u4e00-\u9fff]/);
  });
});
