// Every figure that /pipeline, /quota, /forecast and the manager digest print for the edge dataset
// (test/support/edge-dataset.ts: three teams in three zones, a deactivated rep, a rep in no team, an
// April fiscal start, Proposal at 55 %, wins at 23:30 and 00:30 on quarter edges, backward moves, DST
// days, USD/EUR/CNY) equals the same figure recomputed by plain SQL from the README's "How figures are
// computed", for each team, the deals sold in no team and the whole workspace, in this and the
// previous fiscal quarter. Figures are read from the rendered text, as a shell user sees them.
//
// Definitions used here (README "How figures are computed"):
// - a scope's deals: a team = "Deal"."teamId"; no team = "teamId" IS NULL; all = every deal.
// - a deal is in a period by "closeDate" (first and last day included).
// - a person's quota is the row set for exactly the period's dates; a team's is its own row, else the
//   sum of its sellers' quotas (its members other than the manager, deactivated ones too: deactivating a
//   person changes no history) in the workspace currency; "No team" sums the quotas of people in no team.
// - every figure is in the reporting currency (USD): a CNY deal converts with the rate in force on its
//   close date when closed, on the workspace's today (2027-01-18) when open; a quota on the quarter's last
//   day or today, whichever is earlier; EUR has no rate, so EUR deals are left out of every figure and
//   named ("No rate for EUR …"). The rates are read from "ExchangeRate"; each deal converts on its own.
// - open = not omitted.
// - pace uses the workspace's today (2027-01-18 in New York): day 18 of 90 in Q4, all 92 days of Q3.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Prisma } from '../../src/store/generated/sqlite/client.js';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { EDGE_INACTIVE, EDGE_NOW, EDGE_QUARTERS, EDGE_TEAMS, edgeWorkspace, type EdgeWorkspace } from '../support/edge-dataset.js';
import { num, pct, roundHalfAway, weighted } from '../support/sql.js';
import { coverageValue, days, integer, minor, percentValue } from '../support/screen-values.js';

const DAY = 86_400_000;
const USD = 'USD';
type Quarter = (typeof EDGE_QUARTERS)[keyof typeof EDGE_QUARTERS];
const QUARTERS: readonly Quarter[] = [EDGE_QUARTERS.current, EDGE_QUARTERS.previous];
/** Days of the quarter elapsed on the workspace's today (2027-01-18) and its length. */
const ELAPSED: Readonly<Record<string, { elapsed: number; days: number }>> = {
  '2027-Q4': { elapsed: 18, days: 90 },
  '2027-Q3': { elapsed: 92, days: 92 },
};
/** Who reads a digest: each team's manager, and the admin (the whole workspace). */
const DIGEST_READERS: readonly { handle: string; team: string | null }[] = [
  ...EDGE_TEAMS.map((team) => ({ handle: team.manager, team: team.name })),
  { handle: 'ada', team: null },
];
const dateOf = (day: string): Date => new Date(`${day}T00:00:00.000Z`);
/** The workspace's today (New York) at EDGE_NOW: open deals convert at this day's rate. */
const TODAY = '2027-01-18';

// ---------------------------------------------------------------------------------------------
// Reading the text

/** Compact money as the quota table writes it (see test/commands/report-figures.test.ts). */
function compact(minorUnits: number, symbol = '$'): string {
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
    if (tenths < 100n) return `${symbol}${tenths / 10n}${tenths % 10n === 0n ? '' : `.${tenths % 10n}`}${suffix}`;
    const whole = roundHalfAway(amount, size);
    if (whole < 1000n || index === 0) return `${symbol}${whole}${suffix}`;
    index -= 1;
  }
}
const SYMBOLS: Readonly<Record<string, string>> = { USD: '$', CNY: 'CN¥', EUR: '€' };
const symbolOf = (currency: string): string => SYMBOLS[currency] ?? currency;
const signedCompact = (minorUnits: number, symbol: string): string =>
  `${minorUnits >= 0 ? '+' : '−'}${compact(Math.abs(minorUnits), symbol)}`;

const cells = (line: string): string[] => line.trim().split(/\s{2,}/);
const isRule = (line: string): boolean => /^─[─\s]*$/.test(line.trim());

type TextTable = { rows: string[][]; totals: string[] | null };

/** The first table whose header line starts with `header`, at or after `from` in the text. */
function tableIn(text: string, header: string, from = 0): TextTable {
  const lines = text.slice(from).split('\n');
  const start = lines.findIndex((line) => line.startsWith(header) && !isRule(line));
  if (start === -1 || !isRule(lines[start + 1] ?? '')) throw new Error(`no table "${header}" in:\n${text}`);
  const rows: string[][] = [];
  let i = start + 2;
  for (; i < lines.length && !isRule(lines[i]!) && lines[i]!.trim() !== ''; i++) rows.push(cells(lines[i]!));
  const totals = isRule(lines[i] ?? '') && lines[i + 1] ? cells(lines[i + 1]!) : null;
  return { rows, totals };
}

function fieldIn(text: string, label: string): string {
  const match = new RegExp(`^${label.replace(/[()+]/g, '\\$&')} {2,}(.+)$`, 'm').exec(text);
  if (!match) throw new Error(`no field "${label}" in:\n${text}`);
  return match[1]!.trim();
}

function cell(row: readonly string[] | null | undefined, index: number): string {
  const value = row?.[index];
  if (value === undefined) throw new Error(`no cell ${index} in ${JSON.stringify(row)}`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// The SQL side

type Scope = { kind: 'team'; teamId: string } | { kind: 'no team' } | { kind: 'all' } | { kind: 'owner'; ownerId: string; teamId?: string };
type Range = { from: Date; to: Date };
type StageRow = { key: string; nameEn: string; probability: number; kind: string };
type MemberRow = { id: string; name: string; handle: string; teamId: string | null; active: boolean };
type TeamRow = { id: string; name: string; managerId: string | null };
type Sum = { count: number; sumMinor: number };
type Rate = { currency: string; text: string; units: bigint; scale: bigint; effectiveDate: string };
/** Deals left out for want of a rate, per currency: how many and their sum in that currency. */
type Missing = Map<string, Sum>;

function scoped(scope: Scope): Prisma.Sql {
  if (scope.kind === 'team') return Prisma.sql`AND d."teamId" = ${scope.teamId}`;
  if (scope.kind === 'no team') return Prisma.sql`AND d."teamId" IS NULL`;
  if (scope.kind === 'owner')
    return scope.teamId === undefined
      ? Prisma.sql`AND d."ownerId" = ${scope.ownerId}`
      : Prisma.sql`AND d."ownerId" = ${scope.ownerId} AND d."teamId" = ${scope.teamId}`;
  return Prisma.empty;
}

const closing = (range: Range | null): Prisma.Sql =>
  range ? Prisma.sql`AND d."closeDate" >= ${range.from} AND d."closeDate" <= ${range.to}` : Prisma.empty;

const rangeOf = (quarter: Quarter): Range => ({ from: dateOf(quarter.from), to: dateOf(quarter.to) });

/** A DateTime read by raw SQL: a Date, or (an aggregate on SQLite) the stored ISO text or epoch ms. */
function instant(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  if (typeof value === 'string') {
    const text = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value.replace(' ', 'T')}Z`;
    return new Date(text);
  }
  throw new TypeError(`not a timestamp: a ${typeof value}`);
}

class EdgeSql {
  constructor(
    readonly edge: EdgeWorkspace,
    readonly stages: StageRow[],
    readonly members: MemberRow[],
    readonly teams: TeamRow[],
    readonly staleAfterDays: number,
    readonly rates: Rate[],
  ) {}

  /** The latest rate of `currency` into USD effective on or before `day`. */
  rateOn(currency: string, day: string): Rate | undefined {
    return this.rates
      .filter((r) => r.currency === currency && r.effectiveDate <= day)
      .sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate))[0];
  }

  /** An amount in USD minor units (all three currencies have two digits), rounded half away from zero; null without a rate. */
  toUsd(amountMinor: number, currency: string, day: string): number | null {
    if (currency === USD) return amountMinor;
    const rate = this.rateOn(currency, day);
    return rate ? Number(roundHalfAway(BigInt(amountMinor) * rate.units, 10n ** rate.scale)) : null;
  }

  /** Deals matching `where`, each in USD at its date's rate (close date, or today when `open`), and those left out. */
  async converted(where: Prisma.Sql, open: boolean): Promise<Sum & { missing: Missing; used: Set<Rate> }> {
    const deals = await this.edge.db.$queryRaw<{ currency: string; amountMinor: unknown; closeDate: unknown }[]>`
      SELECT d."currency" AS "currency", d."amountMinor" AS "amountMinor", d."closeDate" AS "closeDate"
      FROM "Deal" d WHERE d."workspaceId" = ${this.edge.workspaceId} ${where}`;
    const total = { count: 0, sumMinor: 0, missing: new Map<string, Sum>(), used: new Set<Rate>() };
    for (const deal of deals) {
      const day = open ? TODAY : instant(deal.closeDate)!.toISOString().slice(0, 10);
      const usd = this.toUsd(num(deal.amountMinor), deal.currency, day);
      const rate = this.rateOn(deal.currency, day);
      if (rate && deal.currency !== USD) total.used.add(rate);
      if (usd === null) {
        const known = total.missing.get(deal.currency) ?? { count: 0, sumMinor: 0 };
        total.missing.set(deal.currency, { count: known.count + 1, sumMinor: known.sumMinor + num(deal.amountMinor) });
      } else {
        total.count += 1;
        total.sumMinor += usd;
      }
    }
    return total;
  }

  /** A quota in USD at the rate of the quarter's last day, or today's when that is earlier. */
  quotaInUsd(quota: { amountMinor: number; currency: string }, quarter: Quarter): number | null {
    return this.toUsd(quota.amountMinor, quota.currency, quarter.to < TODAY ? quarter.to : TODAY);
  }

  static async load(edge: EdgeWorkspace): Promise<EdgeSql> {
    const db = edge.db;
    const ws = edge.workspaceId;
    const stages = await db.$queryRaw<{ key: string; nameEn: string; probability: unknown; kind: string }[]>`
      SELECT "key", "nameEn", "probability", "kind" FROM "Stage" WHERE "workspaceId" = ${ws} ORDER BY "position"`;
    const members = await db.$queryRaw<{ id: string; name: string; handle: string; teamId: string | null; active: unknown }[]>`
      SELECT "id", "name", "handle", "teamId", "active" FROM "Member" WHERE "workspaceId" = ${ws}`;
    const teams = await db.$queryRaw<TeamRow[]>`SELECT "id", "name", "managerId" FROM "Team" WHERE "workspaceId" = ${ws}`;
    const [settings] = await db.$queryRaw<{ staleAfterDays: unknown; fiscalYearStartMonth: unknown }[]>`
      SELECT "staleAfterDays", "fiscalYearStartMonth" FROM "Workspace" WHERE "id" = ${ws}`;
    expect(num(settings?.fiscalYearStartMonth)).toBe(4);
    const rates = await db.$queryRaw<{ currency: string; rate: string; effectiveDate: unknown }[]>`
      SELECT "currency", "rate", "effectiveDate" FROM "ExchangeRate" WHERE "workspaceId" = ${ws} AND "quoteCurrency" = ${USD}`;
    return new EdgeSql(
      edge,
      stages.map((s) => ({ key: s.key, nameEn: s.nameEn, probability: num(s.probability), kind: s.kind })),
      members.map((m) => ({ ...m, active: m.active === true || m.active === 1 || m.active === 1n })),
      teams,
      num(settings?.staleAfterDays),
      rates.map((r) => ({
        currency: r.currency,
        text: r.rate,
        units: BigInt(r.rate.replace('.', '')),
        scale: BigInt(r.rate.split('.')[1]?.length ?? 0),
        effectiveDate: instant(r.effectiveDate)!.toISOString().slice(0, 10),
      })),
    );
  }

  get openStages(): StageRow[] {
    return this.stages.filter((s) => s.kind === 'open');
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

  /** Those who sell in a team: its members other than its manager, deactivated ones included. */
  sellers(team: TeamRow): MemberRow[] {
    return this.members.filter((m) => m.teamId === team.id && m.id !== team.managerId);
  }

  private stageKind(kind: string): Prisma.Sql {
    return Prisma.sql`d."stage" IN (SELECT s."key" FROM "Stage" s WHERE s."workspaceId" = ${this.edge.workspaceId} AND s."kind" = ${kind})`;
  }

  /** Open deals by stage in USD at today's rates (oldest entry and stale count of those converted), and those left out. */
  async pipelineInUsd(scope: Scope, range: Range | null) {
    const facts = await this.pipeline(scope, range);
    const missing: Missing = new Map();
    const stages = this.openStages.map((stage) => {
      let count = 0;
      let sumMinor = 0;
      let stale = 0;
      let oldest: Date | null = null;
      for (const f of facts.filter((fact) => fact.stage === stage.key)) {
        const usd = this.toUsd(f.sumMinor, f.currency, TODAY);
        if (usd === null) {
          const known = missing.get(f.currency) ?? { count: 0, sumMinor: 0 };
          missing.set(f.currency, { count: known.count + f.count, sumMinor: known.sumMinor + f.sumMinor });
          continue;
        }
        count += f.count;
        sumMinor += usd;
        stale += f.stale;
        if (f.oldest && (!oldest || f.oldest < oldest)) oldest = f.oldest;
      }
      return { stage: stage.key, count, sumMinor, stale, oldest };
    });
    return { stages, missing };
  }

  /** Open deals by stage and currency, with the oldest stage entry and the stale count. */
  async pipeline(scope: Scope, range: Range | null) {
    const staleBefore = new Date(EDGE_NOW.getTime() - this.staleAfterDays * DAY);
    const rows = await this.edge.db.$queryRaw<Record<string, unknown>[]>`
      SELECT d."stage" AS "stage", d."currency" AS "currency", COUNT(*) AS "n", SUM(d."amountMinor") AS "total",
             MIN(d."stageEnteredAt") AS "oldest", SUM(CASE WHEN d."lastActivityAt" < ${staleBefore} THEN 1 ELSE 0 END) AS "stale"
      FROM "Deal" d
      WHERE d."workspaceId" = ${this.edge.workspaceId} AND ${this.stageKind('open')} ${scoped(scope)} ${closing(range)}
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

  private async sum(where: Prisma.Sql): Promise<Sum> {
    const [row] = await this.edge.db.$queryRaw<{ n: unknown; s: unknown }[]>`
      SELECT COUNT(*) AS "n", SUM(d."amountMinor") AS "s" FROM "Deal" d WHERE d."workspaceId" = ${this.edge.workspaceId} ${where}`;
    return { count: num(row?.n), sumMinor: num(row?.s) };
  }

  /** Won deals closed in the range, in USD at the rate of each one's close date. */
  wonInUsd(scope: Scope, range: Range) {
    return this.converted(Prisma.sql`AND ${this.stageKind('won')} ${closing(range)} ${scoped(scope)}`, false);
  }

  async won(scope: Scope, range: Range, currency: string): Promise<Sum> {
    if (currency === 'converted') {
      const { count, sumMinor } = await this.wonInUsd(scope, range);
      return { count, sumMinor };
    }
    return this.sum(Prisma.sql`AND ${this.stageKind('won')} AND d."currency" = ${currency} ${closing(range)} ${scoped(scope)}`);
  }

  /** Open, not omitted, closing in the range, in USD at today's rates; with `category`, only that forecast category. */
  openInUsd(scope: Scope, range: Range, category?: string) {
    const only = category === undefined ? Prisma.empty : Prisma.sql`AND d."forecastCategory" = ${category}`;
    return this.converted(
      Prisma.sql`AND ${this.stageKind('open')} AND d."forecastCategory" <> 'omit' ${only} ${closing(range)} ${scoped(scope)}`,
      true,
    );
  }

  async open(scope: Scope, range: Range, currency: string, category?: string): Promise<Sum> {
    if (currency === 'converted') {
      const { count, sumMinor } = await this.openInUsd(scope, range, category);
      return { count, sumMinor };
    }
    const only = category === undefined ? Prisma.empty : Prisma.sql`AND d."forecastCategory" = ${category}`;
    return this.sum(
      Prisma.sql`AND ${this.stageKind('open')} AND d."forecastCategory" <> 'omit' AND d."currency" = ${currency} ${only} ${closing(range)} ${scoped(scope)}`,
    );
  }

  /** Weighted open pipeline (not omitted) closing in the range, in USD: per stage, rounded per stage. */
  async weightedOpen(scope: Scope, range: Range): Promise<number> {
    let total = 0;
    for (const stage of this.openStages) {
      const { sumMinor } = await this.converted(
        Prisma.sql`AND d."stage" = ${stage.key} AND d."forecastCategory" <> 'omit' ${closing(range)} ${scoped(scope)}`,
        true,
      );
      total += weighted(sumMinor, stage.probability);
    }
    return total;
  }

  async quotaRow(scopeKey: string, quarter: Quarter): Promise<{ amountMinor: number; currency: string } | null> {
    const [row] = await this.edge.db.$queryRaw<{ amountMinor: unknown; currency: string }[]>`
      SELECT "amountMinor", "currency" FROM "Quota" WHERE "workspaceId" = ${this.edge.workspaceId} AND "scopeKey" = ${scopeKey}
        AND "periodStart" = ${dateOf(quarter.from)} AND "periodEnd" = ${dateOf(quarter.to)}`;
    return row ? { amountMinor: num(row.amountMinor), currency: row.currency } : null;
  }

  memberQuota(member: MemberRow, quarter: Quarter) {
    return this.quotaRow(`member:${member.id}`, quarter);
  }

  /** A team's own quota row, else the sum of its sellers' quotas, in USD. */
  async teamQuota(team: TeamRow, quarter: Quarter): Promise<number | null> {
    const own = await this.quotaRow(`team:${team.id}`, quarter);
    if (own) return this.quotaInUsd(own, quarter);
    return this.sumOfQuotas(this.sellers(team), quarter);
  }

  async sumOfQuotas(people: readonly MemberRow[], quarter: Quarter): Promise<number | null> {
    const quotas = (await Promise.all(people.map((m) => this.memberQuota(m, quarter))))
      .flatMap((q) => (q ? [this.quotaInUsd(q, quarter)] : []))
      .filter((q): q is number => q !== null);
    return quotas.length === 0 ? null : quotas.reduce((n, q) => n + q, 0);
  }

  noTeamQuota(quarter: Quarter): Promise<number | null> {
    return this.sumOfQuotas(
      this.members.filter((m) => m.teamId === null && m.active),
      quarter,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Expected figures and the checks

type QuotaFigures = { label: string; currency: string; quotaMinor: number | null; won: Sum; openMinor: number };

async function figures(
  sql: EdgeSql,
  label: string,
  scope: Scope,
  quarter: Quarter,
  quota: { amountMinor: number; currency: string } | null,
) {
  const range = rangeOf(quarter);
  const [won, open] = await Promise.all([sql.won(scope, range, 'converted'), sql.open(scope, range, 'converted')]);
  return { label, currency: USD, quotaMinor: quota ? sql.quotaInUsd(quota, quarter) : null, won, openMinor: open.sumMinor };
}

const expectedToDate = (quota: number, quarter: Quarter): number => {
  const { elapsed, days: length } = ELAPSED[quarter.key]!;
  return Number(roundHalfAway(BigInt(quota) * BigInt(elapsed), BigInt(length)));
};
const coverageOf = (open: number, gap: number): number => Number(roundHalfAway(BigInt(open) * 10n, BigInt(gap))) / 10;

function checkQuotaRow(row: readonly string[] | null | undefined, want: QuotaFigures, quarter: Quarter): void {
  const q = want.quotaMinor;
  const gap = q === null ? null : Math.max(0, q - want.won.sumMinor);
  expect(
    {
      label: cell(row, 0),
      quota: cell(row, 1),
      won: cell(row, 2),
      attainment: percentValue(cell(row, 3)),
      pace: cell(row, 4),
      coverage: coverageValue(cell(row, 5)),
    },
    `quota row ${want.label} ${quarter.key}`,
  ).toEqual({
    label: want.label,
    quota: q === null ? '—' : compact(q, symbolOf(want.currency)),
    won: compact(want.won.sumMinor, symbolOf(want.currency)),
    attainment: q === null ? null : pct(want.won.sumMinor, q),
    pace: q === null ? '—' : signedCompact(want.won.sumMinor - expectedToDate(q, quarter), symbolOf(want.currency)),
    coverage: gap === null || gap === 0 ? null : coverageOf(want.openMinor, gap),
  });
}

/** The full-money fields under a quota table or on a one-person quota screen. */
function checkQuotaFields(text: string, want: QuotaFigures, quarter: Quarter): void {
  const q = want.quotaMinor;
  if (q === null) throw new Error(`${want.label} has no quota in the dataset`);
  const gap = Math.max(0, q - want.won.sumMinor);
  const expected = expectedToDate(q, quarter);
  const wonMatch = /^(\S+) \((\d+) deals?\)$/.exec(fieldIn(text, 'Closed won'));
  const pace = /^(\S+) (ahead of|behind) an even pace \((\S+) by today\)$/.exec(fieldIn(text, 'Pace'));
  const coverageText = fieldIn(text, 'Pipeline coverage of gap');
  if (!wonMatch || !pace) throw new Error(`unexpected quota fields in:\n${text}`);
  expect(
    {
      quota: minor(fieldIn(text, 'Quota')),
      won: minor(wonMatch[1]!),
      wonCount: Number(wonMatch[2]),
      attainment: percentValue(fieldIn(text, 'Attainment')),
      gap: minor(fieldIn(text, 'Gap to quota')),
      paceDelta: (pace[2] === 'behind' ? -1 : 1) * minor(pace[1]!),
      expectedToDate: minor(pace[3]!),
      open: minor(fieldIn(text, 'Open pipeline closing in period')),
      coverage: coverageText === 'Quota reached' ? null : coverageValue(coverageText),
    },
    `quota fields ${want.label} ${quarter.key}`,
  ).toEqual({
    quota: q,
    won: want.won.sumMinor,
    wonCount: want.won.count,
    attainment: pct(want.won.sumMinor, q),
    gap,
    paceDelta: want.won.sumMinor - expected,
    expectedToDate: expected,
    open: want.openMinor,
    coverage: gap === 0 ? null : coverageOf(want.openMinor, gap),
  });
}

/** Deals left out for want of a rate, as the "No rate for …" lines of a screen name them (in the first `upTo` characters). */
function missingShown(text: string): { currency: string; count: number; total: number }[] {
  return [
    ...text.matchAll(
      /^ {2}No rate for ([A-Z]{3}) on or before [^:]+: (\d+) deals? \((\S+)\) left out — \/dealdesk rates set \1 <rate> \d{4}-\d{2}-\d{2}$/gm,
    ),
  ].map((m) => ({ currency: m[1]!, count: Number(m[2]), total: minor(m[3]!) }));
}

/** "1 CNY = 0.1378 USD (Oct 1, 2026); …" for the rates used, by currency and date; null when none. */
function convertedAt(rates: readonly Rate[]): string | null {
  const day = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  const unique = [...new Set(rates)].sort((a, b) => a.currency.localeCompare(b.currency) || a.effectiveDate.localeCompare(b.effectiveDate));
  return unique.length === 0
    ? null
    : unique.map((r) => `1 ${r.currency} = ${r.text} USD (${day.format(dateOf(r.effectiveDate))})`).join('; ');
}

const missingList = (missing: Missing) =>
  [...missing.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, sum]) => ({ currency, count: sum.count, total: sum.sumMinor }));

/** The pipeline table (by stage, in USD at today's rates) and the "No rate for" lines of a /pipeline screen or digest. */
async function checkPipeline(sql: EdgeSql, text: string, scope: Scope, range: Range | null): Promise<{ count: number; total: number }> {
  const { stages: facts, missing } = await sql.pipelineInUsd(scope, range);
  const expected = sql.openStages.map((stage) => {
    const fact = facts.find((f) => f.stage === stage.key);
    return {
      label: `${stage.nameEn} ${stage.probability}%`,
      count: fact?.count ?? 0,
      total: fact?.sumMinor ?? 0,
      weighted: weighted(fact?.sumMinor ?? 0, stage.probability),
      oldestDays: fact?.oldest ? Math.floor((EDGE_NOW.getTime() - fact.oldest.getTime()) / DAY) : null,
      stale: fact?.stale ?? 0,
    };
  });
  const table = tableIn(text, 'Stage ');
  expect(
    table.rows.map((row) => ({
      label: cell(row, 0),
      count: integer(cell(row, 1)),
      total: minor(cell(row, 2)),
      weighted: minor(cell(row, 3)),
      oldestDays: days(cell(row, 4)),
      stale: integer(cell(row, 5)),
    })),
  ).toEqual(expected);
  const sum = (pick: (e: (typeof expected)[number]) => number) => expected.reduce((n, e) => n + pick(e), 0);
  expect({
    label: cell(table.totals, 0),
    count: integer(cell(table.totals, 1)),
    total: minor(cell(table.totals, 2)),
    weighted: minor(cell(table.totals, 3)),
    stale: integer(cell(table.totals, 4)),
  }).toEqual({
    label: 'Total',
    count: sum((e) => e.count),
    total: sum((e) => e.total),
    weighted: sum((e) => e.weighted),
    stale: sum((e) => e.stale),
  });

  // The digest repeats the pipeline's notes in other sections: the pipeline's come first.
  expect(missingShown(text).slice(0, missing.size)).toEqual(missingList(missing));
  return { count: sum((e) => e.count), total: sum((e) => e.total) };
}

async function checkForecast(sql: EdgeSql, text: string, scope: Scope, quarter: Quarter, quotaMinor: number | null): Promise<void> {
  const range = rangeOf(quarter);
  const [wonAll, commitAll, bestAll, pipelineAll, weightedOpen] = await Promise.all([
    sql.wonInUsd(scope, range),
    sql.openInUsd(scope, range, 'commit'),
    sql.openInUsd(scope, range, 'best'),
    sql.openInUsd(scope, range, 'pipeline'),
    sql.weightedOpen(scope, range),
  ]);
  const plain = ({ count, sumMinor }: Sum): Sum => ({ count, sumMinor });
  const [won, commit, best, pipeline] = [plain(wonAll), plain(commitAll), plain(bestAll), plain(pipelineAll)];
  const missing: Missing = new Map();
  for (const part of [wonAll, commitAll, bestAll, pipelineAll])
    for (const [currency, sum] of part.missing) {
      const known = missing.get(currency) ?? { count: 0, sumMinor: 0 };
      missing.set(currency, { count: known.count + sum.count, sumMinor: known.sumMinor + sum.sumMinor });
    }
  const line = (label: string): Sum => {
    const match = new RegExp(`^${label} {2,}(\\d+) {2,}(\\S+)$`, 'm').exec(text);
    if (!match) throw new Error(`no forecast row "${label}" in:\n${text}`);
    return { count: Number(match[1]), sumMinor: minor(match[2]!) };
  };
  const forecast = (label: string) => {
    const match = /^(\S+)(?: · (\S+) of quota)?$/.exec(fieldIn(text, label));
    if (!match) throw new Error(`unexpected forecast field: ${fieldIn(text, label)}`);
    return { amount: minor(match[1]!), ofQuota: match[2] === undefined ? null : percentValue(match[2]) };
  };
  const want = (amount: number) => ({ amount, ofQuota: quotaMinor === null ? null : pct(amount, quotaMinor) });
  expect(
    {
      closed: line('Closed won'),
      commit: line('Commit'),
      best: line('Best case'),
      pipeline: line('Pipeline'),
      weightedOpen: minor(fieldIn(text, 'Weighted open pipeline')),
      quota: fieldIn(text, 'Quota') === 'Not set' ? null : minor(fieldIn(text, 'Quota')),
      commitForecast: forecast('Commit forecast (closed + commit)'),
      bestCase: forecast('Best case (closed + commit + best)'),
      weighted: forecast('Weighted forecast (closed + weighted open)'),
      missing: missingShown(text),
      converted: /^ {2}Converted at (.*)\.$/m.exec(text)?.[1] ?? null,
    },
    `forecast ${quarter.key}`,
  ).toEqual({
    closed: won,
    commit,
    best,
    pipeline,
    weightedOpen,
    quota: quotaMinor,
    commitForecast: want(won.sumMinor + commit.sumMinor),
    bestCase: want(won.sumMinor + commit.sumMinor + best.sumMinor),
    weighted: want(won.sumMinor + weightedOpen),
    missing: missingList(missing),
    converted: convertedAt([wonAll, commitAll, bestAll, pipelineAll].flatMap((part) => [...part.used])),
  });
}

/** What a team's /quota table should hold: its sellers (the deactivated marked) and the team total. */
async function teamQuotaFigures(sql: EdgeSql, team: TeamRow, quarter: Quarter) {
  const scope: Scope = { kind: 'team', teamId: team.id };
  const people = await Promise.all(
    sql
      .sellers(team)
      .map(async (m) =>
        figures(
          sql,
          m.active ? m.name : `${m.name} (inactive)`,
          { kind: 'owner', ownerId: m.id, teamId: team.id },
          quarter,
          await sql.memberQuota(m, quarter),
        ),
      ),
  );
  const quota = await sql.teamQuota(team, quarter);
  const total = await figures(sql, team.name, scope, quarter, quota === null ? null : { amountMinor: quota, currency: USD });
  return { people, total };
}

/** What /quota all should hold: a row per team, "No team", and the workspace total. */
async function allQuotaFigures(sql: EdgeSql, quarter: Quarter) {
  const teams = await Promise.all(sql.teams.map(async (team) => (await teamQuotaFigures(sql, team, quarter)).total));
  const noTeamQuota = await sql.noTeamQuota(quarter);
  const noTeam = await figures(
    sql,
    'No team',
    { kind: 'no team' },
    quarter,
    noTeamQuota === null ? null : { amountMinor: noTeamQuota, currency: USD },
  );
  const quotas = [...teams, noTeam].flatMap((line) => (line.quotaMinor === null ? [] : [line.quotaMinor]));
  const total = await figures(
    sql,
    'Edge Works',
    { kind: 'all' },
    quarter,
    quotas.length === 0 ? null : { amountMinor: quotas.reduce((n, q) => n + q, 0), currency: USD },
  );
  return { teams, noTeam, total };
}

// ---------------------------------------------------------------------------------------------

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`edge dataset: report figures equal plain SQL (${provider})`, () => {
    let edge: EdgeWorkspace | undefined;
    let sql: EdgeSql;

    beforeAll(async () => {
      edge = await edgeWorkspace(provider);
      sql = await EdgeSql.load(edge);
    }, 240_000);
    afterAll(async () => {
      await edge?.cleanup();
    });

    const run = async (line: string, handle: string): Promise<string> => {
      const { screen, text } = await edge!.run(line, handle);
      expect(screen.kind, `${line} as @${handle}:\n${text}`).not.toBe('error');
      return text;
    };

    it('holds the edge cases: quarter-edge closes in four zones, a deactivated seller, DST-day moves, three currencies', async () => {
      const rows = await edge!.db.$queryRaw<{ account: string; closeDate: unknown; closedAt: unknown; currency: string }[]>`
        SELECT a."name" AS "account", d."closeDate" AS "closeDate", d."closedAt" AS "closedAt", d."currency" AS "currency"
        FROM "Deal" d JOIN "Account" a ON a."id" = d."accountId" WHERE d."workspaceId" = ${edge!.workspaceId} AND d."closedAt" IS NOT NULL`;
      const closed = new Map(
        rows.map((r) => [
          r.account,
          `${instant(r.closeDate)!.toISOString().slice(0, 10)} ${instant(r.closedAt)!.toISOString().slice(0, 16)}`,
        ]),
      );
      // The close date is the owner's local day, whichever UTC day the instant falls on.
      expect(Object.fromEntries([...closed].sort())).toMatchObject({
        'Hudson Freight': '2026-09-30 2026-10-01T03:30',
        'Empire Tools': '2026-10-01 2026-10-01T04:30',
        'Brooklyn Bakers': '2026-12-31 2027-01-01T04:30',
        'Queens Metals': '2027-01-01 2027-01-01T05:30',
        'Ruhr Steel': '2026-10-01 2026-09-30T22:30',
        'Main Bank': '2027-01-01 2026-12-31T23:30',
        'Huangpu Trade': '2026-10-01 2026-09-30T16:30',
        'Bund Finance': '2027-01-01 2026-12-31T16:30',
        'Pacific Surf': '2026-12-31 2027-01-01T07:30',
        'Golden Gate': '2027-01-01 2027-01-01T08:30',
      });
      const klaus = sql.member(EDGE_INACTIVE);
      expect(klaus.active).toBe(false);
      expect((await sql.won({ kind: 'owner', ownerId: klaus.id }, rangeOf(EDGE_QUARTERS.previous), USD)).count).toBe(1);
      expect((await sql.open({ kind: 'owner', ownerId: klaus.id }, rangeOf(EDGE_QUARTERS.current), USD)).count).toBe(1);
      const dst = await edge!.db.$queryRaw<{ n: unknown }[]>`
        SELECT COUNT(*) AS "n" FROM "DealEvent" WHERE "workspaceId" = ${edge!.workspaceId} AND "type" = 'stage_changed'
          AND ("at" BETWEEN ${new Date('2026-03-08T00:00:00Z')} AND ${new Date('2026-03-09T00:00:00Z')}
            OR "at" BETWEEN ${new Date('2026-11-01T00:00:00Z')} AND ${new Date('2026-11-02T00:00:00Z')}
            OR "at" BETWEEN ${new Date('2026-03-29T00:00:00Z')} AND ${new Date('2026-03-30T00:00:00Z')}
            OR "at" BETWEEN ${new Date('2026-10-25T00:00:00Z')} AND ${new Date('2026-10-26T00:00:00Z')})`;
      expect(num(dst[0]?.n)).toBe(6);
      const currencies = await edge!.db.$queryRaw<{ currency: string }[]>`
        SELECT DISTINCT "currency" FROM "Deal" WHERE "workspaceId" = ${edge!.workspaceId} ORDER BY "currency"`;
      expect(currencies.map((c) => c.currency)).toEqual(['CNY', 'EUR', 'USD']);
    });

    it('/pipeline for each team (as its manager), for all, and the teams plus no team add up to all', async () => {
      let count = 0;
      let total = 0;
      for (const team of EDGE_TEAMS) {
        const shown = await checkPipeline(
          sql,
          await run('/pipeline', team.manager),
          { kind: 'team', teamId: sql.team(team.name).id },
          null,
        );
        count += shown.count;
        total += shown.total;
      }
      const noTeam = (await sql.pipelineInUsd({ kind: 'no team' }, null)).stages;
      const all = await checkPipeline(sql, await run('/pipeline all', 'ada'), { kind: 'all' }, null);
      expect(all).toEqual({
        count: count + noTeam.reduce((n, f) => n + f.count, 0),
        total: total + noTeam.reduce((n, f) => n + f.sumMinor, 0),
      });
      await checkPipeline(sql, await run('/pipeline', 'tess'), { kind: 'owner', ownerId: sql.member('tess').id }, null);
    });

    for (const quarter of QUARTERS) {
      it(`/pipeline team … and all for ${quarter.title} (close dates in the quarter)`, async () => {
        for (const team of EDGE_TEAMS)
          await checkPipeline(
            sql,
            await run(`/pipeline team ${team.name} ${quarter.key}`, 'ada'),
            { kind: 'team', teamId: sql.team(team.name).id },
            rangeOf(quarter),
          );
        await checkPipeline(sql, await run(`/pipeline all ${quarter.key}`, 'ada'), { kind: 'all' }, rangeOf(quarter));
      });

      for (const team of EDGE_TEAMS) {
        it(`/quota team ${team.name} ${quarter.title} as ${team.manager}: each seller, the deactivated too, and the total`, async () => {
          const text = await run(`/quota team ${quarter.key}`, team.manager);
          const want = await teamQuotaFigures(sql, sql.team(team.name), quarter);
          const table = tableIn(text, 'Name ');
          expect(table.rows.map((row) => cell(row, 0)).sort()).toEqual(want.people.map((p) => p.label).sort());
          for (const person of want.people)
            checkQuotaRow(
              table.rows.find((row) => row[0] === person.label),
              person,
              quarter,
            );
          checkQuotaRow(table.totals, want.total, quarter);
          checkQuotaFields(text, want.total, quarter);
        });

        it(`/forecast team ${team.name} ${quarter.title}`, async () => {
          const row = sql.team(team.name);
          await checkForecast(
            sql,
            await run(`/forecast team ${team.name} ${quarter.key}`, team.manager),
            { kind: 'team', teamId: row.id },
            quarter,
            await sql.teamQuota(row, quarter),
          );
        });
      }

      // In Q4 Berlin has no quota of its own: its quota is birgit's + deactivated klaus's, in /quota all
      // as in /quota team Berlin (a deactivated person's quota stays with the team).
      it(`/quota all ${quarter.title}: a row per team, No team, and the workspace total`, async () => {
        const text = await run(`/quota all ${quarter.key}`, 'ada');
        const want = await allQuotaFigures(sql, quarter);
        const table = tableIn(text, 'Name ');
        expect(table.rows.map((row) => cell(row, 0)).sort()).toEqual([...want.teams, want.noTeam].map((line) => line.label).sort());
        for (const line of [...want.teams, want.noTeam])
          checkQuotaRow(
            table.rows.find((row) => row[0] === line.label),
            line,
            quarter,
          );
        checkQuotaRow(table.totals, want.total, quarter);
        checkQuotaFields(text, want.total, quarter);
      });

      it(`/quota all ${quarter.title}: the teams and No team add up to the workspace`, async () => {
        const want = await allQuotaFigures(sql, quarter);
        const lines = [...want.teams, want.noTeam];
        expect({
          won: lines.reduce((n, l) => n + l.won.sumMinor, 0),
          wonCount: lines.reduce((n, l) => n + l.won.count, 0),
          open: lines.reduce((n, l) => n + l.openMinor, 0),
        }).toEqual({ won: want.total.won.sumMinor, wonCount: want.total.won.count, open: want.total.openMinor });
        const text = await run(`/quota all ${quarter.key}`, 'ada');
        const wonMatch = /^(\S+) \((\d+) deals?\)$/.exec(fieldIn(text, 'Closed won'));
        expect({ won: minor(wonMatch?.[1] ?? ''), count: Number(wonMatch?.[2]) }).toEqual({
          won: want.total.won.sumMinor,
          count: want.total.won.count,
        });
      });

      it(`/forecast all ${quarter.title}`, async () => {
        const want = await allQuotaFigures(sql, quarter);
        await checkForecast(sql, await run(`/forecast all ${quarter.key}`, 'ada'), { kind: 'all' }, quarter, want.total.quotaMinor);
      });

      it(`/forecast all ${quarter.title}: every figure that does not depend on the quota`, async () => {
        const text = await run(`/forecast all ${quarter.key}`, 'ada');
        await checkForecast(sql, text, { kind: 'all' }, quarter, minor(fieldIn(text, 'Quota')));
      });

      it(`/quota for people in CNY and in no team, ${quarter.title}`, async () => {
        for (const handle of ['li', 'wang', 'tess', 'nick']) {
          const member = sql.member(handle);
          const want = await figures(
            sql,
            member.name,
            { kind: 'owner', ownerId: member.id },
            quarter,
            await sql.memberQuota(member, quarter),
          );
          checkQuotaFields(await run(`/quota @${handle} ${quarter.key}`, 'ada'), want, quarter);
        }
      });
    }

    for (const who of DIGEST_READERS) {
      it(`the digest of @${who.handle} (${who.team ?? 'the whole workspace'}): pipeline, win rate and average deal`, async () => {
        const text = await run('/dealdesk digest now', who.handle);
        const team = who.team === null ? null : sql.team(who.team);
        const scope: Scope = team ? { kind: 'team', teamId: team.id } : { kind: 'all' };

        const shown = await checkPipeline(sql, text, scope, null);
        const overview = /^Open pipeline {2,}(\d+) deals? · (\S+) \(weighted (\S+)\)$/m.exec(text);
        expect({ count: Number(overview?.[1]), total: minor(overview?.[2] ?? '') }).toEqual(shown);

        // Monday: the weekly summary over the last 90 days (2026-10-21 to 2027-01-18 in every zone here).
        const window = { from: dateOf('2026-10-21'), to: dateOf('2027-01-18') };
        const [won, lost] = await Promise.all(
          ['won', 'lost'].map(async (kind) => {
            const [row] = await edge!.db.$queryRaw<{ n: unknown }[]>`
              SELECT COUNT(*) AS "n" FROM "Deal" d
              WHERE d."workspaceId" = ${edge!.workspaceId} AND d."stage" IN (SELECT s."key" FROM "Stage" s WHERE s."workspaceId" = ${edge!.workspaceId} AND s."kind" = ${kind})
                ${closing(window)} ${scoped(scope)}`;
            return num(row?.n);
          }),
        );
        const wonUsd = await sql.won(scope, window, 'converted');
        const winRate = /^Win rate {2,}(\S+) \((\d+) won, (\d+) lost\)$/m.exec(text);
        expect({ rate: percentValue(winRate?.[1] ?? ''), won: Number(winRate?.[2]), lost: Number(winRate?.[3]) }).toEqual({
          rate: pct(won!, won! + lost!),
          won,
          lost,
        });
        expect(minor(fieldIn(text, 'Average won deal'))).toBe(Number(roundHalfAway(BigInt(wonUsd.sumMinor), BigInt(wonUsd.count))));
      });
    }

    for (const who of DIGEST_READERS) {
      // The admin's digest shows the /quota all total.
      it(`the digest of @${who.handle} (${who.team ?? 'the whole workspace'}): quota and attainment`, async () => {
        const text = await run('/dealdesk digest now', who.handle);
        const team = who.team === null ? null : sql.team(who.team);
        const quarter = EDGE_QUARTERS.current;
        const quotaText = text.slice(text.indexOf('Quota · '));
        const want = team ? (await teamQuotaFigures(sql, team, quarter)).total : (await allQuotaFigures(sql, quarter)).total;
        checkQuotaRow(tableIn(quotaText, 'Name ').totals, want, quarter);
        checkQuotaFields(quotaText, want, quarter);
        const overview = /^Quota attainment {2,}(\S+) of (\S+) \((.+)\)$/m.exec(text);
        expect({ attainment: percentValue(overview?.[1] ?? ''), quota: minor(overview?.[2] ?? ''), period: overview?.[3] }).toEqual({
          attainment: pct(want.won.sumMinor, want.quotaMinor ?? 0),
          quota: want.quotaMinor,
          period: quarter.title,
        });
      });
    }

    it('forecast categories follow the stage probability unless set by hand (Proposal is 55 %: pipeline)', async () => {
      const rows = await edge!.db.$queryRaw<{ account: string; category: string; probability: unknown; byHand: unknown }[]>`
        SELECT a."name" AS "account", d."forecastCategory" AS "category", s."probability" AS "probability",
               (SELECT COUNT(*) FROM "DealEvent" e WHERE e."dealId" = d."id" AND e."type" = 'category_changed') AS "byHand"
        FROM "Deal" d JOIN "Account" a ON a."id" = d."accountId"
          JOIN "Stage" s ON s."workspaceId" = d."workspaceId" AND s."key" = d."stage"
        WHERE d."workspaceId" = ${edge!.workspaceId} AND s."kind" = 'open'`;
      const byProbability = (p: number) => (p >= 80 ? 'commit' : p >= 60 ? 'best' : 'pipeline');
      const auto = rows.filter((r) => num(r.byHand) === 0);
      expect(auto.length).toBeGreaterThan(5);
      expect(Object.fromEntries(auto.map((r) => [r.account, r.category]))).toEqual(
        Object.fromEntries(auto.map((r) => [r.account, byProbability(num(r.probability))])),
      );
    });
  });
}
