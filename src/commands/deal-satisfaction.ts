import { z } from 'zod';
import { defineCommand, forField, type CommandResult } from './command.js';
import type { CommandContext } from './context.js';
import { resolveDeal } from './resolve-deal.js';
import { canEditDeal } from '../domain/authz.js';
import { localTimeParts, type CalendarDate } from '../domain/calendar.js';
import { dealRef } from '../domain/deal.js';
import { DomainError } from '../domain/errors.js';
import { COMMENT_MAX, followUpDueOn, parseScore } from '../domain/satisfaction.js';
import type { StageKind } from '../domain/stages.js';
import {
  afterSalesDaysOf,
  cancelUnrecordedFollowUp,
  findFollowUp,
  inOneTransaction,
  recordSatisfaction,
  scheduleFollowUp,
} from '../store/after-sales.js';
import { day } from '../views/format.js';
import { messageScreen } from '../views/screens/message.js';
import { t } from '../i18n/index.js';

export const ZDealSatisfactionSchema = z.object({
  deal: z.string({ required_error: 'deal.ref_missing' }).trim().min(1, 'deal.ref_missing'),
  score: z.string({ required_error: 'satisfaction.score_missing' }).trim().min(1, 'satisfaction.score_missing'),
  comment: z.string().trim().max(COMMENT_MAX, 'satisfaction.comment_too_long').optional(),
});
export type DealSatisfactionInput = z.infer<typeof ZDealSatisfactionSchema>;

/** `deal satisfaction <deal> <score> [comment…]`. */
export function parseDealSatisfaction(args: readonly string[]): Partial<Record<keyof DealSatisfactionInput, string>> {
  const [deal, score, ...rest] = args;
  const comment = rest.join(' ').trim();
  return { ...(deal !== undefined ? { deal } : {}), ...(score !== undefined ? { score } : {}), ...(comment ? { comment } : {}) };
}

/**
 * Records the customer's satisfaction on the deal's after-sales follow-up: the owner, their manager (or a
 * manager of the owner's team) or an admin, once. A second press says it was recorded and changes nothing.
 */
export async function runDealSatisfaction(input: DealSatisfactionInput, ctx: CommandContext): Promise<CommandResult> {
  const locale = ctx.actor.locale;
  const deal = await resolveDeal(ctx, input.deal);
  const ref = dealRef(deal.number);
  const score = forField('score', () => parseScore(input.score));
  const followUp = await findFollowUp(ctx.db, ctx.workspace.id, deal.id);
  if (!followUp) throw new DomainError('satisfaction.no_follow_up', { deal: ref });
  if (!canEditDeal(ctx.actor, deal.owner)) throw new DomainError('satisfaction.forbidden', { deal: ref, owner: deal.owner.name });
  const recorded =
    followUp.recordedAt === null &&
    (await recordSatisfaction(ctx.db, {
      workspaceId: ctx.workspace.id,
      followUpId: followUp.id,
      dealId: deal.id,
      actorId: ctx.actor.id,
      score,
      comment: input.comment ?? null,
      now: ctx.now,
    }));
  if (recorded) return { screen: messageScreen(t(locale, 'satisfaction.recorded', { deal: ref, score }), { tone: 'success' }) };
  // Recorded before (a double press, someone else first): say what it is, change nothing.
  const current = followUp.recordedAt === null ? await findFollowUp(ctx.db, ctx.workspace.id, deal.id) : followUp;
  const at = current?.recordedAt ?? ctx.now;
  return {
    screen: messageScreen(
      t(locale, 'satisfaction.already', {
        deal: ref,
        score: current?.score ?? score,
        date: day(locale, localTimeParts(at, ctx.actor.timeZone).date),
      }),
      { tone: 'info' },
    ),
  };
}

export const dealSatisfaction = defineCommand({
  id: 'deal.satisfaction',
  path: ['deal', 'satisfaction'],
  usage: 'usage.deal.satisfaction',
  summary: 'summary.deal.satisfaction',
  schema: ZDealSatisfactionSchema,
  parse: parseDealSatisfaction,
  run: runDealSatisfaction,
});

/** What a write does to a deal's stage, for its after-sales follow-up. */
export type StageMove = { from: StageKind | null; to: StageKind; closeDate: CalendarDate | null };

/**
 * Runs a write that may win or reopen a deal, together with its after-sales follow-up in one
 * transaction: a win schedules the call-back `afterSalesDays` after the close date (the owner's day),
 * reopening a won deal removes an unrecorded one. Any other write runs as it is.
 */
export async function withAfterSales<T extends { id: string; owner: { id: string } }>(
  ctx: CommandContext,
  move: StageMove,
  write: (ctx: CommandContext) => Promise<T>,
): Promise<T> {
  const wins = move.to === 'won' && move.from !== 'won';
  const reopens = move.from === 'won' && move.to !== 'won';
  if (!wins && !reopens) return write(ctx);
  return inOneTransaction(ctx.db, async (db) => {
    const deal = await write({ ...ctx, db });
    if (reopens) {
      await cancelUnrecordedFollowUp(db, deal.id);
      return deal;
    }
    const dueOn = move.closeDate === null ? null : followUpDueOn(move.closeDate, await afterSalesDaysOf(db, ctx.workspace.id));
    if (dueOn !== null) await scheduleFollowUp(db, { workspaceId: ctx.workspace.id, dealId: deal.id, ownerId: deal.owner.id, dueOn });
    return deal;
  });
}
