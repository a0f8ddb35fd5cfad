import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import {
  postSlack,
  slashCommandBody,
  blockActionBody,
  viewSubmissionBody,
  stateValues,
  eventBody,
  appHomeOpenedEvent,
} from '../../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from '../../support/slack-server.js';
import { FIXED_NOW, snapshot } from '../../support/workspace.js';
import { buttonsIn, textOf } from '../../support/block-kit-buttons.js';
import { containing } from '../../support/matchers.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Slack over HTTP on ${provider}`, () => {
    let h: SlackHarness;
    beforeAll(async () => {
      h = await startSlackHarness(provider);
    });
    afterAll(() => h.close());
    afterEach(() => {
      expect(h.fake.limitViolations).toEqual([]);
    });

    async function slash(
      command: string,
      text: string,
      user = 'U_ALICE',
      options: { retryNum?: number; trigger_id?: string; team?: string } = {},
    ) {
      const responseUrl = h.fake.responseUrl();
      const body = slashCommandBody({
        command,
        text,
        user_id: user,
        team_id: options.team ?? TEAM,
        response_url: responseUrl,
        ...(options.trigger_id ? { trigger_id: options.trigger_id } : {}),
      });
      const http = await postSlack(h.eventsUrl, SIGNING_SECRET, body, options.retryNum !== undefined ? { retryNum: options.retryNum } : {});
      return { http, body, responseUrl, responseId: responseUrl.split('/').pop()! };
    }

    async function answer(responseId: string) {
      const response = await h.fake.waitForResponse(responseId, 10_000);
      return response.body as { blocks: unknown[]; text: string; replace_original?: boolean; response_type?: string };
    }

    it('answers /deal new with the new deal’s card and saves the deal for the Slack user', async () => {
      const { http, responseId } = await slash('/deal', 'new Acme 50k proposal');
      expect(http.status).toBe(200);
      const reply = await answer(responseId);
      expect(reply.response_type).toBe('ephemeral');
      expect(textOf(reply.blocks)).toContain('Created D-201');
      expect(textOf(reply.blocks)).toContain('$50,000.00');
      expect(buttonsIn(reply.blocks).map((b) => b.text)).toEqual([
        'Move stage',
        'Log note',
        'Request discount',
        'Won',
        'Lost',
        'Share to channel',
      ]);
      const deal = await h.demo.db.deal.findFirstOrThrow({
        where: { workspaceId: h.demo.workspaceId, number: 201 },
        include: { owner: true },
      });
      expect([deal.owner.handle, deal.amountMinor, deal.stage]).toEqual(['alice', 5_000_000n, 'proposal']);
    });

    it('reads a channel mention (<#C…|name>) in /dealdesk digest team … channel as that channel', async () => {
      const { responseId } = await slash('/dealdesk', 'digest team North America channel <#C0SALES|sales>', 'U_MIKE');
      expect(textOf((await answer(responseId)).blocks)).toContain('A copy of the North America digest will also be posted in');
      const team = await h.demo.db.team.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, nameKey: 'north america' } });
      expect(team.digestTarget).toBe('slack:C0SALES');
      // A target already written for a platform is kept as it is.
      const again = await slash('/dealdesk', 'digest team North America channel teams:19:sales@thread.tacv2', 'U_MIKE');
      await answer(again.responseId);
      const after = await h.demo.db.team.findUniqueOrThrow({ where: { id: team.id } });
      expect(after.digestTarget).toBe('teams:19:sales@thread.tacv2');
    });

    it('processes a retried slash command (X-Slack-Retry-Num) once', async () => {
      const before = await h.demo.db.deal.count({ where: { workspaceId: h.demo.workspaceId } });
      const first = await slash('/deal', 'new Retry Corp 10k', 'U_ALICE', { trigger_id: 'retry-trigger-1' });
      await answer(first.responseId);
      const again = await postSlack(h.eventsUrl, SIGNING_SECRET, first.body, { retryNum: 1, retryReason: 'http_timeout' });
      expect(again.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await h.demo.db.deal.count({ where: { workspaceId: h.demo.workspaceId } })).toBe(before + 1);
      expect(h.fake.responses.filter((r) => r.id === first.responseId)).toHaveLength(1);
    });

    it('rejects a wrong signature, an old timestamp and a missing signature with 401 and changes nothing', async () => {
      const before = await snapshot(h.demo.db, h.demo.workspaceId);
      const body = slashCommandBody({
        command: '/deal',
        text: 'new Forged 10k',
        user_id: 'U_ALICE',
        team_id: TEAM,
        response_url: h.fake.responseUrl(),
      });
      const wrong = await postSlack(h.eventsUrl, 'not-the-secret', body);
      const old = await postSlack(h.eventsUrl, SIGNING_SECRET, body, { timestamp: Math.floor(Date.now() / 1000) - 600 });
      const missing = await postSlack(h.eventsUrl, SIGNING_SECRET, body, { signature: null });
      expect([wrong.status, old.status, missing.status]).toEqual([401, 401, 401]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await snapshot(h.demo.db, h.demo.workspaceId)).toBe(before);
    });

    it.each([
      ['/pipeline', '', 'Pipeline · Alice Carter'],
      ['/quota', '', 'Quota · Alice Carter'],
      ['/forecast', '', 'Forecast · Alice Carter'],
      // A rep reads their own figures; their team's are their manager's.
      ['/forecast', 'team', 'but not North America’s. Type /forecast me.'],
      ['/deal', 'list', 'Alice Carter · Open deals'],
      ['/deal', 'show D-1', 'D-1'],
      ['/dealdesk', 'help', 'DealDesk commands'],
      ['/dealdesk', 'settings', 'Settings'],
      ['/deal', 'move D-999 won', 'There is no deal D-999'],
      ['/deal', 'update D-201 close 2027-01-29', 'D-201: close date updated.'],
      ['/deal', 'note D-201 email: sent the order form', 'Email logged on D-201'],
      ['/deal', 'mvoe D-201', 'Did you mean /deal move?'],
    ])('answers %s %s', async (command, text, expected) => {
      const { http, responseId } = await slash(command, text);
      expect(http.status).toBe(200);
      expect(textOf((await answer(responseId)).blocks)).toContain(expected);
    });

    it('answers a Chinese-speaking member in Chinese', async () => {
      const { responseId } = await slash('/deal', 'new 华东电力 ¥8万 方案', 'U_WEI');
      const reply = await answer(responseId);
      expect(textOf(reply.blocks)).toMatch(/已创建 D-\d+/);
      expect(textOf(reply.blocks)).toContain('¥80,000.00');
    });

    it('makes a new Slack team its own workspace and a new user its first member, seeing nothing of others', async () => {
      const { responseId } = await slash('/deal', 'list all', 'U_NEW', { team: 'T0OTHER' });
      const reply = await answer(responseId);
      expect(textOf(reply.blocks)).toContain('No deals match.');
      const identity = await h.demo.db.platformIdentity.findFirstOrThrow({
        where: { platform: 'slack', externalTenantId: 'T0OTHER', externalUserId: 'U_NEW' },
        include: { member: true },
      });
      expect(identity.workspaceId).not.toBe(h.demo.workspaceId);
      expect([identity.member.name, identity.member.timeZone, identity.member.role]).toEqual(['Nora New', 'Europe/Berlin', 'admin']);
      const show = await slash('/deal', 'show D-1', 'U_NEW', { team: 'T0OTHER' });
      expect(textOf((await answer(show.responseId)).blocks)).toContain('There is no deal D-1');
    });

    it('opens the New deal modal at once, shows field errors without saving, then creates the deal once', async () => {
      const mark = h.fake.mark();
      const { responseId, responseUrl } = await slash('/deal', '');
      const opened = await h.fake.waitForCall('views.open', undefined, 5000, mark);
      expect(opened.body.trigger_id).toBeDefined();
      const updated = await h.fake.waitForCall('views.update', undefined, 5000, mark);
      const view = updated.body.view as { callback_id: string; private_metadata: string; blocks: { block_id: string }[] };
      expect(view.callback_id).toBe('dd.form');
      expect(view.blocks.map((b) => b.block_id)).toEqual(expect.arrayContaining(['account', 'amount', 'stage', 'close', 'title']));
      const viewId = (opened.result as { view: { id: string } }).view.id;

      const before = await h.demo.db.deal.count({ where: { workspaceId: h.demo.workspaceId } });
      const submit = (amount: string) =>
        postSlack(
          h.eventsUrl,
          SIGNING_SECRET,
          viewSubmissionBody({
            user: 'U_ALICE',
            team: TEAM,
            view: {
              id: viewId,
              callback_id: 'dd.form',
              private_metadata: view.private_metadata,
              state: { values: stateValues({ account: { account: 'Modal Corp' }, amount: { amount }, title: { title: 'Pilot' } }) },
            },
          }),
        );
      const refused = await submit('-5');
      expect(refused.status).toBe(200);
      expect(refused.json).toMatchObject({ response_action: 'errors', errors: { amount: containing('cannot be negative') } });
      expect(await h.demo.db.deal.count({ where: { workspaceId: h.demo.workspaceId } })).toBe(before);

      const accepted = await submit('75k');
      expect(accepted.status).toBe(200);
      expect(accepted.text).toBe('');
      const twice = await submit('75k');
      expect(twice.status).toBe(200);
      const reply = await answer(responseId);
      expect(textOf(reply.blocks)).toContain('Modal Corp');
      expect(responseUrl).toContain(responseId);
      expect(await h.demo.db.deal.count({ where: { workspaceId: h.demo.workspaceId } })).toBe(before + 1);
    });

    it('updates a card in place from its buttons: note through a modal, then Won with a wins-channel announcement', async () => {
      await h.demo.db.workspace.update({ where: { id: h.demo.workspaceId }, data: { winsChannel: '#wins' } });
      const created = await slash('/deal', 'new Button Corp 20k negotiation');
      const card = await answer(created.responseId);
      const number = Number(/D-(\d+)/.exec(textOf(card.blocks))?.[1]);
      const buttons = buttonsIn(card.blocks);
      const press = async (label: string) => {
        const button = buttons.find((b) => b.text === label)!;
        const mark = h.fake.mark();
        const responseUrl = h.fake.responseUrl();
        const http = await postSlack(
          h.eventsUrl,
          SIGNING_SECRET,
          blockActionBody({
            user: 'U_ALICE',
            team: TEAM,
            actions: [{ action_id: button.action_id, block_id: button.block_id, value: button.value }],
            response_url: responseUrl,
            message: { ts: '1700000000.000100', blocks: card.blocks },
            channel: { id: 'C0GENERAL' },
            container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0GENERAL', is_ephemeral: true },
          }),
        );
        expect(http.status).toBe(200);
        return { mark, responseId: responseUrl.split('/').pop()! };
      };

      const note = await press('Log note');
      const modal = await h.fake.waitForCall('views.open', undefined, 5000, note.mark);
      const view = modal.body.view as { private_metadata: string; blocks: { block_id: string }[] };
      expect(view.blocks.map((b) => b.block_id)).toEqual(['text']);
      const submitted = await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        viewSubmissionBody({
          user: 'U_ALICE',
          team: TEAM,
          view: {
            id: 'V_NOTE_1',
            callback_id: 'dd.form',
            private_metadata: view.private_metadata,
            state: { values: stateValues({ text: { text: 'meeting: agreed on the pilot scope' } }) },
          },
        }),
      );
      expect(submitted.status).toBe(200);
      const noted = await answer(note.responseId);
      expect(noted.replace_original).toBe(true);
      expect(textOf(noted.blocks)).toContain('Meeting logged on D-');
      expect(await h.demo.db.activity.count({ where: { deal: { number }, workspaceId: h.demo.workspaceId } })).toBe(1);

      // Alice has her App Home open, so a write redraws it (#14: only a home drawn lately is redrawn).
      const homeMark = h.fake.mark();
      await postSlack(h.eventsUrl, SIGNING_SECRET, eventBody(appHomeOpenedEvent('U_ALICE'), { team_id: TEAM }));
      await h.fake.waitForCall('views.publish', (call) => call.body.user_id === 'U_ALICE', 5000, homeMark);
      const won = await press('Won');
      const updated = await answer(won.responseId);
      expect(updated.replace_original).toBe(true);
      expect(textOf(updated.blocks)).toContain(`D-${number} is won!`);
      const announcement = await h.fake.waitForCall('chat.postMessage', (call) => call.body.channel === 'wins', 5000, won.mark);
      expect(textOf(announcement.body.blocks)).toContain('Alice Carter won');
      expect(textOf(announcement.body.blocks)).toContain('$20,000.00');
      const home = await h.fake.waitForCall('views.publish', (call) => call.body.user_id === 'U_ALICE', 5000, won.mark);
      expect(textOf(home.body.view)).toContain('Quota · Alice Carter');

      // A second press of Won changes nothing and says so beside the card.
      const again = await press('Won');
      const refusal = await answer(again.responseId);
      expect(refusal.replace_original).toBe(false);
      expect(textOf(refusal.blocks)).toContain('already in Won');
      const deal = await h.demo.db.deal.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, number }, include: { events: true } });
      expect(deal.events.filter((e) => e.toStage === 'won')).toHaveLength(1);
    });

    it('moves a stage and marks a deal lost through modals, refusing an empty reason on its field', async () => {
      const created = await slash('/deal', 'new Modal Stage Co 40k qualified');
      const card = await answer(created.responseId);
      const number = Number(/D-(\d+)/.exec(textOf(card.blocks))?.[1]);
      const openForm = async (label: string) => {
        const button = buttonsIn(card.blocks).find((b) => b.text === label)!;
        const mark = h.fake.mark();
        const responseUrl = h.fake.responseUrl();
        await postSlack(
          h.eventsUrl,
          SIGNING_SECRET,
          blockActionBody({
            user: 'U_ALICE',
            team: TEAM,
            actions: [{ action_id: button.action_id, block_id: button.block_id, value: button.value }],
            response_url: responseUrl,
            channel: { id: 'C0GENERAL' },
            container: { type: 'message', message_ts: '1.1', channel_id: 'C0GENERAL', is_ephemeral: true },
          }),
        );
        const opened = await h.fake.waitForCall('views.open', undefined, 5000, mark);
        const view = opened.body.view as {
          private_metadata: string;
          blocks: { block_id: string; element?: { options?: { value: string }[] } }[];
        };
        return { view, responseId: responseUrl.split('/').pop()! };
      };
      const submit = (viewId: string, metadata: string, values: Record<string, Record<string, string | Record<string, unknown>>>) =>
        postSlack(
          h.eventsUrl,
          SIGNING_SECRET,
          viewSubmissionBody({
            user: 'U_ALICE',
            team: TEAM,
            view: { id: viewId, callback_id: 'dd.form', private_metadata: metadata, state: { values: stateValues(values) } },
          }),
        );

      const move = await openForm('Move stage');
      const stageOptions = move.view.blocks.find((b) => b.block_id === 'stage')?.element?.options?.map((o) => o.value);
      expect(stageOptions).toEqual(['lead', 'needs_analysis', 'proposal', 'negotiation', 'won', 'lost']);
      const moved = await submit('V_MOVE_1', move.view.private_metadata, {
        stage: { stage: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Proposal' }, value: 'proposal' } } },
      });
      expect(moved.text).toBe('');
      expect(textOf((await answer(move.responseId)).blocks)).toContain(`D-${number} moved from Qualified to Proposal`);

      const lost = await openForm('Lost');
      expect(lost.view.blocks.map((b) => b.block_id)).toEqual(['reason', 'lostTo']);
      const empty = await submit('V_LOST_1', lost.view.private_metadata, { reason: { reason: '' } });
      expect(empty.json).toMatchObject({
        response_action: 'errors',
        errors: { reason: containing('A lost deal needs a reason') },
      });
      expect((await h.demo.db.deal.findFirstOrThrow({ where: { workspaceId: h.demo.workspaceId, number } })).stage).toBe('proposal');
      const done = await submit('V_LOST_1', lost.view.private_metadata, {
        reason: { reason: 'Budget frozen until Q3' },
        lostTo: { lostTo: 'Oracle' },
      });
      expect(done.text).toBe('');
      await answer(lost.responseId);
      const deal = await h.demo.db.deal.findFirstOrThrow({
        where: { workspaceId: h.demo.workspaceId, number },
        include: { lostTo: { select: { name: true } } },
      });
      expect([deal.stage, deal.lostReason, deal.lostTo?.name]).toEqual(['lost', 'Budget frozen until Q3', 'Oracle']);
    });

    it('pages a list with its Next button, replacing the private answer', async () => {
      const first = await slash('/deal', 'list all', 'U_MIKE');
      const page = await answer(first.responseId);
      const next = buttonsIn(page.blocks).find((b) => b.text === 'Next')!;
      const responseUrl = h.fake.responseUrl();
      await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        blockActionBody({
          user: 'U_MIKE',
          team: TEAM,
          actions: [{ action_id: next.action_id, block_id: next.block_id, value: next.value }],
          response_url: responseUrl,
          channel: { id: 'C0GENERAL' },
          container: { type: 'message', message_ts: '1.3', channel_id: 'C0GENERAL', is_ephemeral: true },
        }),
      );
      const second = await answer(responseUrl.split('/').pop()!);
      expect(second.replace_original).toBe(true);
      expect(textOf(second.blocks)).toMatch(/11–20 of \d+ · page 2 of/);
    });

    it('refuses a rep pressing a button on someone else’s card', async () => {
      const created = await slash('/deal', 'new Guarded Inc 30k');
      const card = await answer(created.responseId);
      const won = buttonsIn(card.blocks).find((b) => b.text === 'Won')!;
      const before = await snapshot(h.demo.db, h.demo.workspaceId);
      const responseUrl = h.fake.responseUrl();
      await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        blockActionBody({
          user: 'U_BRIAN',
          team: TEAM,
          actions: [{ action_id: won.action_id, block_id: won.block_id, value: won.value }],
          response_url: responseUrl,
          channel: { id: 'C0GENERAL' },
          container: { type: 'message', message_ts: '1.2', channel_id: 'C0GENERAL', is_ephemeral: true },
        }),
      );
      const reply = await answer(responseUrl.split('/').pop()!);
      expect(textOf(reply.blocks)).toContain('belongs to Alice Carter');
      expect(await snapshot(h.demo.db, h.demo.workspaceId)).toBe(before);
    });

    it('sets the wins channel to the channel an admin types “here” in', async () => {
      const responseUrl = h.fake.responseUrl();
      await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        slashCommandBody({
          command: '/dealdesk',
          text: 'settings wins-channel here',
          user_id: 'U_DANA',
          team_id: TEAM,
          channel_id: 'C0WINS',
          response_url: responseUrl,
        }),
      );
      await answer(responseUrl.split('/').pop()!);
      const workspace = await h.demo.db.workspace.findUniqueOrThrow({ where: { id: h.demo.workspaceId } });
      expect(workspace.winsChannel).toBe('C0WINS');
      await h.demo.db.workspace.update({ where: { id: h.demo.workspaceId }, data: { winsChannel: '#wins' } });
    });

    it('does a command Slack failed in the middle of a minute later, once, and answers it once', async () => {
      h.fake.failNext('users.info', { error: 'fatal_error' });
      const { http, body, responseId } = await slash('/deal', 'list', 'U_NEW', { team: 'T0FAILS', trigger_id: 'fails-once' });
      expect(http.status).toBe(200);
      const key = 'slack:command:T0FAILS:fails-once';
      // Acknowledged, so recorded; the first try failed and left it to the resumer.
      await expect
        .poll(async () => (await h.demo.db.processedRequest.findUnique({ where: { key } }))?.leaseUntil?.getTime())
        .toBe(FIXED_NOW.getTime());
      // Slack's own retry of the same request is the same request: not done twice.
      expect((await postSlack(h.eventsUrl, SIGNING_SECRET, body, { retryNum: 1 })).status).toBe(200);
      await h.server.resumer?.tick(new Date(FIXED_NOW.getTime() + 60_000));
      const reply = await answer(responseId);
      expect(textOf(reply.blocks)).toContain('No deals match.');
      await h.server.resumer?.tick(new Date(FIXED_NOW.getTime() + 120_000));
      expect(h.fake.responses.filter((r) => r.id === responseId)).toHaveLength(1);
      expect(await h.demo.db.processedRequest.findUnique({ where: { key }, select: { state: true } })).toEqual({ state: 'done' });
    });

    it('publishes the App Home when it is opened', async () => {
      const mark = h.fake.mark();
      const http = await postSlack(h.eventsUrl, SIGNING_SECRET, eventBody(appHomeOpenedEvent('U_MIKE'), { team_id: TEAM }));
      expect(http.status).toBe(200);
      const published = await h.fake.waitForCall('views.publish', (call) => call.body.user_id === 'U_MIKE', 5000, mark);
      const view = published.body.view as { type: string };
      expect(view.type).toBe('home');
      expect(textOf(view)).toContain('Quota · Mike Johnson');
    });

    it('serves health and readiness on the same port', async () => {
      expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
      const ready = await fetch(`${h.baseUrl}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { ok: true, database: 'reachable' }]);
    });

    it('keeps an idle connection longer than a load balancer does, so the client closes it first', async () => {
      // A server that closes first races the client's next request on that connection (ECONNRESET).
      const health = await fetch(`${h.baseUrl}/healthz`);
      expect(health.headers.get('keep-alive')).toBe('timeout=65');
    });
  });
}
