/**
 * Pending discount requests are not forgotten: the current approvers are reminded every
 * `reminderAfterHours` (24 h by default) while the request waits, and after `escalateAfterHours`
 * (72 h) the step is also offered one level up (the approvers' managers, else the admins).
 * Both run through the scheduler's exactly-once slots, keyed by request and step.
 */
import type { Db } from '../store/db.js';
import type { CommandContext } from '../commands/context.js';
import { approvalCard } from '../commands/approval-screen.js';
import { escalateStep, findRequest, markReminded, pendingRequests, type DiscountRequestRecord } from '../store/discounts.js';
import { approvalTimings, loadWorkspaceContext } from '../store/workspaces.js';
import { loadActor, orgMembers } from '../store/members.js';
import { t } from '../i18n/index.js';
import { dateTime } from '../views/format.js';
import { elapsedSlots } from './schedule.js';
import type { DueSlot, JobDefinition, RunContext } from './job.js';

type Settings = { reminderAfterHours: number; escalateAfterHours: number; catchUpMinutes: number };

/** An escalation must not be lost to a long outage; a week is the longest a request plausibly waits unnoticed. */
const ESCALATION_CATCH_UP_MINUTES = 7 * 24 * 60;

function stepStartedAt(request: DiscountRequestRecord): Date {
  return request.decisions.at(-1)?.at ?? request.createdAt;
}

async function pendingWithSettings(db: Db): Promise<{ request: DiscountRequestRecord; settings: Settings }[]> {
  const requests = await pendingRequests(db);
  const workspaceIds = [...new Set(requests.map((r) => r.workspaceId))];
  const workspaces = await approvalTimings(db, workspaceIds);
  const settings = new Map(workspaces.map((w) => [w.id, w]));
  return requests.flatMap((request) => {
    const found = settings.get(request.workspaceId);
    return found ? [{ request, settings: found }] : [];
  });
}

function stepKey(request: DiscountRequestRecord): string {
  return `request:${request.id}:step:${request.step}`;
}

/** Sends the request's current card to each member, as that member sees it, with a line on top. */
async function deliverCards(
  ctx: RunContext,
  request: DiscountRequestRecord,
  memberIds: readonly string[],
  notice: (actor: CommandContext['actor']) => string,
): Promise<void> {
  const workspace = await loadWorkspaceContext(ctx.db, request.workspaceId);
  if (!workspace) return;
  for (const memberId of memberIds) {
    const actor = await loadActor(ctx.db, workspace, memberId);
    if (!actor) continue;
    const commandCtx: CommandContext = { db: ctx.db, workspace, actor, now: ctx.now, platform: 'shell' };
    await ctx.deliver.deliver({ workspaceId: workspace.id, memberId }, [await approvalCard(commandCtx, request, actor, notice(actor))]);
  }
}

export const approvalReminders: JobDefinition<{ requestId: string }> = {
  name: 'approval.remind',
  async dueSlots({ db, now }) {
    const due: DueSlot<{ requestId: string }>[] = [];
    for (const { request, settings } of await pendingWithSettings(db)) {
      const every = settings.reminderAfterHours * 60;
      for (const slot of elapsedSlots({
        now,
        since: stepStartedAt(request),
        afterMinutes: every,
        everyMinutes: every,
        catchUpMinutes: settings.catchUpMinutes,
      })) {
        due.push({
          recipientKey: stepKey(request),
          slotAt: slot.slotAt,
          late: slot.late,
          workspaceId: request.workspaceId,
          payload: { requestId: request.id },
        });
      }
    }
    return due;
  },
  async run(slot, ctx) {
    const request = await findRequest(ctx.db, slot.workspaceId ?? '', slot.payload?.requestId ?? '');
    if (!request || request.status !== 'pending' || stepKey(request) !== slot.recipientKey) return;
    const since = stepStartedAt(request);
    await deliverCards(ctx, request, request.route[request.step]?.memberIds ?? [], (actor) =>
      t(actor.locale, 'discount.reminder', {
        since: dateTime(actor.locale, since, actor.timeZone),
      }),
    );
    await markReminded(ctx.db, request, ctx.now);
  },
};

export const approvalEscalations: JobDefinition<{ requestId: string }> = {
  name: 'approval.escalate',
  async dueSlots({ db, now }) {
    const due: DueSlot<{ requestId: string }>[] = [];
    for (const { request, settings } of await pendingWithSettings(db)) {
      if (request.escalatedAt) continue;
      for (const slot of elapsedSlots({
        now,
        since: stepStartedAt(request),
        afterMinutes: settings.escalateAfterHours * 60,
        catchUpMinutes: ESCALATION_CATCH_UP_MINUTES,
      })) {
        due.push({
          recipientKey: stepKey(request),
          slotAt: slot.slotAt,
          late: slot.late,
          workspaceId: request.workspaceId,
          payload: { requestId: request.id },
        });
      }
    }
    return due;
  },
  async run(slot, ctx) {
    const request = await findRequest(ctx.db, slot.workspaceId ?? '', slot.payload?.requestId ?? '');
    if (!request || request.status !== 'pending' || stepKey(request) !== slot.recipientKey) return;
    const current = request.route[request.step]?.memberIds ?? [];
    const members = await orgMembers(ctx.db, request.workspaceId);
    // Separation of duties holds one level up too: not the requester, and nobody who decided an earlier step.
    const barred = new Set([...current, request.requesterId, ...request.decisions.map((d) => d.approverId)]);
    const managers = members
      .filter((m) => current.includes(m.id))
      .map((m) => m.managerId)
      .filter((id): id is string => id !== null && !barred.has(id));
    const admins = members.filter((m) => m.role === 'admin' && !barred.has(m.id)).map((m) => m.id);
    const added = managers.length > 0 ? [...new Set(managers)] : admins;
    if (added.length === 0) return;
    if (!(await escalateStep(ctx.db, request, added, ctx.now))) return;
    const escalated = (await findRequest(ctx.db, request.workspaceId, request.id)) ?? request;
    const [timings] = await approvalTimings(ctx.db, [request.workspaceId]);
    await deliverCards(ctx, escalated, added, (actor) =>
      t(actor.locale, 'discount.escalated', { hours: timings?.escalateAfterHours ?? 72 }),
    );
  },
};
