import { z } from 'zod';
import { defineCommand, type CommandResult, type Effect } from './command.js';
import type { CommandContext } from './context.js';
import { resolveDeal } from './resolve-deal.js';
import { approvalCard, decidedBy, movedOnNotice } from './approval-screen.js';
import { DomainError } from '../domain/errors.js';
import { LIMITS, dealRef } from '../domain/deal.js';
import { eligibleApprovers, mayDecide, type RouteStep } from '../domain/discount-policy.js';
import { decideDiscount, findPendingRequestForDeal, findRequest, orgChart, type DiscountRequestRecord } from '../store/discounts.js';
import type { DealRecord } from '../store/deals.js';
import { t } from '../i18n/index.js';

export const ZDecideSchema = z.object({
  deal: z.string({ required_error: 'deal.ref_missing' }).trim().min(1, 'deal.ref_missing'),
  request: z.string().optional(),
  /** The step (1-based) and request version a button was drawn for; a typed command decides the current step. */
  step: z.coerce.number().int().positive().optional(),
  version: z.coerce.number().int().positive().optional(),
  reason: z.string().trim().max(LIMITS.reason, 'deal.reason_too_long').optional(),
});
export type DecideInput = z.infer<typeof ZDecideSchema>;

const MARKS = { request: 'req:', step: 'step:', version: 'v:' } as const;

/** `deal approve D-42 [req:<id> step:<n> v:<version>] [reason…]`: a button's marks come before any reason. */
function parseDecide(args: readonly string[]): unknown {
  const [deal, ...rest] = args;
  if (deal === undefined) return {};
  const marks: Record<string, string> = {};
  let at = 0;
  for (; at < rest.length; at++) {
    const word = rest[at] ?? '';
    const mark = Object.entries(MARKS).find(([, prefix]) => word.startsWith(prefix));
    if (!mark) break;
    marks[mark[0]] = word.slice(mark[1].length);
  }
  const reason = rest.slice(at).join(' ');
  return { deal, ...marks, ...(reason ? { reason } : {}) };
}

/**
 * Approve or reject the current step of a discount request. Only the routed approver (or an admin)
 * decides, never the requester nor whoever decided an earlier step; a button decides only the step and
 * version it was drawn for; the store's conditional update makes the decision happen once.
 */
async function decide(decision: 'approved' | 'rejected', input: DecideInput, ctx: CommandContext): Promise<CommandResult> {
  const locale = ctx.actor.locale;
  const deal = await resolveDeal(ctx, input.deal);
  const request = input.request
    ? await findRequest(ctx.db, ctx.workspace.id, input.request)
    : await findPendingRequestForDeal(ctx.db, ctx.workspace.id, deal.id);
  if (!request || request.dealId !== deal.id) throw new DomainError('discount.none_pending', { deal: dealRef(deal.number) });
  if (request.status !== 'pending') return alreadyDecided(ctx, request, deal);
  if ((input.step !== undefined && input.step !== request.step + 1) || (input.version !== undefined && input.version !== request.version))
    return movedOn(ctx, request, deal);
  if (request.requesterId === ctx.actor.id) throw new DomainError('discount.own_request', {});
  const earlier = request.decisions.find((d) => d.approverId === ctx.actor.id);
  if (earlier && earlier.step >= request.step) {
    // Read while another press of theirs was deciding this very step (the request, then its decisions): it is decided.
    const now = (await findRequest(ctx.db, ctx.workspace.id, request.id)) ?? request;
    return now.status === 'pending' ? movedOn(ctx, now) : alreadyDecided(ctx, now);
  }
  if (earlier) throw new DomainError('discount.decided_earlier_step', { step: earlier.step + 1 });
  if (!mayDecide(ctx.actor, { requesterId: request.requesterId, step: request.route[request.step], decidedBy: decidedBy(request) }))
    throw new DomainError('discount.not_your_approval', { deal: dealRef(deal.number) });
  if (decision === 'rejected' && !input.reason)
    throw new DomainError('discount.reject_needs_reason', { field: 'reason', deal: dealRef(deal.number) });

  const decided = await decideDiscount(ctx.db, {
    request,
    approverId: ctx.actor.id,
    approverName: ctx.actor.name,
    decision,
    reason: input.reason ?? null,
    now: ctx.now,
    currentAmountMinor: deal.listAmountMinor ?? deal.amountMinor,
    route: decision === 'approved' ? await routeAfter(ctx, request) : request.route,
  });
  if (!decided) {
    const now = (await findRequest(ctx.db, ctx.workspace.id, request.id)) ?? request;
    return now.status === 'pending' ? movedOn(ctx, now) : alreadyDecided(ctx, now);
  }
  const effects: Effect[] = [{ type: 'approval_changed', requestId: decided.id, notify: [decided.requesterId] }];
  if (decided.status === 'pending')
    effects.push({ type: 'approval_requested', requestId: decided.id, notify: await nextToTell(ctx, decided) });
  if (decided.status === 'approved') effects.push({ type: 'deal_changed', dealId: deal.id, number: deal.number });
  const notice = t(
    locale,
    decision === 'approved'
      ? decided.status === 'pending'
        ? 'discount.approved_step_notice'
        : 'discount.approved_notice'
      : 'discount.rejected_notice',
  );
  // Only a final approval changes the deal (its net amount); otherwise the deal read above is current.
  const known = decided.status === 'approved' ? {} : { deal };
  return { screen: await approvalCard(ctx, decided, ctx.actor, notice, known), effects };
}

/**
 * The route once the current step is approved: the next step goes to its own people except the requester,
 * the owner and everyone who has decided a step (this actor included), else to the other admins, else nobody.
 */
async function routeAfter(ctx: CommandContext, request: DiscountRequestRecord): Promise<RouteStep[]> {
  const next = request.route[request.step + 1];
  if (!next) return request.route;
  const org = await orgChart(ctx.db, ctx.workspace.id, request.requesterId);
  const excluded = [request.requesterId, ...decidedBy(request), ctx.actor.id];
  const memberIds = eligibleApprovers(
    next.memberIds.filter((id) => org.isActive?.(id) ?? true),
    { excluded, admins: org.admins },
  );
  return request.route.map((step, index) => (index === request.step + 1 ? { ...step, memberIds } : step));
}

/** Who hears of the next step: its approvers, or, when nobody may take it, the admins (who can name someone). */
async function nextToTell(ctx: CommandContext, request: DiscountRequestRecord): Promise<string[]> {
  const approvers = request.route[request.step]?.memberIds ?? [];
  if (approvers.length > 0) return approvers;
  const org = await orgChart(ctx.db, ctx.workspace.id, request.requesterId);
  return org.admins.filter((id) => id !== ctx.actor.id);
}

/** A press on a card drawn for an earlier step or version: nothing is decided, and the card shows where it stands. */
async function movedOn(ctx: CommandContext, request: DiscountRequestRecord, deal?: DealRecord): Promise<CommandResult> {
  const message = await movedOnNotice(ctx, request);
  return {
    screen: await approvalCard(ctx, request, ctx.actor, message, deal ? { deal } : {}),
    error: { code: 'discount.moved_on', message },
  };
}

/** A late press (double click, another approver first) shows the request as it now is, and says so. */
async function alreadyDecided(ctx: CommandContext, request: DiscountRequestRecord, deal?: DealRecord): Promise<CommandResult> {
  const message = t(ctx.actor.locale, 'discount.already_decided_notice');
  return {
    screen: await approvalCard(ctx, request, ctx.actor, message, deal ? { deal } : {}),
    error: { code: 'discount.already_decided', message },
  };
}

export const dealApprove = defineCommand({
  id: 'deal.approve',
  path: ['deal', 'approve'],
  usage: 'usage.deal.approve',
  summary: 'summary.deal.approve',
  schema: ZDecideSchema,
  parse: parseDecide,
  run: (input, ctx) => decide('approved', input, ctx),
});

export const dealReject = defineCommand({
  id: 'deal.reject',
  path: ['deal', 'reject'],
  usage: 'usage.deal.reject',
  summary: 'summary.deal.reject',
  schema: ZDecideSchema,
  parse: parseDecide,
  run: (input, ctx) => decide('rejected', input, ctx),
});
