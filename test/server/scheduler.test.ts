// The server runs the scheduled jobs itself and delivers through the platform the workspace is on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../support/slack-server.js';
import { execute } from '../../src/commands/execute.js';

describe('the server’s scheduler', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness(
      'sqlite',
      {},
      {
        scheduler: true,
        // A discount request filed 25 hours before the real clock: its 24-hour reminder is due now.
        beforeStart: async (demo) => {
          const ctx = await demo.contextFor('alice', new Date(Date.now() - 25 * 3_600_000));
          const created = await execute('deal new Reminded Co 100k proposal', ctx);
          const number = created.screen.subject?.type === 'deal' ? created.screen.subject.number : 0;
          await execute(`deal discount D-${number} 15% waiting since yesterday`, ctx);
        },
      },
    );
  });
  afterAll(() => h.close());

  it('reminds the approver in Slack once, on its first tick', async () => {
    const reminder = await h.fake.waitForCall(
      'chat.postMessage',
      (call) => call.body.channel === 'U_MIKE' && JSON.stringify(call.body.blocks).includes('Reminder'),
      10_000,
    );
    expect(JSON.stringify(reminder.body.blocks)).toContain('waiting since yesterday');
    await expect
      .poll(async () => (await h.demo.db.scheduleSlot.findMany({ where: { job: 'approval.remind' } })).map((s) => s.status))
      .toEqual(['done']);
    expect(h.fake.callsTo('chat.postMessage').filter((call) => JSON.stringify(call.body.blocks).includes('Reminder'))).toHaveLength(1);
  });
});
