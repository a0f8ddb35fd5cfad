import type { CommandContext } from './context.js';
import type { Screen } from '../views/screen.js';
import { approvalCardScreen, type ApprovalViewer } from '../views/screens/approval.js';
import { discountHistory, type DiscountRequestRecord } from '../store/discounts.js';
import { findDealByNumber } from '../store/deals.js';
import { listMembers } from '../store/members.js';
import { mayDecide } from '../domain/discount-policy.js';

const HISTORY = 6;

export function viewerOf(actor: { id: string; role: string }, request: DiscountRequestRecord): ApprovalViewer {
  if (actor.id === request.requesterId) return 'requester';
  return mayDecide(actor, { requesterId: request.requesterId, step: request.route[request.step] }) ? 'approver' : 'other';
}

/** A request as one person sees it: approvers get Approve/Reject, the requester Cancel, others neither. */
export async function approvalCard(
  ctx: CommandContext,
  request: DiscountRequestRecord,
  viewer: { id: string; role: string; locale: CommandContext['actor']['locale']; timeZone: string } = ctx.actor,
  notice?: string,
): Promise<Screen> {
  const [deal, history, members] = await Promise.all([
    findDealByNumber(ctx.db, ctx.workspace.id, request.dealNumber),
    discountHistory(ctx.db, ctx.workspace.id, request.requesterId, HISTORY),
    listMembers(ctx.db, ctx.workspace.id),
  ]);
  if (!deal) throw new Error(`Deal of request ${request.id} vanished`);
  return approvalCardScreen(
    {
      request,
      deal,
      stages: ctx.workspace.stages,
      history,
      names: new Map(members.map((m) => [m.id, m.name])),
      viewer: viewerOf(viewer, request),
      timeZone: viewer.timeZone,
      ...(notice ? { notice } : {}),
    },
    viewer.locale,
  );
}
