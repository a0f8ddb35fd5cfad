import { z } from 'zod';
import { defineCommand, forField, type CommandResult } from './command.js';
import { dateContextOf, type CommandContext } from './context.js';
import { dateAt, readDate } from './deal-args.js';
import { resolveDeal } from './resolve-deal.js';
import { assertMayEdit, dealCard, saveDealChange } from './deal-screen.js';
import { updateCompetitors, updateLostTo } from './deal-competitors.js';
import { findMember } from './scope.js';
import { DomainError } from '../domain/errors.js';
import { parseMoney } from '../domain/money.js';
import { LIMITS, dealRef, parseForecastCategory } from '../domain/deal.js';
import { canEditDeal } from '../domain/authz.js';
import { dateToUtcMidnight, todayIn } from '../domain/calendar.js';
import { lookupWord, normalizeKey } from '../domain/text-match.js';
import { teamOfMember, type DealChange, type DealRecord } from '../store/deals.js';
import { listMembers } from '../store/members.js';
import { keyOf, t } from '../i18n/index.js';

const FIELD_WORDS: Record<string, 'amount' | 'close' | 'next' | 'category' | 'owner' | 'competitor' | 'lostto'> = {
  amount: 'amount',
  value: 'amount',
  金额: 'amount',
  close: 'close',
  'close-date': 'close',
  closedate: 'close',
  date: 'close',
  日期: 'close',
  成交日: 'close',
  next: 'next',
  'next-step': 'next',
  step: 'next',
  下一步: 'next',
  category: 'category',
  forecast: 'category',
  类别: 'category',
  预测: 'category',
  owner: 'owner',
  负责人: 'owner',
  转给: 'owner',
  competitor: 'competitor',
  competitors: 'competitor',
  竞争对手: 'competitor',
  对手: 'competitor',
  lostto: 'lostto',
  'lost-to': 'lostto',
  输给: 'lostto',
};

export const ZDealUpdateSchema = z.object({
  deal: z.string({ required_error: 'deal.ref_missing' }).trim().min(1, 'deal.ref_missing'),
  field: z.enum(['amount', 'close', 'next', 'category', 'owner', 'competitor', 'lostto'], {
    required_error: 'update.field_missing',
    invalid_type_error: 'update.field_missing',
  }),
  value: z
    .string({ required_error: 'update.value_missing' })
    .trim()
    .min(1, 'update.value_missing')
    .max(LIMITS.nextStep, 'update.value_too_long'),
  due: z.string().trim().optional(),
});
export type DealUpdateInput = z.infer<typeof ZDealUpdateSchema>;

/** `deal update <deal> amount 60k | close eoq | next "Send quote" fri | category commit | owner @bob`. */
export function parseDealUpdate(args: readonly string[], ctx: CommandContext): unknown {
  const [deal, fieldWord, ...rest] = args;
  if (deal === undefined) return {};
  if (fieldWord === undefined) return { deal };
  const field = lookupWord(FIELD_WORDS, normalizeKey(fieldWord));
  if (!field) throw new DomainError('update.field_unknown', { input: fieldWord, field: 'field' });
  if (field !== 'next' || rest.length < 2) return { deal, field, value: rest.join(' ') };
  // A next step may end in its due date: `next "Send quote" fri` or `next Send quote due fri`.
  for (let start = 1; start < rest.length; start++) {
    const hasDueWord = ['due', 'by', '截止'].includes((rest[start] ?? '').toLowerCase());
    const date = dateAt(rest, hasDueWord ? start + 1 : start, ctx);
    if (date && (hasDueWord ? start + 1 : start) + date.length === rest.length) {
      return { deal, field, value: rest.slice(0, start).join(' '), due: date.text };
    }
  }
  return { deal, field, value: rest.join(' ') };
}

export async function runDealUpdate(input: DealUpdateInput, ctx: CommandContext): Promise<CommandResult> {
  const locale = ctx.actor.locale;
  const deal = await resolveDeal(ctx, input.deal);
  assertMayEdit(ctx, deal);
  const { field } = input;
  const lost = ctx.workspace.stages.find((stage) => stage.key === deal.stage)?.kind === 'lost';
  const updated =
    field === 'competitor'
      ? await updateCompetitors(ctx, deal, input.value)
      : field === 'lostto'
        ? await updateLostTo(ctx, deal, input.value, lost)
        : await saveDealChange(ctx, deal, withActivity(await changeFor({ ...input, field }, deal, ctx), ctx.now));
  const notice = {
    text: t(locale, 'update.done', { ref: dealRef(deal.number), field: t(locale, keyOf('update.field', input.field)) }),
    tone: 'success' as const,
  };
  return { screen: await dealCard(ctx, updated, notice), effects: [{ type: 'deal_changed', dealId: deal.id, number: deal.number }] };
}

function withActivity(change: Pick<DealChange, 'data' | 'events'>, now: Date): Pick<DealChange, 'data' | 'events'> {
  return { data: { ...change.data, lastActivityAt: now }, events: change.events };
}

async function changeFor(
  input: DealUpdateInput & { field: Exclude<DealUpdateInput['field'], 'competitor' | 'lostto'> },
  deal: DealRecord,
  ctx: CommandContext,
): Promise<Pick<DealChange, 'data' | 'events'>> {
  const today = todayIn(dateContextOf(ctx));
  switch (input.field) {
    case 'amount': {
      const amount = forField('value', () => parseMoney(input.value, deal.currency));
      if (amount.minor === deal.amountMinor && amount.currency === deal.currency)
        throw new DomainError('update.unchanged', { field: 'value' });
      // A new amount replaces any approved discount: the approval was for the old price.
      return {
        data: { amountMinor: BigInt(amount.minor), currency: amount.currency, listAmountMinor: null, discountBps: null },
        events: [
          {
            type: 'amount_changed',
            before: { amountMinor: deal.amountMinor, currency: deal.currency },
            after: { amountMinor: amount.minor, currency: amount.currency },
          },
        ],
      };
    }
    case 'close': {
      const date = forField('value', () => readDate(ctx, input.value));
      if (deal.closedAt === null && date < today) throw new DomainError('deal.close_in_past', { field: 'value', input: input.value });
      if (date === deal.closeDate) throw new DomainError('update.unchanged', { field: 'value' });
      return {
        data: { closeDate: dateToUtcMidnight(date) },
        events: [{ type: 'close_date_changed', before: { closeDate: deal.closeDate }, after: { closeDate: date } }],
      };
    }
    case 'next': {
      const dueText = input.due;
      const due = dueText ? forField('due', () => readDate(ctx, dueText)) : null;
      if (due !== null && due < today) throw new DomainError('deal.due_in_past', { field: 'due', input: input.due });
      return {
        data: { nextStep: input.value, nextStepDue: due ? dateToUtcMidnight(due) : null },
        events: [
          { type: 'next_step_changed', before: { nextStep: deal.nextStep, due: deal.nextStepDue }, after: { nextStep: input.value, due } },
        ],
      };
    }
    case 'category': {
      if (deal.closedAt !== null) throw new DomainError('update.category_closed', { field: 'value' });
      const category = forField('value', () => parseForecastCategory(input.value));
      if (category === deal.forecastCategory) throw new DomainError('update.unchanged', { field: 'value' });
      return {
        data: { forecastCategory: category },
        events: [{ type: 'category_changed', before: { category: deal.forecastCategory }, after: { category } }],
      };
    }
    case 'owner': {
      // Handing a deal over is a manager's call, and only to someone they may manage.
      if (ctx.actor.role === 'rep') throw new DomainError('update.owner_needs_manager', {});
      const members = await listMembers(ctx.db, ctx.workspace.id);
      const member = forField('value', () => findMember(members, input.value));
      if (member.id === deal.owner.id) throw new DomainError('update.unchanged', { field: 'value' });
      if (!canEditDeal(ctx.actor, { id: member.id, teamId: member.teamId, managerId: member.managerId })) {
        throw new DomainError('update.owner_outside_team', { field: 'value', name: member.name });
      }
      // The deal moves to the new owner's team: from now on it is sold there.
      const teamId = await teamOfMember(ctx.db, ctx.workspace.id, member.id);
      return {
        data: { ownerId: member.id, teamId },
        events: [
          {
            type: 'owner_changed',
            before: { ownerId: deal.owner.id, name: deal.owner.name, teamId: deal.teamId },
            after: { ownerId: member.id, name: member.name, teamId },
          },
        ],
      };
    }
  }
}

export const dealUpdate = defineCommand({
  id: 'deal.update',
  path: ['deal', 'update'],
  usage: 'usage.deal.update',
  summary: 'summary.deal.update',
  schema: ZDealUpdateSchema,
  parse: parseDealUpdate,
  run: runDealUpdate,
});
