import type { CommandContext } from './context.js';
import { periodBounds, type ResolvedScope } from './scope.js';
import { dateContextOf } from './context.js';
import { attainment, type Attainment } from '../domain/reports.js';
import { elapsedFraction, todayIn, type Period } from '../domain/calendar.js';
import { memberScope, quotasFor, teamScope, type QuotaRecord } from '../store/quotas.js';
import { openByOwner, wonByOwner, type OwnerCurrencySum } from '../store/reports.js';
import { t } from '../i18n/index.js';

export type QuotaLine = {
  label: string;
  currency: string;
  quotaMinor: number | null;
  wonMinor: number;
  wonCount: number;
  openMinor: number;
  attainment: Attainment | null;
};

export type QuotaReport = { lines: QuotaLine[]; total: QuotaLine; period: Period; elapsed: number };

/**
 * Attainment per person (or per team for the whole workspace) and in total. Won deals count by their
 * close instant in the workspace's time zone; open pipeline by expected close date in the period.
 * A team's quota is its own quota row when one is set, else the sum of its people's quotas.
 * Each line is computed in its quota's currency; deals in other currencies do not count toward it.
 */
export async function quotaReport(ctx: CommandContext, scope: ResolvedScope, period: Period): Promise<QuotaReport> {
  const bounds = periodBounds(ctx, period);
  const stages = ctx.workspace.stages;
  const wonKeys = stages.filter((s) => s.kind === 'won').map((s) => s.key);
  const openKeys = stages.filter((s) => s.kind === 'open').map((s) => s.key);
  const reportScope = { workspaceId: ctx.workspace.id, ...(scope.ownerIds ? { ownerIds: scope.ownerIds } : {}) };
  const scopeKeys = [...scope.members.map((m) => memberScope(m.id)), ...scope.teams.map((team) => teamScope(team.id))];
  const [quotas, won, open] = await Promise.all([
    quotasFor(ctx.db, ctx.workspace.id, scopeKeys, period.key),
    wonByOwner(ctx.db, reportScope, wonKeys, bounds.from, bounds.to),
    openByOwner(ctx.db, reportScope, openKeys, bounds.closeFrom, bounds.closeTo),
  ]);
  const elapsed = elapsedFraction(period, todayIn({ ...dateContextOf(ctx), timeZone: ctx.workspace.timeZone }));
  const quotaOf = new Map(quotas.map((quota) => [quota.scopeKey, quota]));
  const line = (label: string, ownerIds: readonly string[], quota: { amountMinor: number; currency: string } | undefined): QuotaLine =>
    buildLine(label, ownerIds, quota, won, open, ctx.workspace.currency, elapsed);

  if (scope.kind === 'member' && scope.member) {
    const single = line(scope.member.name, [scope.member.id], quotaOf.get(memberScope(scope.member.id)));
    return { lines: [single], total: single, period, elapsed };
  }
  if (scope.kind === 'team' && scope.team) {
    const team = scope.team;
    const lines = scope.members.map((m) => line(m.name, [m.id], quotaOf.get(memberScope(m.id))));
    const total = line(
      team.name,
      scope.ownerIds ?? [],
      quotaOf.get(teamScope(team.id)) ??
        sumQuotas(
          scope.members.map((m) => quotaOf.get(memberScope(m.id))),
          ctx.workspace.currency,
        ),
    );
    return { lines, total, period, elapsed };
  }
  const lines = scope.teams.map((team) => {
    const people = scope.members.filter((m) => team.memberIds.includes(m.id) && m.id !== team.managerId);
    const owners = [...team.memberIds, ...(team.managerId ? [team.managerId] : [])];
    return line(
      team.name,
      owners,
      quotaOf.get(teamScope(team.id)) ??
        sumQuotas(
          people.map((m) => quotaOf.get(memberScope(m.id))),
          ctx.workspace.currency,
        ),
    );
  });
  // People in no team (an admin who sells, a new hire) still count toward the workspace's total.
  const inTeams = new Set(scope.teams.flatMap((team) => [...team.memberIds, ...(team.managerId ? [team.managerId] : [])]));
  const teamless = scope.members.filter((m) => !inTeams.has(m.id));
  const others = line(
    t(ctx.actor.locale, 'quota.no_team'),
    teamless.map((m) => m.id),
    sumQuotas(
      teamless.map((m) => quotaOf.get(memberScope(m.id))),
      ctx.workspace.currency,
    ),
  );
  if (others.quotaMinor !== null || others.wonMinor > 0 || others.openMinor > 0) lines.push(others);
  const inCurrency = lines.filter((l) => l.currency === ctx.workspace.currency);
  const quotaTotal = inCurrency.some((l) => l.quotaMinor !== null) ? inCurrency.reduce((n, l) => n + (l.quotaMinor ?? 0), 0) : null;
  const wonTotal = inCurrency.reduce((n, l) => n + l.wonMinor, 0);
  const openTotal = inCurrency.reduce((n, l) => n + l.openMinor, 0);
  const total: QuotaLine = {
    label: scope.label,
    currency: ctx.workspace.currency,
    quotaMinor: quotaTotal,
    wonMinor: wonTotal,
    wonCount: inCurrency.reduce((n, l) => n + l.wonCount, 0),
    openMinor: openTotal,
    attainment: quotaTotal === null ? null : attainment(quotaTotal, wonTotal, openTotal, elapsed),
  };
  return { lines, total, period, elapsed };
}

function sumQuotas(quotas: readonly (QuotaRecord | undefined)[], currency: string): { amountMinor: number; currency: string } | undefined {
  const present = quotas.filter((q): q is QuotaRecord => q !== undefined && q.currency === currency);
  if (present.length === 0) return undefined;
  return { amountMinor: present.reduce((n, q) => n + q.amountMinor, 0), currency };
}

function buildLine(
  label: string,
  ownerIds: readonly string[],
  quota: { amountMinor: number; currency: string } | undefined,
  won: readonly OwnerCurrencySum[],
  open: readonly OwnerCurrencySum[],
  defaultCurrency: string,
  elapsed: number,
): QuotaLine {
  const currency = quota?.currency ?? defaultCurrency;
  const pick = (rows: readonly OwnerCurrencySum[]) => rows.filter((row) => row.currency === currency && ownerIds.includes(row.ownerId));
  const wonRows = pick(won);
  const wonMinor = wonRows.reduce((n, row) => n + row.sumMinor, 0);
  const openMinor = pick(open).reduce((n, row) => n + row.sumMinor, 0);
  return {
    label,
    currency,
    quotaMinor: quota?.amountMinor ?? null,
    wonMinor,
    wonCount: wonRows.reduce((n, row) => n + row.count, 0),
    openMinor,
    attainment: quota ? attainment(quota.amountMinor, wonMinor, openMinor, elapsed) : null,
  };
}
