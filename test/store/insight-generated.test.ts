// Issue #15: on a generated year of sales (test/support/generated-dataset.ts: 2,500 deals, five teams, a
// deactivated and a moved rep, four currencies of which one has no rate, competitors, discounts and
// after-sales scores, closes on both sides of quarter edges in Shanghai and New York), every figure of
// /funnel, /scorecard, /competitors and /satisfaction, read through the functions those commands call,
// equals a recomputation in plain SQL written here (a row per deal, event, follow-up or score, summed and
// converted in this file). For the workspace, a team and a rep, in the quarter that ends fiscal year 2026
// and the month that starts fiscal year 2027.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import {
  GENERATED_DEALS,
  GENERATED_FISCAL_START,
  GENERATED_INACTIVE,
  GENERATED_MOVED,
  GENERATED_NOW,
  GENERATED_TIME_ZONE,
  generatedDataset,
  type GeneratedDataset,
} from '../support/generated-dataset.js';
import { big, num, pctOrNull, roundHalfAway } from '../support/sql.js';
import { Prisma } from '../../src/store/generated/sqlite/client.js';
import type { CommandContext } from '../../src/commands/context.js';
import { dateContextOf } from '../../src/commands/context.js';
import { loadFunnel } from '../../src/commands/reports.js';
import { loadScorecard } from '../../src/commands/scorecard.js';
import { loadCompetitors } from '../../src/commands/competitors.js';
import { resolveScope, type ScopeWords } from '../../src/commands/scope.js';
import { followUpCountsBySlice, lowScoresDueBetween } from '../../src/store/after-sales.js';
import { satisfactionFiguresOfCounts } from '../../src/domain/satisfaction.js';
import { DEFAULT_STAGES } from '../../src/domain/stages.js';
import { addDays, dateToUtcMidnight, periodOf, todayIn, zonedTimeToUtc, type Period } from '../../src/domain/calendar.js';

const DAY = 86_400_000;
const OPEN_KEYS = DEFAULT_STAGES.filter((s) => s.kind === 'open').map((s) => s.key);
const STAGE_EVENTS = Prisma.sql`('created', 'stage_changed')`;
/** Q4 FY2026 (Jan–Mar 2026) and April 2026, the first month of FY2027. */
const PERIODS: readonly Period[] = [
  periodOf('quarter', '2026-02-15', GENERATED_FISCAL_START),
  periodOf('month', '2026-04-10', GENERATED_FISCAL_START),
];
/** The admin asks from New York, where GENERATED_NOW is still Sunday 19 April. */
const ASKERS_TODAY = '2026-04-19';
/** Open deals convert at the workspace's today (Shanghai). */
const WORKSPACE_TODAY = '2026-04-20';

type Scope = { name: string; words: ScopeWords; where: (person?: Prisma.Sql) => Prisma.Sql };
type Case = { name: string; scope: Scope; period: Period; from: Date; to: Date };

/** SQLite gives an aggregate or subquery of a timestamp back as its stored text. */
const time = (value: Date | string): number => (value instanceof Date ? value.getTime() : Date.parse(value));
const dayOf = (value: Date | string): string => new Date(time(value)).toISOString().slice(0, 10);
const median = (values: readonly number[]): number | null => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const average1 = (scores: readonly number[]): number | null =>
  scores.length === 0 ? null : Number(roundHalfAway(BigInt(scores.reduce((n, s) => n + s, 0)) * 10n, BigInt(scores.length))) / 10;

for (const provider of ALL_PROVIDERS)
  describeOn(provider)(`report figures on a generated year, against plain SQL, on ${provider}`, () => {
    let data: GeneratedDataset;
    let ctx: CommandContext;
    let rates: { currency: string; rate: string; day: string }[];
    let cases: Case[];
    beforeAll(async () => {
      data = await generatedDataset(provider);
      ctx = await data.contextFor('ada');
      const rows = await data.db.$queryRaw<{ currency: string; rate: string; effectiveDate: Date | string }[]>`
        SELECT r."currency" AS "currency", r."rate" AS "rate", r."effectiveDate" AS "effectiveDate" FROM "ExchangeRate" r
        WHERE r."workspaceId" = ${data.workspaceId} AND r."quoteCurrency" = 'USD'`;
      rates = rows
        .map((r) => ({ currency: r.currency, rate: r.rate, day: dayOf(r.effectiveDate) }))
        .sort((a, b) => b.day.localeCompare(a.day));
      const team = data.teamIds['New York']!;
      const rep = data.memberIds[GENERATED_MOVED]!;
      const scopes: Scope[] = [
        { name: 'all', words: { kind: 'all' }, where: () => Prisma.empty },
        { name: 'team New York', words: { kind: 'team', name: 'New York' }, where: () => Prisma.sql`AND d."teamId" = ${team}` },
        {
          name: `@${GENERATED_MOVED}`,
          words: { kind: 'member', name: GENERATED_MOVED },
          where: (person = Prisma.sql`d."ownerId"`) => Prisma.sql`AND ${person} = ${rep}`,
        },
      ];
      cases = scopes.flatMap((scope) =>
        PERIODS.map((period) => ({
          name: `${scope.name} ${period.key}`,
          scope,
          period,
          from: zonedTimeToUtc(period.start, '00:00', GENERATED_TIME_ZONE),
          to: zonedTimeToUtc(addDays(period.end, 1), '00:00', GENERATED_TIME_ZONE),
        })),
      );
    }, 180_000);
    afterAll(() => data.cleanup());

    /** An instant as the columns store it: ISO text with +00:00 in SQLite, timestamp(3) in PostgreSQL. */
    const at = (instant: Date): Prisma.Sql =>
      provider === 'sqlite'
        ? Prisma.sql`${instant.toISOString().replace('Z', '+00:00')}`
        : Prisma.sql`CAST(${instant.toISOString().slice(0, -1)} AS timestamp(3))`;
    const day = (date: string) => at(dateToUtcMidnight(date));

    /** An amount in USD at the latest rate dated on or before `date`; null without one. */
    function usd(amount: bigint, currency: string, date: string): bigint | null {
      if (currency === 'USD') return amount;
      const rate = rates.find((r) => r.currency === currency && r.day <= date);
      if (!rate) return null;
      const [whole = '0', fraction = ''] = rate.rate.split('.');
      return roundHalfAway(amount * BigInt(whole + fraction), 10n ** BigInt(fraction.length));
    }

    /** Amounts summed per currency and day (as reports convert them), converted, and those without a rate named. */
    function inUsd(rows: readonly { currency: string; date: string; amount: bigint }[]): {
      sum: bigint;
      withRate: number;
      missing: string[];
    } {
      const groups = new Map<string, { currency: string; date: string; amount: bigint; n: number }>();
      for (const row of rows) {
        const key = `${row.currency} ${row.date}`;
        const group = groups.get(key) ?? { currency: row.currency, date: row.date, amount: 0n, n: 0 };
        group.amount += row.amount;
        group.n++;
        groups.set(key, group);
      }
      let sum = 0n;
      let withRate = 0;
      const missing = new Set<string>();
      for (const group of groups.values()) {
        const converted = usd(group.amount, group.currency, group.date);
        if (converted === null) missing.add(group.currency);
        else {
          sum += converted;
          withRate += group.n;
        }
      }
      return { sum, withRate, missing: [...missing].sort() };
    }

    type ClosedDeal = {
      ownerId: string;
      stage: string;
      currency: string;
      date: string;
      amount: bigint;
      list: bigint;
      bps: number;
      cycleMs: number;
      lostReason: string | null;
    };

    /** The won and lost deals of the scope whose close date is in the period, one row each. */
    async function closedDeals(c: Case): Promise<ClosedDeal[]> {
      const rows = await data.db.$queryRaw<
        {
          ownerId: string;
          stage: string;
          currency: string;
          closeDate: Date | string;
          amount: unknown;
          list: unknown;
          bps: unknown;
          createdAt: Date | string;
          closedAt: Date | string;
          lostReason: string | null;
        }[]
      >`
        SELECT d."ownerId" AS "ownerId", d."stage" AS "stage", d."currency" AS "currency", d."closeDate" AS "closeDate",
               d."amountMinor" AS "amount", d."listAmountMinor" AS "list", d."discountBps" AS "bps",
               d."createdAt" AS "createdAt", d."closedAt" AS "closedAt", d."lostReason" AS "lostReason"
        FROM "Deal" d
        WHERE d."workspaceId" = ${data.workspaceId} AND d."stage" IN ('won', 'lost')
          AND d."closeDate" >= ${day(c.period.start)} AND d."closeDate" <= ${day(c.period.end)} ${c.scope.where()}`;
      return rows.map((r) => ({
        ownerId: r.ownerId,
        stage: r.stage,
        currency: r.currency,
        date: dayOf(r.closeDate),
        amount: big(r.amount),
        list: r.list === null ? big(r.amount) : big(r.list),
        bps: num(r.bps),
        cycleMs: Math.max(0, time(r.closedAt) - time(r.createdAt)),
        lostReason: r.lostReason,
      }));
    }

    /** Per open stage, each deal's first entry in the window (a subquery the figures below count from). */
    const entries = (c: Case) => Prisma.sql`
      SELECT e."dealId" AS "dealId", e."toStage" AS "stage", MIN(e."at") AS "first"
      FROM "DealEvent" e JOIN "Deal" d ON d."id" = e."dealId"
      WHERE d."workspaceId" = ${data.workspaceId} AND e."type" IN ${STAGE_EVENTS} AND e."toStage" IN (${Prisma.join(OPEN_KEYS)})
        AND e."at" >= ${at(c.from)} AND e."at" < ${at(c.to)} ${c.scope.where()}
      GROUP BY e."dealId", e."toStage"`;

    /** Entries per stage that, at or after the entry and by now, were followed by a stage event meeting `condition` (on n, its stage ns and the entry's stage fs). */
    async function entriesFollowedBy(c: Case, condition: Prisma.Sql | null): Promise<Map<string, number>> {
      const rows = await data.db.$queryRaw<{ stage: string; n: unknown }[]>`
        SELECT f."stage" AS "stage", COUNT(*) AS "n" FROM (${entries(c)}) f
        ${
          condition === null
            ? Prisma.empty
            : Prisma.sql`WHERE EXISTS (
          SELECT 1 FROM "DealEvent" n
          JOIN "Stage" ns ON ns."workspaceId" = n."workspaceId" AND ns."key" = n."toStage"
          JOIN "Stage" fs ON fs."workspaceId" = n."workspaceId" AND fs."key" = f."stage"
          WHERE n."dealId" = f."dealId" AND n."type" IN ${STAGE_EVENTS} AND n."at" >= f."first" AND n."at" <= ${at(GENERATED_NOW)}
            AND ${condition})`
        }
        GROUP BY f."stage"`;
      return new Map(rows.map((r) => [r.stage, num(r.n)]));
    }

    /** Each stay that ended: from the first entry in the window to the deal's next entry into another stage. */
    async function stays(c: Case): Promise<Map<string, number[]>> {
      const rows = await data.db.$queryRaw<{ stage: string; first: Date | string; left: Date | string | null }[]>`
        SELECT f."stage" AS "stage", f."first" AS "first",
          (SELECT MIN(n."at") FROM "DealEvent" n
           WHERE n."dealId" = f."dealId" AND n."type" IN ${STAGE_EVENTS} AND n."toStage" <> f."stage"
             AND n."at" > f."first" AND n."at" <= ${at(GENERATED_NOW)}) AS "left"
        FROM (${entries(c)}) f`;
      const out = new Map<string, number[]>();
      for (const row of rows) if (row.left !== null) out.set(row.stage, [...(out.get(row.stage) ?? []), time(row.left) - time(row.first)]);
      return out;
    }

    const scopeOf = (c: Case) => resolveScope(ctx, c.scope.words);

    it('writes the dataset the figures need: a year of deals, teams, reps, currencies and closes on quarter edges', async () => {
      const deals = await data.db.$queryRaw<{ n: unknown; teams: unknown; owners: unknown; currencies: unknown; named: unknown }[]>`
        SELECT COUNT(*) AS "n", COUNT(DISTINCT d."teamId") AS "teams", COUNT(DISTINCT d."ownerId") AS "owners",
               COUNT(DISTINCT d."currency") AS "currencies",
               SUM(CASE WHEN EXISTS (SELECT 1 FROM "DealCompetitor" dc WHERE dc."dealId" = d."id") THEN 1 ELSE 0 END) AS "named"
        FROM "Deal" d WHERE d."workspaceId" = ${data.workspaceId}`;
      expect(deals.map((r) => [num(r.n), num(r.teams), num(r.owners), num(r.currencies)])).toEqual([[GENERATED_DEALS, 5, 25, 4]]);
      expect(num(deals[0]?.named) / GENERATED_DEALS).toBeGreaterThan(0.28);
      // The moved rep sold in two teams; the deactivated one is inactive and owns deals.
      const moved = await data.db.deal.groupBy({
        by: ['teamId'],
        where: { ownerId: data.memberIds[GENERATED_MOVED]! },
        _count: { _all: true },
      });
      expect(moved.map((r) => r.teamId).sort()).toEqual([data.teamIds['New York'], data.teamIds['North China']].sort());
      const inactive = await data.db.member.findFirstOrThrow({
        where: { handle: GENERATED_INACTIVE },
        select: { active: true, _count: { select: { ownedDeals: true } } },
      });
      expect([inactive.active, inactive._count.ownedDeals > 0]).toEqual([false, true]);
      // Closes at 23:30 and 00:30 around 1 January and 1 April in both zones.
      for (const zone of ['Asia/Shanghai', 'America/New_York'])
        for (const first of ['2026-01-01', '2026-04-01']) {
          const instants = [zonedTimeToUtc(addDays(first, -1), '23:30', zone), zonedTimeToUtc(first, '00:30', zone)];
          const closes = await data.db.deal.findMany({
            where: { workspaceId: data.workspaceId, closedAt: { in: instants } },
            select: { closeDate: true },
          });
          expect(new Set(closes.map((d) => d.closeDate?.toISOString().slice(0, 10))), `${zone} ${first}`).toEqual(
            new Set([addDays(first, -1), first]),
          );
        }
    });

    it('/funnel: entered, moved on, lost there, conversions and median days per stage; win rates, amounts, cycle and lost reasons', async () => {
      let entered = 0;
      for (const c of cases) {
        const funnel = await loadFunnel(
          ctx,
          { workspaceId: data.workspaceId, ...(await scopeOf(c)).deals },
          { from: c.from, to: c.to, asOf: GENERATED_NOW, closeFrom: c.period.start, closeTo: c.period.end },
          'none',
        );
        expect(funnel.slices.length, c.name).toBe(1);
        const figures = funnel.slices[0]!.figures;
        const all = await entriesFollowedBy(c, null);
        const movedOn = await entriesFollowedBy(
          c,
          Prisma.sql`(ns."kind" = 'won' OR (ns."kind" = 'open' AND ns."position" > fs."position"))`,
        );
        const wonLater = await entriesFollowedBy(c, Prisma.sql`ns."kind" = 'won'`);
        const lostThere = await entriesFollowedBy(c, Prisma.sql`ns."kind" = 'lost' AND n."fromStage" = f."stage"`);
        const stayed = await stays(c);
        const want = OPEN_KEYS.map((stage) => {
          const n = all.get(stage) ?? 0;
          const ms = median(stayed.get(stage) ?? []);
          return {
            stage,
            entered: n,
            movedOn: movedOn.get(stage) ?? 0,
            lostThere: lostThere.get(stage) ?? 0,
            nextPct: pctOrNull(movedOn.get(stage) ?? 0, n),
            wonPct: pctOrNull(wonLater.get(stage) ?? 0, n),
            medianDays: ms === null ? null : Math.round((ms / DAY) * 10) / 10,
          };
        });
        const got = figures.lines.map((l) => ({
          stage: l.stage.key,
          entered: l.entered,
          movedOn: l.movedOn,
          lostThere: l.lostThere,
          nextPct: l.nextPct,
          wonPct: l.wonPct,
          medianDays: l.medianDays,
        }));
        expect(got, c.name).toEqual(want);
        entered += want.reduce((n, line) => n + line.entered, 0);

        const closed = await closedDeals(c);
        const won = closed.filter((d) => d.stage === 'won');
        const lost = closed.filter((d) => d.stage === 'lost');
        const wonUsd = inUsd(won);
        const lostUsd = inUsd(lost);
        const reasons = await data.db.$queryRaw<{ reason: string | null; n: unknown }[]>`
          SELECT d."lostReason" AS "reason", COUNT(*) AS "n" FROM "Deal" d
          WHERE d."workspaceId" = ${data.workspaceId} AND d."stage" = 'lost'
            AND d."closeDate" >= ${day(c.period.start)} AND d."closeDate" <= ${day(c.period.end)} ${c.scope.where()}
          GROUP BY d."lostReason"`;
        const cycle = median(won.map((d) => d.cycleMs));
        expect(
          {
            won: figures.won,
            lost: figures.lost,
            winRatePct: figures.winRatePct,
            wonMinor: figures.wonMinor,
            lostMinor: figures.lostMinor,
            winRateAmountPct: figures.winRateAmountPct,
            avgWonMinor: figures.avgWonMinor,
            medianCycleDays: figures.medianCycleDays,
            lostReasons: figures.lostReasons.map((r) => `${r.reason ?? '—'} ${r.count}`).sort(),
            missing: funnel.conversion.missing.map((m) => m.currency).sort(),
          },
          c.name,
        ).toEqual({
          won: won.length,
          lost: lost.length,
          winRatePct: pctOrNull(won.length, won.length + lost.length),
          wonMinor: Number(wonUsd.sum),
          lostMinor: Number(lostUsd.sum),
          winRateAmountPct: pctOrNull(Number(wonUsd.sum), Number(wonUsd.sum + lostUsd.sum)),
          avgWonMinor: wonUsd.withRate === 0 ? null : Number(roundHalfAway(wonUsd.sum, BigInt(wonUsd.withRate))),
          medianCycleDays: cycle === null ? null : Math.round(cycle / DAY),
          lostReasons: reasons.map((r) => `${r.reason ?? '—'} ${num(r.n)}`).sort(),
          missing: [...new Set([...wonUsd.missing, ...lostUsd.missing])].sort(),
        });
        if (c.scope.name === 'all') expect([won.length > 20, lost.length > 10, reasons.length > 3], c.name).toEqual([true, true, true]);
      }
      expect(entered).toBeGreaterThan(1000);
    });

    it('/scorecard: each column of each person’s line', async () => {
      for (const c of cases) {
        const scope = await scopeOf(c);
        const card = await loadScorecard(ctx, scope, c.period);
        const closed = await closedDeals(c);
        const quotas = await data.db.$queryRaw<{ memberId: string; amount: unknown }[]>`
          SELECT q."memberId" AS "memberId", q."amountMinor" AS "amount" FROM "Quota" q
          WHERE q."workspaceId" = ${data.workspaceId} AND q."memberId" IS NOT NULL
            AND q."periodStart" = ${day(c.period.start)} AND q."periodEnd" = ${day(c.period.end)}`;
        const created = await data.db.$queryRaw<{ ownerId: string; currency: string; amount: unknown }[]>`
          SELECT d."ownerId" AS "ownerId", d."currency" AS "currency", d."amountMinor" AS "amount" FROM "Deal" d
          WHERE d."workspaceId" = ${data.workspaceId} AND d."createdAt" >= ${at(c.from)} AND d."createdAt" < ${at(c.to)} ${c.scope.where()}`;
        const advanced = await data.db.$queryRaw<{ ownerId: string; n: unknown }[]>`
          SELECT d."ownerId" AS "ownerId", COUNT(DISTINCT e."dealId") AS "n"
          FROM "DealEvent" e JOIN "Deal" d ON d."id" = e."dealId"
          JOIN "Stage" ts ON ts."workspaceId" = e."workspaceId" AND ts."key" = e."toStage"
          JOIN "Stage" fs ON fs."workspaceId" = e."workspaceId" AND fs."key" = e."fromStage"
          WHERE d."workspaceId" = ${data.workspaceId} AND e."type" = 'stage_changed' AND e."at" >= ${at(c.from)} AND e."at" < ${at(c.to)}
            AND (ts."kind" = 'won' OR (ts."kind" = 'open' AND ts."position" > fs."position")) ${c.scope.where()}
          GROUP BY d."ownerId"`;
        const logged = await data.db.$queryRaw<{ memberId: string; kind: string; n: unknown }[]>`
          SELECT a."memberId" AS "memberId", a."kind" AS "kind", COUNT(*) AS "n" FROM "Activity" a JOIN "Deal" d ON d."id" = a."dealId"
          WHERE d."workspaceId" = ${data.workspaceId} AND a."kind" IN ('call', 'meeting', 'email') AND a."at" >= ${at(c.from)} AND a."at" < ${at(c.to)}
            ${c.scope.where(Prisma.sql`a."memberId"`)}
          GROUP BY a."memberId", a."kind"`;
        const scores = await data.db.$queryRaw<{ ownerId: string; score: unknown }[]>`
          SELECT d."ownerId" AS "ownerId", f."score" AS "score" FROM "AfterSalesFollowUp" f JOIN "Deal" d ON d."id" = f."dealId"
          WHERE d."workspaceId" = ${data.workspaceId} AND f."score" IS NOT NULL AND f."recordedAt" >= ${at(c.from)} AND f."recordedAt" < ${at(c.to)}
            ${c.scope.where()}`;

        const expected = (ownerId: string) => {
          const mine = closed.filter((d) => d.ownerId === ownerId);
          const won = mine.filter((d) => d.stage === 'won');
          const lost = mine.filter((d) => d.stage === 'lost');
          const wonMinor = Number(inUsd(won).sum);
          const quota = quotas.find((q) => q.memberId === ownerId);
          const createdMine = created.filter((d) => d.ownerId === ownerId);
          const count = (kind: string) => num(logged.find((r) => r.memberId === ownerId && r.kind === kind)?.n);
          // Discounts: Σ list and Σ list × bps ÷ 10,000 per currency and close date, both converted.
          let listed = 0n;
          let discounted = 0n;
          for (const group of new Set(won.map((d) => `${d.currency} ${d.date}`))) {
            const deals = won.filter((d) => `${d.currency} ${d.date}` === group);
            const [currency = '', date = ''] = group.split(' ');
            const list = usd(
              deals.reduce((n, d) => n + d.list, 0n),
              currency,
              date,
            );
            const discount = usd(
              roundHalfAway(
                deals.reduce((n, d) => n + d.list * BigInt(d.bps), 0n),
                10_000n,
              ),
              currency,
              date,
            );
            if (list === null || discount === null) continue;
            listed += list;
            discounted += discount;
          }
          const cycle = median(won.map((d) => d.cycleMs));
          const myScores = scores.filter((s) => s.ownerId === ownerId).map((s) => num(s.score));
          return {
            wonMinor,
            won: won.length,
            lost: lost.length,
            attainmentPct: quota ? pctOrNull(wonMinor, num(quota.amount)) : null,
            createdCount: createdMine.length,
            createdMinor: Number(
              inUsd(createdMine.map((d) => ({ currency: d.currency, date: WORKSPACE_TODAY, amount: big(d.amount) }))).sum,
            ),
            advanced: num(advanced.find((r) => r.ownerId === ownerId)?.n),
            calls: count('call'),
            meetings: count('meeting'),
            emails: count('email'),
            winRatePct: pctOrNull(won.length, won.length + lost.length),
            medianCycleDays: cycle === null ? null : Math.round(cycle / DAY),
            discountPct: pctOrNull(Number(discounted), Number(listed)),
            satisfaction: average1(myScores),
            satisfactionCount: myScores.length,
          };
        };
        // Everyone with a figure has a line (a manager who logged calls, the moved and the deactivated rep).
        const withFigures = new Set([
          ...closed.map((d) => d.ownerId),
          ...created.map((d) => d.ownerId),
          ...advanced.map((r) => r.ownerId),
          ...logged.map((r) => r.memberId),
          ...scores.map((r) => r.ownerId),
        ]);
        const lineIds = card.lines.map((l) => l.ownerId);
        expect(
          [...withFigures].filter((id) => !lineIds.includes(id)),
          c.name,
        ).toEqual([]);
        expect(new Set(lineIds).size).toBe(lineIds.length);
        for (const line of card.lines) {
          const { ownerId: _id, name: _name, currency: _currency, ...got } = line;
          expect(got, `${c.name} ${line.name}`).toEqual(expected(line.ownerId));
        }
        if (c.scope.name !== `@${GENERATED_MOVED}`)
          expect(
            [
              card.lines.some((l) => l.discountPct !== null && l.discountPct > 0),
              card.lines.some((l) => l.satisfactionCount > 0),
              card.lines.some((l) => l.calls + l.meetings + l.emails > 0),
              card.lines.some((l) => l.advanced > 0),
              card.lines.some((l) => l.attainmentPct !== null),
            ],
            c.name,
          ).toEqual([true, true, true, true, c.period.kind === 'quarter']);
      }
    });

    it('/competitors: deals met, open, won, lost to, lost present, win rate and amounts per competitor', async () => {
      for (const c of cases) {
        const report = await loadCompetitors(ctx, { workspaceId: data.workspaceId, ...(await scopeOf(c)).deals }, c.period);
        const rows = await data.db.$queryRaw<
          { id: string; name: string; stage: string; currency: string; closeDate: Date | string; amount: unknown }[]
        >`
          SELECT c."id" AS "id", c."name" AS "name", d."stage" AS "stage", d."currency" AS "currency", d."closeDate" AS "closeDate",
                 d."amountMinor" AS "amount"
          FROM "DealCompetitor" dc JOIN "Deal" d ON d."id" = dc."dealId" JOIN "Competitor" c ON c."id" = dc."competitorId"
          WHERE d."workspaceId" = ${data.workspaceId}
            AND d."closeDate" >= ${day(c.period.start)} AND d."closeDate" <= ${day(c.period.end)} ${c.scope.where()}`;
        const lostTo = await data.db.$queryRaw<{ id: string; name: string; n: unknown }[]>`
          SELECT c."id" AS "id", c."name" AS "name", COUNT(*) AS "n" FROM "Deal" d JOIN "Competitor" c ON c."id" = d."lostToId"
          WHERE d."workspaceId" = ${data.workspaceId} AND d."stage" = 'lost'
            AND d."closeDate" >= ${day(c.period.start)} AND d."closeDate" <= ${day(c.period.end)} ${c.scope.where()}
          GROUP BY c."id", c."name"`;
        const names = new Map([...rows, ...lostTo].map((r) => [r.id, r.name]));
        const want = [...names].map(([id, name]) => {
          const mine = rows.filter((r) => r.id === id);
          const of = (stage: string) =>
            mine.filter((r) => r.stage === stage).map((r) => ({ currency: r.currency, date: dayOf(r.closeDate), amount: big(r.amount) }));
          const [won, lost] = [of('won'), of('lost')];
          return {
            id,
            name,
            met: mine.length,
            open: mine.filter((r) => r.stage !== 'won' && r.stage !== 'lost').length,
            won: won.length,
            lostTo: num(lostTo.find((r) => r.id === id)?.n),
            lostPresent: lost.length,
            winRatePct: pctOrNull(won.length, won.length + lost.length),
            wonMinor: Number(inUsd(won).sum),
            lostMinor: Number(inUsd(lost).sum),
          };
        });
        want.sort((a, b) => b.met - a.met || a.name.localeCompare(b.name));
        expect(report.lines, c.name).toEqual(want);
        if (c.scope.name === 'all') expect(want.filter((l) => l.won > 0 && l.lostTo > 0).length, c.name).toBeGreaterThan(2);
      }
    });

    it('/satisfaction: call-backs due in the period, responses, average, due so far, unanswered and the low scores', async () => {
      expect(todayIn(dateContextOf(ctx))).toBe(ASKERS_TODAY);
      for (const c of cases) {
        const scope = { workspaceId: data.workspaceId, ...(await scopeOf(c)).deals };
        const period = { from: c.period.start, to: c.period.end };
        const figures = satisfactionFiguresOfCounts(
          await followUpCountsBySlice(ctx.db, scope, { ...period, today: todayIn(dateContextOf(ctx)), by: 'none' }),
        );
        const rows = await lowScoresDueBetween(ctx.db, scope, period);
        const due = await data.db.$queryRaw<{ dueOn: Date | string; score: unknown; number: unknown; account: string }[]>`
          SELECT f."dueOn" AS "dueOn", f."score" AS "score", d."number" AS "number", a."name" AS "account"
          FROM "AfterSalesFollowUp" f JOIN "Deal" d ON d."id" = f."dealId" JOIN "Account" a ON a."id" = d."accountId"
          WHERE f."workspaceId" = ${data.workspaceId} AND f."dueOn" >= ${day(c.period.start)} AND f."dueOn" <= ${day(c.period.end)}
            ${c.scope.where()}`;
        const scored = due.filter((r) => r.score !== null).map((r) => num(r.score));
        const dueSoFar = due.filter((r) => dayOf(r.dueOn) <= ASKERS_TODAY);
        expect(figures, c.name).toEqual({
          scheduled: due.length,
          responses: scored.length,
          average: average1(scored),
          due: dueSoFar.length,
          unanswered: dueSoFar.filter((r) => r.score === null).length,
          byScore: [1, 2, 3, 4, 5].map((s) => scored.filter((n) => n === s).length),
        });
        const low = (list: readonly { number: number; account: string; score: number }[]) =>
          list.map((r) => `${String(r.number)} ${r.account} ${String(r.score)}`).sort();
        expect(
          low(
            rows.flatMap((r) =>
              r.score !== null && r.score < 3 ? [{ number: r.dealNumber, account: r.accountName, score: r.score }] : [],
            ),
          ),
          c.name,
        ).toEqual(
          low(
            due.flatMap((r) =>
              r.score !== null && num(r.score) < 3 ? [{ number: num(r.number), account: r.account, score: num(r.score) }] : [],
            ),
          ),
        );
        if (c.scope.name === 'all')
          expect([scored.length > 10, scored.some((s) => s < 3), dueSoFar.length - scored.length > 0], c.name).toEqual([true, true, true]);
      }
      // April's call-backs: some are due after the asker's today, so not yet unanswered.
      const april = cases.find((c) => c.scope.name === 'all' && c.period.kind === 'month')!;
      const aprilCounts = await followUpCountsBySlice(
        ctx.db,
        { workspaceId: data.workspaceId },
        { from: april.period.start, to: april.period.end, today: ASKERS_TODAY, by: 'none' },
      );
      const aprilFigures = satisfactionFiguresOfCounts(aprilCounts);
      expect(aprilFigures.due).toBeLessThan(aprilFigures.scheduled);
    });
  });
