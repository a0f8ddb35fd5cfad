// The people forms on Slack, through the real Bolt receiver: /dealdesk people, its Edit button opens
// the member.edit modal filled in with who the person is, and the submitted modal changes them.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { blockActionBody, postSlack, slashCommandBody, stateValues, viewSubmissionBody } from '../../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from '../../support/slack-server.js';
import { buttonsIn, textOf } from '../../support/block-kit-buttons.js';

type ModalBlock = { block_id: string; element: { type: string; initial_option?: { value: string }; initial_value?: string } };

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`people forms on Slack over HTTP on ${provider}`, () => {
    let h: SlackHarness;
    beforeAll(async () => {
      h = await startSlackHarness(provider);
    });
    afterAll(() => h.close());
    afterEach(() => {
      expect(h.fake.limitViolations).toEqual([]);
    });

    async function answer(responseId: string) {
      const response = await h.fake.waitForResponse(responseId, 10_000);
      return response.body as { blocks: unknown[]; replace_original?: boolean };
    }

    it('Edit on /dealdesk people opens the person’s modal; submitting it changes only what was changed', async () => {
      const responseUrl = h.fake.responseUrl();
      await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        slashCommandBody({ command: '/dealdesk', text: 'people', user_id: 'U_DANA', team_id: TEAM, response_url: responseUrl }),
      );
      const people = await answer(responseUrl.split('/').pop() ?? '');
      expect(textOf(people.blocks)).toContain('People · ');
      const edit = buttonsIn(people.blocks).find((button) => button.value.includes('"c":"dealdesk member @brian"'));
      expect(edit?.text).toBe('Edit');

      const mark = h.fake.mark();
      const pressUrl = h.fake.responseUrl();
      await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        blockActionBody({
          user: 'U_DANA',
          team: TEAM,
          actions: [{ action_id: edit?.action_id ?? '', block_id: edit?.block_id ?? '', value: edit?.value ?? '' }],
          response_url: pressUrl,
          message: { ts: '1700000000.000200', blocks: people.blocks },
          channel: { id: 'C0GENERAL' },
          container: { type: 'message', message_ts: '1700000000.000200', channel_id: 'C0GENERAL', is_ephemeral: true },
        }),
      );
      const opened = await h.fake.waitForCall('views.open', undefined, 5000, mark);
      const view = opened.body.view as { callback_id: string; private_metadata: string; blocks: ModalBlock[] };
      expect(view.blocks.map((block) => block.block_id)).toEqual(['role', 'team', 'manager', 'timezone']);
      const brian = await h.demo.db.member.findFirstOrThrow({
        where: { workspaceId: h.demo.workspaceId, handle: 'brian' },
        select: { role: true, teamId: true, managerId: true, timeZone: true, team: { select: { name: true } } },
      });
      expect(brian.role).toBe('rep');
      const initial = Object.fromEntries(
        view.blocks.map((block) => [block.block_id, block.element.initial_option?.value ?? block.element.initial_value]),
      );
      expect(initial.role).toBe('rep');
      expect(initial.team).toBe(brian.team?.name ?? 'none');

      const select = (value: string | undefined) => ({ type: 'static_select', selected_option: value ? { value } : null });
      const submitted = await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        viewSubmissionBody({
          user: 'U_DANA',
          team: TEAM,
          view: {
            id: 'V_EDIT_1',
            callback_id: view.callback_id,
            private_metadata: view.private_metadata,
            state: {
              values: stateValues({
                role: { role: select('manager') },
                team: { team: select(initial.team) },
                manager: { manager: select(initial.manager) },
                timezone: { timezone: initial.timezone ?? '' },
              }),
            },
          },
        }),
      );
      expect(submitted.status).toBe(200);
      expect(submitted.text).toBe('');
      const saved = await answer(pressUrl.split('/').pop() ?? '');
      expect(textOf(saved.blocks)).toContain('Brian Lee’s role is now manager.');
      const after = await h.demo.db.member.findFirstOrThrow({
        where: { workspaceId: h.demo.workspaceId, handle: 'brian' },
        select: { role: true, teamId: true, managerId: true, timeZone: true },
      });
      expect(after).toEqual({ role: 'manager', teamId: brian.teamId, managerId: brian.managerId, timeZone: brian.timeZone });
      const audit = await h.demo.db.auditEntry.findFirstOrThrow({
        where: { workspaceId: h.demo.workspaceId, action: 'member.role_changed' },
      });
      expect([audit.before, audit.after]).toEqual([{ role: 'rep' }, { role: 'manager' }]);
    });
  });
}
