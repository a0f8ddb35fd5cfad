/**
 * The rep morning nudge: on the workspace's digest days at the rep's digest time in the rep's own
 * zone, the next steps due today, the overdue ones and the deals that went quiet, each with the deal
 * card's buttons. A rep with nothing due gets nothing (the slot is still settled, so it is not retried).
 */
import { repNudgeScreens } from '../views/screens/nudge.js';
import type { JobDefinition } from './job.js';
import { repSchedule, type DigestSchedule } from '../domain/digest-schedule.js';
import { loadRepNudge } from '../commands/reports.js';
import { dueAfterSales } from '../commands/satisfaction.js';
import { contextFor, dailyMemberSlots } from './digest.js';

export type RepNudgePayload = { memberId: string; schedule: DigestSchedule };

export const repNudge: JobDefinition<RepNudgePayload> = {
  name: 'nudge.rep',
  dueSlots: ({ db, now }) => dailyMemberSlots(db, now, 'reps', repSchedule, (member, schedule) => ({ memberId: member.id, schedule })),
  async run(slot, run) {
    const { payload } = slot;
    if (!payload || !slot.workspaceId) return;
    const ctx = await contextFor(run.db, slot.workspaceId, payload.memberId, slot.slotAt);
    if (!ctx) return;
    const data = await loadRepNudge(ctx, { at: slot.slotAt, late: slot.late, timeZone: payload.schedule.timeZone });
    const screens = repNudgeScreens({ ...data, afterSales: await dueAfterSales(ctx, data.today) }, ctx.actor.locale);
    if (screens.length === 0) return;
    await run.deliver.deliver({ workspaceId: ctx.workspace.id, memberId: payload.memberId }, screens);
  },
};
