import type { Db } from './db.js';
import { toSafeNumber } from '../domain/reports.js';

/** One recorded change of a deal, as its history shows it. `before`/`after` are the event's own JSON. */
export type DealHistoryEvent = {
  id: string;
  type: string;
  at: Date;
  actorName: string | null;
  fromStage: string | null;
  toStage: string | null;
  amountMinor: number | null;
  currency: string | null;
  before: unknown;
  after: unknown;
};

/** A page of a deal's events, newest first, with how many there are and the names of the members they mention. */
export async function dealHistoryPage(
  db: Db,
  dealId: string,
  page: { offset: number; limit: number },
): Promise<{ total: number; events: DealHistoryEvent[] }> {
  const [total, rows] = await Promise.all([
    db.dealEvent.count({ where: { dealId } }),
    db.dealEvent.findMany({
      where: { dealId },
      select: {
        id: true,
        type: true,
        at: true,
        fromStage: true,
        toStage: true,
        amountMinor: true,
        currency: true,
        before: true,
        after: true,
        actor: { select: { name: true } },
      },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      skip: page.offset,
      take: page.limit,
    }),
  ]);
  return {
    total,
    events: rows.map(({ actor, amountMinor, ...row }) => ({
      ...row,
      actorName: actor?.name ?? null,
      amountMinor: amountMinor === null ? null : toSafeNumber(amountMinor),
    })),
  };
}
