import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { createdDealRef, demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { runDueJobs } from '../../src/jobs/runner.js';
import { RecordingDeliverer } from '../../src/jobs/deliverers.js';
import { approvalEscalations, approvalReminders } from '../../src/jobs/approval-reminders.js';
import { actionsOf, type Screen } from '../../src/views/screen.js';
import { renderText } from '../../src/views/render/text.js';
import { logger } from '../../src/logger.js';

const HOUR = 3_600_000;

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`approval reminders and escalations on ${provider}`, () => {
    let demo: DemoWorkspace;
    let requestedAt: Date;
    let ref: string;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
      requestedAt = demo.now;
      const created = await demo.run('/deal new Reminder Co 100k proposal', 'alice');
      ref = createdDealRef(created.text);
      await demo.run(`/deal discount ${ref} 15% waiting game`, 'alice');
    });
    afterAll(() => demo.cleanup());

    const handleOf = async (memberId: string | undefined) =>
      (await demo.db.member.findUniqueOrThrow({ where: { id: memberId ?? '' } })).handle;
    const tick = (hoursAfter: number, deliver: RecordingDeliverer) =>
      runDueJobs({
        db: demo.db,
        now: new Date(requestedAt.getTime() + hoursAfter * HOUR),
        jobs: [approvalReminders, approvalEscalations],
        deliver,
        claimedBy: 'test',
        logger,
      });

    it('reminds the approver once after 24 hours, however often the scheduler ticks', async () => {
      const deliver = new RecordingDeliverer();
      await tick(23.9, deliver);
      expect(deliver.deliveries).toHaveLength(0);
      await tick(24, deliver);
      await tick(24.02, deliver);
      await tick(25, deliver);
      expect(deliver.deliveries).toHaveLength(1);
      const [delivery] = deliver.deliveries;
      expect(await handleOf(delivery?.target.memberId)).toBe('mike');
      const card = delivery!.screens[0] as Screen;
      expect(renderText(card)).toContain('Reminder: this discount request has been waiting for you since');
      expect(actionsOf(card).map((a) => a.id)).toEqual(['discount.approve', 'discount.reject']);
    });

    it('reminds again a day later, and escalates to the admins after 72 hours (Mike has no manager)', async () => {
      const deliver = new RecordingDeliverer();
      await tick(48, deliver);
      expect(deliver.deliveries).toHaveLength(1);
      await tick(72, deliver);
      const escalations = deliver.deliveries.filter((d) => renderText(d.screens[0]!).includes('Escalated to you'));
      expect(escalations).toHaveLength(1);
      expect(await handleOf(escalations[0]?.target.memberId)).toBe('dana');
      await tick(72.5, deliver);
      await tick(96.5, deliver);
      expect(deliver.deliveries.filter((d) => renderText(d.screens[0]!).includes('Escalated to you'))).toHaveLength(1);
      // Dana may now decide; the reminder at 96 h goes to both.
      const dana = await demo.run(`/deal approve ${ref}`, 'dana');
      expect(dana.text).toContain('Approved. The net amount is now on the deal.');
    });

    it('stops once the request is decided', async () => {
      const deliver = new RecordingDeliverer();
      await tick(120, deliver);
      await tick(200, deliver);
      expect(deliver.deliveries).toHaveLength(0);
    });
  });
}
