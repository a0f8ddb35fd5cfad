import { z } from 'zod';
import { defineCommand, type CommandResult } from './command.js';
import type { CommandContext } from './context.js';
import { periodBounds, resolvePeriod } from './scope.js';
import { DomainError } from '../domain/errors.js';
import { normalizeKey } from '../domain/text-match.js';
import { DEAL_COLUMNS, EVENT_COLUMNS, QUOTA_COLUMNS } from '../domain/csv-format.js';
import type { Period } from '../domain/calendar.js';
import { listTeams } from '../store/teams.js';
import { dealsForExport, eventsForExport, quotasForExport, type ExportPeriod, type ExportReach } from '../store/exports.js';
import { csvFile, dealCells, eventCells, quotaCells } from '../views/csv.js';
import { exportScreen, type ExportKind, type ExportReachLabel } from '../views/screens/export.js';
import { formatPeriod } from '../views/format.js';

/** What each kind is called, in either language. */
const KIND_WORDS: Record<string, ExportKind> = {
  deals: 'deals',
  deal: 'deals',
  商机: 'deals',
  交易: 'deals',
  events: 'events',
  event: 'events',
  history: 'events',
  事件: 'events',
  商机事件: 'events',
  quotas: 'quotas',
  quota: 'quotas',
  配额: 'quotas',
  指标: 'quotas',
};

export const ZExportSchema = z.object({
  kind: z.enum(['deals', 'events', 'quotas']),
  period: z.array(z.string()),
});

/**
 * `dealdesk export deals|events|quotas [period]`: a CSV file in DealDesk's own format
 * (domain/csv-format.ts), which `dealdesk import` reads back unchanged. Deals are in a period by close
 * date, events by when they happened, quotas when their dates overlap it; without a period, everything.
 * Admins export the workspace, managers their own records and their teams', reps their own.
 */
export const dealdeskExport = defineCommand({
  id: 'dealdesk.export',
  path: ['dealdesk', 'export'],
  usage: 'usage.dealdesk.export',
  summary: 'summary.dealdesk.export',
  schema: ZExportSchema,
  parse: ([kindWord, ...period]) => {
    if (kindWord === undefined) throw new DomainError('export.kind_missing', {});
    const kind = KIND_WORDS[normalizeKey(kindWord)];
    if (!kind) throw new DomainError('export.kind', { input: kindWord });
    return { kind, period };
  },
  async run(input, ctx): Promise<CommandResult> {
    const period = input.period.length > 0 ? resolvePeriod(ctx, input.period) : undefined;
    const { reach, label } = await reachOf(ctx);
    const { columns, rows } = await exportRows(ctx, input.kind, reach, period && exportPeriod(ctx, period));
    const fileName = `${input.kind}-${period ? period.key.replace(/[^\p{L}\p{N}._-]+/gu, '-') : 'all'}.csv`;
    const screen = exportScreen(
      {
        kind: input.kind,
        count: rows.length,
        ...(period ? { periodLabel: formatPeriod(period, ctx.actor.locale) } : {}),
        fileName,
        reach: label,
      },
      ctx.actor.locale,
    );
    if (rows.length === 0) return { screen };
    return { screen, effects: [{ type: 'file', name: fileName, mimeType: 'text/csv', content: csvFile(columns, rows) }] };
  },
});

async function exportRows(
  ctx: CommandContext,
  kind: ExportKind,
  reach: ExportReach,
  period: ExportPeriod | undefined,
): Promise<{ columns: readonly string[]; rows: string[][] }> {
  const workspaceId = ctx.workspace.id;
  if (kind === 'deals') return { columns: DEAL_COLUMNS, rows: (await dealsForExport(ctx.db, workspaceId, reach, period)).map(dealCells) };
  if (kind === 'events')
    return { columns: EVENT_COLUMNS, rows: (await eventsForExport(ctx.db, workspaceId, reach, period)).map(eventCells) };
  return { columns: QUOTA_COLUMNS, rows: (await quotasForExport(ctx.db, workspaceId, reach, period)).map(quotaCells) };
}

/** Close dates and quota periods are calendar days; events are instants, in the workspace's zone as reports read them. */
function exportPeriod(ctx: CommandContext, period: Period): ExportPeriod {
  const bounds = periodBounds(ctx, period);
  return { dayFrom: bounds.closeFrom, dayTo: bounds.closeTo, from: bounds.from, toExclusive: bounds.to };
}

/** Admins: everything. Managers: their own, plus the deals sold in and the quotas of the teams they manage. Reps: their own. */
async function reachOf(ctx: CommandContext): Promise<{ reach: ExportReach; label: ExportReachLabel }> {
  const actor = ctx.actor;
  if (actor.role === 'admin') return { reach: { everything: true }, label: { kind: 'everything' } };
  const managed = actor.role === 'manager' ? (await listTeams(ctx.db, ctx.workspace.id)).filter((team) => team.managerId === actor.id) : [];
  return {
    reach: { memberId: actor.id, teamIds: managed.map((team) => team.id) },
    label: managed.length > 0 ? { kind: 'teams', teams: managed.map((team) => team.name) } : { kind: 'own' },
  };
}
