import type { CommandContext } from './context.js';
import type { Screen } from '../views/screen.js';
import { approvalCardScreen, approvalStateText, type ApprovalViewer } from '../views/screens/approval.js';
import { discountHistory, type DiscountRequestRecord } from '../store/discounts.js';
import { findDealByNumber, type DealRecord } from '../store/deals.js';
import { memberNames } from '../store/members.js';
import { mayDecide } from '../domain/discount-policy.js';
import { t } from '../i18n/index.js';

const HISTORY = 6;

/** Who decided the steps before the current one: none of them may decide another step of the request. */
export function decidedBy(request: Pick<DiscountRequestRecord, 'decisions'>): string[] {
  return request.decisions.map((d) => d.approverId);
}

export function viewerOf(actor: { id: string; role: string }, request: DiscountRequestRecord): ApprovalViewer {
  if (actor.id === request.requesterId) return 'requester';
  const state = { requesterId: request.requesterId, step: request.route[request.step], decidedBy: decidedBy(request) };
  return request.status === 'pending' && mayDecide(actor, state) ? 'approver' : 'other';
}

/**
 * The names a request's card shows, by id: its route's approvers, its requester and who decided, active
 * or not (#14: the card read every active person of the workspace for them). The requester's history
 * reads the names of anyone else it shows.
 */
export async function approvalNames(ctx: CommandContext, request: DiscountRequestRecord): Promise<Map<string, string>> {
  const ids = new Set([request.requesterId, ...request.route.flatMap((step) => step.memberIds), ...decidedBy(request)]);
  return memberNames(ctx.db, ctx.workspace.id, [...ids]);
}

/** "This request has moved on: …" with where it stands now, for a press on a card drawn for an earlier step. */
export async function movedOnNotice(ctx: CommandContext, request: DiscountRequestRecord): Promise<string> {
  const names = await approvalNames(ctx, request);
  const state = approvalStateText({ request, names, timeZone: ctx.actor.timeZone }, ctx.actor.locale);
  return t(ctx.actor.locale, 'discount.moved_on_notice', { state });
}

/**
 * A request as one person sees it: approvers get Approve/Reject, the requester Cancel, others neither.
 * `deal`, when the caller read it already, is the request's deal as it is now; `names`, the request's
 * `approvalNames`.
 */
export async function approvalCard(
  ctx: CommandContext,
  request: DiscountRequestRecord,
  viewer: { id: string; role: string; locale: CommandContext['actor']['locale']; timeZone: string } = ctx.actor,
  notice?: string,
  known?: { deal?: DealRecord; names?: Map<string, string> },
): Promise<Screen> {
  const names = known?.names ?? (await approvalNames(ctx, request));
  // In turn: `ctx.db` may be the request's transaction, one query at a time.
  const deal = known?.deal ?? (await findDealByNumber(ctx.db, ctx.workspace.id, request.dealNumber));
  const history = await discountHistory(ctx.db, ctx.workspace.id, request.requesterId, HISTORY, names);
  if (!deal) throw new Error(`Deal of request ${request.id} vanished`);
  return approvalCardScreen(
    {
      request,
      deal,
      stages: ctx.workspace.stages,
      history,
      names,
      viewer: viewerOf(viewer, request),
      timeZone: viewer.timeZone,
      ...(notice ? { notice } : {}),
    },
    viewer.locale,
  );
}
