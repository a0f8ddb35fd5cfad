import { z } from 'zod';
import { defineCommand, type CommandResult } from './command.js';
import type { CommandContext } from './context.js';
import { resolveDeal } from './resolve-deal.js';
import { assertMayEdit, dealCard } from './deal-screen.js';
import { DomainError } from '../domain/errors.js';
import { ACTIVITY_KINDS, LIMITS, dealRef, splitActivity } from '../domain/deal.js';
import { logActivity } from '../store/deals.js';
import { keyOf, t } from '../i18n/index.js';

export const ZDealNoteSchema = z.object({
  deal: z.string({ required_error: 'deal.ref_missing' }).trim().min(1, 'deal.ref_missing'),
  text: z.string({ required_error: 'note.text_missing' }).trim().min(1, 'note.text_missing').max(LIMITS.note, 'note.too_long'),
  /** Chosen in a form (the message action's): the text is then logged as written, prefix or not. */
  kind: z.enum(ACTIVITY_KINDS, { message: 'note.kind_unknown' }).optional(),
});
export type DealNoteInput = z.infer<typeof ZDealNoteSchema>;

export function parseDealNote(args: readonly string[]): Partial<DealNoteInput> {
  const [deal, ...rest] = args;
  if (deal === undefined) return {};
  return rest.length > 0 ? { deal, text: rest.join(' ') } : { deal };
}

/** `call: spoke with the CFO` logs a call; without a prefix it is a note. */
export async function runDealNote(input: DealNoteInput, ctx: CommandContext): Promise<CommandResult> {
  const deal = await resolveDeal(ctx, input.deal);
  assertMayEdit(ctx, deal);
  const activity = input.kind ? { kind: input.kind, text: input.text.trim() } : splitActivity(input.text);
  if (!activity.text) throw new DomainError('note.text_missing', { field: 'text' });
  await logActivity(ctx.db, {
    workspaceId: ctx.workspace.id,
    dealId: deal.id,
    memberId: ctx.actor.id,
    kind: activity.kind,
    text: activity.text,
    now: ctx.now,
  });
  // A note changes only the deal's last activity: the card shows the deal as read, with that (#14).
  const updated = { ...deal, lastActivityAt: ctx.now };
  const locale = ctx.actor.locale;
  const notice = {
    text: t(locale, 'note.logged', { kind: t(locale, keyOf('activity', activity.kind)), ref: dealRef(deal.number) }),
    tone: 'success' as const,
  };
  return { screen: await dealCard(ctx, updated, notice), effects: [{ type: 'deal_changed', dealId: deal.id, number: deal.number }] };
}

export const dealNote = defineCommand({
  id: 'deal.note',
  path: ['deal', 'note'],
  usage: 'usage.deal.note',
  summary: 'summary.deal.note',
  schema: ZDealNoteSchema,
  parse: parseDealNote,
  run: runDealNote,
});
