// "Share to channel" on Slack (#16 point 4), through the real Bolt HTTP receiver with signed requests,
// against the fake Slack: a report or deal card asked in a channel answers privately with a Share to
// channel button (not in a DM, not on help or errors); pressing it runs the command again as the presser,
// posts it in the channel in the workspace's language with who shared it, and deletes the private copy.
// A share runs as the presser (someone else's report is refused, a write is never shared), is done once
// when Slack redelivers the press, and a channel DealDesk is not in gets the /invite sentence.
import { expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { useSlackHarness } from '../../support/slack-harness.js';
import { blockActionBody, fakeTriggerId, postSlack, slashCommandBody } from '../../support/slack-requests.js';
import { SIGNING_SECRET, TEAM } from '../../support/slack-server.js';
import { buttonsIn, textOf, type Button } from '../../support/block-kit-buttons.js';

type Answer = { blocks: unknown[]; text: string; delete_original?: boolean; replace_original?: boolean; response_type?: string };

const CHANNEL = 'C0GENERAL';
const SHARE = 'Share to channel';
const idOf = (url: string) => url.split('/').pop() ?? '';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Share to channel on Slack on ${provider}`, () => {
    const h = useSlackHarness(provider);

    async function slash(command: string, text: string, user: string, channel = CHANNEL): Promise<Answer> {
      const responseUrl = h.fake.responseUrl();
      const body = slashCommandBody({ command, text, user_id: user, team_id: TEAM, channel_id: channel, response_url: responseUrl });
      expect((await postSlack(h.eventsUrl, SIGNING_SECRET, body)).status).toBe(200);
      return (await h.fake.waitForResponse(idOf(responseUrl), 10_000)).body as Answer;
    }

    const shareButton = (answer: Answer, label = SHARE): Button => {
      const button = buttonsIn(answer.blocks).find((b) => b.text === label);
      if (!button) throw new Error(`No "${label}" button in ${textOf(answer.blocks)}`);
      return button;
    };

    /** Presses a button of a private answer in `channel`; the same trigger id is the same press, redelivered. */
    async function press(button: Pick<Button, 'action_id' | 'value'>, user: string, triggerId = fakeTriggerId()) {
      const responseUrl = h.fake.responseUrl();
      const mark = h.fake.mark();
      const responses = h.fake.responses.length;
      const body = blockActionBody({
        user,
        team: TEAM,
        actions: [{ action_id: button.action_id, value: button.value }],
        response_url: responseUrl,
        channel: { id: CHANNEL },
        trigger_id: triggerId,
        container: { type: 'message', message_ts: '1700000000.000500', channel_id: CHANNEL, is_ephemeral: true },
      });
      expect((await postSlack(h.eventsUrl, SIGNING_SECRET, body)).status).toBe(200);
      return { mark, responses, responseId: idOf(responseUrl) };
    }

    const postsSince = (mark: number) => h.fake.calls.slice(mark).filter((c) => c.method === 'chat.postMessage');
    const dealCount = () => h.demo.db.deal.count({ where: { workspaceId: h.demo.workspaceId } });

    it('offers Share to channel on a report asked in a channel, posts it there for everyone and deletes the private copy', async () => {
      const answer = await slash('/pipeline', 'team', 'U_MIKE');
      expect(answer.response_type).toBe('ephemeral');
      expect(buttonsIn(answer.blocks).at(-1)?.text).toBe(SHARE);
      const pressed = await press(shareButton(answer), 'U_MIKE');
      const post = await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === CHANNEL, 10_000, pressed.mark);
      const shared = textOf(post.body.blocks);
      expect(shared).toContain('Pipeline · North America');
      expect(shared).toContain('Shared by Mike Johnson');
      // The posted copy keeps the report's buttons for everyone, and offers no second share.
      expect(buttonsIn(post.body.blocks).map((b) => b.text)).not.toContain(SHARE);
      const deleted = await h.fake.waitForResponse(pressed.responseId, 10_000);
      expect(deleted.body).toEqual({ delete_original: true });
    });

    it('shares a deal card as deal show: the deal that was created is not created again', async () => {
      const card = await slash('/deal', 'new Shared Card Co 42k proposal', 'U_ALICE');
      const ref = /D-\d+/.exec(textOf(card.blocks))?.[0] ?? '';
      expect(ref).not.toBe('');
      const before = await dealCount();
      const pressed = await press(shareButton(card), 'U_ALICE');
      const post = await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === CHANNEL, 10_000, pressed.mark);
      expect(textOf(post.body.blocks)).toContain(`${ref} · Shared Card Co`);
      expect(textOf(post.body.blocks)).toContain('Shared by Alice Carter');
      expect(textOf(post.body.blocks)).not.toContain('Created');
      expect(await dealCount()).toBe(before);

      // A deal's history is shared as its history, not as the deal's card.
      const history = await slash('/deal', `history ${ref}`, 'U_ALICE');
      const again = await press(shareButton(history), 'U_ALICE');
      const posted = await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === CHANNEL, 10_000, again.mark);
      expect(textOf(posted.body.blocks)).toContain(`History of ${ref} · Shared Card Co`);
    });

    it('offers no share in a direct message, on help, or on a refusal', async () => {
      const inDm = await slash('/pipeline', '', 'U_ALICE', 'D0ALICE');
      expect(textOf(inDm.blocks)).toContain('Pipeline');
      expect(buttonsIn(inDm.blocks).map((b) => b.text)).not.toContain(SHARE);
      const help = await slash('/dealdesk', 'help', 'U_ALICE');
      expect(buttonsIn(help.blocks).map((b) => b.text)).not.toContain(SHARE);
      const refused = await slash('/pipeline', '@carmen', 'U_ALICE');
      expect(textOf(refused.blocks)).toContain('You can see your own pipeline');
      expect(buttonsIn(refused.blocks).map((b) => b.text)).not.toContain(SHARE);
    });

    it('labels the button in the presser’s language and posts in the workspace’s, naming who shared', async () => {
      const answer = await slash('/pipeline', '', 'U_WEI');
      expect(textOf(answer.blocks)).toContain('管道');
      const pressed = await press(shareButton(answer, '分享到频道'), 'U_WEI');
      const post = await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === CHANNEL, 10_000, pressed.mark);
      expect(textOf(post.body.blocks)).toContain('Pipeline');
      expect(textOf(post.body.blocks)).toContain('Shared by 张伟');
      expect(textOf(post.body.blocks)).not.toContain('管道');
    });

    it('runs the share as the presser: someone else’s report or a write is refused to them alone, and nothing is posted', async () => {
      const button = (command: string) => ({ action_id: 'dd.share', value: JSON.stringify({ c: command, id: 'share' }) });
      const others = await press(button('pipeline @carmen'), 'U_ALICE');
      const refusal = (await h.fake.waitForResponse(others.responseId, 10_000)).body as Answer;
      expect(refusal.text).toContain('You can see your own pipeline');
      expect(refusal.replace_original).toBe(false);

      const before = await dealCount();
      const write = await press(button('deal new Sneaky Share Co 1k lead'), 'U_ALICE');
      const writeRefusal = (await h.fake.waitForResponse(write.responseId, 10_000)).body as Answer;
      expect(writeRefusal.text).toContain('Only reports and deal cards can be shared to a channel.');
      expect(await dealCount()).toBe(before);
      expect([...postsSince(others.mark)]).toEqual([]);
    });

    it('posts a share once when Slack delivers the same press again', async () => {
      const answer = await slash('/forecast', '', 'U_MIKE');
      const button = shareButton(answer);
      const triggerId = fakeTriggerId();
      const first = await press(button, 'U_MIKE', triggerId);
      await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === CHANNEL, 10_000, first.mark);
      await h.fake.waitForResponse(first.responseId, 10_000);
      await press(button, 'U_MIKE', triggerId);
      // The next command's answer comes after anything the redelivered press could have posted.
      await slash('/quota', '', 'U_MIKE');
      expect(postsSince(first.mark).filter((c) => c.body.channel === CHANNEL)).toHaveLength(1);
    });

    it('tells the presser to invite DealDesk when it is not in the channel, and keeps the private answer', async () => {
      const answer = await slash('/quota', '', 'U_MIKE');
      h.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
      const pressed = await press(shareButton(answer), 'U_MIKE');
      const told = (await h.fake.waitForResponse(pressed.responseId, 10_000)).body as Answer;
      expect(told.text).toContain('/invite @DealDesk');
      expect(told.replace_original).toBe(false);
      expect(h.fake.responses.slice(pressed.responses).map((r) => r.body)).not.toContainEqual({ delete_original: true });
    });
  });
}
