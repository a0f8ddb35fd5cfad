import { z } from 'zod';
import { defineCommand } from './command.js';
import { viewerOf } from './approval-screen.js';
import { pendingAndOwnRequests } from '../store/discounts.js';
import { approvalListScreen } from '../views/screens/approval.js';

const MINE = 10;

/** `deal approvals`: requests waiting for my decision, and the ones I asked for. */
export const dealApprovals = defineCommand({
  id: 'deal.approvals',
  path: ['deal', 'approvals'],
  usage: 'usage.deal.approvals',
  summary: 'summary.deal.approvals',
  schema: z.object({}),
  parse: () => ({}),
  async run(_input, ctx) {
    const { pending, own: mine } = await pendingAndOwnRequests(ctx.db, ctx.workspace.id, ctx.actor.id, MINE);
    // Admins may decide any request, but "waiting for me" means routed to me.
    const waiting = pending.filter((r) => viewerOf({ id: ctx.actor.id, role: 'rep' }, r) === 'approver');
    return { screen: approvalListScreen({ waiting, mine }, ctx.actor.locale) };
  },
});
