/**
 * Column presets: which header names mean which DealDesk field, per product. Headers are matched
 * case- and space-insensitively. The CRM column names are those products' own export labels:
 * - Salesforce: the Opportunities report export ("Opportunity Name", "Account Name", "Stage", "Close Date",
 *   "Amount", "Amount Currency", "Forecast Category", "Lead Source", "Opportunity ID", "Created Date") and the
 *   Data Loader / API field names of Opportunity (Name, StageName, CloseDate, CurrencyIsoCode, ForecastCategoryName…).
 * - HubSpot: the deals export ("Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Deal owner",
 *   "Create Date", "Currency", "Associated Company", "Closed Lost Reason", "Forecast category") and the
 *   internal property names (dealname, dealstage, closedate, amount, hubspot_owner_id, createdate, deal_currency_code).
 *   The property names were checked against the HubSpot deals tables of Progress DataDirect
 *   (docs.progress.com/bundle/datadirect-hubspot-jdbc-60/page/DEALS.html: DEALNAME, CLOSEDATE, CREATEDATE,
 *   HUBSPOTOWNERID, AMOUNT) and Steampipe (hub.steampipe.io/plugins/turbot/hubspot/tables/hubspot_deal:
 *   dealname, pipeline, dealstage); the default pipeline's stage ids (appointmentscheduled … closedwon,
 *   closedlost) are HubSpot's documented defaults.
 * - Zoho CRM: the Deals export ("Record Id", "Deal Name", "Account Name", "Deal Owner", "Stage", "Amount",
 *   "Closing Date", "Lead Source", "Reason For Loss", "Created Time", "Currency", "Forecast Category").
 *   Checked against the Deals fields Workato's Zoho CRM connector lists (docs.workato.com/en/connectors/
 *   zoho-crm/actions/create-deal: Deal name, Account name, Lead source, Amount, Closing date, Stage;
 *   …/triggers/new-updated-deal: Deal ID, Deal owner, Created time).
 * - Fxiaoke 纷享销客: the 商机 (opportunity) list export (商机名称, 客户名称, 负责人, 销售阶段, 商机金额,
 *   预计成交日期, 币种, 商机来源, 输单原因, 创建时间, 商机编号); these labels come from the product's field
 *   names as shown in its UI. We found no published export sample to check them against (searched Dec 2026),
 *   so the header also accepts the generic Chinese CRM words (客户, 阶段, 金额, 成交日期, 来源); `preset
 *   fxiaoke` plus a header row renamed to these words imports any variant.
 * - dealdesk: src/domain/csv-format.ts.
 */
import { ACCOUNT_COLUMNS, DEAL_COLUMNS, RATE_COLUMNS } from '../csv-format.js';
import { DomainError } from '../errors.js';
import { normalizeKey } from '../text-match.js';

export const PRESET_NAMES = ['dealdesk', 'salesforce', 'hubspot', 'zoho', 'fxiaoke'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];
export type ImportKind = 'deals' | 'quotas' | 'accounts' | 'rates';

export type ImportField =
  | 'deal'
  | 'externalId'
  | 'account'
  | 'accountGrade'
  | 'accountRegion'
  | 'accountChannel'
  | 'title'
  | 'owner'
  | 'ownerEmail'
  | 'stage'
  | 'amount'
  | 'currency'
  | 'closeDate'
  | 'forecastCategory'
  | 'sourceChannel'
  | 'lostReason'
  | 'createdAt'
  | 'scope'
  | 'member'
  | 'memberEmail'
  | 'team'
  | 'period'
  | 'periodStart'
  | 'periodEnd'
  | 'quoteCurrency'
  | 'rate'
  | 'effectiveDate';

export type Preset = {
  name: PresetName;
  kind: ImportKind;
  /** Field → the header names that carry it, in any case and spacing. */
  columns: Partial<Record<ImportField, readonly string[]>>;
  /** Fields whose column must be present for the header to be this preset. */
  required: readonly ImportField[];
};

const DEALDESK_DEALS: Preset = {
  name: 'dealdesk',
  kind: 'deals',
  columns: {
    deal: ['deal'],
    externalId: ['external_id'],
    account: ['account'],
    accountGrade: ['account_grade'],
    accountRegion: ['account_region'],
    title: ['title'],
    owner: ['owner'],
    ownerEmail: ['owner_email'],
    stage: ['stage'],
    amount: ['amount'],
    currency: ['currency'],
    closeDate: ['close_date'],
    forecastCategory: ['forecast_category'],
    sourceChannel: ['source_channel'],
    lostReason: ['lost_reason'],
    createdAt: ['created_at'],
  },
  required: ['account', 'title', 'stage', 'amount'],
};

const DEALDESK_QUOTAS: Preset = {
  name: 'dealdesk',
  kind: 'quotas',
  columns: {
    scope: ['scope'],
    member: ['member'],
    memberEmail: ['member_email'],
    team: ['team'],
    period: ['period'],
    periodStart: ['period_start'],
    periodEnd: ['period_end'],
    amount: ['amount'],
    currency: ['currency'],
  },
  required: ['scope', 'amount'],
};

const DEALDESK_ACCOUNTS: Preset = {
  name: 'dealdesk',
  kind: 'accounts',
  columns: {
    account: [ACCOUNT_COLUMNS[0]],
    accountGrade: [ACCOUNT_COLUMNS[1]],
    accountRegion: [ACCOUNT_COLUMNS[2]],
    accountChannel: [ACCOUNT_COLUMNS[3]],
  },
  required: ['account', 'accountGrade'],
};

const DEALDESK_RATES: Preset = {
  name: 'dealdesk',
  kind: 'rates',
  columns: {
    currency: [RATE_COLUMNS[0]],
    quoteCurrency: [RATE_COLUMNS[1]],
    rate: [RATE_COLUMNS[2]],
    effectiveDate: [RATE_COLUMNS[3]],
  },
  required: ['currency', 'quoteCurrency', 'rate', 'effectiveDate'],
};

const SALESFORCE: Preset = {
  name: 'salesforce',
  kind: 'deals',
  columns: {
    externalId: ['Opportunity ID', 'Opportunity Id', 'Id'],
    account: ['Account Name', 'Account', 'Account.Name'],
    title: ['Opportunity Name', 'Name'],
    owner: ['Opportunity Owner', 'Owner Name', 'Owner.Name', 'Owner Alias'],
    ownerEmail: ['Opportunity Owner Email', 'Owner Email', 'Owner.Email'],
    stage: ['Stage', 'StageName'],
    amount: ['Amount'],
    currency: ['Amount Currency', 'Opportunity Currency', 'CurrencyIsoCode'],
    closeDate: ['Close Date', 'CloseDate'],
    forecastCategory: ['Forecast Category', 'ForecastCategoryName'],
    sourceChannel: ['Lead Source', 'LeadSource'],
    lostReason: ['Loss Reason', 'Reason Lost', 'Closed Lost Reason'],
    createdAt: ['Created Date', 'CreatedDate'],
    accountRegion: ['Billing Country', 'Billing State/Province'],
  },
  required: ['title', 'stage', 'closeDate'],
};

const HUBSPOT: Preset = {
  name: 'hubspot',
  kind: 'deals',
  columns: {
    externalId: ['Record ID', 'Deal ID', 'hs_object_id'],
    account: ['Associated Company', 'Company name', 'Associated Company (Primary)'],
    title: ['Deal Name', 'dealname'],
    owner: ['Deal owner', 'hubspot_owner_id'],
    ownerEmail: ['Deal owner email'],
    stage: ['Deal Stage', 'dealstage'],
    amount: ['Amount', 'amount'],
    currency: ['Currency', 'Deal currency code', 'deal_currency_code'],
    closeDate: ['Close Date', 'closedate'],
    forecastCategory: ['Forecast category', 'hs_manual_forecast_category'],
    sourceChannel: ['Original Source Type', 'Original Traffic Source', 'hs_analytics_source'],
    lostReason: ['Closed Lost Reason', 'closed_lost_reason'],
    createdAt: ['Create Date', 'createdate'],
  },
  required: ['title', 'stage'],
};

const ZOHO: Preset = {
  name: 'zoho',
  kind: 'deals',
  columns: {
    externalId: ['Record Id', 'Deal Id'],
    account: ['Account Name'],
    title: ['Deal Name'],
    owner: ['Deal Owner'],
    ownerEmail: ['Deal Owner Email', 'Owner Email'],
    stage: ['Stage'],
    amount: ['Amount'],
    currency: ['Currency'],
    closeDate: ['Closing Date'],
    forecastCategory: ['Forecast Category'],
    sourceChannel: ['Lead Source'],
    lostReason: ['Reason For Loss', 'Reason for Loss'],
    createdAt: ['Created Time'],
  },
  required: ['title', 'stage', 'closeDate'],
};

const FXIAOKE: Preset = {
  name: 'fxiaoke',
  kind: 'deals',
  columns: {
    externalId: ['商机编号', '商机ID', '编号'],
    account: ['客户名称', '客户'],
    accountRegion: ['所在地区', '区域'],
    title: ['商机名称'],
    owner: ['负责人'],
    ownerEmail: ['负责人邮箱'],
    stage: ['销售阶段', '阶段'],
    amount: ['商机金额', '销售金额', '金额'],
    currency: ['币种', '货币'],
    closeDate: ['预计成交日期', '结单日期', '成交日期'],
    forecastCategory: ['预测类别'],
    sourceChannel: ['商机来源', '来源'],
    lostReason: ['输单原因'],
    createdAt: ['创建时间'],
  },
  required: ['title', 'stage'],
};

/** Most specific first: a Zoho or HubSpot header also has "Stage" and "Amount". */
const PRESETS: readonly Preset[] = [DEALDESK_DEALS, DEALDESK_QUOTAS, DEALDESK_ACCOUNTS, DEALDESK_RATES, ZOHO, HUBSPOT, SALESFORCE, FXIAOKE];

export function headerKey(header: string): string {
  return normalizeKey(header.replace(/^\uFEFF/, '')).replace(/[\s_]+/g, ' ');
}

/** For each field of the preset that the header has, the column index holding it. */
export type ColumnMap = Partial<Record<ImportField, number>>;

function mapColumns(preset: Preset, keys: readonly string[]): ColumnMap {
  const map: ColumnMap = {};
  for (const [field, names] of Object.entries(preset.columns) as [ImportField, readonly string[]][]) {
    const index = keys.findIndex((key) => names.some((name) => headerKey(name) === key));
    if (index >= 0) map[field] = index;
  }
  return map;
}

/**
 * The preset (and kind of rows) a header row is, with its column map; `named` restricts the choice to one
 * product. DealDesk's events export is refused: events are history, the import does not replay them.
 */
export function detectPreset(header: readonly string[], named?: PresetName): { preset: Preset; columns: ColumnMap } {
  const keys = header.map(headerKey);
  const has = (column: string) => keys.includes(headerKey(column));
  if ((named === undefined || named === 'dealdesk') && ['at', 'type', 'from_stage', 'to_stage'].every(has))
    throw new DomainError('import.events_refused', {});
  let best: { preset: Preset; columns: ColumnMap; score: number } | undefined;
  for (const preset of PRESETS) {
    if (named !== undefined && preset.name !== named) continue;
    const columns = mapColumns(preset, keys);
    if (!preset.required.every((field) => columns[field] !== undefined)) continue;
    const score = Object.keys(columns).length;
    if (!best || score > best.score) best = { preset, columns, score };
  }
  if (best) return { preset: best.preset, columns: best.columns };
  throw new DomainError('import.unknown_header', {
    preset: named ?? '',
    expected: named && named !== 'dealdesk' ? expectedColumns(named) : DEAL_COLUMNS.join(', '),
    found: header.slice(0, 12).join(', '),
  });
}

function expectedColumns(name: PresetName): string {
  const preset = PRESETS.find((p) => p.name === name && p.kind === 'deals');
  return preset ? preset.required.map((field) => preset.columns[field]?.[0] ?? field).join(', ') : '';
}

export function parsePresetName(word: string): PresetName | undefined {
  const key = normalizeKey(word);
  const aliases: Record<string, PresetName> = { sfdc: 'salesforce', 纷享销客: 'fxiaoke', 纷享: 'fxiaoke' };
  return (PRESET_NAMES as readonly string[]).includes(key) ? (key as PresetName) : aliases[key];
}
