/**
 * Which existing deal a row is, and what it would change. A row is matched by its external id when the
 * file has one, else by account + title (case-insensitive); DealDesk's own `deal` column (D-n) settles
 * an account + title shared by several deals. A row equal to its deal is "unchanged": nothing is written.
 */
import { normalizeKey } from '../text-match.js';
import type { CalendarDate } from '../calendar.js';
import type { BadRow, DealRow } from './rows.js';

export type ExistingDeal = {
  id: string;
  number: number;
  externalId: string | null;
  accountName: string;
  title: string;
  ownerId: string;
  stage: string;
  amountMinor: number;
  currency: string;
  closeDate: CalendarDate | null;
  forecastCategory: string;
  sourceChannel: string;
  lostReason: string | null;
  version: number;
};

export type DealIndex = { byExternal: Map<string, ExistingDeal>; byName: Map<string, ExistingDeal[]> };

function nameKey(account: string, title: string): string {
  return `${normalizeKey(account)}\u0000${normalizeKey(title)}`;
}

export function indexDeals(deals: readonly ExistingDeal[]): DealIndex {
  const index: DealIndex = { byExternal: new Map(), byName: new Map() };
  for (const deal of deals) addToIndex(index, deal);
  return index;
}

export function addToIndex(index: DealIndex, deal: ExistingDeal): void {
  if (deal.externalId !== null) index.byExternal.set(deal.externalId, deal);
  const key = nameKey(deal.accountName, deal.title);
  index.byName.set(key, [...(index.byName.get(key) ?? []), deal]);
}

/** The fields of a deal a row can set; `changed` lists those that differ. */
export type DealField =
  'account' | 'title' | 'owner' | 'stage' | 'amount' | 'closeDate' | 'category' | 'channel' | 'lostReason' | 'externalId';

export type RowPlan =
  | { action: 'create'; row: DealRow }
  | { action: 'update'; row: DealRow; deal: ExistingDeal; changed: DealField[] }
  | { action: 'unchanged'; row: DealRow; deal: ExistingDeal };

export function planDealRow(index: DealIndex, row: DealRow): RowPlan | BadRow {
  let deal: ExistingDeal | undefined;
  if (row.externalId !== null) deal = index.byExternal.get(row.externalId);
  if (!deal) {
    const named = (index.byName.get(nameKey(row.account, row.title)) ?? []).filter((d) => row.externalId === null || d.externalId === null);
    if (named.length > 1) {
      deal = row.dealNumber === null ? undefined : named.find((d) => d.number === row.dealNumber);
      if (!deal)
        return { line: row.line, reason: 'import.row.ambiguous', data: { account: row.account, title: row.title, count: named.length } };
    } else deal = named[0];
  }
  if (!deal) return { action: 'create', row };
  const changed = dealChanges(deal, row);
  return changed.length === 0 ? { action: 'unchanged', row, deal } : { action: 'update', row, deal, changed };
}

function dealChanges(deal: ExistingDeal, row: DealRow): DealField[] {
  const changed: DealField[] = [];
  if (normalizeKey(deal.accountName) !== normalizeKey(row.account)) changed.push('account');
  if (deal.title !== row.title) changed.push('title');
  if (deal.ownerId !== row.ownerId) changed.push('owner');
  if (deal.stage !== row.stage) changed.push('stage');
  if (deal.amountMinor !== row.amountMinor || deal.currency !== row.currency) changed.push('amount');
  if (row.closeDate !== null && deal.closeDate !== row.closeDate) changed.push('closeDate');
  if (row.forecastCategory !== null && deal.forecastCategory !== row.forecastCategory) changed.push('category');
  if (row.sourceChannel !== null && deal.sourceChannel !== row.sourceChannel) changed.push('channel');
  if (row.stageKind === 'lost' && deal.lostReason !== row.lostReason) changed.push('lostReason');
  if (row.externalId !== null && deal.externalId !== row.externalId) changed.push('externalId');
  return changed;
}
