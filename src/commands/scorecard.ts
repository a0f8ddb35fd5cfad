import { defineCommand } from './command.js';
import type { CommandContext } from './context.js';
import { dateContextOf } from './context.js';
import { convertClosed, convertOpen, convertQuotas, reportingRates, type ReportingRates } from './reports.js';
import { parseSlicedReportArgs, ZSlicedReportSchema } from './slices.js';
import { checkReportScope, periodBounds, resolvePeriod, resolveScopeWords, type ResolvedScope } from './scope.js';
import { joinTokens } from './tokenize.js';
import { elapsedFraction, todayIn, type Period } from '../domain/calendar.js';
import { mergeConversions, type Conversion } from '../domain/exchange.js';
import type { ClosedRow, CycleRow } from '../domain/funnel.js';
import type { QuotaAmount } from '../domain/quota-lines.js';
import {
  scorecardLine,
  type DiscountRow,
  type OwnerAmount,
  type Scorecard,
  type ScorecardCount,
  type ScorecardLine,
} from '../domain/scorecard.js';
import { orderSlices, type ReportSliceBy } from '../domain/slices.js';
import { closedFunnel, type ClosedFunnel, type StoreSliceBy } from '../store/funnel.js';
import { memberScope, quotasFor } from '../store/quotas.js';
import type { ReportScope } from '../store/reports.js';
import { pipelineCreated, scorecardCounts, wonDiscounts, type ScorecardGroup } from '../store/scorecard.js';
import { sellersByIds } from '../store/teams.js';
import { formatPeriod } from '../views/format.js';
import { scorecardScreen, slicedScorecardScreen } from '../views/screens/scorecard.js';
import { t } from '../i18n/index.js';
import { stageKeys } from '../domain/stages.js';
import { groupRows } from '../domain/reports.js';

/** What the scorecard's statements read for one grouping (store/scorecard.ts ScorecardGroup), in the reporting currency. */
type ScorecardParts = {
  closed: ClosedFunnel;
  converted: ClosedRow[];
  counts: ScorecardCount[];
  created: OwnerAmount[];
  listed: DiscountRow[];
  discounted: DiscountRow[];
  conversion: Conversion;
};

/**
 * The scorecard's sums grouped one way: five aggregate statements (closed deals and cycles, counts,
 * pipeline created, discounts), whatever the number of people or slices.
 */
async function readParts(ctx: CommandContext, scope: ReportScope, period: Period, group: ScorecardGroup, rates: ReportingRates) {
  const stages = ctx.workspace.stages;
  const bounds = periodBounds(ctx, period);
  // In turn: `ctx.db` may be the request's transaction, one query at a time.
  const closed = await closedOf(ctx, scope, period, group === 'person' ? 'rep' : group);
  const counts = await scorecardCounts(ctx.db, scope, { from: bounds.from, to: bounds.to, stages }, group);
  const createdStored = await pipelineCreated(ctx.db, scope, bounds, group);
  const discounts = await wonDiscounts(
    ctx.db,
    scope,
    { wonStages: stageKeys(stages, 'won'), closeFrom: period.start, closeTo: period.end },
    group,
  );
  const converted = convertClosed(closed.closed, rates);
  const created = convertOpen(createdStored, rates);
  // A deal created in a currency without a rate still counts as created; only its amount is left out (and named).
  const createdWithoutRate = new Set(created.conversion.missing.map((gap) => gap.currency));
  const listed = convertClosed(discounts.listed, rates);
  const parts: ScorecardParts = {
    closed,
    converted: converted.rows,
    counts,
    created: [...created.rows, ...createdStored.filter((row) => createdWithoutRate.has(row.currency))],
    listed: listed.rows,
    discounted: convertClosed(discounts.discounted, rates).rows,
    conversion: mergeConversions([converted.conversion, created.conversion, listed.conversion]),
  };
  return parts;
}

/** Closed deals, their sums and median cycles (store/funnel.ts closedFunnel): one statement. */
function closedOf(ctx: CommandContext, scope: ReportScope, period: Period, by: StoreSliceBy): Promise<ClosedFunnel> {
  return closedFunnel(ctx.db, scope, {
    wonStages: stageKeys(ctx.workspace.stages, 'won'),
    lostStages: stageKeys(ctx.workspace.stages, 'lost'),
    closeFrom: period.start,
    closeTo: period.end,
    by,
  });
}

/**
 * The whole of sliced parts, as key '': every slice's counts and amounts together (each deal is in one
 * slice), and the closed deals read again unsliced (one statement), since a median does not add up.
 */
async function wholeOf(
  ctx: CommandContext,
  parts: ScorecardParts,
  scope: ReportScope,
  period: Period,
  rates: ReportingRates,
): Promise<ScorecardParts> {
  const closed = await closedOf(ctx, scope, period, 'none');
  const all = <T extends { ownerId: string }>(rows: readonly T[]) => rows.map((row) => ({ ...row, ownerId: '' }));
  const counts = new Map<ScorecardCount['metric'], ScorecardCount>();
  for (const row of parts.counts) {
    const known = counts.get(row.metric);
    counts.set(row.metric, { ownerId: '', metric: row.metric, count: (known?.count ?? 0) + row.count, sum: (known?.sum ?? 0) + row.sum });
  }
  return {
    ...parts,
    closed,
    converted: convertClosed(closed.closed, rates).rows,
    counts: [...counts.values()],
    created: all(parts.created),
    listed: all(parts.listed),
    discounted: all(parts.discounted),
  };
}

/** The keys (people, slices, or `<person>|<slice>`) with any figure in `parts`. */
function keysWithFigures(parts: ScorecardParts): string[] {
  return [
    ...new Set([
      ...parts.closed.closed.map((row) => row.slice),
      ...parts.counts.map((row) => row.ownerId),
      ...parts.created.map((row) => row.ownerId),
      ...parts.listed.map((row) => row.ownerId),
    ]),
  ];
}

/** `parts`' rows by key (a person, a slice, or `<person>|<slice>`), indexed once for all the lines. */
type PartsByKey = {
  closed: Map<string, ClosedRow[]>;
  cycles: Map<string, CycleRow[]>;
  converted: Map<string, ClosedRow[]>;
  counts: Map<string, ScorecardCount[]>;
  created: Map<string, OwnerAmount[]>;
  listed: Map<string, DiscountRow[]>;
  discounted: Map<string, DiscountRow[]>;
};

/**
 * Indexes `parts` by key: each line then takes its rows in one lookup (#14: filtering every part for each
 * of a thousand reps was over a second of `/scorecard all` at 100k deals, on the event loop).
 */
function byKey(parts: ScorecardParts): PartsByKey {
  const owner = (row: { ownerId: string }) => row.ownerId;
  const slice = (row: { slice: string }) => row.slice;
  return {
    closed: groupRows(parts.closed.closed, slice),
    cycles: groupRows(parts.closed.cycles, slice),
    converted: groupRows(parts.converted, slice),
    counts: groupRows(parts.counts, owner),
    created: groupRows(parts.created, owner),
    listed: groupRows(parts.listed, owner),
    discounted: groupRows(parts.discounted, owner),
  };
}

/** The line of one key of the indexed parts. */
function lineOf(
  ctx: CommandContext,
  parts: PartsByKey,
  line: { key: string; ownerId: string; name: string; quota: QuotaAmount | undefined; elapsed: number },
): ScorecardLine {
  const rows = <T>(index: Map<string, T[]>): T[] => index.get(line.key) ?? [];
  return scorecardLine({
    ownerId: line.ownerId,
    name: line.name,
    stages: ctx.workspace.stages,
    currency: ctx.workspace.currency,
    quota: line.quota,
    elapsed: line.elapsed,
    closed: rows(parts.closed),
    converted: rows(parts.converted),
    cycle: rows(parts.cycles)[0],
    counts: rows(parts.counts),
    created: rows(parts.created),
    listed: rows(parts.listed),
    discounted: rows(parts.discounted),
  });
}

/** The share of the period gone by today, in the workspace's zone (the quota's pace). */
function elapsedOf(ctx: CommandContext, period: Period): number {
  return elapsedFraction(period, todayIn({ ...dateContextOf(ctx), timeZone: ctx.workspace.timeZone }));
}

/**
 * Who gets a line: the person asked for; a team's people (not its manager); for the whole workspace its
 * reps; and anyone else with figures in the scope (a deactivated rep, a manager who sells), with their
 * quotas for the period (one statement for the names of those others, one for the quotas).
 */
async function scorecardPeople(
  ctx: CommandContext,
  scope: ResolvedScope,
  period: Period,
  withFigures: readonly string[],
  rates: ReportingRates,
) {
  const listed = scope.kind === 'all' ? scope.members.filter((member) => member.role === 'rep') : scope.members;
  const listedIds = new Set(listed.map((member) => member.id));
  const others = await sellersByIds(
    ctx.db,
    ctx.workspace.id,
    [...new Set(withFigures)].filter((id) => !listedIds.has(id)),
  );
  const people = [
    ...listed.map((member) => ({ id: member.id, name: member.name })),
    ...others.map((seller) => ({
      id: seller.id,
      name: seller.active ? seller.name : t(ctx.actor.locale, 'quota.inactive_name', { name: seller.name }),
    })),
  ];
  const quotas = convertQuotas(
    await quotasFor(
      ctx.db,
      ctx.workspace.id,
      people.map((person) => memberScope(person.id)),
      period,
    ),
    period,
    rates,
  );
  const quotaOf = new Map(quotas.quotas.map((quota) => [quota.scopeKey, quota]));
  return { people: people.map((person) => ({ ...person, quota: quotaOf.get(memberScope(person.id)) })), conversion: quotas.conversion };
}

const byWon = (a: ScorecardLine, b: ScorecardLine) => b.wonMinor - a.wonMinor || a.name.localeCompare(b.name);

/**
 * Every person's scorecard in a scope for a period, in the reporting currency: a fixed number of
 * aggregate statements grouped by person (closed deals and cycles, counts, pipeline created, discounts,
 * quotas, rates, and the names of anyone outside the listed people), whatever the number of reps.
 */
export async function loadScorecard(ctx: CommandContext, scope: ResolvedScope, period: Period): Promise<Scorecard> {
  const rates = reportingRates(ctx);
  const parts = await readParts(ctx, { workspaceId: ctx.workspace.id, ...scope.deals }, period, 'person', rates);
  const { people, conversion } = await scorecardPeople(ctx, scope, period, keysWithFigures(parts), rates);
  const elapsed = elapsedOf(ctx, period);
  const indexed = byKey(parts);
  const lines = people.map((person) => lineOf(ctx, indexed, { key: person.id, ownerId: person.id, ...person, elapsed }));
  lines.sort(byWon);
  return { lines, conversion: mergeConversions([parts.conversion, conversion]) };
}

/** One slice's people, each with their figures of the slice's deals. */
export type SlicedScorecard = { slices: { key: string; lines: ScorecardLine[] }[]; conversion: Conversion };

/**
 * Every person's scorecard per slice (`/leaderboard … by channel|region`): the same statements grouped by
 * person and slice. Each slice lists the people with a figure in it (a deal won, lost or created there, a
 * stage advanced, a follow-up logged, a score recorded). Attainment in a slice is what the person won
 * there ÷ their whole quota: quotas belong to people, not to channels or regions.
 */
export async function loadScorecardBySlice(
  ctx: CommandContext,
  scope: ResolvedScope,
  period: Period,
  by: ReportSliceBy,
): Promise<SlicedScorecard> {
  const rates = reportingRates(ctx);
  const parts = await readParts(
    ctx,
    { workspaceId: ctx.workspace.id, ...scope.deals },
    period,
    by === 'channel' ? 'rep:channel' : 'rep:region',
    rates,
  );
  // `<person>|<slice>`: person ids hold no `|`.
  const split = (key: string) => ({ person: key.slice(0, key.indexOf('|')), slice: key.slice(key.indexOf('|') + 1) });
  const keys = keysWithFigures(parts).map((key) => ({ key, ...split(key) }));
  const { people, conversion } = await scorecardPeople(
    ctx,
    scope,
    period,
    keys.map((key) => key.person),
    rates,
  );
  const elapsed = elapsedOf(ctx, period);
  const indexed = byKey(parts);
  const slices = [...groupRows(keys, (key) => key.slice)].map(([slice, inSlice]) => {
    const here = new Set(inSlice.map((key) => key.person));
    const lines = people
      .filter((person) => here.has(person.id))
      .map((person) => lineOf(ctx, indexed, { key: `${person.id}|${slice}`, ownerId: person.id, ...person, elapsed }));
    return { key: slice, lines: lines.sort(byWon) };
  });
  const won = (slice: { lines: readonly ScorecardLine[] }) => slice.lines.reduce((n, line) => n + line.wonMinor, 0);
  return { slices: orderSlices(slices, won), conversion: mergeConversions([parts.conversion, conversion]) };
}

/**
 * The scope's scorecard per slice (`/scorecard … by channel|region`): a line per slice with the figures of
 * its deals, and the whole scope's line (every slice together), so slices add up to it (but the win rate,
 * cycle, discount and satisfaction, which are ratios or medians). No attainment: quotas belong to people,
 * not to slices. Eight statements: the scorecard's five grouped by slice, the whole's closed deals, rates.
 */
async function loadSliceLines(ctx: CommandContext, scope: ResolvedScope, period: Period, by: ReportSliceBy) {
  const rates = reportingRates(ctx);
  const reportScope = { workspaceId: ctx.workspace.id, ...scope.deals };
  const parts = await readParts(ctx, reportScope, period, by, rates);
  const whole = await wholeOf(ctx, parts, reportScope, period, rates);
  const lineFor = (from: PartsByKey, key: string) => lineOf(ctx, from, { key, ownerId: key, name: key, quota: undefined, elapsed: 0 });
  const indexed = byKey(parts);
  const slices = keysWithFigures(parts).map((key) => lineFor(indexed, key));
  return {
    slices: orderSlices(
      slices.map((line) => ({ key: line.ownerId, line })),
      (slice) => slice.line.wonMinor,
    ).map((slice) => slice.line),
    whole: lineFor(byKey(whole), ''),
    conversion: whole.conversion,
  };
}

/**
 * `scorecard [me|@user|team [name]|all] [period] [by channel|region]` (绩效): a line per rep, this quarter
 * by default; sliced, a line per channel or region and the whole scope's.
 */
export const scorecard = defineCommand({
  id: 'scorecard',
  path: ['scorecard'],
  usage: 'usage.scorecard',
  summary: 'summary.scorecard',
  schema: ZSlicedReportSchema,
  parse: parseSlicedReportArgs,
  async run(input, ctx) {
    const scope = await resolveScopeWords(ctx, input.scope);
    checkReportScope(ctx, scope, 'scorecard.forbidden');
    const period = resolvePeriod(ctx, input.period);
    const locale = ctx.actor.locale;
    if (input.by !== 'none') {
      const sliced = await loadSliceLines(ctx, scope, period, input.by);
      return {
        screen: slicedScorecardScreen(
          {
            scopeLabel: scope.label,
            periodLabel: formatPeriod(period, locale),
            by: input.by,
            ...sliced,
            currency: ctx.workspace.currency,
            words: joinTokens([...input.scope, ...input.period]),
          },
          locale,
        ),
      };
    }
    const card = await loadScorecard(ctx, scope, period);
    return {
      screen: scorecardScreen(
        {
          scopeLabel: scope.label,
          periodLabel: formatPeriod(period, locale),
          single: scope.kind === 'member',
          card,
          currency: ctx.workspace.currency,
          words: joinTokens([...input.scope, ...input.period]),
          periodWords: joinTokens(input.period),
        },
        locale,
      ),
    };
  },
});
