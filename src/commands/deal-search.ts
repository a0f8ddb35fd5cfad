import { z } from 'zod';
import { defineCommand } from './command.js';
import type { CommandContext } from './context.js';
import { DomainError } from '../domain/errors.js';
import { MATCH_INPUT_MAX } from '../domain/text-match.js';
import { searchDealsFullText, type SearchReach } from '../store/deal-search.js';
import { dealSearchScreen } from '../views/screens/deal-search.js';

const RESULTS = 10;

export const ZDealSearchSchema = z.object({
  query: z.string({ required_error: 'search.words_missing' }).trim().min(1, 'search.words_missing').max(MATCH_INPUT_MAX, 'search.too_long'),
});

/**
 * Which deals a search may return. Opening a named deal is open to everyone (pipeline transparency),
 * but a search lists deals nobody named: reps find their own, managers theirs and their teams' and
 * reports', admins all.
 */
function reachOf(ctx: CommandContext): SearchReach {
  const actor = ctx.actor;
  if (actor.role === 'admin') return { everything: true };
  if (actor.role === 'manager') return { memberId: actor.id, teamIds: actor.teamIds, reports: true };
  return { memberId: actor.id, teamIds: [], reports: false };
}

/** `deal search <words…>`: every word must match the account, title, next step or notes; ten best, best first. */
export const dealSearch = defineCommand({
  id: 'deal.search',
  path: ['deal', 'search'],
  usage: 'usage.deal.search',
  summary: 'summary.deal.search',
  schema: ZDealSearchSchema,
  parse: (args) => (args.length > 0 ? { query: args.join(' ') } : {}),
  async run(input, ctx) {
    if (!/[\p{L}\p{N}]/u.test(input.query)) throw new DomainError('search.words_missing', {});
    const deals = await searchDealsFullText(ctx.db, {
      workspaceId: ctx.workspace.id,
      words: input.query.split(/\s+/),
      reach: reachOf(ctx),
      limit: RESULTS,
    });
    return { screen: dealSearchScreen({ query: input.query, deals, stages: ctx.workspace.stages }, ctx.actor.locale) };
  },
});
