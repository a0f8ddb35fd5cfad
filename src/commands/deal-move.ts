import { z } from 'zod';
import { defineCommand, forField, type CommandResult, type Effect } from './command.js';
import type { CommandContext } from './context.js';
import { stageAt, stageOf } from './deal-args.js';
import { resolveDeal } from './resolve-deal.js';
import { assertMayEdit, dealCard, saveDealChange } from './deal-screen.js';
import { checkTransition, stageName } from '../domain/stages.js';
import { LIMITS, categoryAfterMove, categorySetByHand, dealRef, defaultCategory } from '../domain/deal.js';
import { dateToUtcMidnight, localTimeParts } from '../domain/calendar.js';
import { categoryEvents, memberTimeZone } from '../store/deal-closing.js';
import { pickListScreen } from '../views/screens/message.js';
import { saveLostTo, withLostToReason } from './deal-competitors.js';
import { splitLostTo } from '../domain/competitors.js';
import { withAfterSales } from './deal-satisfaction.js';
import { DomainError } from '../domain/errors.js';
import { t } from '../i18n/index.js';

export const ZDealMoveSchema = z.object({
  deal: z.string({ required_error: 'deal.ref_missing' }).trim().min(1, 'deal.ref_missing'),
  stage: z.string().trim().optional(),
  reason: z.string().trim().max(LIMITS.reason, 'deal.reason_too_long').optional(),
  /** Who the deal was lost to (`lost to Oracle: price`, or the lost form's field). */
  lostTo: z.string().trim().max(LIMITS.reason, 'deal.reason_too_long').optional(),
});
export type DealMoveInput = z.infer<typeof ZDealMoveSchema>;

export function parseDealMove(args: readonly string[], ctx: CommandContext): Partial<Record<keyof DealMoveInput, string>> {
  const [deal, ...rest] = args;
  if (deal === undefined) return {};
  if (rest.length === 0) return { deal };
  const stage = stageAt(rest, 0, ctx.workspace.stages);
  const length = stage?.length ?? 1;
  const reason = rest.slice(length).join(' ');
  const named = stage && stageOf(ctx, stage.stage).kind === 'lost' ? splitLostTo(reason) : null;
  if (named) return { deal, stage: stage?.stage, lostTo: named.lostTo, ...(named.reason ? { reason: named.reason } : {}) };
  return { deal, stage: stage?.stage ?? rest[0], ...(reason ? { reason } : {}) };
}

export async function runDealMove(typed: DealMoveInput, ctx: CommandContext): Promise<CommandResult> {
  const locale = ctx.actor.locale;
  const input = withLostToReason(typed, locale);
  const deal = await resolveDeal(ctx, input.deal);
  const ref = dealRef(deal.number);
  const stageWord = input.stage;
  if (stageWord === undefined) {
    // No stage given (the Move stage button on a text surface): offer the stages as buttons.
    const items = ctx.workspace.stages
      .filter((stage) => stage.key !== deal.stage)
      .map((stage) => ({
        title: stageName(stage, locale),
        detail: `${stage.probability}%`,
        action: {
          id: 'deal.move',
          label: stageName(stage, locale),
          command: `deal move ${ref} ${stage.key}`,
          ...(stage.kind === 'lost' ? { input: { prompt: t(locale, 'prompt.lost_reason') }, form: 'deal.lost' as const } : {}),
        },
      }));
    return { screen: pickListScreen(t(locale, 'deal.pick_stage', { ref }), items) };
  }
  const to = forField('stage', () => stageOf(ctx, stageWord));
  const from = ctx.workspace.stages.find((s) => s.key === deal.stage) ?? to;
  assertMayEdit(ctx, deal);
  if (input.lostTo !== undefined && to.kind !== 'lost')
    throw new DomainError('competitors.lost_to_not_lost', { field: 'lostTo', deal: ref });
  forField('reason', () => checkTransition({ from, to, reason: input.reason, actorRole: ctx.actor.role }));

  const closing = to.kind !== 'open';
  // A won or lost deal closes on the day it closed for its owner, wherever the mover sits.
  const closeDate = closing ? localTimeParts(ctx.now, await memberTimeZone(ctx.db, ctx.workspace, deal.owner.id)).date : deal.closeDate;
  const kindOf = (key: string) => ctx.workspace.stages.find((stage) => stage.key === key)?.kind;
  const category = categoryAfterMove({
    from: from.kind,
    to: to.kind,
    current: deal.forecastCategory,
    stageDefault: defaultCategory(to),
    setByHand: from.kind === 'open' && to.kind === 'open' && categorySetByHand(await categoryEvents(ctx.db, deal.id), kindOf),
  });
  // A win schedules the after-sales call-back, a reopening removes it, in the change's transaction.
  const afterSales = { from: from.kind, to: to.kind, closeDate };
  const updated = await withAfterSales(ctx, afterSales, (write) =>
    saveDealChange(write, deal, {
      data: {
        stage: to.key,
        stageEnteredAt: ctx.now,
        lastActivityAt: ctx.now,
        closedAt: closing ? ctx.now : null,
        lostReason: to.kind === 'lost' ? (input.reason ?? null) : null,
        // Reopened or won, it is lost to nobody: /competitors must not count it as lost to them.
        ...(to.kind !== 'lost' && from.kind === 'lost' ? { lostToId: null } : {}),
        forecastCategory: category,
        ...(closeDate !== deal.closeDate && closeDate !== null ? { closeDate: dateToUtcMidnight(closeDate) } : {}),
      },
      events: [
        {
          type: 'stage_changed',
          fromStage: from.key,
          toStage: to.key,
          before: { closeDate: deal.closeDate, category: deal.forecastCategory },
          after: { reason: input.reason ?? null, closeDate, category },
        },
      ],
    }),
  );
  const notice = {
    text: t(locale, to.kind === 'won' ? 'deal.moved_won' : 'deal.moved', { ref, from: stageName(from, locale), to: stageName(to, locale) }),
    tone: 'success' as const,
  };
  const effects: Effect[] = [{ type: 'deal_changed', dealId: deal.id, number: deal.number }];
  if (to.kind === 'won') effects.push({ type: 'deal_won', dealId: deal.id, number: deal.number });
  // Who won it: named on the deal and set as lost to, in the request's transaction.
  const saved = input.lostTo !== undefined ? await saveLostTo(ctx, updated, input.lostTo) : updated;
  return { screen: await dealCard(ctx, saved, notice), effects };
}

export const dealMove = defineCommand({
  id: 'deal.move',
  path: ['deal', 'move'],
  usage: 'usage.deal.move',
  summary: 'summary.deal.move',
  schema: ZDealMoveSchema,
  parse: parseDealMove,
  run: runDealMove,
});
