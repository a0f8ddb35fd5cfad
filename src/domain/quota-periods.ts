/**
 * Which stored quota counts for a period, pure. A quota belongs to its dates, never to its period's
 * name (a name such as "2026-Q4" means other months once the fiscal year start changes).
 *
 * For each person or team: the quota set for exactly the period's first and last day; else, when
 * quotas set for shorter periods inside it fit together day after day from its first day to its last
 * (three months of a quarter, a quarter and nine months of a year) and are all in one currency, their
 * sum; else none. Longer quotas are taken first, so a quarter and its own months are not counted twice.
 */
import { addDays, daysBetween, type CalendarDate } from './calendar.js';

export type DatedQuota = { scopeKey: string; start: CalendarDate; end: CalendarDate; amountMinor: number; currency: string };
export type PeriodDates = { start: CalendarDate; end: CalendarDate };

/** The quota of each scope for `period`; `quotas` are those set within it, the newest first. */
export function quotasForPeriod(
  quotas: readonly DatedQuota[],
  period: PeriodDates,
): Map<string, { amountMinor: number; currency: string }> {
  const byScope = new Map<string, DatedQuota[]>();
  // Stryker disable next-line ArrayDeclaration: a stray non-quota element has no dates, so the filter below drops it
  for (const quota of quotas) byScope.set(quota.scopeKey, [...(byScope.get(quota.scopeKey) ?? []), quota]);
  const result = new Map<string, { amountMinor: number; currency: string }>();
  for (const [scopeKey, own] of byScope) {
    const found = quotaOfScope(own, period);
    if (found) result.set(scopeKey, found);
  }
  return result;
}

function quotaOfScope(quotas: readonly DatedQuota[], period: PeriodDates): { amountMinor: number; currency: string } | undefined {
  const inside = quotas.filter((q) => q.start >= period.start && q.end <= period.end && q.start <= q.end);
  // Stryker disable next-line all: a shortcut — the longest-first pass below also takes the quota set for exactly the period (it overlaps every other one)
  const exact = inside.find((q) => q.start === period.start && q.end === period.end);
  // Stryker disable next-line ConditionalExpression: as above
  if (exact) return { amountMinor: exact.amountMinor, currency: exact.currency };
  // Longest first (a stable sort keeps the newest first among equal dates), skipping any that overlaps one taken.
  const taken: DatedQuota[] = [];
  for (const quota of [...inside].sort((a, b) => daysBetween(b.start, b.end) - daysBetween(a.start, a.end)))
    if (!taken.some((t) => quota.start <= t.end && t.start <= quota.end)) taken.push(quota);
  // Stryker disable next-line EqualityOperator: taken quotas never overlap, so no two start on the same day
  taken.sort((a, b) => (a.start < b.start ? -1 : 1));
  const first = taken[0];
  // Stryker disable next-line OptionalChaining: `taken` has a last element whenever it has a first
  if (!first || first.start !== period.start || taken.at(-1)?.end !== period.end) return undefined;
  // Stryker disable next-line OptionalChaining: taken[i - 1] exists for every i > 0
  if (taken.some((q, i) => i > 0 && q.start !== addDays(taken[i - 1]?.end ?? q.start, 1))) return undefined;
  if (taken.some((q) => q.currency !== first.currency)) return undefined;
  return { amountMinor: taken.reduce((n, q) => n + q.amountMinor, 0), currency: first.currency };
}
