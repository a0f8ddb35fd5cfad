// quotasFor with more quota holders than one statement may carry as parameters (SQLite refused the
// IN list of a workspace's 1,100 holders at scale, so /quota all and /forecast all failed there).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn, freshDatabase, type FreshDatabase } from '../support/databases.js';
import { memberScope, quotasFor, teamScope } from '../../src/store/quotas.js';
import { dateToUtcMidnight } from '../../src/domain/calendar.js';

const HOLDERS = 1_200;
const QUARTER = { start: '2026-10-01', end: '2026-12-31' } as const;

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`quotas of many holders on ${provider}`, () => {
    let fresh: FreshDatabase;
    const workspaceId = 'ws-quotas';
    const memberIds = Array.from({ length: HOLDERS + 1 }, (_, i) => `m-${String(i).padStart(5, '0')}`);
    beforeAll(async () => {
      fresh = await freshDatabase(provider);
      const { db } = fresh;
      await db.workspace.create({ data: { id: workspaceId, name: 'Quotas', currency: 'USD' }, select: { id: true } });
      await db.member.createMany({ data: memberIds.map((id) => ({ id, workspaceId, name: `Rep ${id}`, handle: id })) });
      await db.team.create({ data: { id: 't-1', workspaceId, name: 'East', nameKey: 'east' }, select: { id: true } });
      const quarter = { periodKey: '2026-Q3', periodStart: dateToUtcMidnight(QUARTER.start), periodEnd: dateToUtcMidnight(QUARTER.end) };
      await db.quota.createMany({
        data: [
          ...memberIds.map((id, i) => ({
            workspaceId,
            scopeKey: memberScope(id),
            memberId: id,
            amountMinor: BigInt((i + 1) * 100),
            currency: 'USD',
            ...quarter,
          })),
          { workspaceId, scopeKey: teamScope('t-1'), teamId: 't-1', amountMinor: 7n, currency: 'EUR', ...quarter },
          // A year's quota reaches outside the quarter: not the quarter's.
          {
            workspaceId,
            scopeKey: memberScope(memberIds[0]!),
            memberId: memberIds[0]!,
            periodKey: 'FY2027',
            periodStart: dateToUtcMidnight('2026-04-01'),
            periodEnd: dateToUtcMidnight('2027-03-31'),
            amountMinor: 1n,
            currency: 'USD',
          },
        ],
      });
    }, 120_000);
    afterAll(() => fresh.cleanup());

    it('reads the quarter quota of every holder asked for, and of no one else, however many they are', async () => {
      // Every member but the last, and the team: more keys than SQLite takes as parameters of one statement.
      const asked = [...memberIds.slice(0, HOLDERS).map(memberScope), teamScope('t-1')];
      const quotas = await quotasFor(fresh.db, workspaceId, asked, QUARTER);
      const byScope = new Map(quotas.map((quota) => [quota.scopeKey, quota]));
      expect(byScope.size).toBe(HOLDERS + 1);
      expect(byScope.get(memberScope(memberIds[0]!))).toEqual({ scopeKey: memberScope(memberIds[0]!), amountMinor: 100, currency: 'USD' });
      expect(byScope.get(memberScope(memberIds[HOLDERS - 1]!))?.amountMinor).toBe(HOLDERS * 100);
      expect(byScope.get(teamScope('t-1'))).toEqual({ scopeKey: teamScope('t-1'), amountMinor: 7, currency: 'EUR' });
      expect(byScope.has(memberScope(memberIds[HOLDERS]!))).toBe(false);
      const total = quotas.filter((quota) => quota.currency === 'USD').reduce((sum, quota) => sum + quota.amountMinor, 0);
      expect(total).toBe((100 * HOLDERS * (HOLDERS + 1)) / 2);
    });

    it('reads the same quotas for a short list', async () => {
      const asked = [memberScope(memberIds[2]!), memberScope(memberIds[HOLDERS]!), memberScope('nobody')];
      const quotas = await quotasFor(fresh.db, workspaceId, asked, QUARTER);
      expect(quotas.sort((a, b) => a.scopeKey.localeCompare(b.scopeKey))).toEqual([
        { scopeKey: memberScope(memberIds[2]!), amountMinor: 300, currency: 'USD' },
        { scopeKey: memberScope(memberIds[HOLDERS]!), amountMinor: (HOLDERS + 1) * 100, currency: 'USD' },
      ]);
    });
  });
}
