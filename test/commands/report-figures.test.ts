// Every figure that /pipeline, /quota and /forecast print for the demo workspace equals the same figure
// computed by a plain SQL query (raw SQL over "Deal", "Stage", "Member", "Team", "Quota"; no store
// function and no Prisma model API), on each provider under test.
//
// Definitions (see src/commands/*.ts and src/store/reports.ts):
// - open pipeline: deals in an open stage; with a period, closeDate (UTC midnight of the calendar day)
//   between the period's first and last day inclusive. Weighted = round-half-away(total × p / 100) per stage.
// - stale: lastActivityAt before now − staleAfterDays; oldest: whole days since the earliest stageEnteredAt.
// - won in a period: a won stage with closeDate (the day it was won, in the owner's time zone) between
//   the period's first and last day inclusive.
// - quota lines and forecasts use the quota's / workspace's currency (USD) only; forecasts leave out
//   forecastCategory 'omit'. A team's quota is its own quota row, else the sum of its people's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../src/store/generated/sqlite/client.js';
import type { Block, Field, Screen } from '../../src/views/screen.js';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, FIXED_NOW, type DemoWorkspace } from '../support/workspace.js';
import { num, ownedByTeam, pct, roundHalfAway, weighted } from '../support/sql.js';
import { coverageValue, days, integer, minor, percentValue } from '../support/screen-values.js';

const DAY = 86_400_000;
/** Fiscal (= calendar) Q4 2026, as stored calendar dates (UTC midnight). */
const Q4 = {
  closeFrom: new Date('2026-10-01T00:00:00.000Z'),
  closeTo: new Date('2026-12-31T00:00:00.000Z'),
  /** FIXED_NOW is 2026-11-23 10:00 in New York: day 54 of the quarter's 92. */
  elapsedDays: 54n,
  days: 92n,
  key: '2026-Q4',
};

// ---------------------------------------------------------------------------------------------
// Plain arithmetic on what SQL returns

/** A DateTime read by raw SQL: a Date, or (an aggregate on SQLite) the stored ISO text. */
function instant(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'string') {
    const text = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value.replace(' ', 'T')}Z`;
    const date = new Date(text);
    if (Number.isNaN(date.getTime())) throw new TypeError(`not a timestamp: ${value}`);
    return date;
  }
  throw new TypeError(`not a timestamp: a ${typeof value}`);
}

/** Open pipeline ÷ gap with one decimal. */
const coverageOf = (open: number, gap: number): number => Number(roundHalfAway(BigInt(open) * 10n, BigInt(gap))) / 10;
/** What should be closed by today at an even pace. */
const expectedToDate = (quota: number): number => Number(roundHalfAway(BigInt(quota) * Q4.elapsedDays, Q4.days));

// ---------------------------------------------------------------------------------------------
// Reading what the screen shows

/**
 * Compact US dollars as the quota table writes them, worked out here rather than with the code under
 * test: the largest of K, M, B, T that the amount reaches; one decimal below 10 of that unit (dropped
 * when it is .0), whole units from 10 up; half away from zero; a rounding that reaches 1000 moves up a
 * unit ($999.96K is $1M). `$480K`, `$1.3M`, `$12K`, `$950`, `$0`.
 */
function compact(minorUnits: number): string {
  if (!Number.isSafeInteger(minorUnits) || minorUnits < 0) throw new Error(`not a non-negative amount: ${minorUnits}`);
  const units: [size: bigint, suffix: string][] = [
    [100n * 10n ** 12n, 'T'],
    [100n * 10n ** 9n, 'B'],
    [100n * 10n ** 6n, 'M'],
    [100n * 10n ** 3n, 'K'],
    [100n, ''],
  ];
  const amount = BigInt(minorUnits);
  let index = units.findIndex(([size]) => amount >= size);
  if (index === -1) index = units.length - 1;
  for (;;) {
    const [size, suffix] = units[index]!;
    const tenths = roundHalfAway(amount * 10n, size);
    if (tenths < 100n) return `$${tenths / 10n}${tenths % 10n === 0n ? '' : `.${tenths % 10n}`}${suffix}`;
    const whole = roundHalfAway(amount, size);
    if (whole < 1000n || index === 0) return `$${whole}${suffix}`;
    index -= 1;
  }
}
describe('the expected compact dollars', () => {
  it('are written the way people read them', () => {
    expect(
      [0, 95_000, 550, 4_800_000, 5_000_000, 1_234_500, 130_000_000, 125_000_000, 99_996_000, 99_949_900, 2_500_000_000_00].map(compact),
    ).toEqual(['$0', '$950', '$5.5', '$48K', '$50K', '$12K', '$1.3M', '$1.3M', '$1M', '$999K', '$2.5B']);
  });
});

const signedCompact = (minorUnits: number): string => `${minorUnits >= 0 ? '+' : '−'}${compact(Math.abs(minorUnits))}`;

type Table = Extract<Block, { type: 'table' }>;

function tableOf(screen: Screen): Table {
  const tables = screen.blocks.filter((b): b is Table => b.type === 'table');
  expect(tables).toHaveLength(1);
  return tables[0]!;
}

function fieldsOf(screen: Screen): Map<string, string> {
  const blocks = screen.blocks.filter((b): b is Extract<Block, { type: 'fields' }> => b.type === 'fields');
  expect(blocks).toHaveLength(1);
  return new Map(blocks[0]!.fields.map((f: Field) => [f.label, f.value]));
}

function field(fields: Map<string, string>, label: string): string {
  const value = fields.get(label);
  if (value === undefined) throw new Error(`no field "${label}" (have ${[...fields.keys()].join(', ')})`);
  return value;
}

function contexts(screen: Screen): string[] {
  return screen.blocks.flatMap((b) => (b.type === 'context' ? [b.text] : []));
}

function cell(row: readonly string[] | undefined, index: number): string {
  const value = row?.[index];
  if (value === undefined) throw new Error(`no cell ${index} in ${JSON.stringify(row)}`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// The SQL side

type Owners = { kind: 'all' } | { kind: 'team'; teamId: string } | { kind: 'member'; memberId: string };
type StageRow = { key: string; nameEn: string; probability: number };
type MemberRow = { id: string; name: string; handle: string; teamId: string | null };
type TeamRow = { id: string; name: string; managerId: string | null };
type PipelineFact = { stage: string; currency: string; count: number; sumMinor: number; oldest: Date | null; stale: number };
type CategoryFact = { category: string; stage: string; currency: string; count: number; sumMinor: number };
type Won = { count: number; sumMinor: number };

/** `AND <deal owned by the scope>`: a member's, the deals sold in a team, or everyone's. */
function ownedBy(owners: Owners): Prisma.Sql {
  if (owners.kind === 'all') return Prisma.empty;
  if (owners.kind === 'member') return Prisma.sql`AND d."ownerId" = ${owners.memberId}`;
  return ownedByTeam(owners.teamId);
}

class ReportSql {
  constructor(
    readonly demo: DemoWorkspace,
    readonly workspace: { id: string; name: string; currency: string; staleAfterDays: number },
    readonly openStages: StageRow[],
    readonly members: MemberRow[],
    readonly teams: TeamRow[],
  ) {}

  static async load(demo: DemoWorkspace): Promise<ReportSql> {
    const db = demo.db;
    const [ws] = await db.$queryRaw<{ id: string; name: string; currency: string; staleAfterDays: unknown }[]>`
      SELECT "id", "name", "currency", "staleAfterDays" FROM "Workspace" WHERE "id" = ${demo.workspaceId}`;
    if (!ws) throw new Error('no workspace row');
    const stages = await db.$queryRaw<{ key: string; nameEn: string; probability: unknown }[]>`
      SELECT "key", "nameEn", "probability" FROM "Stage" WHERE "workspaceId" = ${demo.workspaceId} AND "kind" = 'open' ORDER BY "position"`;
    const members = await db.$queryRaw<MemberRow[]>`
      SELECT "id", "name", "handle", "teamId" FROM "Member" WHERE "workspaceId" = ${demo.workspaceId} AND "active" = TRUE`;
    const teams = await db.$queryRaw<TeamRow[]>`SELECT "id", "name", "managerId" FROM "Team" WHERE "workspaceId" = ${demo.workspaceId}`;
    return new ReportSql(
      demo,
      { id: ws.id, name: ws.name, currency: ws.currency, staleAfterDays: num(ws.staleAfterDays) },
      stages.map((s) => ({ key: s.key, nameEn: s.nameEn, probability: num(s.probability) })),
      members,
      teams,
    );
  }

  member(handle: string): MemberRow {
    const found = this.members.find((m) => m.handle === handle);
    if (!found) throw new Error(`no member @${handle}`);
    return found;
  }

  team(name: string): TeamRow {
    const found = this.teams.find((t) => t.name === name);
    if (!found) throw new Error(`no team ${name}`);
    return found;
  }

  /** A team's people: its active members other than its manager. */
  people(team: TeamRow): MemberRow[] {
    return this.members.filter((m) => m.teamId === team.id && m.id !== team.managerId);
  }

  get staleBefore(): Date {
    return new Date(FIXED_NOW.getTime() - this.workspace.staleAfterDays * DAY);
  }

  /** Open deals by stage and currency; with `inQ4`, only those whose close date falls in Q4 2026. */
  async pipeline(owners: Owners, inQ4: boolean): Promise<PipelineFact[]> {
    const rows = await this.demo.db.$queryRaw<Record<string, unknown>[]>`
      SELECT d."stage" AS "stage", d."currency" AS "currency", COUNT(*) AS "n", SUM(d."amountMinor") AS "total",
             MIN(d."stageEnteredAt") AS "oldest",
             SUM(CASE WHEN d."lastActivityAt" < ${this.staleBefore} THEN 1 ELSE 0 END) AS "stale"
      FROM "Deal" d JOIN "Stage" s ON s."workspaceId" = d."workspaceId" AND s."key" = d."stage"
      WHERE d."workspaceId" = ${this.workspace.id} AND s."kind" = 'open' ${ownedBy(owners)}
        ${inQ4 ? Prisma.sql`AND d."closeDate" >= ${Q4.closeFrom} AND d."closeDate" <= ${Q4.closeTo}` : Prisma.empty}
      GROUP BY d."stage", d."currency"`;
    return rows.map((r) => ({
      stage: String(r.stage),
      currency: String(r.currency),
      count: num(r.n),
      sumMinor: num(r.total),
      oldest: instant(r.oldest),
      stale: num(r.stale),
    }));
  }

  /** Won deals closed in Q4 2026 (workspace time zone), in one currency. */
  async won(owners: Owners, currency: string): Promise<Won> {
    const [row] = await this.demo.db.$queryRaw<Record<string, unknown>[]>`
      SELECT COUNT(*) AS "n", SUM(d."amountMinor") AS "total"
      FROM "Deal" d JOIN "Stage" s ON s."workspaceId" = d."workspaceId" AND s."key" = d."stage"
      WHERE d."workspaceId" = ${this.workspace.id} AND s."kind" = 'won' AND d."currency" = ${currency}
        AND d."closeDate" >= ${Q4.closeFrom} AND d."closeDate" <= ${Q4.closeTo} ${ownedBy(owners)}`;
    return { count: num(row?.n), sumMinor: num(row?.total) };
  }

  /** Currencies of won deals closed in Q4 2026. */
  async wonCurrencies(owners: Owners): Promise<string[]> {
    const rows = await this.demo.db.$queryRaw<{ currency: string }[]>`
      SELECT DISTINCT d."currency" AS "currency"
      FROM "Deal" d JOIN "Stage" s ON s."workspaceId" = d."workspaceId" AND s."key" = d."stage"
      WHERE d."workspaceId" = ${this.workspace.id} AND s."kind" = 'won'
        AND d."closeDate" >= ${Q4.closeFrom} AND d."closeDate" <= ${Q4.closeTo} ${ownedBy(owners)}`;
    return rows.map((r) => r.currency);
  }

  /** Open deals closing in Q4 2026 by forecast category, stage and currency (omitted ones included). */
  async openByCategory(owners: Owners): Promise<CategoryFact[]> {
    const rows = await this.demo.db.$queryRaw<Record<string, unknown>[]>`
      SELECT d."forecastCategory" AS "category", d."stage" AS "stage", d."currency" AS "currency", COUNT(*) AS "n", SUM(d."amountMinor") AS "total"
      FROM "Deal" d JOIN "Stage" s ON s."workspaceId" = d."workspaceId" AND s."key" = d."stage"
      WHERE d."workspaceId" = ${this.workspace.id} AND s."kind" = 'open'
        AND d."closeDate" >= ${Q4.closeFrom} AND d."closeDate" <= ${Q4.closeTo} ${ownedBy(owners)}
      GROUP BY d."forecastCategory", d."stage", d."currency"`;
    return rows.map((r) => ({
      category: String(r.category),
      stage: String(r.stage),
      currency: String(r.currency),
      count: num(r.n),
      sumMinor: num(r.total),
    }));
  }

  /** Open, non-omitted pipeline closing in Q4 2026 in one currency. */
  async openPipeline(owners: Owners, currency: string): Promise<number> {
    const [row] = await this.demo.db.$queryRaw<Record<string, unknown>[]>`
      SELECT SUM(d."amountMinor") AS "total"
      FROM "Deal" d JOIN "Stage" s ON s."workspaceId" = d."workspaceId" AND s."key" = d."stage"
      WHERE d."workspaceId" = ${this.workspace.id} AND s."kind" = 'open' AND d."forecastCategory" <> 'omit' AND d."currency" = ${currency}
        AND d."closeDate" >= ${Q4.closeFrom} AND d."closeDate" <= ${Q4.closeTo} ${ownedBy(owners)}`;
    return num(row?.total);
  }

  async memberQuota(member: MemberRow): Promise<{ amountMinor: number; currency: string } | null> {
    const [row] = await this.demo.db.$queryRaw<{ amountMinor: unknown; currency: string }[]>`
      SELECT "amountMinor", "currency" FROM "Quota"
      WHERE "workspaceId" = ${this.workspace.id} AND "scopeKey" = ${'member:'} || ${member.id} AND "periodKey" = ${Q4.key}`;
    return row ? { amountMinor: num(row.amountMinor), currency: row.currency } : null;
  }

  /** The team's own quota row, else the sum of its people's quotas in the workspace currency. */
  async teamQuota(team: TeamRow): Promise<{ amountMinor: number; currency: string } | null> {
    const [own] = await this.demo.db.$queryRaw<{ amountMinor: unknown; currency: string }[]>`
      SELECT "amountMinor", "currency" FROM "Quota"
      WHERE "workspaceId" = ${this.workspace.id} AND "scopeKey" = ${'team:'} || ${team.id} AND "periodKey" = ${Q4.key}`;
    if (own) return { amountMinor: num(own.amountMinor), currency: own.currency };
    const [sum] = await this.demo.db.$queryRaw<Record<string, unknown>[]>`
      SELECT COUNT(*) AS "n", SUM(q."amountMinor") AS "total" FROM "Quota" q JOIN "Member" m ON q."scopeKey" = ${'member:'} || m."id"
      WHERE q."workspaceId" = ${this.workspace.id} AND q."periodKey" = ${Q4.key} AND q."currency" = ${this.workspace.currency}
        AND m."teamId" = ${team.id} AND m."active" = TRUE AND m."id" <> ${team.managerId ?? ''}`;
    return num(sum?.n) === 0 ? null : { amountMinor: num(sum?.total), currency: this.workspace.currency };
  }
}

// ---------------------------------------------------------------------------------------------
// Expected figures and the checks

type QuotaFigures = { label: string; quotaMinor: number | null; wonMinor: number; wonCount: number; openMinor: number };

async function memberFigures(sql: ReportSql, member: MemberRow): Promise<QuotaFigures> {
  const quota = await sql.memberQuota(member);
  const currency = quota?.currency ?? sql.workspace.currency;
  const owners: Owners = { kind: 'member', memberId: member.id };
  const [won, open] = await Promise.all([sql.won(owners, currency), sql.openPipeline(owners, currency)]);
  return { label: member.name, quotaMinor: quota?.amountMinor ?? null, wonMinor: won.sumMinor, wonCount: won.count, openMinor: open };
}

async function teamFigures(sql: ReportSql, team: TeamRow): Promise<QuotaFigures> {
  const quota = await sql.teamQuota(team);
  const currency = quota?.currency ?? sql.workspace.currency;
  const owners: Owners = { kind: 'team', teamId: team.id };
  const [won, open] = await Promise.all([sql.won(owners, currency), sql.openPipeline(owners, currency)]);
  return { label: team.name, quotaMinor: quota?.amountMinor ?? null, wonMinor: won.sumMinor, wonCount: won.count, openMinor: open };
}

/** A quota table row as shown (compact money) next to the same row from SQL. */
function checkQuotaRow(row: readonly string[] | undefined, want: QuotaFigures): void {
  const shown = {
    label: cell(row, 0),
    quota: cell(row, 1),
    won: cell(row, 2),
    attainment: percentValue(cell(row, 3)),
    pace: cell(row, 4),
    coverage: coverageValue(cell(row, 5)),
  };
  const q = want.quotaMinor;
  const gap = q === null ? null : Math.max(0, q - want.wonMinor);
  expect(shown, `quota row ${want.label}`).toEqual({
    label: want.label,
    quota: q === null ? '—' : compact(q),
    won: compact(want.wonMinor),
    attainment: q === null ? null : pct(want.wonMinor, q),
    pace: q === null ? '—' : signedCompact(want.wonMinor - expectedToDate(q)),
    coverage: gap === null || gap === 0 ? null : coverageOf(want.openMinor, gap),
  });
}

/** The detail fields (full money) and the progress line under a quota screen. */
function checkQuotaFields(screen: Screen, want: QuotaFigures): void {
  const fields = fieldsOf(screen);
  const q = want.quotaMinor;
  expect(q, 'demo quotas are set').not.toBeNull();
  const quota = q as number;
  const gap = Math.max(0, quota - want.wonMinor);
  const expected = expectedToDate(quota);
  const wonMatch = /^(\S+) \((\d+) deals?\)$/.exec(field(fields, 'Closed won'));
  const pace = /^(\S+) (ahead of|behind) an even pace \((\S+) by today\)$/.exec(field(fields, 'Pace'));
  const coverageText = field(fields, 'Pipeline coverage of gap');
  expect(wonMatch, field(fields, 'Closed won')).not.toBeNull();
  expect(pace, field(fields, 'Pace')).not.toBeNull();
  expect(
    {
      quota: minor(field(fields, 'Quota')),
      won: minor(wonMatch![1]!),
      wonCount: Number(wonMatch![2]),
      attainment: percentValue(field(fields, 'Attainment')),
      gap: minor(field(fields, 'Gap to quota')),
      paceDelta: (pace![2] === 'behind' ? -1 : 1) * minor(pace![1]!),
      expectedToDate: minor(pace![3]!),
      open: minor(field(fields, 'Open pipeline closing in period')),
      coverage: coverageText === 'Quota reached' ? null : coverageValue(coverageText),
    },
    `quota fields ${want.label}`,
  ).toEqual({
    quota,
    won: want.wonMinor,
    wonCount: want.wonCount,
    attainment: pct(want.wonMinor, quota),
    gap,
    paceDelta: want.wonMinor - expected,
    expectedToDate: expected,
    open: want.openMinor,
    coverage: gap === 0 ? null : coverageOf(want.openMinor, gap),
  });
  // Progress bar (tenths filled) and its percentage; the legend's elapsed share of the period.
  const attained = pct(want.wonMinor, quota);
  const bar = screen.blocks.find((b): b is Extract<Block, { type: 'text' }> => b.type === 'text');
  const filled = Math.max(0, Math.min(10, Math.round(attained / 10)));
  expect(bar?.text).toBe(
    `${'█'.repeat(filled)}${'░'.repeat(10 - filled)} ${new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(attained)}%`,
  );
  const legend = contexts(screen).find((text) => text.includes('of the period has passed'));
  expect(percentValue(legend?.split(' ')[0] ?? '')).toBe(pct(Number(Q4.elapsedDays), Number(Q4.days)));
}

async function checkPipeline(sql: ReportSql, screen: Screen, owners: Owners, inQ4: boolean): Promise<void> {
  const facts = await sql.pipeline(owners, inQ4);
  const currency = sql.workspace.currency;
  expect(facts.length, 'the scope has open deals').toBeGreaterThan(0);
  const expected = sql.openStages.map((stage) => {
    const fact = facts.find((f) => f.stage === stage.key && f.currency === currency);
    return {
      label: `${stage.nameEn} ${stage.probability}%`,
      count: fact?.count ?? 0,
      total: fact?.sumMinor ?? 0,
      weighted: weighted(fact?.sumMinor ?? 0, stage.probability),
      oldestDays: fact?.oldest ? Math.floor((FIXED_NOW.getTime() - fact.oldest.getTime()) / DAY) : null,
      stale: fact?.stale ?? 0,
    };
  });
  const table = tableOf(screen);
  const shown = table.rows.map((row) => ({
    label: cell(row, 0),
    count: integer(cell(row, 1)),
    total: minor(cell(row, 2)),
    weighted: minor(cell(row, 3)),
    oldestDays: days(cell(row, 4)),
    stale: integer(cell(row, 5)),
  }));
  expect(shown).toEqual(expected);
  const totals = table.totals;
  expect(
    {
      count: integer(cell(totals, 1)),
      total: minor(cell(totals, 2)),
      weighted: minor(cell(totals, 3)),
      oldest: cell(totals, 4),
      stale: integer(cell(totals, 5)),
    },
    'pipeline totals',
  ).toEqual({
    count: expected.reduce((n, e) => n + e.count, 0),
    total: expected.reduce((n, e) => n + e.total, 0),
    weighted: expected.reduce((n, e) => n + e.weighted, 0),
    oldest: '',
    stale: expected.reduce((n, e) => n + e.stale, 0),
  });

  // The demo keeps no exchange rates: each other currency is left out and named, with what to type.
  const others = [...new Set(facts.map((f) => f.currency).filter((c) => c !== currency))].sort();
  expect(missingShown(screen)).toEqual(
    others.map((other) => {
      const mine = facts.filter((f) => f.currency === other);
      return { currency: other, count: mine.reduce((n, f) => n + f.count, 0), total: mine.reduce((n, f) => n + f.sumMinor, 0) };
    }),
  );
}

/** The "No rate for …" lines of a screen: the currency, how many deals and their sum in that currency. */
function missingShown(screen: Screen): { currency: string; count: number; total: number }[] {
  return contexts(screen).flatMap((text) => {
    const match =
      /^No rate for ([A-Z]{3}) on or before [^:]+: (\d+) deals? \((\S+)\) left out — \/dealdesk rates set \1 <rate> \d{4}-\d{2}-\d{2}$/.exec(
        text,
      );
    return match ? [{ currency: match[1]!, count: Number(match[2]), total: minor(match[3]!) }] : [];
  });
}

async function checkForecast(sql: ReportSql, screen: Screen, owners: Owners, quotaMinor: number | null): Promise<void> {
  const currency = sql.workspace.currency;
  const [won, open, wonCurrencies] = await Promise.all([sql.won(owners, currency), sql.openByCategory(owners), sql.wonCurrencies(owners)]);
  const counted = open.filter((row) => row.currency === currency && row.category !== 'omit');
  const of = (category: string) => counted.filter((row) => row.category === category);
  const sum = (rows: readonly CategoryFact[]) => rows.reduce((n, row) => n + row.sumMinor, 0);
  const count = (rows: readonly CategoryFact[]) => rows.reduce((n, row) => n + row.count, 0);
  const weightedOpen = sql.openStages.reduce(
    (n, stage) => n + weighted(sum(counted.filter((row) => row.stage === stage.key)), stage.probability),
    0,
  );
  const commit = sum(of('commit'));
  const best = sum(of('best'));

  const rows = tableOf(screen).rows;
  const byLabel = new Map(rows.map((row) => [cell(row, 0), row]));
  const line = (label: string) => {
    const row = byLabel.get(label);
    if (!row) throw new Error(`no forecast row "${label}"`);
    return { count: cell(row, 1) === '' ? null : integer(cell(row, 1)), amount: minor(cell(row, 2)) };
  };
  expect(rows.map((row) => cell(row, 0))).toEqual(['Closed won', 'Commit', 'Best case', 'Pipeline', 'Weighted open pipeline']);
  expect({
    closed: line('Closed won'),
    commit: line('Commit'),
    best: line('Best case'),
    pipeline: line('Pipeline'),
    weightedOpen: line('Weighted open pipeline'),
  }).toEqual({
    closed: { count: won.count, amount: won.sumMinor },
    commit: { count: count(of('commit')), amount: commit },
    best: { count: count(of('best')), amount: best },
    pipeline: { count: count(of('pipeline')), amount: sum(of('pipeline')) },
    weightedOpen: { count: null, amount: weightedOpen },
  });

  const fields = fieldsOf(screen);
  const forecast = (label: string) => {
    const match = /^(\S+)(?: · (\S+) of quota)?$/.exec(field(fields, label));
    if (!match) throw new Error(`unexpected forecast field: ${field(fields, label)}`);
    return { amount: minor(match[1]!), ofQuota: match[2] === undefined ? null : percentValue(match[2]) };
  };
  const want = (amount: number) => ({ amount, ofQuota: quotaMinor === null ? null : pct(amount, quotaMinor) });
  expect({
    quota: field(fields, 'Quota') === 'Not set' ? null : minor(field(fields, 'Quota')),
    commit: forecast('Commit forecast (closed + commit)'),
    bestCase: forecast('Best case (closed + commit + best)'),
    weighted: forecast('Weighted forecast (closed + weighted open)'),
  }).toEqual({
    quota: quotaMinor,
    commit: want(won.sumMinor + commit),
    bestCase: want(won.sumMinor + commit + best),
    weighted: want(won.sumMinor + weightedOpen),
  });

  // Without exchange rates, won and counted open deals in another currency are left out and named.
  const others = [...new Set([...wonCurrencies, ...open.map((row) => row.currency)].filter((c) => c !== currency))].sort();
  const missing = await Promise.all(
    others.map(async (other) => {
      const wonOther = await sql.won(owners, other);
      const openOther = open.filter((row) => row.currency === other && row.category !== 'omit');
      return {
        currency: other,
        count: wonOther.count + openOther.reduce((n, row) => n + row.count, 0),
        total: wonOther.sumMinor + openOther.reduce((n, row) => n + row.sumMinor, 0),
      };
    }),
  );
  expect(missingShown(screen)).toEqual(missing.filter((m) => m.count > 0));
}

// ---------------------------------------------------------------------------------------------

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/pipeline, /quota and /forecast figures equal plain SQL (${provider})`, () => {
    let demo: DemoWorkspace | undefined;
    let sql: ReportSql;

    beforeAll(async () => {
      demo = await demoWorkspace(provider);
      sql = await ReportSql.load(demo);
    });
    afterAll(async () => {
      await demo?.cleanup();
    });

    const run = async (line: string, handle: string): Promise<Screen> => {
      const { screen } = await demo!.run(line, handle);
      expect(screen.kind, `${line} as @${handle}: ${screen.title}`).not.toBe('error');
      return screen;
    };

    it('compares DateTime parameters the way values are stored (boundaries are exact)', async () => {
      expect(sql.workspace).toMatchObject({ currency: 'USD', staleAfterDays: 14 });
      const db = demo!.db;
      const [some] = await db.$queryRaw<{ id: string; closedAt: unknown; closeDate: unknown }[]>`
        SELECT "id", "closedAt", "closeDate" FROM "Deal" WHERE "workspaceId" = ${sql.workspace.id} AND "closedAt" IS NOT NULL ORDER BY "number" LIMIT 1`;
      const closedAt = instant(some?.closedAt)!;
      const closeDate = instant(some?.closeDate)!;
      expect(closeDate.toISOString()).toMatch(/T00:00:00\.000Z$/);
      const [hits] = await db.$queryRaw<Record<string, unknown>[]>`
        SELECT SUM(CASE WHEN "closedAt" >= ${closedAt} THEN 1 ELSE 0 END) AS "gte",
               SUM(CASE WHEN "closedAt" < ${closedAt} THEN 1 ELSE 0 END) AS "lt",
               SUM(CASE WHEN "closedAt" < ${new Date(closedAt.getTime() + 1)} THEN 1 ELSE 0 END) AS "ltNext",
               SUM(CASE WHEN "closeDate" <= ${closeDate} THEN 1 ELSE 0 END) AS "lte"
        FROM "Deal" WHERE "id" = ${some!.id}`;
      expect({ gte: num(hits?.gte), lt: num(hits?.lt), ltNext: num(hits?.ltNext), lte: num(hits?.lte) }).toEqual({
        gte: 1,
        lt: 0,
        ltNext: 1,
        lte: 1,
      });
    });

    it('/pipeline as dana (admin: the whole workspace)', async () => {
      await checkPipeline(sql, await run('/pipeline', 'dana'), { kind: 'all' }, false);
    });

    it('/pipeline as mike (manager: team North America)', async () => {
      await checkPipeline(sql, await run('/pipeline', 'mike'), { kind: 'team', teamId: sql.team('North America').id }, false);
    });

    it('/pipeline as alice (rep: her own deals)', async () => {
      await checkPipeline(sql, await run('/pipeline', 'alice'), { kind: 'member', memberId: sql.member('alice').id }, false);
    });

    it('/pipeline team East China as dana, with the CNY line', async () => {
      const screen = await run('/pipeline team East China', 'dana');
      expect(missingShown(screen).map((m) => m.currency)).toEqual(['CNY']);
      await checkPipeline(sql, screen, { kind: 'team', teamId: sql.team('East China').id }, false);
    });

    it('/pipeline all 2026-Q4 (close dates in the quarter)', async () => {
      await checkPipeline(sql, await run('/pipeline all 2026-Q4', 'dana'), { kind: 'all' }, true);
    });

    it('/quota as mike: each rep of North America and the team total', async () => {
      const team = sql.team('North America');
      const screen = await run('/quota', 'mike');
      const table = tableOf(screen);
      const people = await Promise.all(sql.people(team).map((m) => memberFigures(sql, m)));
      expect(table.rows.map((row) => cell(row, 0)).sort()).toEqual(people.map((p) => p.label).sort());
      for (const person of people)
        checkQuotaRow(
          table.rows.find((row) => row[0] === person.label),
          person,
        );
      const total = await teamFigures(sql, team);
      checkQuotaRow(table.totals, total);
      checkQuotaFields(screen, total);
    });

    it('/quota as alice: her quota, closed won, attainment, gap and open pipeline', async () => {
      const screen = await run('/quota', 'alice');
      expect(screen.blocks.some((b) => b.type === 'table')).toBe(false);
      checkQuotaFields(screen, await memberFigures(sql, sql.member('alice')));
    });

    it('/quota @carmen 2026-Q4', async () => {
      checkQuotaFields(await run('/quota @carmen 2026-Q4', 'mike'), await memberFigures(sql, sql.member('carmen')));
    });

    it('/quota all as dana: one row per team and the workspace total', async () => {
      const screen = await run('/quota all', 'dana');
      const table = tableOf(screen);
      const teams = await Promise.all(sql.teams.map((t) => teamFigures(sql, t)));
      expect(table.rows.map((row) => cell(row, 0)).sort()).toEqual(teams.map((t) => t.label).sort());
      for (const team of teams)
        checkQuotaRow(
          table.rows.find((row) => row[0] === team.label),
          team,
        );
      // The workspace total: every deal of the workspace in its currency, against the teams' quotas.
      const currency = sql.workspace.currency;
      const [won, open] = await Promise.all([sql.won({ kind: 'all' }, currency), sql.openPipeline({ kind: 'all' }, currency)]);
      const quotas = (await Promise.all(sql.teams.map((t) => sql.teamQuota(t)))).filter((q) => q !== null && q.currency === currency);
      const total: QuotaFigures = {
        label: sql.workspace.name,
        quotaMinor: quotas.length === 0 ? null : quotas.reduce((n, q) => n + q!.amountMinor, 0),
        wonMinor: won.sumMinor,
        wonCount: won.count,
        openMinor: open,
      };
      checkQuotaRow(table.totals, total);
      checkQuotaFields(screen, total);
    });

    it('/forecast as alice (her own deals, against her quota)', async () => {
      const alice = sql.member('alice');
      const quota = await sql.memberQuota(alice);
      await checkForecast(
        sql,
        await run('/forecast', 'alice'),
        { kind: 'member', memberId: alice.id },
        quota?.currency === sql.workspace.currency ? quota.amountMinor : null,
      );
    });

    it('/forecast as mike (team North America)', async () => {
      const team = sql.team('North America');
      const quota = await sql.teamQuota(team);
      await checkForecast(sql, await run('/forecast', 'mike'), { kind: 'team', teamId: team.id }, quota?.amountMinor ?? null);
    });

    it('/forecast as dana (the whole workspace)', async () => {
      const quotas = await Promise.all(sql.teams.map((t) => sql.teamQuota(t)));
      const quota = quotas.reduce((n, q) => n + (q && q.currency === sql.workspace.currency ? q.amountMinor : 0), 0);
      await checkForecast(sql, await run('/forecast', 'dana'), { kind: 'all' }, quota);
    });
  });
}
