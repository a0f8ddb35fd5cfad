import { z } from 'zod';
import { defineCommand } from './command.js';
import { resolveDeal } from './resolve-deal.js';
import { dealHistoryPage } from '../store/deal-history.js';
import { memberNames } from '../store/members.js';
import { dealHistoryScreen, memberIdsOf } from '../views/screens/deal-history.js';

const PAGE_SIZE = 15;
const PAGE_WORDS = new Set(['page', 'p', '页']);

export const ZDealHistorySchema = z.object({
  deal: z.string({ required_error: 'deal.ref_missing' }).trim().min(1, 'deal.ref_missing'),
  page: z
    .number({ invalid_type_error: 'history.page_invalid' })
    .int('history.page_invalid')
    .min(1, 'history.page_invalid')
    .max(10_000, 'history.page_invalid')
    .default(1),
});

/** `deal history <deal> [page N]`: the words before `page` name the deal. */
function parseDealHistory(args: readonly string[]): unknown {
  const at = args.findIndex((word, i) => i > 0 && PAGE_WORDS.has(word.toLowerCase()));
  if (at === -1) return args.length > 0 ? { deal: args.join(' ') } : {};
  return { deal: args.slice(0, at).join(' '), page: Number(args[at + 1]) };
}

/** Who changed what and when, newest first. Anyone who may open the deal's card may read its history. */
export const dealHistory = defineCommand({
  id: 'deal.history',
  path: ['deal', 'history'],
  usage: 'usage.deal.history',
  summary: 'summary.deal.history',
  schema: ZDealHistorySchema,
  parse: parseDealHistory,
  async run(input, ctx) {
    const deal = await resolveDeal(ctx, input.deal);
    const { total, events } = await dealHistoryPage(ctx.db, deal.id, { offset: (input.page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    const names = await memberNames(ctx.db, ctx.workspace.id, memberIdsOf(events));
    const screen = dealHistoryScreen(
      { deal, stages: ctx.workspace.stages, events, total, page: input.page, pageSize: PAGE_SIZE, timeZone: ctx.actor.timeZone, names },
      ctx.actor.locale,
    );
    return { screen };
  },
});
