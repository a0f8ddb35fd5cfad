// The report queries on real databases, with rows inserted directly: which deals and quotas a period,
// a scope and a stage list take in, first and last day inclusive, and what each group adds up to.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn, freshDatabase, type FreshDatabase } from '../support/databases.js';
import { categorySums, openPipelineByStage, ownerAndCategorySums, ownerSums, type ReportScope } from '../../src/store/reports.js';
import { quotaCurrenciesOtherThan, quotaPeriodsOf, quotasFor, upsertQuota } from '../../src/store/quotas.js';
import { biggestClosing, digestMembers, eventsBetween, repAttentionDeals, slippingAndStale } from '../../src/store/digest-data.js';
import { dateToUtcMidnight } from '../../src/domain/calendar.js';
import { closedFunnel } from '../../src/store/funnel.js';
import type { Db } from '../../src/store/db.js';

const OPEN = ['lead', 'proposal', 'negotiation'];
const WON = ['won'];
const Q4 = { from: dateToUtcMidnight('2026-10-01'), to: dateToUtcMidnight('2026-12-31') };
const NOW = new Date('2026-11-23T15:00:00Z');

type Seed = { ws: string; other: string; ann: string; bob: string; cat: string; east: string; west: string; account: string };

async function seed(db: FreshDatabase['db']): Promise<Seed> {
  const ws = (await db.workspace.create({ data: { name: 'Reports' }, select: { id: true } })).id;
  const other = (await db.workspace.create({ data: { name: 'Elsewhere' }, select: { id: true } })).id;
  const team = async (name: string) =>
    (await db.team.create({ data: { workspaceId: ws, name, nameKey: name.toLowerCase() }, select: { id: true } })).id;
  const east = await team('East');
  const west = await team('West');
  const member = async (workspaceId: string, handle: string, teamId: string | null, active = true) =>
    (await db.member.create({ data: { workspaceId, name: handle, handle, teamId, active }, select: { id: true } })).id;
  const ann = await member(ws, 'ann', east);
  const bob = await member(ws, 'bob', west, false);
  const cat = await member(ws, 'cat', null);
  const account = (await db.account.create({ data: { workspaceId: ws, name: 'Acme', nameKey: 'acme' }, select: { id: true } })).id;
  return { ws, other, ann, bob, cat, east, west, account };
}

let number = 0;

type DealRow = {
  workspaceId?: string;
  ownerId: string;
  teamId?: string | null;
  stage: string;
  amountMinor: number;
  currency?: string;
  closeDate?: string | null;
  forecastCategory?: string;
  stageEnteredAt?: Date;
  lastActivityAt?: Date;
  nextStepDue?: string;
  lostReason?: string;
  createdAt?: Date;
  closedAt?: Date;
};

async function insertDeal(db: FreshDatabase['db'], s: Seed, row: DealRow): Promise<{ id: string; number: number }> {
  const workspaceId = row.workspaceId ?? s.ws;
  const accountId =
    workspaceId === s.ws
      ? s.account
      : (await db.account.create({ data: { workspaceId, name: 'Other', nameKey: `other${++number}` }, select: { id: true } })).id;
  number++;
  return db.deal.create({
    data: {
      workspaceId,
      number,
      title: `Deal ${number}`,
      searchKey: `deal ${number}`,
      accountId,
      ownerId: row.ownerId,
      teamId: row.teamId ?? null,
      amountMinor: BigInt(row.amountMinor),
      currency: row.currency ?? 'USD',
      stage: row.stage,
      forecastCategory: row.forecastCategory ?? 'pipeline',
      closeDate: row.closeDate ? dateToUtcMidnight(row.closeDate) : null,
      stageEnteredAt: row.stageEnteredAt ?? NOW,
      lastActivityAt: row.lastActivityAt ?? NOW,
      nextStepDue: row.nextStepDue ? dateToUtcMidnight(row.nextStepDue) : null,
      lostReason: row.lostReason ?? null,
      ...(row.createdAt ? { createdAt: row.createdAt } : {}),
      closedAt: row.closedAt ?? null,
    },
    select: { id: true, number: true },
  });
}

/** Won sums per owner, team and currency (whatever finer grouping the query keeps, e.g. by close date). */
function totals(rows: readonly { ownerId: string; teamId: string | null; currency: string; count: number; sumMinor: number }[]) {
  const merged = new Map<string, { ownerId: string; teamId: string | null; currency: string; count: number; sumMinor: number }>();
  for (const { ownerId, teamId, currency, count, sumMinor } of rows) {
    const key = `${ownerId}|${teamId}|${currency}`;
    const seen = merged.get(key);
    merged.set(key, { ownerId, teamId, currency, count: (seen?.count ?? 0) + count, sumMinor: (seen?.sumMinor ?? 0) + sumMinor });
  }
  return [...merged.values()].sort((a, b) =>
    `${a.ownerId}|${a.teamId}|${a.currency}`.localeCompare(`${b.ownerId}|${b.teamId}|${b.currency}`),
  );
}

const byKey = <T extends Record<string, unknown>>(rows: T[], ...keys: (keyof T)[]) =>
  [...rows].sort((a, b) =>
    keys
      .map((k) => String(a[k]))
      .join('|')
      .localeCompare(keys.map((k) => String(b[k])).join('|')),
  );

/** Rows in one order whatever order the statement returned them in. */
const canonical = (rows: readonly object[]) => rows.map((row) => JSON.stringify(Object.entries(row).sort())).sort();

/** The won or the open part of the period's sums, as a quota report reads them (ownerSums) and as the forecast does (categorySums). */
const wonOfOwnerSums = async (db: Db, scope: ReportScope, won: readonly string[], from: Date, to: Date) =>
  (await ownerSums(db, scope, { won, open: OPEN }, from, to)).won;
const openOfOwnerSums = async (db: Db, scope: ReportScope, open: readonly string[], from: Date, to: Date) =>
  (await ownerSums(db, scope, { won: WON, open }, from, to)).open;
const wonOfCategorySums = async (db: Db, scope: ReportScope, won: readonly string[], from: Date, to: Date) =>
  (await categorySums(db, scope, { won, open: OPEN }, from, to)).won;
const openOfCategorySums = async (db: Db, scope: ReportScope, open: readonly string[], from: Date, to: Date) =>
  (await categorySums(db, scope, { won: WON, open }, from, to)).open;

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`report queries on ${provider}`, () => {
    let fresh: FreshDatabase;
    let s: Seed;
    let all: ReportScope;
    beforeEach(async () => {
      fresh = await freshDatabase(provider);
      s = await seed(fresh.db);
      all = { workspaceId: s.ws };
    });
    afterEach(() => fresh.cleanup());

    it('counts wins closed on the first and the last day of the period, not the day before or after', async () => {
      for (const [closeDate, amountMinor] of [
        ['2026-09-30', 1],
        ['2026-10-01', 10],
        ['2026-11-15', 100],
        ['2026-12-31', 1_000],
        ['2027-01-01', 10_000],
      ] as const)
        await insertDeal(fresh.db, s, { ownerId: s.ann, teamId: s.east, stage: 'won', amountMinor, closeDate });
      await insertDeal(fresh.db, s, { ownerId: s.ann, teamId: s.east, stage: 'won', amountMinor: 100_000, closeDate: null });
      await insertDeal(fresh.db, s, {
        ownerId: s.ann,
        teamId: s.east,
        stage: 'negotiation',
        amountMinor: 1_000_000,
        closeDate: '2026-11-01',
      });
      expect(totals(await wonOfOwnerSums(fresh.db, all, WON, Q4.from, Q4.to))).toEqual([
        { ownerId: s.ann, teamId: s.east, currency: 'USD', count: 3, sumMinor: 1_110 },
      ]);
      // A one-day period takes in that day's wins.
      const lastDay = dateToUtcMidnight('2026-12-31');
      expect(totals(await wonOfOwnerSums(fresh.db, all, WON, lastDay, lastDay))).toEqual([
        { ownerId: s.ann, teamId: s.east, currency: 'USD', count: 1, sumMinor: 1_000 },
      ]);
      // By day (the forecast's won figure and trend): the same wins, one row per close date.
      expect(byKey(await wonOfCategorySums(fresh.db, all, WON, Q4.from, Q4.to), 'closeDate')).toEqual([
        { currency: 'USD', closeDate: '2026-10-01', count: 1, sumMinor: 10 },
        { currency: 'USD', closeDate: '2026-11-15', count: 1, sumMinor: 100 },
        { currency: 'USD', closeDate: '2026-12-31', count: 1, sumMinor: 1_000 },
      ]);
    });

    it('groups wins by owner, the team sold in and currency, within the scope asked', async () => {
      const won = (over: Partial<DealRow> & Pick<DealRow, 'ownerId' | 'amountMinor'>) =>
        insertDeal(fresh.db, s, { stage: 'won', closeDate: '2026-11-02', ...over });
      await won({ ownerId: s.ann, teamId: s.east, amountMinor: 300 });
      await won({ ownerId: s.ann, teamId: s.east, amountMinor: 200 });
      await won({ ownerId: s.ann, teamId: s.east, amountMinor: 7_000, currency: 'CNY' });
      await won({ ownerId: s.ann, teamId: s.west, amountMinor: 50 }); // sold before Ann moved to East
      await won({ ownerId: s.bob, teamId: s.west, amountMinor: 900 }); // deactivated since
      await won({ ownerId: s.cat, teamId: null, amountMinor: 40 });
      const otherOwner = (await fresh.db.member.create({ data: { workspaceId: s.other, name: 'x', handle: 'x' }, select: { id: true } }))
        .id;
      await won({ workspaceId: s.other, ownerId: otherOwner, amountMinor: 5 });

      const rows = await wonOfOwnerSums(fresh.db, all, WON, Q4.from, Q4.to);
      expect(totals(rows)).toEqual(
        totals([
          { ownerId: s.ann, teamId: s.east, currency: 'USD', count: 2, sumMinor: 500 },
          { ownerId: s.ann, teamId: s.east, currency: 'CNY', count: 1, sumMinor: 7_000 },
          { ownerId: s.ann, teamId: s.west, currency: 'USD', count: 1, sumMinor: 50 },
          { ownerId: s.bob, teamId: s.west, currency: 'USD', count: 1, sumMinor: 900 },
          { ownerId: s.cat, teamId: null, currency: 'USD', count: 1, sumMinor: 40 },
        ]),
      );
      const west = await wonOfOwnerSums(fresh.db, { ...all, teamId: s.west }, WON, Q4.from, Q4.to);
      expect(totals(west)).toEqual(
        totals([
          { ownerId: s.ann, teamId: s.west, currency: 'USD', count: 1, sumMinor: 50 },
          { ownerId: s.bob, teamId: s.west, currency: 'USD', count: 1, sumMinor: 900 },
        ]),
      );
      expect(totals(await wonOfOwnerSums(fresh.db, { ...all, ownerIds: [s.cat] }, WON, Q4.from, Q4.to))).toEqual([
        { ownerId: s.cat, teamId: null, currency: 'USD', count: 1, sumMinor: 40 },
      ]);
      expect(await wonOfOwnerSums(fresh.db, { ...all, ownerIds: [] }, WON, Q4.from, Q4.to)).toEqual([]);
      // By day, the scope's wins whoever sold them, per currency.
      expect(byKey(await wonOfCategorySums(fresh.db, { ...all, teamId: s.west }, WON, Q4.from, Q4.to), 'currency')).toEqual([
        { currency: 'USD', closeDate: '2026-11-02', count: 2, sumMinor: 950 },
      ]);
      expect(byKey(await wonOfCategorySums(fresh.db, all, WON, Q4.from, Q4.to), 'currency')).toEqual([
        { currency: 'CNY', closeDate: '2026-11-02', count: 1, sumMinor: 7_000 },
        { currency: 'USD', closeDate: '2026-11-02', count: 5, sumMinor: 1_490 },
      ]);
    });

    it('takes open deals closing in the period by owner, leaving out omitted ones and closed stages', async () => {
      const open = (over: Partial<DealRow> & Pick<DealRow, 'amountMinor'>) =>
        insertDeal(fresh.db, s, { ownerId: s.ann, teamId: s.east, stage: 'proposal', closeDate: '2026-11-10', ...over });
      await open({ amountMinor: 1, closeDate: '2026-09-30' });
      await open({ amountMinor: 10, closeDate: '2026-10-01' });
      await open({ amountMinor: 100, closeDate: '2026-12-31', forecastCategory: 'commit' });
      await open({ amountMinor: 1_000, closeDate: '2027-01-01' });
      await open({ amountMinor: 10_000, forecastCategory: 'omit' });
      await open({ amountMinor: 100_000, stage: 'won' });
      await open({ amountMinor: 1_000_000, stage: 'lead', forecastCategory: 'best' });
      expect(await openOfOwnerSums(fresh.db, all, OPEN, Q4.from, Q4.to)).toEqual([
        { ownerId: s.ann, teamId: s.east, currency: 'USD', count: 3, sumMinor: 1_000_110 },
      ]);
      // By forecast category and stage, omitted deals included (the forecast shows them apart).
      const rows = await openOfCategorySums(fresh.db, all, OPEN, Q4.from, Q4.to);
      expect(byKey(rows, 'category', 'stage')).toEqual([
        { category: 'best', stage: 'lead', currency: 'USD', count: 1, sumMinor: 1_000_000 },
        { category: 'commit', stage: 'proposal', currency: 'USD', count: 1, sumMinor: 100 },
        { category: 'omit', stage: 'proposal', currency: 'USD', count: 1, sumMinor: 10_000 },
        { category: 'pipeline', stage: 'proposal', currency: 'USD', count: 1, sumMinor: 10 },
      ]);
      expect(await openOfCategorySums(fresh.db, { ...all, teamId: s.west }, OPEN, Q4.from, Q4.to)).toEqual([]);
      expect(await openOfOwnerSums(fresh.db, { ...all, teamId: s.west }, OPEN, Q4.from, Q4.to)).toEqual([]);
    });

    it("reads a team forecast's figures and its sellers' sums in one statement, as the two reads give them", async () => {
      const deal = (over: Partial<DealRow> & Pick<DealRow, 'ownerId' | 'amountMinor'>) =>
        insertDeal(fresh.db, s, { teamId: s.east, stage: 'proposal', closeDate: '2026-11-10', ...over });
      await deal({ ownerId: s.ann, amountMinor: 10 });
      await deal({ ownerId: s.bob, amountMinor: 20 });
      await deal({ ownerId: s.bob, amountMinor: 40, forecastCategory: 'omit' });
      await deal({ ownerId: s.ann, amountMinor: 80, stage: 'lead', forecastCategory: 'best', currency: 'CNY' });
      await deal({ ownerId: s.ann, amountMinor: 100, stage: 'won', closeDate: '2026-11-02' });
      await deal({ ownerId: s.bob, amountMinor: 200, stage: 'won', closeDate: '2026-11-02' });
      await deal({ ownerId: s.bob, amountMinor: 400, stage: 'won', closeDate: '2026-12-31', teamId: s.west });
      await deal({ ownerId: s.cat, amountMinor: 800, stage: 'won', closeDate: '2027-01-01' });
      const stages = { won: WON, open: OPEN };
      const east = { ...all, teamId: s.east };
      const both = await ownerAndCategorySums(fresh.db, east, stages, Q4.from, Q4.to);
      // Two sellers' deals of one category, stage and currency are one forecast row; one day's wins one row.
      expect(byKey(both.categories.open, 'category', 'stage', 'currency')).toEqual([
        { category: 'best', stage: 'lead', currency: 'CNY', count: 1, sumMinor: 80 },
        { category: 'omit', stage: 'proposal', currency: 'USD', count: 1, sumMinor: 40 },
        { category: 'pipeline', stage: 'proposal', currency: 'USD', count: 2, sumMinor: 30 },
      ]);
      expect(both.categories.won).toEqual([{ currency: 'USD', closeDate: '2026-11-02', count: 2, sumMinor: 300 }]);
      // The omitted deal is not in Bob's quota pipeline.
      expect(byKey(both.owners.open, 'ownerId', 'currency')).toEqual(
        byKey(
          [
            { ownerId: s.ann, teamId: s.east, currency: 'CNY', count: 1, sumMinor: 80 },
            { ownerId: s.ann, teamId: s.east, currency: 'USD', count: 1, sumMinor: 10 },
            { ownerId: s.bob, teamId: s.east, currency: 'USD', count: 1, sumMinor: 20 },
          ],
          'ownerId',
          'currency',
        ),
      );
      for (const scope of [east, all, { ...all, teamId: s.west }, { ...all, ownerIds: [s.bob] }, { ...all, ownerIds: [] }]) {
        const one = await ownerAndCategorySums(fresh.db, scope, stages, Q4.from, Q4.to);
        const [owners, categories] = [
          await ownerSums(fresh.db, scope, stages, Q4.from, Q4.to),
          await categorySums(fresh.db, scope, stages, Q4.from, Q4.to),
        ];
        expect(canonical(one.owners.won)).toEqual(canonical(owners.won));
        expect(canonical(one.owners.open)).toEqual(canonical(owners.open));
        expect(canonical(one.categories.won)).toEqual(canonical(categories.won));
        expect(canonical(one.categories.open)).toEqual(canonical(categories.open));
      }
    });

    it('sums the open pipeline by stage and currency, with the oldest entry and the deals gone quiet', async () => {
      const staleBefore = new Date('2026-11-09T15:00:00Z');
      const open = (over: Partial<DealRow> & Pick<DealRow, 'amountMinor' | 'stage'>) =>
        insertDeal(fresh.db, s, { ownerId: s.ann, teamId: s.east, closeDate: '2026-11-10', ...over });
      await open({ stage: 'proposal', amountMinor: 100, stageEnteredAt: new Date('2026-10-02T00:00:00Z'), lastActivityAt: staleBefore });
      await open({
        stage: 'proposal',
        amountMinor: 200,
        stageEnteredAt: new Date('2026-09-01T00:00:00Z'),
        lastActivityAt: new Date(staleBefore.getTime() - 1),
        closeDate: '2027-02-01',
      });
      await open({ stage: 'proposal', amountMinor: 5, currency: 'EUR', closeDate: '2026-12-31' });
      await open({ stage: 'lead', amountMinor: 7, closeDate: '2026-10-01', lastActivityAt: new Date('2026-01-01T00:00:00Z') });
      await open({ stage: 'won', amountMinor: 1_000 });
      await open({ stage: 'negotiation', amountMinor: 9, ownerId: s.bob, teamId: s.west, closeDate: null });

      const everything = await openPipelineByStage(fresh.db, all, { openStages: OPEN, staleBefore });
      expect(byKey(everything, 'stage', 'currency')).toEqual([
        { stage: 'lead', currency: 'USD', count: 1, sumMinor: 7, oldestEnteredAt: NOW, staleCount: 1 },
        { stage: 'negotiation', currency: 'USD', count: 1, sumMinor: 9, oldestEnteredAt: NOW, staleCount: 0 },
        { stage: 'proposal', currency: 'EUR', count: 1, sumMinor: 5, oldestEnteredAt: NOW, staleCount: 0 },
        { stage: 'proposal', currency: 'USD', count: 2, sumMinor: 300, oldestEnteredAt: new Date('2026-09-01T00:00:00Z'), staleCount: 1 },
      ]);

      const inQ4 = await openPipelineByStage(fresh.db, { ...all, teamId: s.east }, { openStages: OPEN, staleBefore, closeBetween: Q4 });
      expect(byKey(inQ4, 'stage', 'currency')).toEqual([
        { stage: 'lead', currency: 'USD', count: 1, sumMinor: 7, oldestEnteredAt: NOW, staleCount: 1 },
        { stage: 'proposal', currency: 'EUR', count: 1, sumMinor: 5, oldestEnteredAt: NOW, staleCount: 0 },
        { stage: 'proposal', currency: 'USD', count: 1, sumMinor: 100, oldestEnteredAt: new Date('2026-10-02T00:00:00Z'), staleCount: 0 },
      ]);
      expect(await openPipelineByStage(fresh.db, { ...all, ownerIds: [s.cat] }, { openStages: OPEN, staleBefore })).toEqual([]);
    });

    it('finds quotas by their dates: the exact one, else the shorter ones filling the period', async () => {
      const quota = async (scopeKey: string, periodKey: string, start: string, end: string, amountMinor: number, over = {}) =>
        fresh.db.quota.create({
          data: {
            workspaceId: s.ws,
            scopeKey,
            periodKey,
            periodStart: dateToUtcMidnight(start),
            periodEnd: dateToUtcMidnight(end),
            amountMinor: BigInt(amountMinor),
            currency: 'USD',
            ...over,
          },
          select: { id: true },
        });
      const ann = `member:${s.ann}`;
      const bob = `member:${s.bob}`;
      const east = `team:${s.east}`;
      await quota(ann, '2026-Q4', '2026-10-01', '2026-12-31', 900);
      await quota(ann, '2026-10', '2026-10-01', '2026-10-31', 1);
      await quota(bob, '2026-10', '2026-10-01', '2026-10-31', 100);
      await quota(bob, '2026-11', '2026-11-01', '2026-11-30', 200);
      await quota(bob, '2026-12', '2026-12-01', '2026-12-31', 300);
      await quota(east, '2026-Q4', '2026-10-01', '2026-12-31', 5_000, { currency: 'CNY' });
      // Quotas reaching outside the period, and another workspace's, never count.
      await quota(`member:${s.cat}`, '2026-09', '2026-09-30', '2026-12-31', 7);
      await quota(`member:${s.cat}`, '2027-01', '2026-10-01', '2027-01-01', 7);
      await fresh.db.quota.create({
        data: {
          workspaceId: s.other,
          scopeKey: ann,
          periodKey: '2026-Q4',
          periodStart: Q4.from,
          periodEnd: Q4.to,
          amountMinor: 1n,
          currency: 'EUR',
        },
        select: { id: true },
      });
      const found = await quotasFor(fresh.db, s.ws, [ann, bob, east, `member:${s.cat}`], { start: '2026-10-01', end: '2026-12-31' });
      expect(byKey(found, 'scopeKey')).toEqual(
        byKey(
          [
            { scopeKey: ann, amountMinor: 900, currency: 'USD' },
            { scopeKey: bob, amountMinor: 600, currency: 'USD' },
            { scopeKey: east, amountMinor: 5_000, currency: 'CNY' },
          ],
          'scopeKey',
        ),
      );
      expect(await quotasFor(fresh.db, s.ws, [bob], { start: '2026-10-01', end: '2026-10-31' })).toEqual([
        { scopeKey: bob, amountMinor: 100, currency: 'USD' },
      ]);
      expect(await quotasFor(fresh.db, s.ws, [bob], { start: '2026-12-01', end: '2026-12-31' })).toEqual([
        { scopeKey: bob, amountMinor: 300, currency: 'USD' },
      ]);
      expect(await quotasFor(fresh.db, s.ws, [ann], { start: '2026-10-01', end: '2026-10-30' })).toEqual([]);
    });

    it('of two quotas for the same dates, takes the one set last, then the first created', async () => {
      const make = (scope: string, id: string, periodKey: string, amountMinor: bigint, updatedAt: Date) =>
        fresh.db.quota.create({
          data: {
            id,
            workspaceId: s.ws,
            scopeKey: scope,
            periodKey,
            periodStart: Q4.from,
            periodEnd: Q4.to,
            amountMinor,
            currency: 'USD',
            updatedAt,
          },
          select: { id: true },
        });
      // Created, name and update orders all differ, so only "newest first" gives 222.
      const ann = `member:${s.ann}`;
      await make(ann, 'q1', 'M-2025', 333n, new Date('2025-06-01T00:00:00Z'));
      await make(ann, 'q2', 'A-2026', 111n, new Date('2026-01-01T00:00:00Z'));
      await make(ann, 'q3', 'Z-2026', 222n, new Date('2026-06-01T00:00:00Z'));
      // Set at the same instant: the first created (lowest id) wins, whatever its name.
      const bob = `member:${s.bob}`;
      const same = new Date('2026-06-01T00:00:00Z');
      await make(bob, 'q5', 'A-second', 555n, same);
      await make(bob, 'q4', 'Z-first', 444n, same);
      expect(await quotasFor(fresh.db, s.ws, [ann], { start: '2026-10-01', end: '2026-12-31' })).toEqual([
        { scopeKey: ann, amountMinor: 222, currency: 'USD' },
      ]);
      expect(await quotasFor(fresh.db, s.ws, [bob], { start: '2026-10-01', end: '2026-12-31' })).toEqual([
        { scopeKey: bob, amountMinor: 444, currency: 'USD' },
      ]);
    });

    it('replaces the newest of three quotas for the same dates, renaming the one under the name', async () => {
      const make = (id: string, periodKey: string, amountMinor: bigint, updatedAt: Date) =>
        fresh.db.quota.create({
          data: {
            id,
            workspaceId: s.ws,
            scopeKey: `member:${s.ann}`,
            memberId: s.ann,
            periodKey,
            periodStart: Q4.from,
            periodEnd: Q4.to,
            amountMinor,
            currency: 'USD',
            updatedAt,
          },
          select: { id: true },
        });
      await make('q1', 'M-old', 100n, new Date('2025-01-01T00:00:00Z'));
      await make('q2', '2026-Q4', 200n, new Date('2026-01-01T00:00:00Z'));
      await make('q3', 'Z-newest', 300n, new Date('2026-06-01T00:00:00Z'));
      const result = await upsertQuota(fresh.db, {
        workspaceId: s.ws,
        scope: { memberId: s.ann },
        periodKey: '2026-Q4',
        periodStart: Q4.from,
        periodEnd: Q4.to,
        amountMinor: 999,
        currency: 'USD',
        setById: s.ann,
      });
      expect(result).toEqual({ previousMinor: 300, previousCurrency: 'USD' });
      const rows = await fresh.db.quota.findMany({
        where: { workspaceId: s.ws },
        select: { id: true, periodKey: true, amountMinor: true },
        orderBy: { id: 'asc' },
      });
      expect(rows).toEqual([
        { id: 'q1', periodKey: 'M-old', amountMinor: 100n },
        { id: 'q2', periodKey: '2026-Q4~2026-10-01', amountMinor: 200n },
        { id: 'q3', periodKey: '2026-Q4', amountMinor: 999n },
      ]);
    });

    it('replaces the newest of two quotas for the same dates, keeping the other', async () => {
      const make = (id: string, periodKey: string, amountMinor: bigint, updatedAt: Date) =>
        fresh.db.quota.create({
          data: {
            id,
            workspaceId: s.ws,
            scopeKey: `member:${s.ann}`,
            memberId: s.ann,
            periodKey,
            periodStart: Q4.from,
            periodEnd: Q4.to,
            amountMinor,
            currency: 'USD',
            updatedAt,
          },
          select: { id: true },
        });
      // Left by a fiscal-year change: the older row renamed with its first day, the newer one under the name.
      await make('q1', '2026-Q4~2026-10-01', 100n, new Date('2026-01-01T00:00:00Z'));
      await make('q2', '2026-Q4', 200n, new Date('2026-06-01T00:00:00Z'));
      const result = await upsertQuota(fresh.db, {
        workspaceId: s.ws,
        scope: { memberId: s.ann },
        periodKey: '2026-Q4',
        periodStart: Q4.from,
        periodEnd: Q4.to,
        amountMinor: 300,
        currency: 'USD',
        setById: s.ann,
      });
      expect(result).toEqual({ previousMinor: 200, previousCurrency: 'USD' });
      const rows = await fresh.db.quota.findMany({
        where: { workspaceId: s.ws },
        select: { id: true, periodKey: true, amountMinor: true },
        orderBy: { id: 'asc' },
      });
      expect(rows).toEqual([
        { id: 'q1', periodKey: '2026-Q4~2026-10-01', amountMinor: 100n },
        { id: 'q2', periodKey: '2026-Q4', amountMinor: 300n },
      ]);
    });

    it('sets, replaces and re-dates quotas, returning the previous amount', async () => {
      const input = (periodKey: string, start: string, end: string, amountMinor: number, currency = 'USD') => ({
        workspaceId: s.ws,
        scope: { memberId: s.ann },
        periodKey,
        periodStart: dateToUtcMidnight(start),
        periodEnd: dateToUtcMidnight(end),
        amountMinor,
        currency,
        setById: s.ann,
      });
      expect(await upsertQuota(fresh.db, input('2026-Q4', '2026-10-01', '2026-12-31', 500))).toEqual({
        previousMinor: null,
        previousCurrency: null,
      });
      expect(await upsertQuota(fresh.db, input('2026-Q4', '2026-10-01', '2026-12-31', 700, 'EUR'))).toEqual({
        previousMinor: 500,
        previousCurrency: 'USD',
      });
      // After a fiscal year change the same name means other dates: the old row keeps its dates, renamed.
      expect(await upsertQuota(fresh.db, input('2026-Q4', '2027-01-01', '2027-03-31', 800))).toEqual({
        previousMinor: null,
        previousCurrency: null,
      });
      // The same dates under a new name replace the row found by its dates.
      expect(await upsertQuota(fresh.db, input('2027-Q1', '2027-01-01', '2027-03-31', 900))).toEqual({
        previousMinor: 800,
        previousCurrency: 'USD',
      });
      await upsertQuota(fresh.db, { ...input('2026-Q4', '2026-10-01', '2026-12-31', 50), scope: { teamId: s.east } });
      // A month named before the quarter but starting after it; and another workspace's quota.
      await upsertQuota(fresh.db, { ...input('2026-12', '2026-12-01', '2026-12-31', 20), scope: { teamId: s.east } });
      await fresh.db.quota.create({
        data: {
          workspaceId: s.other,
          scopeKey: 'member:x',
          periodKey: '2026-11',
          periodStart: dateToUtcMidnight('2026-11-01'),
          periodEnd: dateToUtcMidnight('2026-11-30'),
          amountMinor: 1n,
          currency: 'JPY',
        },
        select: { id: true },
      });
      const rows = await fresh.db.quota.findMany({
        where: { workspaceId: s.ws },
        select: { scopeKey: true, memberId: true, teamId: true, periodKey: true, amountMinor: true, currency: true, setById: true },
        orderBy: [{ scopeKey: 'asc' }, { periodKey: 'asc' }],
      });
      expect(rows).toEqual(
        byKey(
          [
            {
              scopeKey: `member:${s.ann}`,
              memberId: s.ann,
              teamId: null,
              periodKey: '2026-Q4~2026-10-01',
              amountMinor: 700n,
              currency: 'EUR',
              setById: s.ann,
            },
            {
              scopeKey: `member:${s.ann}`,
              memberId: s.ann,
              teamId: null,
              periodKey: '2027-Q1',
              amountMinor: 900n,
              currency: 'USD',
              setById: s.ann,
            },
            {
              scopeKey: `team:${s.east}`,
              memberId: null,
              teamId: s.east,
              periodKey: '2026-12',
              amountMinor: 20n,
              currency: 'USD',
              setById: s.ann,
            },
            {
              scopeKey: `team:${s.east}`,
              memberId: null,
              teamId: s.east,
              periodKey: '2026-Q4',
              amountMinor: 50n,
              currency: 'USD',
              setById: s.ann,
            },
          ],
          'scopeKey',
          'periodKey',
        ),
      );
      expect(await quotaPeriodsOf(fresh.db, s.ws)).toEqual([
        { periodKey: '2026-Q4', start: '2026-10-01', end: '2026-12-31', count: 1 },
        { periodKey: '2026-Q4~2026-10-01', start: '2026-10-01', end: '2026-12-31', count: 1 },
        { periodKey: '2026-12', start: '2026-12-01', end: '2026-12-31', count: 1 },
        { periodKey: '2027-Q1', start: '2027-01-01', end: '2027-03-31', count: 1 },
      ]);
      expect(await quotaCurrenciesOtherThan(fresh.db, s.ws, 'USD')).toEqual([{ currency: 'EUR', count: 1 }]);
      expect(await quotaCurrenciesOtherThan(fresh.db, s.ws, 'CNY')).toEqual([
        { currency: 'EUR', count: 1 },
        { currency: 'USD', count: 3 },
      ]);
      expect(await quotaCurrenciesOtherThan(fresh.db, s.other, 'CNY')).toEqual([{ currency: 'JPY', count: 1 }]);
    });
  });
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`digest queries on ${provider}`, () => {
    let fresh: FreshDatabase;
    let s: Seed;
    let all: ReportScope;
    beforeEach(async () => {
      fresh = await freshDatabase(provider);
      s = await seed(fresh.db);
      all = { workspaceId: s.ws };
    });
    afterEach(() => fresh.cleanup());

    const from = new Date('2026-11-16T13:30:00Z');
    const to = new Date('2026-11-23T13:30:00Z');
    const addEvent = (dealId: string, type: string, at: Date, over: Record<string, unknown> = {}, workspaceId = s.ws) =>
      fresh.db.dealEvent.create({ data: { workspaceId, dealId, type, at, ...over }, select: { id: true } });

    it('reads the events of the window, after its start and up to its end, oldest first, within the scope', async () => {
      const a = await insertDeal(fresh.db, s, {
        ownerId: s.ann,
        teamId: s.east,
        stage: 'proposal',
        amountMinor: 500,
        currency: 'EUR',
        lostReason: 'n/a',
      });
      const b = await insertDeal(fresh.db, s, { ownerId: s.bob, teamId: s.west, stage: 'lead', amountMinor: 1 });
      await addEvent(a.id, 'created', from, { toStage: 'lead' });
      await addEvent(a.id, 'stage_changed', to, { fromStage: 'lead', toStage: 'proposal', amountMinor: 500n, currency: 'EUR' });
      await addEvent(a.id, 'amount_changed', new Date(from.getTime() + 1), { before: { amountMinor: 400 }, after: { amountMinor: 500 } });
      await addEvent(a.id, 'note', new Date(from.getTime() + 2));
      await addEvent(a.id, 'created', new Date(to.getTime() + 1), { toStage: 'lead' });
      await addEvent(b.id, 'created', new Date(from.getTime() + 3), { toStage: 'lead', amountMinor: 1n });
      const types = ['created', 'stage_changed', 'amount_changed', 'close_date_changed'] as const;
      const deal = {
        id: a.id,
        number: a.number,
        title: `Deal ${a.number}`,
        accountName: 'Acme',
        ownerName: 'ann',
        currency: 'EUR',
        lostReason: 'n/a',
      };
      const events = await eventsBetween(fresh.db, { ...all, teamId: s.east }, { from, to }, types, 10);
      expect(events).toEqual([
        {
          type: 'amount_changed',
          at: new Date(from.getTime() + 1),
          fromStage: null,
          toStage: null,
          amountMinor: null,
          currency: null,
          before: { amountMinor: 400 },
          after: { amountMinor: 500 },
          deal,
        },
        {
          type: 'stage_changed',
          at: to,
          fromStage: 'lead',
          toStage: 'proposal',
          amountMinor: 500,
          currency: 'EUR',
          before: null,
          after: null,
          deal,
        },
      ]);
      const everyone = await eventsBetween(fresh.db, all, { from, to }, types, 10);
      expect(everyone.map((e) => [e.type, e.deal.number])).toEqual([
        ['amount_changed', a.number],
        ['created', b.number],
        ['stage_changed', a.number],
      ]);
      expect((await eventsBetween(fresh.db, all, { from, to }, types, 2)).map((e) => e.type)).toEqual(['amount_changed', 'created']);
      expect((await eventsBetween(fresh.db, all, { from, to }, ['created'], 10)).map((e) => e.deal.number)).toEqual([b.number]);
      expect(await eventsBetween(fresh.db, { workspaceId: s.other }, { from, to }, types, 10)).toEqual([]);

      // Events of the same instant come in the order they were recorded (by id).
      const at = new Date(from.getTime() + 6);
      await fresh.db.dealEvent.create({
        data: { id: 'e2', workspaceId: s.ws, dealId: b.id, type: 'stage_changed', at, toStage: 'negotiation' },
      });
      await fresh.db.dealEvent.create({ data: { id: 'e1', workspaceId: s.ws, dealId: a.id, type: 'stage_changed', at, toStage: 'lead' } });
      expect(
        (await eventsBetween(fresh.db, all, { from, to }, types, 20)).filter((e) => e.at.getTime() === at.getTime()).map((e) => e.toStage),
      ).toEqual(['lead', 'negotiation']);
    });

    it('finds slipping deals (closing before today) and quiet ones, counted in full and listed up to the limit', async () => {
      const staleBefore = new Date('2026-11-09T15:00:00Z');
      const open = (over: Partial<DealRow> & Pick<DealRow, 'amountMinor'>) =>
        insertDeal(fresh.db, s, { ownerId: s.ann, teamId: s.east, stage: 'proposal', ...over });
      const late2 = await open({ amountMinor: 1, closeDate: '2026-11-22' });
      const late1 = await open({ amountMinor: 2, closeDate: '2026-11-01', lastActivityAt: staleBefore });
      await open({ amountMinor: 3, closeDate: '2026-11-23' });
      const late3 = await open({ amountMinor: 4, closeDate: '2026-11-22' });
      await open({ amountMinor: 5, closeDate: '2026-10-01', stage: 'won', lastActivityAt: new Date('2026-01-01T00:00:00Z') });
      const quiet2 = await open({ amountMinor: 7, lastActivityAt: new Date(staleBefore.getTime() - 1) });
      const quiet1 = await open({ amountMinor: 6, lastActivityAt: new Date('2026-10-01T00:00:00Z') });
      const west = await open({ amountMinor: 8, closeDate: '2026-11-01', ownerId: s.bob, teamId: s.west });
      const options = { openStages: OPEN, today: '2026-11-23', staleBefore, limit: 2 };
      const east = await slippingAndStale(fresh.db, { ...all, teamId: s.east }, options);
      expect({ total: east.slipping.total, numbers: east.slipping.deals.map((d) => d.number) }).toEqual({
        total: 3,
        numbers: [late1.number, late2.number],
      });
      expect({ total: east.stale.total, numbers: east.stale.deals.map((d) => d.number) }).toEqual({
        total: 2,
        numbers: [quiet1.number, quiet2.number],
      });
      const wide = await slippingAndStale(fresh.db, all, { ...options, limit: 10 });
      expect(wide.slipping.deals.map((d) => d.number)).toEqual([late1.number, west.number, late2.number, late3.number]);
      expect(wide.slipping.total).toBe(4);
    });

    it('lists the biggest open deals of one currency closing between two days, both included', async () => {
      const open = (amountMinor: number, closeDate: string, over: Partial<DealRow> = {}) =>
        insertDeal(fresh.db, s, { ownerId: s.ann, teamId: s.east, stage: 'negotiation', amountMinor, closeDate, ...over });
      const first = await open(100, '2026-11-23');
      const last = await open(300, '2026-11-29');
      await open(900, '2026-11-22');
      await open(900, '2026-11-30');
      const euro = await open(800, '2026-11-25', { currency: 'EUR' });
      await open(700, '2026-11-25', { stage: 'won' });
      const tie = await open(300, '2026-11-24');
      const options = {
        openStages: OPEN,
        currencies: ['USD'],
        closeFrom: dateToUtcMidnight('2026-11-23'),
        closeTo: dateToUtcMidnight('2026-11-29'),
        limit: 5,
      };
      expect((await biggestClosing(fresh.db, all, options)).map((d) => d.number)).toEqual([last.number, tie.number, first.number]);
      expect((await biggestClosing(fresh.db, all, { ...options, limit: 1 })).map((d) => d.number)).toEqual([last.number]);
      expect(await biggestClosing(fresh.db, { ...all, teamId: s.west }, options)).toEqual([]);
      // Each currency's biggest, for the caller to rank once converted.
      const both = await biggestClosing(fresh.db, all, { ...options, currencies: ['USD', 'EUR'] });
      expect(both.map((d) => d.number)).toEqual([last.number, tie.number, first.number, euro.number]);
    });

    it("gives a rep's open deals with a step due by today or gone quiet, quietest first", async () => {
      const staleBefore = new Date('2026-11-09T15:00:00Z');
      const open = (over: Partial<DealRow>) =>
        insertDeal(fresh.db, s, { ownerId: s.ann, teamId: s.east, stage: 'lead', amountMinor: 1, ...over });
      const due = await open({ nextStepDue: '2026-11-23', lastActivityAt: new Date('2026-11-20T00:00:00Z') });
      const overdue = await open({ nextStepDue: '2026-11-02', lastActivityAt: new Date('2026-11-21T00:00:00Z') });
      await open({ nextStepDue: '2026-11-24' });
      const quiet = await open({ lastActivityAt: new Date(staleBefore.getTime() - 1) });
      await open({ lastActivityAt: staleBefore });
      await open({ nextStepDue: '2026-11-01', stage: 'won' });
      await open({ nextStepDue: '2026-11-01', ownerId: s.cat });
      const options = { openStages: OPEN, today: '2026-11-23', staleBefore, limit: 10 };
      const deals = await repAttentionDeals(fresh.db, { workspaceId: s.ws, ownerId: s.ann }, options);
      expect(deals.map((d) => d.number)).toEqual([quiet.number, due.number, overdue.number]);
      expect(
        (await repAttentionDeals(fresh.db, { workspaceId: s.ws, ownerId: s.ann }, { ...options, limit: 1 })).map((d) => d.number),
      ).toEqual([quiet.number]);
      expect(await repAttentionDeals(fresh.db, { workspaceId: s.other, ownerId: s.ann }, options)).toEqual([]);
    });

    it('sums the deals closed between two days, both included, with sales cycles and loss reasons', async () => {
      const closed = (stage: string, amountMinor: number, closeDate: string, over: Partial<DealRow> = {}) =>
        insertDeal(fresh.db, s, { ownerId: s.ann, teamId: s.east, stage, amountMinor, closeDate, ...over });
      const created = new Date('2026-11-01T00:00:00Z');
      const closedAt = new Date('2026-11-17T10:00:00Z');
      await closed('won', 100, '2026-11-16', { createdAt: created, closedAt });
      await closed('won', 200, '2026-11-22', { createdAt: created });
      await closed('won', 50, '2026-11-20', { currency: 'EUR', createdAt: created, closedAt: new Date('2026-11-20T00:00:00Z') });
      await closed('won', 1_000, '2026-11-15', { closedAt });
      await closed('won', 1_000, '2026-11-23', { closedAt });
      await closed('lost', 10, '2026-11-18', { lostReason: 'Price', closedAt });
      await closed('lost', 20, '2026-11-19', { lostReason: 'Price' });
      await closed('lost', 30, '2026-11-19');
      await closed('lost', 40, '2026-11-19', { lostReason: 'Budget' });
      await closed('lost', 50, '2026-11-19', { lostReason: 'Timing' });
      await closed('proposal', 5_000, '2026-11-19');
      await closed('won', 7, '2026-11-19', { ownerId: s.bob, teamId: s.west, closedAt });
      const facts = await closedFunnel(
        fresh.db,
        { ...all, teamId: s.east },
        {
          wonStages: WON,
          lostStages: ['lost'],
          closeFrom: '2026-11-16',
          closeTo: '2026-11-22',
          by: 'none',
        },
      );
      const byStage = new Map<string, { count: number; sumMinor: number }>();
      for (const row of facts.closed) {
        const key = `${row.stage} ${row.currency}`;
        const seen = byStage.get(key);
        byStage.set(key, { count: (seen?.count ?? 0) + row.count, sumMinor: (seen?.sumMinor ?? 0) + row.sumMinor });
      }
      expect(Object.fromEntries([...byStage].sort())).toEqual({
        'lost USD': { count: 5, sumMinor: 150 },
        'won EUR': { count: 1, sumMinor: 50 },
        'won USD': { count: 2, sumMinor: 300 },
      });
      // The won deals with a close instant: 16 d 10 h and 19 d from creation; the median of two is their mean.
      const cycles = [closedAt.getTime() - created.getTime(), Date.parse('2026-11-20T00:00:00Z') - created.getTime()];
      expect(facts.cycles).toEqual([{ slice: '', won: 2, medianCycleMs: (cycles[0]! + cycles[1]!) / 2 }]);
      expect([...facts.lostReasons].sort((a, b) => b.count - a.count || (a.reason ?? '').localeCompare(b.reason ?? ''))).toEqual([
        { slice: '', reason: 'Price', count: 2 },
        { slice: '', reason: null, count: 1 },
        { slice: '', reason: 'Budget', count: 1 },
        { slice: '', reason: 'Timing', count: 1 },
      ]);
    });

    it('picks who gets a digest: managers of a team, reps, or one member', async () => {
      await fresh.db.team.update({ where: { id: s.east }, data: { managerId: s.cat }, select: { id: true } });
      await fresh.db.member.update({ where: { id: s.cat }, data: { role: 'manager' }, select: { id: true } });
      const dan = (
        await fresh.db.member.create({ data: { workspaceId: s.ws, name: 'dan', handle: 'dan', digestOptOut: true }, select: { id: true } })
      ).id;
      const ids = (members: { id: string }[]) => members.map((m) => m.id).sort();
      const managers = await digestMembers(fresh.db, { kind: 'managers' });
      expect(ids(managers)).toEqual([s.cat]);
      expect(managers[0]).toMatchObject({ workspaceId: s.ws, role: 'manager', managedTeams: [{ id: s.east, name: 'East' }] });
      expect(ids(await digestMembers(fresh.db, { kind: 'reps' }))).toEqual([s.ann]);
      // In id order, whatever the order they were added in.
      await fresh.db.member.create({ data: { id: 'a-rep', workspaceId: s.ws, name: 'eve', handle: 'eve' }, select: { id: true } });
      expect((await digestMembers(fresh.db, { kind: 'reps' })).map((m) => m.id)).toEqual(['a-rep', s.ann]);
      expect(ids(await digestMembers(fresh.db, { kind: 'member', memberId: dan }))).toEqual([dan]);
      expect(await digestMembers(fresh.db, { kind: 'member', memberId: s.bob })).toEqual([]);
    });
  });
}
