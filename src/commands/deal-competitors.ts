/**
 * The competitors a deal names and who it was lost to: `/deal update D-42 competitor Oracle | -Oracle |
 * remove Oracle`, `/deal update D-42 lostto Oracle`, `/deal move D-42 lost to Oracle: price` and the
 * forms' fields. Each change is a deal event (competitor_added, competitor_removed, lost_to_changed), so
 * `/deal history` shows it. Who may: as for any other change (assertMayEdit, checked by the callers).
 */
import { forField } from './command.js';
import type { CommandContext } from './context.js';
import { dealRef } from '../domain/deal.js';
import { DomainError } from '../domain/errors.js';
import { competitorName, parseCompetitorEdit, type CompetitorName } from '../domain/competitors.js';
import { normalizeKey } from '../domain/text-match.js';
import {
  competitorsByKey,
  dealCompetitors,
  saveCompetitorChange,
  type CompetitorLinks,
  type DealCompetitor,
} from '../store/competitors.js';
import type { DealChange, DealEventInput, DealRecord } from '../store/deals.js';
import { t } from '../i18n/index.js';
import type { Locale } from '../i18n/locale.js';

type ChangeParts = Pick<DealChange, 'data' | 'events'>;

/** Names as the workspace already spells them ("oracle" typed, "Oracle" kept), else as typed. */
async function canonical(ctx: CommandContext, names: readonly CompetitorName[]): Promise<CompetitorName[]> {
  const known = await competitorsByKey(
    ctx.db,
    ctx.workspace.id,
    names.map((name) => name.nameKey),
  );
  const byKey = new Map(known.map((row) => [row.nameKey, row.name]));
  return names.map((name) => ({ name: byKey.get(name.nameKey) ?? name.name, nameKey: name.nameKey }));
}

const keyOfNamed = (competitor: DealCompetitor) => normalizeKey(competitor.name);

/** Saves `parts` (the deal's own change and events) with the competitor links, in one transaction. */
export function saveWithCompetitors(
  ctx: CommandContext,
  deal: DealRecord,
  parts: ChangeParts,
  links: CompetitorLinks,
): Promise<DealRecord> {
  return saveCompetitorChange(
    ctx.db,
    {
      workspaceId: ctx.workspace.id,
      dealId: deal.id,
      expectedVersion: deal.version,
      actorId: ctx.actor.id,
      now: ctx.now,
      read: deal,
      ...parts,
    },
    links,
  );
}

/** `competitor Oracle, SAP`, `competitor -Oracle`, `competitor remove Oracle`. */
export async function updateCompetitors(ctx: CommandContext, deal: DealRecord, value: string): Promise<DealRecord> {
  const edit = forField('value', () => parseCompetitorEdit(value));
  const named = await dealCompetitors(ctx.db, deal.id);
  const ref = dealRef(deal.number);
  const list = named.length > 0 ? named.map((c) => c.name).join(', ') : t(ctx.actor.locale, 'competitors.none_named');
  const removed = edit.remove.map((name) => {
    const found = named.find((competitor) => keyOfNamed(competitor) === name.nameKey);
    if (!found) throw new DomainError('competitors.not_named', { field: 'value', deal: ref, name: name.name, names: list });
    return found;
  });
  const added = (await canonical(ctx, edit.add)).filter((name) => !named.some((competitor) => keyOfNamed(competitor) === name.nameKey));
  if (added.length === 0 && removed.length === 0) {
    throw new DomainError('competitors.already', { field: 'value', deal: ref, names: list, name: edit.add[0]?.name ?? '' });
  }
  const events: DealEventInput[] = [
    ...added.map((name) => ({ type: 'competitor_added', after: { name: name.name } })),
    ...removed.map((competitor) => ({ type: 'competitor_removed', before: { name: competitor.name, lostTo: competitor.lostTo } })),
  ];
  return saveWithCompetitors(
    ctx,
    deal,
    { data: { lastActivityAt: ctx.now }, events },
    { add: added, removeIds: removed.map((competitor) => competitor.id) },
  );
}

/** `lostto Oracle` on a lost deal (the competitor is named on the deal too). */
export async function updateLostTo(ctx: CommandContext, deal: DealRecord, value: string, lost: boolean): Promise<DealRecord> {
  const ref = dealRef(deal.number);
  if (!lost) throw new DomainError('competitors.lost_to_not_lost', { field: 'value', deal: ref });
  const typed = forField('value', () => competitorName(value));
  const [name] = await canonical(ctx, [typed]);
  if (!name) throw new DomainError('competitors.name_missing', { field: 'value' });
  const named = await dealCompetitors(ctx.db, deal.id);
  const before = named.find((competitor) => competitor.lostTo);
  if (before && keyOfNamed(before) === name.nameKey) throw new DomainError('update.unchanged', { field: 'value' });
  const events: DealEventInput[] = [{ type: 'lost_to_changed', before: { name: before?.name ?? null }, after: { name: name.name } }];
  if (!named.some((competitor) => keyOfNamed(competitor) === name.nameKey))
    events.unshift({ type: 'competitor_added', after: { name: name.name } });
  return saveWithCompetitors(ctx, deal, { data: { lastActivityAt: ctx.now }, events }, { add: [], removeIds: [], lostTo: name });
}

/**
 * A move to Lost that names who won (`lost to Oracle: price`, or the lost form's field), after the move
 * (in the request's transaction): the competitor named on the deal, when new to it, and set as lost to.
 */
export async function saveLostTo(ctx: CommandContext, deal: DealRecord, lostTo: string): Promise<DealRecord> {
  const typed = forField('lostTo', () => competitorName(lostTo, 'lostTo'));
  const [name] = await canonical(ctx, [typed]);
  if (!name) throw new DomainError('competitors.name_missing', { field: 'lostTo' });
  const named = await dealCompetitors(ctx.db, deal.id);
  const before = named.find((competitor) => competitor.lostTo);
  const events: DealEventInput[] = [];
  if (!named.some((competitor) => keyOfNamed(competitor) === name.nameKey))
    events.push({ type: 'competitor_added', after: { name: name.name } });
  events.push({ type: 'lost_to_changed', before: { name: before?.name ?? null }, after: { name: name.name } });
  return saveWithCompetitors(ctx, deal, { data: {}, events }, { add: [], removeIds: [], lostTo: name });
}

/** `lost to Oracle` with no reason after a colon: the reason says who won ("Lost to Oracle"). */
export function withLostToReason<T extends { lostTo?: string | undefined; reason?: string | undefined }>(input: T, locale: Locale): T {
  if (input.lostTo === undefined || (input.reason ?? '') !== '') return input;
  return { ...input, reason: t(locale, 'competitors.lost_reason', { name: input.lostTo }) };
}

/** A new deal's competitors from its form, named once the deal exists; what its card lists. */
export async function nameCompetitorsOnNewDeal(
  ctx: CommandContext,
  deal: DealRecord,
  typed: readonly CompetitorName[],
): Promise<{ name: string; lostTo: boolean }[]> {
  if (typed.length === 0) return [];
  const names = await canonical(ctx, typed);
  const events = names.map((name) => ({ type: 'competitor_added', after: { name: name.name } }));
  await saveWithCompetitors(ctx, deal, { data: {}, events }, { add: names, removeIds: [] });
  return names.map((name) => ({ name: name.name, lostTo: false })).sort((a, b) => a.name.localeCompare(b.name));
}
