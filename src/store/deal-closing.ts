/** What a stage move needs to know about a deal's owner and history: the owner's zone and who set the category. */
import type { Db } from './db.js';
import type { CategoryEvent } from '../domain/deal.js';

/** The owner's time zone, resolved member → team → workspace (an inactive owner's too: history stays theirs). */
export async function memberTimeZone(db: Db, workspace: { id: string; timeZone: string }, memberId: string): Promise<string> {
  const member = await db.member.findFirst({
    where: { id: memberId, workspaceId: workspace.id },
    select: { timeZone: true, team: { select: { timeZone: true } } },
  });
  return member?.timeZone ?? member?.team?.timeZone ?? workspace.timeZone;
}

/** The deal's creation, stage changes and category changes, oldest first (see `categorySetByHand`). */
export async function categoryEvents(db: Db, dealId: string): Promise<CategoryEvent[]> {
  return db.dealEvent.findMany({
    where: { dealId, type: { in: ['created', 'stage_changed', 'category_changed'] } },
    select: { type: true, fromStage: true, toStage: true },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  });
}
