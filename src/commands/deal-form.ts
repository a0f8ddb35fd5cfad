import { z } from 'zod';
import { defineCommand } from './command.js';
import { newDealFormScreen } from '../views/screens/forms.js';

/** `/deal` alone: the New deal form (a modal on Slack, a card on Teams, field hints in the shell). */
export const dealForm = defineCommand({
  id: 'deal.form',
  path: ['deal'],
  usage: 'usage.deal',
  summary: 'summary.deal',
  schema: z.object({}),
  parse: () => ({}),
  run: (_input, ctx) => Promise.resolve({ screen: newDealFormScreen(ctx.actor.locale, ctx.workspace.stages, ctx.workspace.currency) }),
});
