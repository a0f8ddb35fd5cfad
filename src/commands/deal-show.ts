import { z } from 'zod';
import { defineCommand } from './command.js';
import { resolveDeal } from './resolve-deal.js';
import { dealCard } from './deal-screen.js';

export const ZDealShowSchema = z.object({
  deal: z.string({ required_error: 'deal.ref_missing' }).trim().min(1, 'deal.ref_missing'),
});

/** Any member may look at any deal of the workspace: pipeline transparency is how teams coach. */
export const dealShow = defineCommand({
  id: 'deal.show',
  path: ['deal', 'show'],
  usage: 'usage.deal.show',
  summary: 'summary.deal.show',
  schema: ZDealShowSchema,
  parse: (args) => (args.length > 0 ? { deal: args.join(' ') } : {}),
  run: async (input, ctx) => ({ screen: await dealCard(ctx, await resolveDeal(ctx, input.deal)) }),
});
