import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkspace, seedDemoWorkspace, type SeedDemoResult } from '../../src/store/demo-seed.js';
import { DEMO_TEAMS } from '../../src/store/demo-data.js';
import type { Db } from '../../src/store/db.js';
import { addDays, localTimeParts, periodOf, utcMidnightToDate } from '../../src/domain/calendar.js';
import { DEFAULT_STAGES } from '../../src/domain/stages.js';
import { freshDatabase, ALL_PROVIDERS, describeOn, type FreshDatabase } from '../support/databases.js';

const NOW = new Date('2026-11-23T15:04:05.123Z');
const DAY = 86_400_000;
const OPEN_CATEGORIES = ['pipeline', 'best', 'commit'];

type CheckedDeal = {
  id: string;
  number: number;
  title: string;
  stage: string;
  amountMinor: number;
  listAmountMinor: number | null;
  discountBps: number | null;
  forecastCategory: string;
  closedAt: Date | null;
  lostReason: string | null;
  closeDate: Date | null;
  nextStepDue: Date | null;
  stageEnteredAt: Date;
  lastActivityAt: Date;
  createdAt: Date;
  updatedAt: Date;
  version: number;
};
type CheckedEvent = { dealId: string; type: string; at: Date; fromStage: string | null; toStage: string | null };
type CheckedActivity = { dealId: string; at: Date };

/** The domain's invariants over one workspace's deals, events and activities; returns the problems found. */
function invariantProblems(now: Date, deals: CheckedDeal[], events: CheckedEvent[], activities: CheckedActivity[]): string[] {
  const problems: string[] = [];
  const stageKind = new Map(DEFAULT_STAGES.map((s) => [s.key, s.kind]));
  const eventsByDeal = new Map<string, CheckedEvent[]>();
  for (const e of events) eventsByDeal.set(e.dealId, [...(eventsByDeal.get(e.dealId) ?? []), e]);
  const t = (d: Date) => d.getTime();
  for (const deal of deals) {
    const ref = `D-${deal.number}`;
    const kind = stageKind.get(deal.stage);
    if (!kind) problems.push(`${ref}: unknown stage ${deal.stage}`);
    if (!Number.isSafeInteger(deal.amountMinor) || deal.amountMinor <= 0) problems.push(`${ref}: amount ${deal.amountMinor}`);
    if (deal.listAmountMinor !== deal.amountMinor || deal.discountBps !== 0 || deal.version !== 1)
      problems.push(`${ref}: list/discount/version`);
    if (kind === 'open') {
      if (deal.closedAt || deal.lostReason) problems.push(`${ref}: open deal with closedAt/lostReason`);
      if (!OPEN_CATEGORIES.includes(deal.forecastCategory)) problems.push(`${ref}: open deal in category ${deal.forecastCategory}`);
    } else {
      if (!deal.closedAt) problems.push(`${ref}: closed without closedAt`);
      // As /deal move sets them (domain/deal.ts defaultCategory): won deals are closed, lost ones omitted.
      const category = kind === 'won' ? 'closed' : 'omit';
      if (deal.forecastCategory !== category) problems.push(`${ref}: ${kind} in category ${deal.forecastCategory}`);
      if (kind === 'lost' && !deal.lostReason) problems.push(`${ref}: lost without reason`);
      if (kind === 'won' && deal.lostReason) problems.push(`${ref}: won with a lost reason`);
    }
    if (!deal.closeDate || utcMidnightToDate(deal.closeDate) + 'T00:00:00.000Z' !== deal.closeDate.toISOString())
      problems.push(`${ref}: closeDate not a UTC midnight`);
    if (deal.nextStepDue && deal.nextStepDue.getUTCHours() !== 0) problems.push(`${ref}: nextStepDue not a UTC midnight`);
    for (const [name, value] of Object.entries({
      createdAt: deal.createdAt,
      stageEnteredAt: deal.stageEnteredAt,
      lastActivityAt: deal.lastActivityAt,
      updatedAt: deal.updatedAt,
      closedAt: deal.closedAt,
    })) {
      if (value && t(value) > t(now)) problems.push(`${ref}: ${name} after now`);
    }

    const history = [...(eventsByDeal.get(deal.id) ?? [])].sort((a, b) => t(a.at) - t(b.at));
    const [first] = history;
    if (!first || first.type !== 'created' || t(first.at) !== t(deal.createdAt)) {
      problems.push(`${ref}: history does not begin with "created" at createdAt`);
      continue;
    }
    if (history.filter((e) => e.type === 'created').length !== 1) problems.push(`${ref}: several "created" events`);
    for (let i = 1; i < history.length; i++) {
      if (t(history[i]!.at) <= t(history[i - 1]!.at)) problems.push(`${ref}: events not strictly increasing in time`);
    }
    const stageEvents = history.filter((e) => e.type === 'created' || e.type === 'stage_changed');
    let stage = first.toStage;
    for (const e of stageEvents.slice(1)) {
      if (e.fromStage !== stage) problems.push(`${ref}: stage_changed from ${e.fromStage}, was ${stage}`);
      stage = e.toStage;
    }
    const lastStage = stageEvents[stageEvents.length - 1]!;
    if (lastStage.toStage !== deal.stage) problems.push(`${ref}: last stage event says ${lastStage.toStage}, deal is ${deal.stage}`);
    if (t(lastStage.at) !== t(deal.stageEnteredAt)) problems.push(`${ref}: stageEnteredAt differs from the last stage event`);
    const last = history[history.length - 1]!;
    if (t(last.at) !== t(deal.lastActivityAt)) problems.push(`${ref}: lastActivityAt differs from the last event`);
    if (t(last.at) > t(now)) problems.push(`${ref}: event after now`);
    if (kind !== 'open' && (last.type !== 'stage_changed' || !deal.closedAt || t(last.at) !== t(deal.closedAt)))
      problems.push(`${ref}: closing is not the last event`);
  }
  const noteTimes = new Set(events.filter((e) => e.type === 'note').map((e) => `${e.dealId}@${t(e.at)}`));
  for (const a of activities)
    if (!noteTimes.has(`${a.dealId}@${t(a.at)}`)) problems.push(`activity on ${a.dealId} at ${a.at.toISOString()} without a note event`);
  if (noteTimes.size !== activities.length) problems.push('note events and activities do not pair up');
  return problems;
}

function fromRows(rows: ReturnType<typeof buildDemoWorkspace>) {
  const date = (v: unknown): Date => new Date(v as Date);
  const maybeDate = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));
  const deals: CheckedDeal[] = rows.deals.map((d) => ({
    id: d.id,
    number: d.number,
    title: d.title,
    stage: d.stage,
    amountMinor: Number(d.amountMinor),
    listAmountMinor: d.listAmountMinor == null ? null : Number(d.listAmountMinor),
    discountBps: d.discountBps ?? null,
    forecastCategory: d.forecastCategory ?? 'pipeline',
    closedAt: maybeDate(d.closedAt),
    lostReason: d.lostReason ?? null,
    closeDate: maybeDate(d.closeDate),
    nextStepDue: maybeDate(d.nextStepDue),
    stageEnteredAt: date(d.stageEnteredAt),
    lastActivityAt: date(d.lastActivityAt),
    createdAt: date(d.createdAt),
    updatedAt: date(d.updatedAt),
    version: d.version ?? 1,
  }));
  const events: CheckedEvent[] = rows.events.map((e) => ({
    dealId: e.dealId,
    type: e.type,
    at: date(e.at),
    fromStage: e.fromStage ?? null,
    toStage: e.toStage ?? null,
  }));
  const activities: CheckedActivity[] = rows.activities.map((a) => ({ dealId: a.dealId, at: date(a.at) }));
  return { deals, events, activities };
}

describe('buildDemoWorkspace (no database)', () => {
  it('is deterministic for a seed and a now, and differs between seeds', () => {
    const summary = (seed: number) =>
      buildDemoWorkspace(NOW, seed).deals.map((d) => `${d.number}|${d.title}|${d.amountMinor}|${d.currency}|${d.stage}`);
    expect(summary(42)).toEqual(summary(42));
    expect(summary(7)).not.toEqual(summary(42));
  });

  it('has an invariant checker that notices broken data', () => {
    const { deals, events, activities } = fromRows(buildDemoWorkspace(NOW, 42));
    const won = deals.find((d) => d.stage === 'won')!;
    const open = deals.find((d) => d.closedAt === null && d.stage !== 'lead')!;
    const broken = deals.map((d) => (d === won ? { ...d, closedAt: null } : d === open ? { ...d, stage: 'lead' } : d));
    const problems = invariantProblems(NOW, broken, events, activities);
    expect(problems).toContain(`D-${won.number}: closed without closedAt`);
    expect(problems.some((p) => p.startsWith(`D-${open.number}: last stage event says`))).toBe(true);
    const earlier = new Date(NOW.getTime() - DAY);
    expect(invariantProblems(earlier, deals, events, activities).some((p) => p.includes('after now'))).toBe(true);
  });

  // Quarter and year ends, a DST change in New York, a leap day, a moment when New York and Shanghai
  // are on different dates, and several seeds.
  it.each([
    ['2026-11-23T15:04:05.123Z', 42],
    ['2027-01-01T04:59:59.999Z', 1],
    ['2026-03-31T23:59:00.000Z', 2],
    ['2026-04-01T00:00:00.000Z', 3],
    ['2026-03-08T07:30:00.000Z', 4],
    ['2028-02-29T12:00:00.000Z', 5],
    ['2026-06-30T20:00:00.000Z', 123456789],
  ])('keeps every invariant at %s with seed %i', (iso, seed) => {
    const now = new Date(iso);
    const rows = buildDemoWorkspace(now, seed);
    const { deals, events, activities } = fromRows(rows);
    expect(invariantProblems(now, deals, events, activities)).toEqual([]);
    expect(deals).toHaveLength(200);
    expect(new Set(deals.map((d) => d.number))).toEqual(new Set(Array.from({ length: 200 }, (_, i) => i + 1)));
    expect(rows.workspace.nextDealNumber).toBe(201);
    const recent = events.filter((e) => now.getTime() - e.at.getTime() < DAY);
    expect(recent.length).toBeGreaterThan(5);
  });
});

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`seedDemoWorkspace on ${provider}`, () => {
    let fresh: FreshDatabase | undefined;
    let result: SeedDemoResult;
    let db: Db;

    beforeAll(async () => {
      fresh = await freshDatabase(provider);
      db = fresh.db;
      result = await seedDemoWorkspace(db, { now: NOW });
    });
    afterAll(async () => {
      await fresh?.cleanup();
    });

    it('creates the labelled demo workspace with its stages and shell installation', async () => {
      const ws = await db.workspace.findUniqueOrThrow({ where: { id: result.workspaceId } });
      expect(ws).toMatchObject({
        name: 'Demo workspace — sample data · 示例工作区（示例数据）',
        isDemo: true,
        currency: 'USD',
        locale: 'en',
        timeZone: 'America/New_York',
        fiscalYearStartMonth: 1,
        nextDealNumber: 201,
        digestTime: '08:30',
        staleAfterDays: 14,
      });
      const maxNumber = await db.deal.aggregate({ where: { workspaceId: ws.id }, _max: { number: true } });
      expect(ws.nextDealNumber).toBe((maxNumber._max.number ?? 0) + 1);
      const stages = await db.stage.findMany({ where: { workspaceId: ws.id }, orderBy: { position: 'asc' } });
      expect(stages.map((s) => [s.key, s.probability, s.kind])).toEqual(DEFAULT_STAGES.map((s) => [s.key, s.probability, s.kind]));
      const installation = await db.chatInstallation.findUniqueOrThrow({
        where: { platform_externalTenantId: { platform: 'shell', externalTenantId: 'local' } },
      });
      expect(installation.workspaceId).toBe(ws.id);
      expect(result.dealCount).toBe(200);
    });

    it('creates 3 teams, each with a manager and 4 reps, plus an admin; every member has a shell identity', async () => {
      const teams = await db.team.findMany({ where: { workspaceId: result.workspaceId }, include: { members: true } });
      expect(teams.map((t) => [t.name, t.region, t.timeZone]).sort()).toEqual([
        ['East China', 'APAC', 'Asia/Shanghai'],
        ['North America', 'NA', 'America/New_York'],
        ['Partners & Channel', 'EMEA', 'Europe/London'],
      ]);
      const members = await db.member.findMany({ where: { workspaceId: result.workspaceId } });
      expect(members.filter((m) => m.role === 'rep')).toHaveLength(12);
      expect(members.filter((m) => m.role === 'manager')).toHaveLength(3);
      expect(members.filter((m) => m.role === 'admin').map((m) => [m.name, m.handle])).toEqual([['Dana Admin', 'dana']]);
      expect(new Set(members.map((m) => m.handle)).size).toBe(members.length);
      for (const m of members) expect(m.handle).toMatch(/^[a-z][a-z.]*$/);
      for (const team of teams) {
        const manager = team.members.find((m) => m.role === 'manager');
        expect(team.managerId).toBe(manager?.id);
        const reps = team.members.filter((m) => m.role === 'rep');
        expect(reps).toHaveLength(4);
        for (const rep of reps) expect(rep.managerId).toBe(team.managerId);
        if (team.name === 'East China') {
          for (const m of team.members)
            expect([m.locale, m.timeZone, /[\u4e00-\u9fff]/.test(m.name)]).toEqual(['zh-CN', 'Asia/Shanghai', true]);
        }
      }
      const defaultMember = members.find((m) => m.id === result.defaultMemberId);
      expect(defaultMember?.handle).toBe(DEMO_TEAMS.find((t) => t.name === 'North America')?.reps[0].handle);
      expect(defaultMember?.teamId).toBe(teams.find((t) => t.name === 'North America')?.id);
      const identities = await db.platformIdentity.findMany({ where: { workspaceId: result.workspaceId }, include: { member: true } });
      expect(identities).toHaveLength(members.length);
      for (const identity of identities) {
        expect([identity.platform, identity.externalTenantId, identity.externalUserId]).toEqual(['shell', 'local', identity.member.handle]);
      }
    });

    it('creates about 60 graded accounts, partners mostly on the partner channel', async () => {
      const accounts = await db.account.findMany({ where: { workspaceId: result.workspaceId } });
      expect(accounts).toHaveLength(60);
      const grades = (g: string) => accounts.filter((a) => a.grade === g).length;
      expect([grades('A'), grades('B'), grades('C')]).toEqual([12, 18, 30]);
      const emea = accounts.filter((a) => a.region === 'EMEA');
      expect(emea.filter((a) => a.channel === 'partner').length).toBeGreaterThan(emea.length / 2);
      expect(accounts.filter((a) => a.region === 'APAC').every((a) => /[\u4e00-\u9fff]/.test(a.name))).toBe(true);
    });

    it('creates 200 deals whose fields and event histories satisfy the invariants', async () => {
      const rows = await db.deal.findMany({ where: { workspaceId: result.workspaceId } });
      const deals: CheckedDeal[] = rows.map((d) => ({
        ...d,
        amountMinor: Number(d.amountMinor),
        listAmountMinor: d.listAmountMinor === null ? null : Number(d.listAmountMinor),
      }));
      const events = await db.dealEvent.findMany({ where: { workspaceId: result.workspaceId } });
      const activities = await db.activity.findMany({ where: { workspaceId: result.workspaceId } });
      expect(deals).toHaveLength(200);
      expect(invariantProblems(NOW, deals, events, activities)).toEqual([]);
      for (const e of events) expect(e.at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      for (const a of activities) expect(['call', 'meeting', 'email', 'note']).toContain(a.kind);

      // The last stage event of each deal is its current stage (checked above); and the mix is as promised.
      const count = (stage: string) => rows.filter((d) => d.stage === stage).length;
      expect(count('won')).toBe(60);
      expect(count('lost')).toBe(40);
      const accounts = new Map((await db.account.findMany({ where: { workspaceId: result.workspaceId } })).map((a) => [a.id, a.name]));
      for (const d of rows) expect(d.searchKey).toBe(`${d.title} ${accounts.get(d.accountId)}`.toLowerCase());
      const owners = await db.member.findMany({ where: { workspaceId: result.workspaceId, role: 'rep' }, include: { team: true } });
      const teamOf = new Map(owners.map((m) => [m.id, m.team?.name]));
      expect(new Set(rows.map((d) => d.ownerId)).size).toBe(12);
      const cny = rows.filter((d) => d.currency === 'CNY');
      expect(cny.length).toBeGreaterThan(0);
      expect(cny.every((d) => teamOf.get(d.ownerId) === 'East China')).toBe(true);
      expect(rows.every((d) => d.currency === 'USD' || d.currency === 'CNY')).toBe(true);

      // Something for each report to show.
      const open = rows.filter((d) => d.closedAt === null);
      const today = localTimeParts(NOW, 'America/New_York').date;
      const quarter = periodOf('quarter', today, 1);
      const next = periodOf('quarter', addDays(quarter.end, 1), 1);
      const closeDay = (d: (typeof rows)[number]) => utcMidnightToDate(d.closeDate!);
      expect(open.filter((d) => closeDay(d) < today).length).toBeGreaterThan(0); // slipping
      expect(open.filter((d) => closeDay(d) >= today && closeDay(d) <= next.end).length).toBeGreaterThan(open.length * 0.7);
      expect(open.filter((d) => NOW.getTime() - d.lastActivityAt.getTime() > 21 * DAY).length).toBeGreaterThan(5); // stale
      expect(open.filter((d) => d.nextStep && d.nextStepDue && utcMidnightToDate(d.nextStepDue) <= today).length).toBeGreaterThan(5);
      const since = NOW.getTime() - DAY;
      const recent = events.filter((e) => e.at.getTime() > since);
      expect(recent.some((e) => e.type === 'created')).toBe(true);
      expect(recent.some((e) => e.type === 'stage_changed' && e.toStage === 'won')).toBe(true);
      for (const type of ['amount_changed', 'close_date_changed', 'note']) expect(events.some((e) => e.type === type)).toBe(true);
      expect(activities.length).toBeGreaterThan(0);
    });

    it('sets USD quotas for this quarter and the next, teams equal to the sum of their reps', async () => {
      const quotas = await db.quota.findMany({ where: { workspaceId: result.workspaceId } });
      const admin = await db.member.findFirstOrThrow({ where: { workspaceId: result.workspaceId, role: 'admin' } });
      const teams = await db.team.findMany({ where: { workspaceId: result.workspaceId }, include: { members: true } });
      const quarter = periodOf('quarter', localTimeParts(NOW, 'America/New_York').date, 1);
      const next = periodOf('quarter', addDays(quarter.end, 1), 1);
      expect(quarter.key).toBe('2026-Q4');
      expect(quotas).toHaveLength(2 * (12 + 3));
      for (const period of [quarter, next]) {
        const inPeriod = quotas.filter((q) => q.periodKey === period.key);
        expect(inPeriod).toHaveLength(15);
        for (const q of inPeriod) {
          expect([utcMidnightToDate(q.periodStart), utcMidnightToDate(q.periodEnd), q.currency, q.setById]).toEqual([
            period.start,
            period.end,
            'USD',
            admin.id,
          ]);
          expect(q.amountMinor > 0n).toBe(true);
          expect(q.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
        }
        for (const team of teams) {
          const reps = team.members.filter((m) => m.role === 'rep');
          const repQuotas = reps.map((r) => inPeriod.find((q) => q.scopeKey === `member:${r.id}` && q.memberId === r.id));
          expect(repQuotas.every(Boolean)).toBe(true);
          const teamQuota = inPeriod.find((q) => q.scopeKey === `team:${team.id}` && q.teamId === team.id);
          expect(teamQuota?.amountMinor).toBe(repQuotas.reduce((sum, q) => sum + (q?.amountMinor ?? 0n), 0n));
        }
      }
    });

    it('refuses to seed a second shell workspace into the same database, writing nothing', async () => {
      await expect(seedDemoWorkspace(db, { now: NOW })).rejects.toThrow(/already exists/);
      expect(await db.workspace.count()).toBe(1);
      expect(await db.deal.count()).toBe(200);
    });

    it('produces the same data in another database for the same seed and now', async () => {
      const other = await freshDatabase(provider);
      try {
        const again = await seedDemoWorkspace(other.db, { now: NOW, seed: 42 });
        const summary = async (target: Db, workspaceId: string) =>
          await target.deal.findMany({
            where: { workspaceId },
            orderBy: { number: 'asc' },
            select: {
              number: true,
              title: true,
              amountMinor: true,
              currency: true,
              stage: true,
              closeDate: true,
              forecastCategory: true,
              createdAt: true,
              lastActivityAt: true,
              account: { select: { name: true } },
              owner: { select: { handle: true } },
              events: { select: { type: true, at: true, toStage: true }, orderBy: { at: 'asc' } },
            },
          });
        expect(await summary(other.db, again.workspaceId)).toEqual(await summary(db, result.workspaceId));
      } finally {
        await other.cleanup();
      }
    });
  });
}
