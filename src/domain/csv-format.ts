/**
 * DealDesk's own CSV format: the columns `/dealdesk export` writes and `/dealdesk import` reads back
 * unchanged (its "dealdesk" preset). One header row of these names, in this order; UTF-8 with a BOM so
 * Excel opens Chinese correctly.
 *
 * Values: amounts in major units with the currency's decimals (`50000.00`, `¥` amounts as `120000.00`,
 * `JPY` as `50000`), currencies as ISO codes, calendar dates as `YYYY-MM-DD`, instants as ISO 8601 UTC
 * (`2026-11-30T16:00:00.000Z`), stages and forecast categories by key (`proposal`, `commit`), people by
 * handle (`@alice`) with their e-mail beside it where known, teams by name.
 */

/** One row per deal. `deal` is the number in the workspace it came from (`D-42`); `external_id` the CRM's id. */
export const DEAL_COLUMNS = [
  'deal',
  'external_id',
  'account',
  'account_grade',
  'account_region',
  'title',
  'owner',
  'owner_email',
  'team',
  'stage',
  'amount',
  'currency',
  'close_date',
  'forecast_category',
  'source_channel',
  'next_step',
  'next_step_due',
  'lost_reason',
  'created_at',
  'closed_at',
] as const;

/** One row per quota: `scope` is `member` (then `member`/`member_email`) or `team` (then `team`). */
export const QUOTA_COLUMNS = [
  'scope',
  'member',
  'member_email',
  'team',
  'period',
  'period_start',
  'period_end',
  'amount',
  'currency',
] as const;

/** One row per deal event, oldest first: for analysis elsewhere (the import does not read events back). */
export const EVENT_COLUMNS = [
  'deal',
  'external_id',
  'at',
  'type',
  'actor',
  'from_stage',
  'to_stage',
  'amount',
  'currency',
  'before',
  'after',
] as const;

/** One row per account. */
export const ACCOUNT_COLUMNS = ['account', 'grade', 'region', 'channel'] as const;

/** One row per exchange rate: 1 `currency` = `rate` `quote_currency` from `effective_date` on. */
export const RATE_COLUMNS = ['currency', 'quote_currency', 'rate', 'effective_date'] as const;

/** The byte-order mark DealDesk's CSV files start with. */
export const UTF8_BOM = '\uFEFF';

/**
 * The text a cell of DealDesk's export stood for: the export puts one apostrophe before text Excel would
 * run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return, after any apostrophes of its own), and
 * the import takes it off again, so a round trip gives back the same text.
 */
export function unguardCsvText(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}
