// /account through the real Bolt app over signed HTTP, against the fake Slack: the account screen with its
// deal buttons, the New contact modal (a bad email refused on the form, then saved), and Chinese.
import { expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { blockActionBody, postSlack, stateValues, viewSubmissionBody } from '../../support/slack-requests.js';
import { slashAnswer, useSlackHarness } from '../../support/slack-harness.js';
import { SIGNING_SECRET, TEAM } from '../../support/slack-server.js';
import { buttonsIn, textOf } from '../../support/block-kit-buttons.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/account on Slack on ${provider}`, () => {
    const h = useSlackHarness(provider);

    const slash = (text: string, user: string) => slashAnswer(h, '/account', text, user);

    it('shows the account with buttons to its deals, and adds a contact through the modal', async () => {
      const reply = await slash('Acme Robotics', 'U_ALICE');
      const text = textOf(reply.blocks);
      for (const words of ['Account · Acme Robotics', 'Lifetime won', 'Open pipeline', 'Satisfaction', 'Open deals (2)', 'Recently closed'])
        expect(text).toContain(words);
      const buttons = buttonsIn(reply.blocks);
      expect(buttons.filter((b) => b.text === 'Open').length).toBeGreaterThanOrEqual(2);
      const add = buttons.find((b) => b.text === 'Add contact');
      expect(add).toBeDefined();

      const mark = h.fake.mark();
      const responseUrl = h.fake.responseUrl();
      const pressed = await postSlack(
        h.eventsUrl,
        SIGNING_SECRET,
        blockActionBody({
          user: 'U_ALICE',
          team: TEAM,
          actions: [{ action_id: add!.action_id, block_id: add!.block_id, value: add!.value }],
          response_url: responseUrl,
          message: { ts: '1700000000.000200', blocks: reply.blocks },
          channel: { id: 'C0GENERAL' },
          container: { type: 'message', message_ts: '1700000000.000200', channel_id: 'C0GENERAL', is_ephemeral: true },
        }),
      );
      expect(pressed.status).toBe(200);
      const modal = await h.fake.waitForCall('views.open', undefined, 5000, mark);
      const view = modal.body.view as { private_metadata: string; blocks: { block_id: string }[] };
      expect(view.blocks.map((b) => b.block_id)).toEqual(['name', 'role', 'email', 'phone']);
      const submit = (values: Record<string, Record<string, string>>, id: string) =>
        postSlack(
          h.eventsUrl,
          SIGNING_SECRET,
          viewSubmissionBody({
            user: 'U_ALICE',
            team: TEAM,
            view: { id, callback_id: 'dd.form', private_metadata: view.private_metadata, state: { values: stateValues(values) } },
          }),
        );
      const refused = await submit({ name: { name: '王伟' }, role: { role: 'CFO' }, email: { email: 'wang-at-example' } }, 'V_CONTACT_1');
      expect(refused.status).toBe(200);
      expect(refused.json).toEqual({
        response_action: 'errors',
        errors: { email: 'Type an email address like wang@example.com after “email”.' },
      });
      expect(await h.demo.db.contact.count({ where: { workspaceId: h.demo.workspaceId } })).toBe(0);

      const saved = await submit({ name: { name: '王伟' }, role: { role: 'CFO' }, email: { email: 'wang@example.com' } }, 'V_CONTACT_2');
      expect(saved.status).toBe(200);
      const answered = await h.fake.waitForResponse(responseUrl.split('/').pop() ?? '', 10_000);
      expect(textOf((answered.body as { blocks: unknown[] }).blocks)).toContain('Added 王伟 to the contacts of Acme Robotics.');
      expect(
        await h.demo.db.contact.findMany({ where: { workspaceId: h.demo.workspaceId }, select: { name: true, role: true, email: true } }),
      ).toEqual([{ name: '王伟', role: 'CFO', email: 'wang@example.com' }]);
    });

    it('answers in Chinese and refuses a rep the grade', async () => {
      expect(textOf((await slash('Acme Robotics', 'U_WEI')).blocks)).toContain('客户 · Acme Robotics');
      expect(textOf((await slash('Acme Robotics grade A', 'U_WEI')).blocks)).toContain('只有经理和管理员可以手动设定客户等级');
    });
  });
}
