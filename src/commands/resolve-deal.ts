import { DomainError } from '../domain/errors.js';
import { dealRef, parseDealNumber } from '../domain/deal.js';
import { closestMatches, normalizeKey, onlyMatch } from '../domain/text-match.js';
import { dealNames, findDealByNumber, searchDeals, type DealRecord } from '../store/deals.js';
import type { CommandContext } from './context.js';

const PICK_LIMIT = 8;

/** More than one deal matches a fragment: the user picks, DealDesk never guesses. */
export class AmbiguousDealError extends DomainError {
  readonly candidates: DealRecord[];
  constructor(ref: string, candidates: DealRecord[]) {
    super('deal.ambiguous', { ref, count: candidates.length });
    this.candidates = candidates;
  }
}

/** `D-42`, or a unique part of a deal's title or account name. */
export async function resolveDeal(ctx: CommandContext, ref: string): Promise<DealRecord> {
  const workspaceId = ctx.workspace.id;
  const number = parseDealNumber(ref);
  if (number !== undefined) {
    const deal = await findDealByNumber(ctx.db, workspaceId, number);
    if (!deal) throw new DomainError('deal.not_found', { ref: dealRef(number) });
    return deal;
  }
  const fragment = ref.trim();
  if (fragment.length < 2) throw new DomainError('deal.ref_too_short', { ref });
  const matches = await searchDeals(ctx.db, workspaceId, fragment, PICK_LIMIT + 1);
  // A closed deal with the same name as an open one is rarely what someone wants to act on.
  const open = matches.filter((deal) => deal.closedAt === null);
  const onlyOpen = onlyMatch(open);
  if (onlyOpen) return onlyOpen;
  // "Acme" names the Acme account exactly, even though "Acme Robotics" also contains it.
  const needle = normalizeKey(fragment);
  const exact = open.filter((deal) => normalizeKey(deal.accountName) === needle || normalizeKey(deal.title) === needle);
  const sole = onlyMatch(exact) ?? onlyMatch(matches);
  if (sole) return sole;
  if (matches.length > 1) throw new AmbiguousDealError(ref, (open.length > 1 ? open : matches).slice(0, PICK_LIMIT));
  const names = await dealNames(ctx.db, workspaceId);
  const near = closestMatches(fragment, names, (deal) => [deal.accountName, deal.title], 3);
  throw new DomainError('deal.not_found_named', {
    ref,
    suggestions: near.map((deal) => `${dealRef(deal.number)} ${deal.accountName}`),
  });
}
