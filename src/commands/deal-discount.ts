import { z } from 'zod';
import { defineCommand, forField, type CommandResult } from './command.js';
import type { CommandContext } from './context.js';
import { resolveDeal } from './resolve-deal.js';
import { assertMayEdit } from './deal-screen.js';
import { approvalCard, approvalNames } from './approval-screen.js';
import { DomainError } from '../domain/errors.js';
import { LIMITS, dealRef } from '../domain/deal.js';
import { applyDiscount } from '../domain/money.js';
import { parseDiscountPercent, resolveRoute } from '../domain/discount-policy.js';
import { cancelDiscount, createDiscountRequest, findPendingRequestForDeal, findRequest, loadPolicy, orgChart } from '../store/discounts.js';
import { newDiscountFormScreen } from '../views/screens/forms.js';
import { percent } from '../views/format.js';
import { t } from '../i18n/index.js';

const CANCEL_WORDS = new Set(['cancel', 'withdraw', '撤回', '取消']);

export const ZDealDiscountSchema = z.object({
  deal: z.string({ required_error: 'deal.ref_missing' }).trim().min(1, 'deal.ref_missing'),
  pct: z.string().trim().optional(),
  reason: z.string().trim().max(LIMITS.reason, 'deal.reason_too_long').optional(),
  cancel: z.boolean().default(false),
  request: z.string().optional(),
});
export type DealDiscountInput = z.infer<typeof ZDealDiscountSchema>;

/** `deal discount D-42 15% competitor offered 20%`, `deal discount D-42` (show), `deal discount D-42 cancel`. */
export function parseDealDiscount(args: readonly string[]): unknown {
  const [deal, ...rest] = args;
  if (deal === undefined) return {};
  const request = rest.find((word) => word.startsWith('req:'))?.slice(4);
  const words = rest.filter((word) => !word.startsWith('req:'));
  if (words[0] !== undefined && CANCEL_WORDS.has(words[0].toLowerCase())) return { deal, cancel: true, ...(request ? { request } : {}) };
  const [pct, ...reason] = words;
  return { deal, ...(pct !== undefined ? { pct } : {}), ...(reason.length > 0 ? { reason: reason.join(' ') } : {}) };
}

export async function runDealDiscount(input: DealDiscountInput, ctx: CommandContext): Promise<CommandResult> {
  const locale = ctx.actor.locale;
  const deal = await resolveDeal(ctx, input.deal);
  const pending = await findPendingRequestForDeal(ctx.db, ctx.workspace.id, deal.id);
  if (input.cancel) {
    const request = input.request ? await findRequest(ctx.db, ctx.workspace.id, input.request) : pending;
    if (!request || request.status !== 'pending') throw new DomainError('discount.not_pending', { deal: dealRef(deal.number) });
    if (request.requesterId !== ctx.actor.id && ctx.actor.role !== 'admin')
      throw new DomainError('discount.not_requester', { name: request.requesterName });
    if (!(await cancelDiscount(ctx.db, request, ctx.actor.id, ctx.now))) throw new DomainError('discount.already_decided', {});
    const cancelled = await findRequest(ctx.db, ctx.workspace.id, request.id);
    if (!cancelled) throw new Error(`Discount request ${request.id} vanished after it was cancelled`);
    return {
      screen: await approvalCard(ctx, cancelled, ctx.actor, t(locale, 'discount.cancelled_notice')),
      effects: [{ type: 'approval_changed', requestId: request.id, notify: request.route[request.step]?.memberIds ?? [] }],
    };
  }
  const pct = input.pct;
  if (pct === undefined) {
    // No percentage: show the pending request, or the form to ask for one.
    if (pending) return { screen: await approvalCard(ctx, pending, ctx.actor, undefined, { deal }) };
    return { screen: newDiscountFormScreen(locale, dealRef(deal.number)) };
  }
  assertMayEdit(ctx, deal);
  const discountBps = forField('pct', () => parseDiscountPercent(pct));
  if (!input.reason) throw new DomainError('discount.reason_missing', { field: 'reason', deal: dealRef(deal.number) });
  if (deal.closedAt !== null) throw new DomainError('discount.deal_closed', { deal: dealRef(deal.number) });
  if (pending) throw new DomainError('discount.already_pending', { deal: dealRef(deal.number) });

  const listMinor = deal.listAmountMinor ?? deal.amountMinor;
  const policy = await loadPolicy(ctx.db, ctx.workspace.id);
  const org = await orgChart(ctx.db, ctx.workspace.id, deal.owner.id, ctx.actor.id);
  const route = resolveRoute(policy, { discountBps, amountMinor: listMinor }, org);
  const request = await createDiscountRequest(ctx.db, {
    workspaceId: ctx.workspace.id,
    deal: { id: deal.id, version: deal.version, number: deal.number },
    requesterId: ctx.actor.id,
    discountBps,
    reason: input.reason,
    listAmountMinor: listMinor,
    netAmountMinor: applyDiscount(listMinor, discountBps),
    currency: deal.currency,
    route,
    now: ctx.now,
  });
  const [firstStep] = route;
  if (firstStep === undefined) {
    const notice = t(locale, 'discount.auto_notice', { pct: percent(locale, discountBps / 100) });
    return {
      screen: await approvalCard(ctx, request, ctx.actor, notice),
      effects: [{ type: 'deal_changed', dealId: deal.id, number: deal.number }],
    };
  }
  // Nobody but the requester may approve (the only admin asking about their own deal): it waits, and says so.
  if (firstStep.memberIds.length === 0)
    return { screen: await approvalCard(ctx, request, ctx.actor, t(locale, 'discount.waiting_notice'), { deal }) };
  const names = await approvalNames(ctx, request);
  const approvers = firstStep.memberIds.map((id) => names.get(id) ?? id);
  return {
    // A pending request leaves the deal as it was read.
    screen: await approvalCard(ctx, request, ctx.actor, t(locale, 'discount.sent_notice', { names: approvers }), { deal, names }),
    effects: [{ type: 'approval_requested', requestId: request.id, notify: firstStep.memberIds }],
  };
}

export const dealDiscount = defineCommand({
  id: 'deal.discount',
  path: ['deal', 'discount'],
  usage: 'usage.deal.discount',
  summary: 'summary.deal.discount',
  schema: ZDealDiscountSchema,
  parse: parseDealDiscount,
  run: runDealDiscount,
});
