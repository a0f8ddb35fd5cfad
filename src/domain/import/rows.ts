/**
 * A CSV file's rows as DealDesk records: each row validated on its own, so the dry run can list every
 * bad line with its reason. Pure: the members, teams and stages come in as plain data.
 */
import { currencyCodeOf, isCurrencyCode, parseMoney } from '../money.js';
import { DomainError } from '../errors.js';
import { GRADES, LIMITS, defaultCategory, parseDealNumber, type SourceChannel } from '../deal.js';
import { calendarDateOf, periodFromKey, type CalendarDate } from '../calendar.js';
import { parseRate } from '../exchange.js';
import { matchStage, type StageDef, type StageKind } from '../stages.js';
import { normalizeKey } from '../text-match.js';
import { crmForecastCategory, crmSourceChannel, crmStageKey } from './words.js';
import { detectPreset, type ColumnMap, type ImportField, type ImportKind, type PresetName } from './presets.js';
import type { CsvRecord } from './decode.js';
import { unguardCsvText } from '../csv-format.js';

export type ImportMember = { id: string; name: string; handle: string; email: string | null };
export type ImportTeam = { id: string; name: string };

/** A bad row: its line and a catalogue key (`import.row.<reason>`) with the values the sentence names. */
export type BadRow = { line: number; reason: string; data: Record<string, string | number> };

export type DealRow = {
  line: number;
  externalId: string | null;
  dealNumber: number | null;
  account: string;
  accountGrade: string | null;
  accountRegion: string | null;
  title: string;
  ownerId: string;
  stage: string;
  stageKind: StageKind;
  amountMinor: number;
  currency: string;
  closeDate: CalendarDate | null;
  /** Null: not in the file (a new deal gets its stage's default; an existing one keeps its own). */
  forecastCategory: string | null;
  sourceChannel: SourceChannel | null;
  lostReason: string | null;
  createdAt: Date | null;
};

export type QuotaRow = {
  line: number;
  scope: { memberId: string } | { teamId: string };
  periodKey: string;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  amountMinor: number;
  currency: string;
};

export type AccountRow = { line: number; account: string; grade: string; region: string | null; channel: SourceChannel | null };

export type RateRow = { line: number; currency: string; quoteCurrency: string; rate: string; effectiveDate: CalendarDate };

export type ImportRows =
  | { kind: 'deals'; rows: DealRow[] }
  | { kind: 'quotas'; rows: QuotaRow[] }
  | { kind: 'accounts'; rows: AccountRow[] }
  | { kind: 'rates'; rows: RateRow[] };

export type ImportSetting = {
  currency: string;
  stages: readonly StageDef[];
  fiscalYearStartMonth: number;
  /** The workspace's today: Won and Lost deals may not close after it. */
  today: CalendarDate;
  members: readonly ImportMember[];
  teams: readonly ImportTeam[];
};

export type ParsedImport = { preset: PresetName; kind: ImportKind; totalRows: number; valid: ImportRows; bad: BadRow[] };

class RowError extends Error {
  constructor(
    readonly reason: string,
    readonly data: Record<string, string | number> = {},
  ) {
    super(reason);
  }
}

/** Reads every row of a file whose header is `header`; a header no preset knows throws a DomainError. */
export function parseImport(
  header: readonly string[],
  records: readonly CsvRecord[],
  setting: ImportSetting,
  named?: PresetName,
): ParsedImport {
  const { preset, columns } = detectPreset(header, named);
  const bad: BadRow[] = [];
  // Only DealDesk's own export guards formula-looking text; a CRM's apostrophe is part of its value.
  const unguard = preset.name === 'dealdesk' ? unguardCsvText : (text: string) => text;
  const read = <T>(build: (cell: Cell, line: number) => T): T[] =>
    records.flatMap((record) => {
      try {
        return [build(cellReader(columns, record.cells, unguard), record.line)];
      } catch (error) {
        if (error instanceof RowError) {
          bad.push({ line: record.line, reason: error.reason, data: error.data });
          return [];
        }
        throw error;
      }
    });
  const valid: ImportRows =
    preset.kind === 'deals'
      ? {
          kind: 'deals',
          rows: dedupe(
            read((cell, line) => dealRow(cell, line, setting)),
            bad,
          ),
        }
      : preset.kind === 'quotas'
        ? { kind: 'quotas', rows: read((cell, line) => quotaRow(cell, line, setting)) }
        : preset.kind === 'accounts'
          ? { kind: 'accounts', rows: read((cell, line) => accountRow(cell, line)) }
          : { kind: 'rates', rows: read((cell, line) => rateRow(cell, line, setting)) };
  bad.sort((a, b) => a.line - b.line);
  return { preset: preset.name, kind: preset.kind, totalRows: records.length, valid, bad };
}

type Cell = (field: ImportField) => string | undefined;

function cellReader(columns: ColumnMap, cells: readonly string[], unguard: (text: string) => string): Cell {
  return (field) => {
    const index = columns[field];
    const value = index === undefined ? undefined : cells[index]?.trim();
    return value === undefined || value === '' ? undefined : unguard(value);
  };
}

/** Two rows for one deal would write it twice: the later one is a bad row naming the first. */
function dedupe(rows: DealRow[], bad: BadRow[]): DealRow[] {
  const seen = new Map<string, number>();
  return rows.filter((row) => {
    const key = row.externalId !== null ? `x:${row.externalId}` : `t:${normalizeKey(row.account)}\u0000${normalizeKey(row.title)}`;
    const first = seen.get(key);
    if (first !== undefined) {
      bad.push({ line: row.line, reason: 'import.row.duplicate', data: { first } });
      return false;
    }
    seen.set(key, row.line);
    return true;
  });
}

function required(cell: Cell, field: ImportField, column: string): string {
  const value = cell(field);
  if (value === undefined) throw new RowError('import.row.missing', { column });
  return value;
}

function findOwner(cell: Cell, setting: ImportSetting, emailField: ImportField, nameField: ImportField): ImportMember {
  const email = cell(emailField);
  const typed = cell(nameField);
  const byEmail = (value: string) => setting.members.find((m) => m.email !== null && m.email.toLowerCase() === value.toLowerCase());
  if (email !== undefined) {
    const found = byEmail(email);
    if (!found) throw new RowError('import.row.no_member_email', { email });
    return found;
  }
  if (typed === undefined) throw new RowError('import.row.missing', { column: 'owner' });
  if (typed.includes('@') && !typed.startsWith('@')) {
    const found = byEmail(typed);
    if (!found) throw new RowError('import.row.no_member_email', { email: typed });
    return found;
  }
  const handle = normalizeKey(typed.replace(/^@/, ''));
  const found =
    setting.members.find((m) => normalizeKey(m.handle) === handle) ??
    onlyOne(setting.members.filter((m) => normalizeKey(m.name) === normalizeKey(typed)));
  if (!found) throw new RowError('import.row.no_member', { name: typed });
  return found;
}

function onlyOne<T>(items: readonly T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

function readStage(word: string, stages: readonly StageDef[]): StageDef {
  const key = crmStageKey(word);
  const known = key === undefined ? undefined : stages.find((stage) => stage.key === key);
  if (known) return known;
  try {
    return matchStage(word, stages);
  } catch {
    throw new RowError('import.row.stage', { stage: word, stages: stages.map((s) => s.nameEn).join(', ') });
  }
}

function readMoney(amount: string, currency: string | undefined, fallback: string): { minor: number; currency: string } {
  // Chinese CRMs (Fxiaoke's 币种) write currency names (人民币) where others write ISO codes.
  const code = currency === undefined ? undefined : currencyCodeOf(currency);
  if (currency !== undefined && code === undefined) throw new RowError('import.row.currency', { currency });
  if (/^[0.,\s]+$/.test(amount) && /\d/.test(amount)) return { minor: 0, currency: code ?? fallback };
  try {
    const money = parseMoney(amount, code ?? fallback);
    if (code !== undefined && money.currency !== code) throw new RowError('import.row.amount', { amount });
    return money;
  } catch (error) {
    if (error instanceof RowError) throw error;
    throw new RowError('import.row.amount', { amount });
  }
}

const DATE_PATTERNS: readonly [RegExp, (m: RegExpExecArray) => [string, string, string]][] = [
  [/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/, (m) => [m[1] ?? '', m[2] ?? '', m[3] ?? '']],
  [/^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?: .*)?$/, (m) => [m[1] ?? '', m[2] ?? '', m[3] ?? '']],
  [/^(\d{4})年(\d{1,2})月(\d{1,2})日(?:.*)?$/, (m) => [m[1] ?? '', m[2] ?? '', m[3] ?? '']],
  // The US order Salesforce, HubSpot and Zoho write in English locales: M/D/YYYY.
  [/^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,? .*)?$/, (m) => [m[3] ?? '', m[1] ?? '', m[2] ?? '']],
];

/** `2026-11-30`, `11/30/2026`, `2026/11/30`, `2026年11月30日`, with any time after it ignored. */
export function readCalendarDate(text: string): CalendarDate | undefined {
  for (const [pattern, parts] of DATE_PATTERNS) {
    const match = pattern.exec(text.trim());
    if (!match) continue;
    const [y, m, d] = parts(match).map(Number) as [number, number, number];
    return calendarDateOf(y, m, d);
  }
  return undefined;
}

function readDate(cell: Cell, field: ImportField, column: string): CalendarDate | null {
  const text = cell(field);
  if (text === undefined) return null;
  const date = readCalendarDate(text);
  if (date === undefined) throw new RowError('import.row.date', { column, value: text });
  return date;
}

/** An instant: ISO 8601 (`…Z` or with an offset) as written; a bare date or date-time is read as UTC. */
function readInstant(text: string | undefined): Date | null {
  if (text === undefined) return null;
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const at = new Date(text);
    if (!Number.isNaN(at.getTime())) return at;
  }
  const date = readCalendarDate(text);
  if (date === undefined) throw new RowError('import.row.date', { column: 'created', value: text });
  const time = /(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?/i.exec(text.slice(8));
  const at = new Date(`${date}T00:00:00.000Z`);
  if (time) {
    let hour = Number(time[1]) % (time[4] ? 12 : 24);
    if (time[4]?.toLowerCase() === 'pm') hour += 12;
    at.setUTCHours(hour, Number(time[2]), Number(time[3] ?? 0));
  }
  return at;
}

function dealRow(cell: Cell, line: number, setting: ImportSetting): DealRow {
  const title = required(cell, 'title', 'title');
  const account = cell('account') ?? title;
  if (account.length > LIMITS.accountName) throw new RowError('import.row.too_long', { column: 'account', max: LIMITS.accountName });
  if (title.length > LIMITS.title) throw new RowError('import.row.too_long', { column: 'title', max: LIMITS.title });
  const owner = findOwner(cell, setting, 'ownerEmail', 'owner');
  const stage = readStage(required(cell, 'stage', 'stage'), setting.stages);
  const amountText = cell('amount') ?? '0';
  const money = readMoney(amountText, cell('currency'), setting.currency);
  const closeDate = readDate(cell, 'closeDate', 'close date');
  if (stage.kind !== 'open' && closeDate === null) throw new RowError('import.row.closed_needs_date', {});
  if (stage.kind !== 'open' && closeDate !== null && closeDate > setting.today)
    throw new RowError('import.row.closed_future', { date: closeDate });
  const lostReason = cell('lostReason') ?? null;
  if (stage.kind === 'lost' && lostReason === null) throw new RowError('import.row.lost_reason', {});
  const categoryWord = cell('forecastCategory');
  let forecastCategory: string | null = null;
  if (stage.kind !== 'open') forecastCategory = defaultCategory(stage);
  else if (categoryWord !== undefined) {
    const category = crmForecastCategory(categoryWord);
    if (category === undefined || category === 'closed') throw new RowError('import.row.category', { category: categoryWord });
    forecastCategory = category;
  }
  const grade = cell('accountGrade')?.toUpperCase() ?? null;
  if (grade !== null && !(GRADES as readonly string[]).includes(grade)) throw new RowError('import.row.grade', { grade });
  const channel = cell('sourceChannel');
  const dealWord = cell('deal');
  return {
    line,
    externalId: cell('externalId') ?? null,
    dealNumber: dealWord === undefined ? null : (parseDealNumber(dealWord) ?? null),
    account,
    accountGrade: grade,
    accountRegion: cell('accountRegion') ?? null,
    title,
    ownerId: owner.id,
    stage: stage.key,
    stageKind: stage.kind,
    amountMinor: money.minor,
    currency: money.currency,
    closeDate,
    forecastCategory,
    sourceChannel: channel === undefined ? null : crmSourceChannel(channel),
    lostReason: stage.kind === 'lost' ? lostReason : null,
    createdAt: readInstant(cell('createdAt')),
  };
}

function quotaRow(cell: Cell, line: number, setting: ImportSetting): QuotaRow {
  const scopeWord = normalizeKey(required(cell, 'scope', 'scope'));
  let scope: QuotaRow['scope'];
  if (scopeWord === 'team') {
    const name = required(cell, 'team', 'team');
    const team = setting.teams.find((t) => normalizeKey(t.name) === normalizeKey(name));
    if (!team) throw new RowError('import.row.no_team', { team: name });
    scope = { teamId: team.id };
  } else if (scopeWord === 'member') {
    scope = { memberId: findOwner(cell, setting, 'memberEmail', 'member').id };
  } else throw new RowError('import.row.scope', { scope: scopeWord });
  const money = readMoney(required(cell, 'amount', 'amount'), cell('currency'), setting.currency);
  const key = cell('period');
  let period: { key: string; start: CalendarDate; end: CalendarDate };
  try {
    period = periodFromKey(key ?? '', setting.fiscalYearStartMonth);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const start = readDate(cell, 'periodStart', 'period_start');
    const end = readDate(cell, 'periodEnd', 'period_end');
    if (start === null || end === null || end < start) throw new RowError('import.row.period', { period: key ?? '' });
    period = { key: key ?? `${start}..${end}`, start, end };
  }
  return {
    line,
    scope,
    periodKey: period.key,
    periodStart: period.start,
    periodEnd: period.end,
    amountMinor: money.minor,
    currency: money.currency,
  };
}

function accountRow(cell: Cell, line: number): AccountRow {
  const account = required(cell, 'account', 'account');
  const grade = required(cell, 'accountGrade', 'grade').toUpperCase();
  if (!(GRADES as readonly string[]).includes(grade)) throw new RowError('import.row.grade', { grade });
  const channel = cell('accountChannel');
  return { line, account, grade, region: cell('accountRegion') ?? null, channel: channel === undefined ? null : crmSourceChannel(channel) };
}

function rateRow(cell: Cell, line: number, setting: ImportSetting): RateRow {
  const currency = required(cell, 'currency', 'currency').toUpperCase();
  const quoteCurrency = required(cell, 'quoteCurrency', 'quote_currency').toUpperCase();
  if (!isCurrencyCode(currency)) throw new RowError('import.row.currency', { currency });
  if (quoteCurrency !== setting.currency)
    throw new RowError('import.row.quote_currency', { currency: quoteCurrency, reporting: setting.currency });
  if (currency === quoteCurrency) throw new RowError('import.row.currency', { currency });
  let rate: string;
  try {
    rate = parseRate(required(cell, 'rate', 'rate'));
  } catch (error) {
    if (error instanceof RowError || !(error instanceof DomainError)) throw error;
    throw new RowError('import.row.rate', { rate: cell('rate') ?? '' });
  }
  const effectiveDate = readDate(cell, 'effectiveDate', 'effective_date');
  if (effectiveDate === null) throw new RowError('import.row.missing', { column: 'effective_date' });
  return { line, currency, quoteCurrency, rate, effectiveDate };
}
