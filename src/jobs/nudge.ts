/**
 * The rep morning nudge: on the workspace's digest days at the rep's digest time in the rep's own
 * zone, the next steps due today, the overdue ones and the deals that went quiet, each with the deal
 * card's buttons. A rep with nothing due gets nothing (the slot is still settled, so it is not retried).
 */
import { digestMembers } from '../store/digest-data.js';
import { repNudgeScreens } from '../views/screens/nudge.js';
import type { DueSlot, JobDefinition } from './job.js';
import { dailySlotsDue } from './schedule.js';
import { repSchedule, type DigestSchedule } from './digest-schedule.js';
import { loadRepNudge } from './digest-load.js';
import { contextFor } from './digest.js';

export type RepNudgePayload = { memberId: string; schedule: DigestSchedule };

export const repNudge: JobDefinition<RepNudgePayload> = {
  name: 'nudge.rep',
  async dueSlots({ db, now }) {
    const due: DueSlot<RepNudgePayload>[] = [];
    for (const member of await digestMembers(db, { kind: 'reps' })) {
      const schedule = repSchedule(member);
      for (const slot of dailySlotsDue({ now, ...schedule })) {
        due.push({ recipientKey: `member:${member.id}`, slotAt: slot.slotAt, late: slot.late, workspaceId: member.workspaceId, payload: { memberId: member.id, schedule } });
      }
    }
    return due;
  },
  async run(slot, run) {
    const { payload } = slot;
    if (!payload || !slot.workspaceId) return;
    const ctx = await contextFor(run.db, slot.workspaceId, payload.memberId, slot.slotAt);
    if (!ctx) return;
    const data = await loadRepNudge(ctx, { at: slot.slotAt, late: slot.late, timeZone: payload.schedule.timeZone });
    const screens = repNudgeScreens(data, ctx.actor.locale);
    if (screens.length === 0) return;
    await run.deliver.deliver({ workspaceId: ctx.workspace.id, memberId: payload.memberId }, screens);
  },
};
