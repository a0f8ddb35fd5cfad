import type { Db } from './db.js';

/** A deal as a picker shows it: enough to recognise it, nothing more. */
export type PickableDeal = { number: number; accountName: string; title: string; stage: string };

/**
 * The open deals `ownerId` owns, the most recently active first (then the newest), at most `limit`:
 * the choices of the "Log as note on a deal" picker.
 */
export async function openDealsByRecentActivity(
  db: Db,
  options: { workspaceId: string; ownerId: string; openStages: readonly string[]; limit: number },
): Promise<PickableDeal[]> {
  const rows = await db.deal.findMany({
    where: { workspaceId: options.workspaceId, ownerId: options.ownerId, stage: { in: [...options.openStages] } },
    select: { number: true, title: true, stage: true, account: { select: { name: true } } },
    orderBy: [{ lastActivityAt: 'desc' }, { number: 'desc' }],
    take: options.limit,
  });
  return rows.map((row) => ({ number: row.number, accountName: row.account.name, title: row.title, stage: row.stage }));
}
