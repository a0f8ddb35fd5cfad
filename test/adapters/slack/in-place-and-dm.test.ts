// Cards that update in place and DealDesk's direct messages on Slack (#16 points 3 and 5), through the real
// Bolt HTTP receiver with signed requests, against the fake Slack: a press on a private answer replaces it
// through its response_url; a press on a message DealDesk posted (in a channel or a DM) replaces it with
// chat.update when the button changes or pages what it shows, and answers beside it otherwise; a resumed
// press does the same. A message typed in the DM runs as the slash command would, once even when Slack
// redelivers it; "hello" and "你好" get the greeting; bots, edits and other channels are ignored.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { blockActionBody, eventBody, postSlack, slashCommandBody, stateValues, viewSubmissionBody } from '../../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from '../../support/slack-server.js';
import { buttonsIn, textOf } from '../../support/block-kit-buttons.js';
import { FIXED_NOW } from '../../support/workspace.js';
import { recordRequest } from '../../../src/store/requests.js';
import type { FakeSlackCall } from '../../support/fake-slack.js';

type Answer = { blocks: unknown[]; text: string; replace_original?: boolean };
type Posted = { channel: string; ts: string; blocks: unknown[] };

const MINUTE = 60_000;
const later = (ms: number) => new Date(FIXED_NOW.getTime() + ms);
const dmOf = (user: string) => `D0${user.slice(2)}`;

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Slack cards in place and direct messages on ${provider}`, () => {
    let h: SlackHarness;
    let seq = 0;
    beforeAll(async () => {
      h = await startSlackHarness(provider);
    });
    afterAll(() => h.close());
    afterEach(() => {
      expect(h.fake.limitViolations).toEqual([]);
    });

    const idOf = (url: string) => url.split('/').pop() ?? '';

    async function slash(command: string, text: string, user = 'U_ALICE'): Promise<Answer> {
      const responseUrl = h.fake.responseUrl();
      const body = slashCommandBody({ command, text, user_id: user, team_id: TEAM, channel_id: 'C0GENERAL', response_url: responseUrl });
      expect((await postSlack(h.eventsUrl, SIGNING_SECRET, body)).status).toBe(200);
      return (await h.fake.waitForResponse(idOf(responseUrl), 10_000)).body as Answer;
    }

    /** A message event in a user's DM with DealDesk, as Slack sends it (`retryNum` for a redelivery). */
    function dmEvent(text: string, user: string, extra: Record<string, unknown> = {}, eventId?: string): string {
      seq += 1;
      return eventBody(
        {
          type: 'message',
          channel: dmOf(user),
          channel_type: 'im',
          user,
          text,
          ts: `1700000${String(seq).padStart(3, '0')}.000100`,
          ...extra,
        },
        { team_id: TEAM, event_id: eventId ?? `EvDM${String(seq)}` },
      );
    }

    /** Types `text` in the user's DM and returns DealDesk's answer posted there. */
    async function dm(text: string, user = 'U_ALICE'): Promise<Posted> {
      const mark = h.fake.mark();
      expect((await postSlack(h.eventsUrl, SIGNING_SECRET, dmEvent(text, user))).status).toBe(200);
      const call = await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === dmOf(user), 10_000, mark);
      return posted(call);
    }

    function posted(call: FakeSlackCall): Posted {
      const result = call.result as { channel: string; ts: string };
      return { channel: result.channel, ts: result.ts, blocks: call.body.blocks as unknown[] };
    }

    /** Presses `label` on a message: a private answer (`ephemeral`) or one DealDesk posted at `on`. */
    async function press(blocks: unknown[], label: string, on: { channel: string; ts?: string }, user = 'U_ALICE') {
      const button = buttonsIn(blocks).find((b) => b.text === label);
      if (!button) throw new Error(`No "${label}" button in ${textOf(blocks)}`);
      const responseUrl = h.fake.responseUrl();
      const mark = h.fake.mark();
      const ts = on.ts ?? '1700000000.000900';
      const http = await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        blockActionBody({
          user,
          team: TEAM,
          actions: [{ action_id: button.action_id, block_id: button.block_id, value: button.value }],
          response_url: responseUrl,
          channel: { id: on.channel },
          ...(on.ts ? { message: { ts, blocks } } : {}),
          container: { type: 'message', message_ts: ts, channel_id: on.channel, is_ephemeral: on.ts === undefined },
        }),
      );
      expect(http.status).toBe(200);
      return { mark, responseId: idOf(responseUrl) };
    }

    const newDeal = async (account: string) => {
      const card = await slash('/deal', `new ${account} 30k proposal`);
      const ref = /D-\d+/.exec(textOf(card.blocks))?.[0] ?? '';
      expect(ref).not.toBe('');
      return { card, ref };
    };
    const stageOf = async (ref: string) =>
      (await h.demo.db.deal.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, number: Number(ref.slice(2)) } })).stage;

    it('replaces a private card with the refreshed one through its response_url when Won is pressed', async () => {
      const { card, ref } = await newDeal('Ephemeral Press Co');
      const won = await press(card.blocks, 'Won', { channel: 'C0GENERAL' });
      const answer = (await h.fake.waitForResponse(won.responseId, 10_000)).body as Answer;
      expect(answer.replace_original).toBe(true);
      expect(textOf(answer.blocks)).toContain(`${ref} is won!`);
      expect(textOf(answer.blocks)).toContain('Won (100%)');
      // The refreshed card no longer offers Won or Lost.
      expect(buttonsIn(answer.blocks).map((b) => b.text)).not.toContain('Won');
      expect(h.fake.calls.slice(won.mark).filter((c) => c.method === 'chat.update')).toEqual([]);
      expect(await stageOf(ref)).toBe('won');
    });

    it('updates a card DealDesk posted in a channel with chat.update (its channel and ts) when Won is pressed on it', async () => {
      const { ref } = await newDeal('Channel Press Co');
      const shown = await dm(`deal show ${ref}`);
      const ts = '1700000777.000100';
      const won = await press(shown.blocks, 'Won', { channel: 'C0GENERAL', ts });
      const update = await h.fake.waitForCall('chat.update', (c) => c.body.ts === ts, 10_000, won.mark);
      expect(update.body.channel).toBe('C0GENERAL');
      expect(textOf(update.body.blocks)).toContain(`${ref} is won!`);
      expect(textOf(update.body.blocks)).toContain('Won (100%)');
      expect(await stageOf(ref)).toBe('won');
      // The card was replaced: nothing was said beside it.
      expect(h.fake.responses.filter((r) => r.id === won.responseId)).toEqual([]);
    });

    it('updates the posted card in a DM after its Log note form is submitted, and pages a posted list in place', async () => {
      const { ref } = await newDeal('Posted Note Co');
      const shown = await dm(`deal show ${ref}`);
      const note = await press(shown.blocks, 'Log note', shown);
      const opened = await h.fake.waitForCall('views.open', undefined, 10_000, note.mark);
      const view = opened.body.view as { private_metadata: string };
      const submitted = await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        viewSubmissionBody({
          user: 'U_ALICE',
          team: TEAM,
          view: {
            id: `V_NOTE_${ref}`,
            callback_id: 'dd.form',
            private_metadata: view.private_metadata,
            state: { values: stateValues({ text: { text: 'call: asked for the security review' } }) },
          },
        }),
      );
      expect(submitted.status).toBe(200);
      const update = await h.fake.waitForCall('chat.update', (c) => c.body.ts === shown.ts, 10_000, note.mark);
      expect(update.body.channel).toBe(shown.channel);
      expect(textOf(update.body.blocks)).toContain(`Call logged on ${ref}.`);
      expect(textOf(update.body.blocks)).toContain('asked for the security review');

      const list = await dm('deal list all', 'U_MIKE');
      const next = await press(list.blocks, 'Next', list, 'U_MIKE');
      const paged = await h.fake.waitForCall('chat.update', (c) => c.body.ts === list.ts, 10_000, next.mark);
      expect(textOf(paged.body.blocks)).toMatch(/11–20 of \d+ · page 2 of/);
    });

    it('answers beside a posted message for a button that goes elsewhere (Open), and for a refusal', async () => {
      const list = await dm('deal list');
      const open = await press(list.blocks, 'Open', list);
      const answer = (await h.fake.waitForResponse(open.responseId, 10_000)).body as Answer;
      expect(answer.replace_original).toBe(false);
      expect(textOf(answer.blocks)).toMatch(/D-\d+ · /);
      expect(h.fake.calls.slice(open.mark).filter((c) => c.method === 'chat.update')).toEqual([]);

      // Brian may not win Alice's deal: the refusal is said beside her card, which stays as it was.
      const { ref } = await newDeal('Refused Press Co');
      const shown = await dm(`deal show ${ref}`);
      const refused = await press(shown.blocks, 'Won', { channel: 'C0GENERAL', ts: '1700000888.000100' }, 'U_BRIAN');
      const refusal = (await h.fake.waitForResponse(refused.responseId, 10_000)).body as Answer;
      expect(refusal.replace_original).toBe(false);
      expect(textOf(refusal.blocks)).toContain('belongs to Alice Carter');
      expect(h.fake.calls.slice(refused.mark).filter((c) => c.method === 'chat.update')).toEqual([]);
      expect(await stageOf(ref)).toBe('proposal');
    });

    it('replaces a posted card when a press recorded by a process that died is resumed, and when its saved answer is delivered', async () => {
      const { ref } = await newDeal('Resumed Press Co');
      const shown = await dm(`deal show ${ref}`);
      const won = buttonsIn(shown.blocks).find((b) => b.text === 'Won');
      const command = (JSON.parse(won?.value ?? '{}') as { c: string }).c;
      const press = (ts: string) => ({
        kind: 'press',
        teamId: TEAM,
        userId: 'U_ALICE',
        channelId: 'C0GENERAL',
        command,
        responseUrl: h.fake.responseUrl(),
        onHome: false,
        shared: true,
        actionId: 'deal.won',
        message: { channel: 'C0GENERAL', ts },
      });
      const mark = h.fake.mark();
      const key = `slack:action:${TEAM}:resumed-won-${ref}`;
      expect(
        await recordRequest(h.demo.db, { key, platform: 'slack', kind: 'press', payload: press('1700000999.000100') }, FIXED_NOW),
      ).toBe('recorded');
      await h.server.resumer?.tick(later(MINUTE));
      const update = await h.fake.waitForCall('chat.update', (c) => c.body.ts === '1700000999.000100', 10_000, mark);
      expect(textOf(update.body.blocks)).toContain(`${ref} is won!`);
      expect(await stageOf(ref)).toBe('won');

      // Work that committed with its answer (replace: true) and whose process died before answering.
      const savedKey = `slack:action:${TEAM}:saved-won-${ref}`;
      await recordRequest(h.demo.db, { key: savedKey, platform: 'slack', kind: 'press', payload: press('1700000999.000200') }, FIXED_NOW);
      const screen = { kind: 'deal_card', title: 'Saved', blocks: [{ type: 'text', text: 'Saved card: won' }] };
      await h.demo.db.processedRequest.update({
        where: { key: savedKey },
        data: { state: 'done', completedAt: FIXED_NOW, reply: { result: { screen }, replace: true } },
      });
      await h.server.resumer?.tick(later(3 * MINUTE));
      const delivered = await h.fake.waitForCall('chat.update', (c) => c.body.ts === '1700000999.000200', 10_000, mark);
      expect(textOf(delivered.body.blocks)).toContain('Saved card: won');
    });

    it('runs a command typed in the DM and answers there, once even when Slack redelivers the event', async () => {
      const mark = h.fake.mark();
      const event = dmEvent('deal list', 'U_ALICE', {}, 'EvDMRETRY1');
      expect((await postSlack(h.eventsUrl, SIGNING_SECRET, event)).status).toBe(200);
      const first = await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === 'D0ALICE', 10_000, mark);
      expect(textOf(first.body.blocks)).toContain('Open deals');
      expect(buttonsIn(first.body.blocks).map((b) => b.text)).toContain('Open');
      expect((await postSlack(h.eventsUrl, SIGNING_SECRET, event, { retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);

      // Mike's "pipeline team", typed after the redelivery, is answered in his own DM.
      const pipeline = await dm('pipeline team', 'U_MIKE');
      expect(textOf(pipeline.blocks)).toContain('Pipeline · North America');
      expect(h.fake.calls.slice(mark).filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0ALICE')).toHaveLength(1);
      expect(await h.demo.db.processedRequest.count({ where: { key: `slack:message:${TEAM}:EvDMRETRY1` } })).toBe(1);
    });

    it('greets "hello" with who the person is, three commands and the help button, in English and Chinese', async () => {
      const hello = await dm('hello');
      const text = textOf(hello.blocks);
      expect(text).toContain('Hi Alice Carter!');
      expect(text).toContain('You are a rep in the team North America');
      for (const command of ['/deal new Acme 50k proposal', '/deal list', '/pipeline']) expect(text).toContain(command);
      const help = await press(hello.blocks, 'All commands', hello);
      const commands = (await h.fake.waitForResponse(help.responseId, 10_000)).body as Answer;
      expect(textOf(commands.blocks)).toContain('DealDesk commands');

      const manager = textOf((await dm('Help!', 'U_MIKE')).blocks);
      expect(manager).toContain('Hi Mike Johnson!');
      expect(manager).toContain('/pipeline team');

      const nihao = await dm('你好', 'U_WEI');
      const zh = textOf(nihao.blocks);
      expect(zh).toContain('张伟，你好！');
      expect(zh).toContain('角色是销售');
      expect(buttonsIn(nihao.blocks).map((b) => b.text)).toEqual(['全部命令']);
      expect(textOf((await dm('帮助', 'U_WEI')).blocks)).toContain('可以先试试这三个命令');
    });

    it('ignores its own and other bots’ messages, edits, deletions and channels that are not its DM', async () => {
      const mark = h.fake.mark();
      const ignored = [
        dmEvent('deal list', 'U_ALICE', { bot_id: 'B0OTHER' }),
        dmEvent('deal list', 'U0BOT', {}),
        dmEvent('deal list', 'U_ALICE', { subtype: 'message_changed', message: { text: 'deal list' } }),
        dmEvent('deal list', 'U_ALICE', { subtype: 'message_deleted' }),
        dmEvent('deal list', 'U_ALICE', { channel: 'C0GENERAL', channel_type: 'channel' }),
      ];
      for (const event of ignored) expect((await postSlack(h.eventsUrl, SIGNING_SECRET, event)).status).toBe(200);
      // A message typed after them is answered; none of them was.
      await dm('hi', 'U_MIKE');
      const answered = h.fake.calls.slice(mark).filter((c) => c.method === 'chat.postMessage');
      expect(answered.map((c) => c.body.channel)).toEqual(['D0MIKE']);
    });
  });
}
