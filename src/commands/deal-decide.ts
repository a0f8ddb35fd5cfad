import { z } from 'zod';
import { defineCommand, type CommandResult, type Effect } from './command.js';
import type { CommandContext } from './context.js';
import { resolveDeal } from './resolve-deal.js';
import { approvalCard } from './approval-screen.js';
import { DomainError } from '../domain/errors.js';
import { LIMITS, dealRef } from '../domain/deal.js';
import { mayDecide } from '../domain/discount-policy.js';
import { decideDiscount, findPendingRequestForDeal, findRequest, type DiscountRequestRecord } from '../store/discounts.js';
import { t } from '../i18n/index.js';

export const ZDecideSchema = z.object({
  deal: z.string({ required_error: 'deal.ref_missing' }).trim().min(1, 'deal.ref_missing'),
  request: z.string().optional(),
  reason: z.string().trim().max(LIMITS.reason, 'deal.reason_too_long').optional(),
});
export type DecideInput = z.infer<typeof ZDecideSchema>;

function parseDecide(args: readonly string[]): unknown {
  const [deal, ...rest] = args;
  if (deal === undefined) return {};
  const request = rest.find((word) => word.startsWith('req:'))?.slice(4);
  const reason = rest.filter((word) => !word.startsWith('req:')).join(' ');
  return { deal, ...(request ? { request } : {}), ...(reason ? { reason } : {}) };
}

/**
 * Approve or reject the current step of a discount request. Only the routed approver (or an admin)
 * decides, never the requester; the store's conditional update makes the decision happen once.
 */
async function decide(decision: 'approved' | 'rejected', input: DecideInput, ctx: CommandContext): Promise<CommandResult> {
  const locale = ctx.actor.locale;
  const deal = await resolveDeal(ctx, input.deal);
  const request = input.request
    ? await findRequest(ctx.db, ctx.workspace.id, input.request)
    : await findPendingRequestForDeal(ctx.db, ctx.workspace.id, deal.id);
  if (!request || request.dealId !== deal.id) throw new DomainError('discount.none_pending', { deal: dealRef(deal.number) });
  if (request.status !== 'pending') return alreadyDecided(ctx, request);
  if (request.requesterId === ctx.actor.id) throw new DomainError('discount.own_request', {});
  if (!mayDecide(ctx.actor, { requesterId: request.requesterId, step: request.route[request.step] }))
    throw new DomainError('discount.not_your_approval', { deal: dealRef(deal.number) });
  if (decision === 'rejected' && !input.reason)
    throw new DomainError('discount.reject_needs_reason', { field: 'reason', deal: dealRef(deal.number) });

  const decided = await decideDiscount(ctx.db, {
    request,
    approverId: ctx.actor.id,
    decision,
    reason: input.reason ?? null,
    now: ctx.now,
    currentAmountMinor: deal.listAmountMinor ?? deal.amountMinor,
  });
  if (!decided) return alreadyDecided(ctx, (await findRequest(ctx.db, ctx.workspace.id, request.id)) ?? request);
  const effects: Effect[] = [{ type: 'approval_changed', requestId: decided.id, notify: [decided.requesterId] }];
  if (decided.status === 'pending')
    effects.push({ type: 'approval_requested', requestId: decided.id, notify: decided.route[decided.step]?.memberIds ?? [] });
  if (decided.status === 'approved') effects.push({ type: 'deal_changed', dealId: deal.id, number: deal.number });
  const notice = t(
    locale,
    decision === 'approved'
      ? decided.status === 'pending'
        ? 'discount.approved_step_notice'
        : 'discount.approved_notice'
      : 'discount.rejected_notice',
  );
  return { screen: await approvalCard(ctx, decided, ctx.actor, notice), effects };
}

/** A late press (double click, another approver first) shows the request as it now is, and says so. */
async function alreadyDecided(ctx: CommandContext, request: DiscountRequestRecord): Promise<CommandResult> {
  const message = t(ctx.actor.locale, 'discount.already_decided_notice');
  return { screen: await approvalCard(ctx, request, ctx.actor, message), error: { code: 'discount.already_decided', message } };
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
