/**
 * Competitors (竞争): the names a deal is up against, and the figures of `/competitors`, pure. The
 * counts come from aggregate SQL grouped by competitor (store/competitors.ts); amounts arrive already
 * converted into the reporting currency. Definitions: README "How figures are computed".
 */
import type { CalendarDate } from './calendar.js';
import { DomainError } from './errors.js';
import { normalizeKey } from './text-match.js';
import { ratioPercent, toSafeNumber } from './reports.js';

/** The longest competitor name kept. */
export const COMPETITOR_NAME_MAX = 80;

/** A competitor as typed, and the key it is matched on (case and spacing ignored, as accounts are). */
export type CompetitorName = { name: string; nameKey: string };

/** Checks one typed name: not empty, not too long, no list separators left in it. */
export function competitorName(text: string, field = 'value'): CompetitorName {
  const name = text.trim().replace(/\s+/g, ' ');
  if (name === '') throw new DomainError('competitors.name_missing', { field });
  if (name.length > COMPETITOR_NAME_MAX) throw new DomainError('competitors.name_too_long', { field, max: COMPETITOR_NAME_MAX });
  return { name, nameKey: normalizeKey(name) };
}

/** What `/deal update D-42 competitor …` asks: names to add and names to remove. */
export type CompetitorEdit = { add: CompetitorName[]; remove: CompetitorName[] };

const REMOVE_WORDS = new Set(['remove', 'delete', 'rm', '删除', '移除']);

/**
 * `Oracle`, `Oracle, SAP`, `-Oracle`, `remove Oracle`, `删除 Oracle`: a comma-separated list (`，`, `、`
 * too), each name to add, or to remove when it starts with `-` or follows a remove word.
 */
export function parseCompetitorEdit(text: string): CompetitorEdit {
  const words = text.trim().split(/\s+/);
  const removeAll = REMOVE_WORDS.has(normalizeKey(words[0] ?? ''));
  const body = removeAll ? words.slice(1).join(' ') : text;
  const edit: CompetitorEdit = { add: [], remove: [] };
  for (const part of body.split(/[,，、]/)) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const removing = removeAll || trimmed.startsWith('-');
    const name = competitorName(trimmed.startsWith('-') ? trimmed.slice(1) : trimmed);
    const list = removing ? edit.remove : edit.add;
    if (!list.some((known) => known.nameKey === name.nameKey)) list.push(name);
  }
  if (edit.add.length + edit.remove.length === 0) throw new DomainError('competitors.name_missing', { field: 'value' });
  return edit;
}

/** A form's comma-separated competitors: names to add (a leading `-` is not removal there). */
export function parseCompetitorList(text: string): CompetitorName[] {
  const names: CompetitorName[] = [];
  for (const part of text.split(/[,，、]/)) {
    if (part.trim() === '') continue;
    const name = competitorName(part, 'competitors');
    if (!names.some((known) => known.nameKey === name.nameKey)) names.push(name);
  }
  return names;
}

/**
 * `to Oracle: price`, `to Oracle`, `输给 Oracle：价格`: a lost reason that names who won. Without a colon
 * only one word is taken as the name, so a reason such as "to be revisited" is not read as a competitor.
 */
export function splitLostTo(reason: string): { lostTo: string; reason: string | null } | null {
  const withReason = /^(?:to|输给)\s*([^:：]+?)\s*[:：]\s*(.*)$/iu.exec(reason.trim());
  if (withReason?.[1]) return { lostTo: withReason[1], reason: withReason[2] === '' ? null : (withReason[2] ?? null) };
  const nameOnly = /^(?:to\s+|输给\s*)(\S+)$/iu.exec(reason.trim());
  if (nameOnly?.[1]) return { lostTo: nameOnly[1], reason: null };
  return null;
}

/** Deals with one competitor present, of one stage kind, currency and close date, as the store counts them. */
export type CompetitorDealRow = {
  competitorId: string;
  kind: 'open' | 'won' | 'lost';
  currency: string;
  closeDate: CalendarDate;
  count: number;
  sumMinor: number;
};

/** Lost deals whose lost-to is the competitor. */
export type LostToRow = { competitorId: string; count: number };

export type CompetitorLine = {
  id: string;
  name: string;
  /** Deals with the competitor present, open or closed, whose close date is in the period. */
  met: number;
  open: number;
  /** Won deals with the competitor present. */
  won: number;
  /** Lost deals whose lost-to names the competitor. */
  lostTo: number;
  /** Lost deals with the competitor present (whoever won them). */
  lostPresent: number;
  /** won ÷ (won + lost with them present), in %. */
  winRatePct: number | null;
  /** In the reporting currency; amounts without a rate are left out (and named on the screen). */
  wonMinor: number;
  lostMinor: number;
};

/**
 * One line per competitor, most deals met first (then by name). `rows` holds the stored counts;
 * `converted` the won and lost rows in the reporting currency, without those that had no rate.
 */
export function competitorLines(input: {
  names: ReadonlyMap<string, string>;
  currency: string;
  rows: readonly CompetitorDealRow[];
  converted: readonly CompetitorDealRow[];
  lostTo: readonly LostToRow[];
}): CompetitorLine[] {
  const ids = new Set([...input.rows.map((row) => row.competitorId), ...input.lostTo.map((row) => row.competitorId)]);
  const lines = [...ids].map((id): CompetitorLine => {
    const mine = input.rows.filter((row) => row.competitorId === id);
    const countOf = (kind: CompetitorDealRow['kind']) => mine.filter((row) => row.kind === kind).reduce((n, row) => n + row.count, 0);
    const sumOf = (kind: CompetitorDealRow['kind']) =>
      input.converted
        .filter((row) => row.competitorId === id && row.kind === kind && row.currency === input.currency)
        .reduce((n, row) => n + BigInt(row.sumMinor), 0n);
    const [open, won, lostPresent] = [countOf('open'), countOf('won'), countOf('lost')];
    return {
      id,
      name: input.names.get(id) ?? id,
      met: open + won + lostPresent,
      open,
      won,
      lostTo: input.lostTo.filter((row) => row.competitorId === id).reduce((n, row) => n + row.count, 0),
      lostPresent,
      winRatePct: ratioPercent(won, won + lostPresent),
      wonMinor: toSafeNumber(sumOf('won')),
      lostMinor: toSafeNumber(sumOf('lost')),
    };
  });
  return lines.sort((a, b) => b.met - a.met || a.name.localeCompare(b.name));
}
