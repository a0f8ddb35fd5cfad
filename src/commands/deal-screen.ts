import type { CommandContext } from './context.js';
import { dateContextOf } from './context.js';
import type { Tone } from '../views/screen.js';
import type { Screen } from '../views/screen.js';
import { applyDealChange, recentActivities, type DealChange, type DealRecord } from '../store/deals.js';
import { dealCardScreen } from '../views/screens/deal-card.js';
import { todayIn } from '../domain/calendar.js';
import { assertCanEditDeal } from '../domain/authz.js';
import { categorySetByHand, dealRef } from '../domain/deal.js';
import { categoryEvents } from '../store/deal-closing.js';
import { dealCompetitors } from '../store/competitors.js';

const CARD_ACTIVITIES = 3;

export async function dealCard(ctx: CommandContext, deal: DealRecord, notice?: { text: string; tone: Tone }): Promise<Screen> {
  // In turn: `ctx.db` may be the request's transaction, one query at a time.
  const activities = await recentActivities(ctx.db, ctx.workspace.id, deal.id, CARD_ACTIVITIES);
  const categoryHistory = await categoryEvents(ctx.db, deal.id);
  const competitors = await dealCompetitors(ctx.db, deal.id);
  const kindOf = (key: string) => ctx.workspace.stages.find((stage) => stage.key === key)?.kind;
  return dealCardScreen(
    {
      deal,
      stages: ctx.workspace.stages,
      activities,
      today: todayIn(dateContextOf(ctx)),
      now: ctx.now,
      categoryByHand: categorySetByHand(categoryHistory, kindOf),
      competitors,
      ...(notice ? { notice } : {}),
    },
    ctx.actor.locale,
  );
}

/** Reps change their own deals, managers their team's, admins any: checked here, in the use case. */
export function assertMayEdit(ctx: CommandContext, deal: DealRecord): void {
  assertCanEditDeal(ctx.actor, deal.owner, dealRef(deal.number));
}

/** Saves a change the actor makes to a deal they read at `deal.version`, with its events. */
export function saveDealChange(ctx: CommandContext, deal: DealRecord, change: Pick<DealChange, 'data' | 'events'>): Promise<DealRecord> {
  return applyDealChange(ctx.db, {
    workspaceId: ctx.workspace.id,
    dealId: deal.id,
    expectedVersion: deal.version,
    actorId: ctx.actor.id,
    now: ctx.now,
    read: deal,
    ...change,
  });
}
