// "Log as note on a deal" on any Slack message (#16 point 6), through the real Bolt receiver with signed
// requests: the message shortcut opens a modal at once and fills it with the message's text (mentions as
// names) and the presser's open deals, most recent activity first; the submitted modal logs the note as
// /deal note does, answered privately through the shortcut's response_url; another rep's deal is refused.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LOG_NOTE_SHORTCUT } from '../../../src/adapters/slack/listeners/shortcuts.js';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { fakeTriggerId, postSlack, stateValues, viewSubmissionBody } from '../../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, type SlackHarness } from '../../support/slack-server.js';
import { useSlackHarness } from '../../support/slack-harness.js';
import { textOf } from '../../support/block-kit-buttons.js';
import { FIXED_NOW } from '../../support/workspace.js';

type Option = { text: { text: string }; value: string };
type ModalBlock = {
  type: string;
  block_id?: string;
  label?: { text: string };
  text?: { text: string };
  element?: { type: string; options?: Option[]; initial_option?: Option; initial_value?: string };
};
type Modal = { type: string; title: { text: string }; callback_id?: string; private_metadata?: string; blocks: ModalBlock[] };

/** A signed `message_action` payload: the shortcut pressed on a message in #general. */
function messageShortcutBody(user: string, text: string, responseUrl: string): string {
  const payload = {
    type: 'message_action',
    callback_id: LOG_NOTE_SHORTCUT,
    trigger_id: fakeTriggerId(),
    action_ts: (FIXED_NOW.getTime() / 1000).toFixed(6),
    message_ts: '1700000000.000100',
    response_url: responseUrl,
    team: { id: TEAM, domain: 'acme' },
    user: { id: user, name: user.toLowerCase(), team_id: TEAM },
    channel: { id: 'C0GENERAL', name: 'general' },
    message: { type: 'message', user: 'U_CUSTOMER_SIDE', ts: '1700000000.000100', text },
    token: 'legacy-verification-token',
    is_enterprise_install: false,
    enterprise: null,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Presses the shortcut and returns the loading modal opened and the form it became. */
async function pressShortcut(h: SlackHarness, user: string, text: string, responseUrl: string) {
  const mark = h.fake.mark();
  const pressed = await postSlack(h.eventsUrl, SIGNING_SECRET, messageShortcutBody(user, text, responseUrl));
  expect(pressed.status).toBe(200);
  const opened = await h.fake.waitForCall('views.open', undefined, 5000, mark);
  const updated = await h.fake.waitForCall('views.update', undefined, 10_000, mark);
  const viewId = (opened.result as { view?: { id?: string } } | undefined)?.view?.id;
  expect(updated.body.view_id).toBe(viewId);
  return { loading: opened.body.view as Modal, modal: updated.body.view as Modal };
}

function field(modal: Modal, name: string): ModalBlock {
  const block = modal.blocks.find((b) => b.block_id === name);
  expect(block, `field ${name}`).toBeDefined();
  return block!;
}

/** The open deals `handle` owns, the most recently active first: what the picker must offer. */
async function openDealsOf(h: SlackHarness, handle: string): Promise<string[]> {
  const deals = await h.demo.db.deal.findMany({
    where: { workspaceId: h.demo.workspaceId, owner: { handle }, closedAt: null },
    select: { number: true, lastActivityAt: true },
  });
  return deals
    .sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime() || b.number - a.number)
    .slice(0, 100)
    .map((deal) => `D-${deal.number}`);
}

function submitBody(user: string, modal: Modal, values: { deal: string; kind: string; text: string }, viewId: string): string {
  const select = (value: string) => ({ type: 'static_select', selected_option: { value, text: { type: 'plain_text', text: value } } });
  return viewSubmissionBody({
    user,
    team: TEAM,
    view: {
      id: viewId,
      callback_id: modal.callback_id ?? '',
      private_metadata: modal.private_metadata ?? '',
      state: {
        values: stateValues({ deal: { deal: select(values.deal) }, kind: { kind: select(values.kind) }, text: { text: values.text } }),
      },
    },
  });
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`"Log as note on a deal" on Slack over HTTP on ${provider}`, () => {
    const h = useSlackHarness(provider);

    it('opens a modal with the message as the note and your open deals, then logs it as a call on the deal chosen', async () => {
      const responseUrl = h.fake.responseUrl();
      const message =
        'Spoke with <@U_MIKE> about the renewal &amp; the <https://acme.example/q|quote>\n\n\n\nThey want 3 seats &lt;more&gt;  ';
      const { loading, modal } = await pressShortcut(h, 'U_ALICE', message, responseUrl);
      expect(textOf(loading.blocks)).toContain('Loading…');
      expect(modal.title.text).toBe('Log as note');
      expect(modal.blocks.map((b) => b.block_id)).toEqual(['deal', 'kind', 'text']);

      const picker = field(modal, 'deal');
      expect(picker.label?.text).toBe('Deal');
      const expected = await openDealsOf(h, 'alice');
      expect(expected.length).toBeGreaterThan(1);
      expect(picker.element?.type).toBe('static_select');
      expect(picker.element?.options?.map((o) => o.value)).toEqual(expected);
      // Each option reads as the deal: its reference first, then the account.
      const first = await h.demo.db.deal.findFirstOrThrow({
        where: { workspaceId: h.demo.workspaceId, number: Number(expected[0]?.slice(2)) },
        select: { account: { select: { name: true } } },
      });
      expect(picker.element?.options?.[0]?.text.text).toMatch(new RegExp(`^${expected[0]} ${first.account.name.slice(0, 20)}`));
      expect(picker.element?.initial_option).toBeUndefined();

      const kind = field(modal, 'kind');
      expect(kind.element?.options?.map((o) => [o.value, o.text.text])).toEqual([
        ['call', 'Call'],
        ['meeting', 'Meeting'],
        ['email', 'Email'],
        ['note', 'Note'],
      ]);
      expect(kind.element?.initial_option?.value).toBe('note');

      const text = field(modal, 'text');
      expect(text.element?.initial_value).toBe(
        'Spoke with @Mike Johnson about the renewal & the quote (https://acme.example/q)\n\nThey want 3 seats <more>',
      );

      const target = expected[1] ?? '';
      const deal = await h.demo.db.deal.findFirstOrThrow({
        where: { workspaceId: h.demo.workspaceId, number: Number(target.slice(2)) },
        select: { id: true },
      });
      const note = 'Spoke with @Mike Johnson about the renewal: they want 3 seats';
      const submitted = await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        submitBody('U_ALICE', modal, { deal: target, kind: 'call', text: note }, 'V_NOTE_1'),
      );
      expect(submitted.status).toBe(200);
      expect(submitted.text).toBe('');
      const answer = await h.fake.waitForResponse(responseUrl.split('/').pop() ?? '', 10_000);
      const body = answer.body as { response_type?: string; replace_original?: boolean; blocks: unknown[] };
      expect(body.response_type).toBe('ephemeral');
      expect(body.replace_original).toBe(false);
      expect(textOf(body.blocks)).toContain(`Call logged on ${target}.`);
      const logged = await h.demo.db.activity.findMany({
        where: { dealId: deal.id, text: note },
        select: { kind: true, member: { select: { handle: true } } },
      });
      expect(logged).toEqual([{ kind: 'call', member: { handle: 'alice' } }]);

      // Slack sends the same submission again (a retry): it is logged once.
      const again = await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        submitBody('U_ALICE', modal, { deal: target, kind: 'call', text: note }, 'V_NOTE_1'),
      );
      expect(again.status).toBe(200);
      expect(await h.demo.db.activity.count({ where: { dealId: deal.id, text: note } })).toBe(1);
    });

    it('refuses another rep’s deal with a sentence on the picker, and writes nothing', async () => {
      const { modal } = await pressShortcut(h, 'U_ALICE', 'Their CFO signed off', h.fake.responseUrl());
      const brians = await openDealsOf(h, 'brian');
      const other = brians[0] ?? '';
      expect(other).not.toBe('');
      const before = await h.demo.db.activity.count({ where: { workspaceId: h.demo.workspaceId } });
      const refused = await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        submitBody('U_ALICE', modal, { deal: other, kind: 'note', text: 'Their CFO signed off' }, 'V_NOTE_2'),
      );
      expect(refused.status).toBe(200);
      expect(refused.json).toEqual({
        response_action: 'errors',
        errors: { deal: expect.stringContaining(`${other} belongs to Brian Lee; you can change only your own deals`) as unknown },
      });
      expect(await h.demo.db.activity.count({ where: { workspaceId: h.demo.workspaceId } })).toBe(before);
    });

    it('speaks Chinese to a Chinese-speaking rep, and says so when there is no open deal to log on', async () => {
      const { modal } = await pressShortcut(h, 'U_WEI', '客户确认了<@U_ALICE>的报价', h.fake.responseUrl());
      expect(modal.title.text).toBe('记为跟进');
      expect(field(modal, 'deal').label?.text).toBe('商机');
      expect(field(modal, 'deal').element?.options?.map((o) => o.value)).toEqual(await openDealsOf(h, 'wei.zhang'));
      expect(field(modal, 'kind').element?.options?.map((o) => o.text.text)).toEqual(['电话', '会议', '邮件', '备注']);
      expect(field(modal, 'text').element?.initial_value).toBe('客户确认了@Alice Carter的报价');
      // Alice's deal is not Wei's: refused in Chinese, nothing written.
      const alices = (await openDealsOf(h, 'alice'))[0] ?? '';
      const before = await h.demo.db.activity.count({ where: { workspaceId: h.demo.workspaceId } });
      const refused = await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        submitBody('U_WEI', modal, { deal: alices, kind: 'note', text: '客户确认了报价' }, 'V_NOTE_3'),
      );
      expect(refused.json).toEqual({
        response_action: 'errors',
        errors: { deal: expect.stringContaining(`${alices} 属于 Alice Carter；您只能修改自己的商机`) as unknown },
      });
      expect(await h.demo.db.activity.count({ where: { workspaceId: h.demo.workspaceId } })).toBe(before);
      // Dana (an admin) owns no open deal: the modal says what to do instead, and has nothing to submit.
      const dana = await openDealsOf(h, 'dana');
      expect(dana).toEqual([]);
      const { modal: none } = await pressShortcut(h, 'U_DANA', 'hello', h.fake.responseUrl());
      expect(textOf(none.blocks)).toContain('You have no open deals to log this on. Log one first: /deal new');
      expect(none.blocks.some((b) => b.type === 'input')).toBe(false);
    });
  });
}

describe('the Slack manifest', () => {
  it('declares the message shortcut the listener answers, with a name Slack accepts', () => {
    type Shortcut = { name: string; type: string; callback_id: string; description: string };
    const manifest = parse(readFileSync(new URL('../../../manifests/slack/manifest.yaml', import.meta.url), 'utf8')) as {
      features: { shortcuts?: Shortcut[] };
    };
    const shortcut = manifest.features.shortcuts?.find((s) => s.callback_id === LOG_NOTE_SHORTCUT);
    expect(shortcut).toMatchObject({ name: 'Log as note on a deal', type: 'message' });
    // Slack's limits: a name of at most 24 characters, a description of at most 150.
    expect(shortcut?.name.length).toBeLessThanOrEqual(24);
    expect(shortcut?.description.length).toBeLessThanOrEqual(150);
  });
});
