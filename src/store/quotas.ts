import type { Db } from './db.js';
import { toSafeNumber } from '../domain/reports.js';

export type QuotaRecord = { scopeKey: string; periodKey: string; amountMinor: number; currency: string };

export function memberScope(memberId: string): string {
  return `member:${memberId}`;
}
export function teamScope(teamId: string): string {
  return `team:${teamId}`;
}

export async function quotasFor(db: Db, workspaceId: string, scopeKeys: readonly string[], periodKey: string): Promise<QuotaRecord[]> {
  const rows = await db.quota.findMany({
    where: { workspaceId, periodKey, scopeKey: { in: [...scopeKeys] } },
    select: { scopeKey: true, periodKey: true, amountMinor: true, currency: true },
  });
  return rows.map((row) => ({ ...row, amountMinor: toSafeNumber(row.amountMinor) }));
}

export type QuotaInput = {
  workspaceId: string;
  scope: { memberId: string } | { teamId: string };
  periodKey: string;
  periodStart: Date;
  periodEnd: Date;
  amountMinor: number;
  currency: string;
  setById: string;
};

/** Sets (or replaces) the quota of one member or team for one period; returns the previous amount. */
export async function upsertQuota(db: Db, input: QuotaInput): Promise<{ previousMinor: number | null }> {
  const scopeKey = 'memberId' in input.scope ? memberScope(input.scope.memberId) : teamScope(input.scope.teamId);
  return db.$transaction(async (tx) => {
    const previous = await tx.quota.findUnique({
      where: { workspaceId_scopeKey_periodKey: { workspaceId: input.workspaceId, scopeKey, periodKey: input.periodKey } },
      select: { amountMinor: true },
    });
    const data = {
      amountMinor: BigInt(input.amountMinor),
      currency: input.currency,
      setById: input.setById,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
    };
    await tx.quota.upsert({
      where: { workspaceId_scopeKey_periodKey: { workspaceId: input.workspaceId, scopeKey, periodKey: input.periodKey } },
      create: { workspaceId: input.workspaceId, scopeKey, periodKey: input.periodKey, ...input.scope, ...data },
      update: data,
      select: { id: true },
    });
    return { previousMinor: previous ? toSafeNumber(previous.amountMinor) : null };
  });
}
