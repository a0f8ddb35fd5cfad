import type { Action, Block, Item, Screen } from '../screen.js';
import type { DealRecord } from '../../store/deals.js';
import type { DealHistoryEvent } from '../../store/deal-history.js';
import type { StageDef } from '../../domain/stages.js';
import { ACTIVITY_KINDS, FORECAST_CATEGORIES, dealRef } from '../../domain/deal.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { dateTime, day, money, percent, stageLabel, storedWord } from '../format.js';
import { dealActions, dealTitle } from './deal-card.js';
import { satisfactionHistoryLine } from './satisfaction.js';

export type DealHistoryData = {
  deal: DealRecord;
  stages: readonly StageDef[];
  events: readonly DealHistoryEvent[];
  total: number;
  page: number;
  pageSize: number;
  /** The reader's time zone: every instant is shown in it. */
  timeZone: string;
  /** Member names by id, for changes that recorded only ids (an import's owner change). */
  names: ReadonlyMap<string, string>;
};

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The member ids an event names without their names (imports record ids only), so the use case can look them up. */
export function memberIdsOf(events: readonly DealHistoryEvent[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    if (event.type !== 'owner_changed') continue;
    for (const side of [record(event.before), record(event.after)]) {
      const id = text(side.ownerId);
      if (id && !text(side.name)) ids.add(id);
    }
  }
  return [...ids];
}

/** What one event changed, from what to what, in the reader's language. */
export function describeEvent(locale: Locale, event: DealHistoryEvent, data: Pick<DealHistoryData, 'stages' | 'names'>): string {
  const before = record(event.before);
  const after = record(event.after);
  const none = t(locale, 'history.none');
  const stage = (key: string | null) => (key ? stageLabel(locale, data.stages, key) : none);
  const amount = (minor: unknown, currency: unknown) => {
    const value = num(minor);
    const code = text(currency) ?? event.currency;
    return value === null || code === null ? none : money(locale, value, code);
  };
  const date = (value: unknown) => {
    const calendar = text(value);
    return calendar ? day(locale, calendar) : none;
  };
  const category = (value: unknown) => {
    const key = text(value);
    return key ? storedWord(locale, 'category', FORECAST_CATEGORIES, key) : none;
  };
  const owner = (side: Json) => text(side.name) ?? data.names.get(text(side.ownerId) ?? '') ?? none;
  const step = (side: Json) => {
    const next = text(side.nextStep);
    if (!next) return none;
    const due = text(side.due);
    return due ? t(locale, 'history.next_step_due', { step: next, date: day(locale, due) }) : next;
  };
  const discount = (side: Json) => percent(locale, (num(side.discountBps) ?? 0) / 100);
  switch (event.type) {
    case 'created':
      return t(locale, before.source === 'import' ? 'history.created_imported' : 'history.created', {
        stage: stage(event.toStage),
        amount: amount(event.amountMinor, event.currency),
      });
    case 'stage_changed': {
      const reason = text(after.reason);
      const params = { from: stage(event.fromStage), to: stage(event.toStage) };
      return reason ? t(locale, 'history.stage_reason', { ...params, reason }) : t(locale, 'history.stage', params);
    }
    case 'amount_changed':
      return t(locale, 'history.amount', {
        from: amount(before.amountMinor, before.currency),
        to: amount(after.amountMinor, after.currency),
      });
    case 'close_date_changed':
      return t(locale, 'history.close_date', { from: date(before.closeDate), to: date(after.closeDate) });
    case 'owner_changed':
      return t(locale, 'history.owner', { from: owner(before), to: owner(after) });
    case 'category_changed':
      return t(locale, 'history.category', { from: category(before.category), to: category(after.category) });
    case 'next_step_changed':
      return t(locale, 'history.next_step', { from: step(before), to: step(after) });
    case 'note':
      return t(locale, 'history.note', {
        kind: storedWord(locale, 'activity', ACTIVITY_KINDS, text(after.kind) ?? 'note'),
        text: text(after.text) ?? '',
      });
    case 'renamed': {
      const name = (side: Json) => [text(side.account), text(side.title)].filter((part) => part !== null).join(' — ') || none;
      return t(locale, 'history.renamed', { from: name(before), to: name(after) });
    }
    case 'imported': {
      const fields = Array.isArray(after.fields) ? after.fields.filter((field) => typeof field === 'string').join(', ') : '';
      return t(locale, 'history.imported_fields', { fields: fields || none });
    }
    case 'discount_requested':
      return t(locale, 'history.discount_requested', {
        discount: discount(after),
        from: amount(after.listAmountMinor, null),
        to: amount(after.netAmountMinor, null),
        reason: text(after.reason) ?? none,
      });
    case 'discount_decided':
      return discountDecision(locale, after, before, { discount: discount(after), amount });
    case 'competitor_added':
      return t(locale, 'history.competitor_added', { name: text(after.name) ?? none });
    case 'competitor_removed':
      return t(locale, 'history.competitor_removed', { name: text(before.name) ?? none });
    case 'lost_to_changed':
      return t(locale, 'history.lost_to', { from: text(before.name) ?? none, to: text(after.name) ?? none });
    case 'satisfaction_recorded':
      return satisfactionHistoryLine(locale, after);
    default:
      return t(locale, 'history.other', { type: event.type });
  }
}

function discountDecision(
  locale: Locale,
  after: Json,
  before: Json,
  f: { discount: string; amount: (minor: unknown, currency: unknown) => string },
): string {
  const stepNumber = (num(after.step) ?? 0) + 1;
  switch (after.decision) {
    case 'auto_approved':
      return t(locale, 'history.discount.auto_approved', {
        discount: f.discount,
        from: f.amount(before.amountMinor, null),
        to: f.amount(after.netAmountMinor, null),
      });
    case 'approved':
      return num(after.netAmountMinor) === null
        ? t(locale, 'history.discount.approved_step', { discount: f.discount, step: stepNumber })
        : t(locale, 'history.discount.approved', {
            discount: f.discount,
            step: stepNumber,
            from: f.amount(before.amountMinor, null),
            to: f.amount(after.netAmountMinor, null),
          });
    case 'rejected':
      return t(locale, 'history.discount.rejected', { discount: f.discount, step: stepNumber, reason: text(after.reason) ?? '' });
    case 'cancelled':
      return t(locale, 'history.discount.cancelled');
    default:
      return t(locale, 'history.other', { type: 'discount_decided' });
  }
}

function detailOf(locale: Locale, event: DealHistoryEvent, timeZone: string): string {
  const at = dateTime(locale, event.at, timeZone);
  const base = event.actorName
    ? t(locale, 'history.by', { name: event.actorName, when: at })
    : t(locale, 'history.by_nobody', { when: at });
  const source = { ...record(event.before), ...record(event.after) };
  if (source.source !== 'import') return base;
  const line = num(source.line);
  return `${base} · ${line === null ? t(locale, 'history.imported_no_line') : t(locale, 'history.imported', { line })}`;
}

/** `/deal history`: the deal's events newest first, a page at a time, with the deal card's buttons. */
export function dealHistoryScreen(data: DealHistoryData, locale: Locale): Screen {
  const { deal } = data;
  const ref = dealRef(deal.number);
  const title = t(locale, 'history.title', { deal: dealTitle(deal) });
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (data.events.length === 0) blocks.push({ type: 'text', text: t(locale, 'history.empty') });
  else {
    const items: Item[] = data.events.map((event) => ({
      title: describeEvent(locale, event, data),
      detail: detailOf(locale, event, data.timeZone),
    }));
    blocks.push({ type: 'items', items });
  }
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  if (data.total > 0) {
    blocks.push({
      type: 'context',
      text: t(locale, 'history.range', {
        first: (data.page - 1) * data.pageSize + 1,
        last: Math.min(data.total, data.page * data.pageSize),
        total: data.total,
        page: data.page,
        pages,
      }),
    });
  }
  const actions: Action[] = [];
  if (data.page < pages)
    actions.push({ id: 'page.next', label: t(locale, 'action.more'), command: `deal history ${ref} page ${data.page + 1}` });
  actions.push(
    { id: 'deal.show', label: t(locale, 'action.open'), command: `deal show ${ref}` },
    ...dealActions(locale, deal, data.stages),
  );
  blocks.push({ type: 'actions', actions });
  return { kind: 'deal_history', title, blocks, subject: { type: 'deal', id: deal.id, number: deal.number } };
}
