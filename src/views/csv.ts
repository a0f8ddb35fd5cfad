/**
 * Writing DealDesk's CSV files (the columns are src/domain/csv-format.ts's). Every value is formatted
 * here and nowhere else, so `/dealdesk import` reads back exactly what `/dealdesk export` wrote:
 *
 * - amounts: major units with the currency's decimals (`50000.00`, JPY `50000`), never a float;
 * - calendar dates `YYYY-MM-DD`; instants ISO 8601 UTC (`2026-11-30T16:00:00.000Z`);
 * - people `@handle`; stages, categories and currencies by key or code; empty cell = no value;
 * - free text (accounts, titles, next steps, reasons, team names, e-mails, event details) guarded
 *   against CSV injection: a cell Excel would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab
 *   or a carriage return) gets one leading apostrophe, shown as text. So the guard can be undone
 *   exactly, a text that already starts with apostrophes followed by such a character gets one more.
 *   the import's `unguardCsvText` (domain/csv-format.ts) removes it again; handles are not guarded
 *   (`@` + letters, digits, `.`, `_`, `-` only,
 *   which cannot form a formula that runs anything).
 *
 * Files are UTF-8 with a byte-order mark (so Excel opens Chinese correctly) and CRLF line ends (RFC 4180).
 */
import { stringify } from 'csv-stringify/sync';
import { toMajorString } from '../domain/money.js';
import { toSafeNumber } from '../domain/reports.js';
import { utcMidnightToDate } from '../domain/calendar.js';
import { dealRef } from '../domain/deal.js';
import { DEAL_COLUMNS, EVENT_COLUMNS, QUOTA_COLUMNS, UTF8_BOM } from '../domain/csv-format.js';
import type { DealExportRow, EventExportRow, QuotaExportRow } from '../store/exports.js';

const FORMULA_START = /^'*[=+\-@\t\r]/;

/** Free text as a cell, with the formula guard described above. */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** An amount in major units with the currency's decimals: 5000000n USD → `50000.00`. */
export function csvAmount(minor: bigint | null, currency: string | null): string {
  if (minor === null || currency === null) return '';
  return toMajorString({ minor: toSafeNumber(minor), currency });
}

/** A calendar day stored as UTC midnight → `2026-11-30`. */
export function csvDate(value: Date | null): string {
  return value ? utcMidnightToDate(value) : '';
}

/** An instant → `2026-11-30T16:00:00.000Z`. */
export function csvInstant(value: Date | null): string {
  return value ? value.toISOString() : '';
}

/** A member → `@alice`. */
export function csvHandle(handle: string | null | undefined): string {
  return handle ? `@${handle}` : '';
}

/**
 * A stored JSON detail (an event's before/after) as compact JSON with sorted keys: PostgreSQL's jsonb
 * reorders keys, so sorting makes both databases write the same bytes.
 */
function csvJson(value: unknown): string {
  if (value === null || value === undefined) return '';
  return csvText(JSON.stringify(sortedKeys(value)));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, child]) => [key, sortedKeys(child)]));
}

/** The file: BOM, the header row, then one row per record, every cell already formatted above. */
export function csvFile(columns: readonly string[], rows: readonly (readonly string[])[]): Uint8Array {
  const text = stringify([[...columns], ...rows.map((row) => [...row])], { record_delimiter: 'windows' });
  return new TextEncoder().encode(`${UTF8_BOM}${text}`);
}

type Row<Columns extends readonly string[]> = Record<Columns[number], string>;

/** Cells in the order of `columns`; the record's type names every column, so none can be forgotten. */
function inOrder<Columns extends readonly string[]>(columns: Columns, row: Row<Columns>): string[] {
  return columns.map((column: Columns[number]) => row[column]);
}

export function dealCells(deal: DealExportRow): string[] {
  return inOrder(DEAL_COLUMNS, {
    deal: dealRef(deal.number),
    external_id: csvText(deal.externalId),
    account: csvText(deal.account.name),
    account_grade: csvText(deal.account.grade),
    account_region: csvText(deal.account.region),
    title: csvText(deal.title),
    owner: csvHandle(deal.owner.handle),
    owner_email: csvText(deal.owner.email),
    team: csvText(deal.team?.name),
    stage: csvText(deal.stage),
    amount: csvAmount(deal.amountMinor, deal.currency),
    currency: csvText(deal.currency),
    close_date: csvDate(deal.closeDate),
    forecast_category: csvText(deal.forecastCategory),
    source_channel: csvText(deal.sourceChannel),
    next_step: csvText(deal.nextStep),
    next_step_due: csvDate(deal.nextStepDue),
    lost_reason: csvText(deal.lostReason),
    created_at: csvInstant(deal.createdAt),
    closed_at: csvInstant(deal.closedAt),
  });
}

export function eventCells(event: EventExportRow): string[] {
  return inOrder(EVENT_COLUMNS, {
    deal: dealRef(event.deal.number),
    external_id: csvText(event.deal.externalId),
    at: csvInstant(event.at),
    type: csvText(event.type),
    actor: csvHandle(event.actor?.handle),
    from_stage: csvText(event.fromStage),
    to_stage: csvText(event.toStage),
    amount: csvAmount(event.amountMinor, event.currency),
    currency: csvText(event.currency),
    before: csvJson(event.before),
    after: csvJson(event.after),
  });
}

export function quotaCells(quota: QuotaExportRow): string[] {
  return inOrder(QUOTA_COLUMNS, {
    scope: quota.team ? 'team' : 'member',
    member: csvHandle(quota.member?.handle),
    member_email: csvText(quota.member?.email),
    team: csvText(quota.team?.name),
    period: csvText(quota.periodKey),
    period_start: csvDate(quota.periodStart),
    period_end: csvDate(quota.periodEnd),
    amount: csvAmount(quota.amountMinor, quota.currency),
    currency: csvText(quota.currency),
  });
}
