import { z } from 'zod';
import { defineCommand, forField, type CommandResult, type Effect } from './command.js';
import { dateContextOf, type CommandContext } from './context.js';
import { CLOSE_WORDS, nearStage, dateAt, firstOpenStage, looksLikeAmount, readDate, stageAt, stageOf } from './deal-args.js';
import { parseMoney } from '../domain/money.js';
import { DomainError } from '../domain/errors.js';
import { LIMITS, dealRef, defaultCategory, parseSourceChannel } from '../domain/deal.js';
import { periodOf, todayIn } from '../domain/calendar.js';
import { createDeal } from '../store/deals.js';
import { dealCardScreen } from '../views/screens/deal-card.js';
import { t } from '../i18n/index.js';
import { withAfterSales } from './deal-satisfaction.js';
import { nameCompetitorsOnNewDeal } from './deal-competitors.js';
import { parseCompetitorList } from '../domain/competitors.js';

export const ZDealNewSchema = z.object({
  account: z
    .string({ required_error: 'deal.account_missing' })
    .trim()
    .min(1, 'deal.account_missing')
    .max(LIMITS.accountName, 'deal.account_too_long'),
  amount: z.string({ required_error: 'deal.amount_missing' }).trim().min(1, 'deal.amount_missing'),
  stage: z.string().trim().optional(),
  close: z.string().trim().optional(),
  title: z.string().trim().max(LIMITS.title, 'deal.title_too_long').optional(),
  channel: z.string().trim().optional(),
  /** The form's comma-separated competitors. */
  competitors: z.string().trim().optional(),
});
export type DealNewInput = z.infer<typeof ZDealNewSchema>;

/**
 * `deal new <account…> <amount> [stage] [close <date>] [via <channel>] [title…]`. The account runs up to
 * the first word that looks like an amount, so `deal new Acme Corp 50k` needs no quotes.
 */
export function parseDealNew(args: readonly string[], ctx: CommandContext): Partial<Record<keyof DealNewInput, string>> {
  const amountIndex = args.findIndex((token, i) => i > 0 && looksLikeAmount(token));
  if (args.length === 0) return {};
  const amount = args[amountIndex]; // undefined when no word looks like an amount (index -1)
  if (amount === undefined) return { account: args.join(' ') };
  const raw: Partial<Record<keyof DealNewInput, string>> = { account: args.slice(0, amountIndex).join(' '), amount };
  let i = amountIndex + 1;
  // "80000 CNY": a currency code after the number belongs to the amount.
  const currency = args[i];
  if (currency !== undefined && /^[a-z]{3}$|^(rmb|元|人民币|美元|欧元)$/i.test(currency) && !stageAt(args, i, ctx.workspace.stages)) {
    raw.amount = `${amount} ${currency}`;
    i += 1;
  }
  const title: string[] = [];
  for (let token = args[i]; token !== undefined; token = args[i]) {
    const stage = raw.stage === undefined && title.length === 0 ? stageAt(args, i, ctx.workspace.stages) : undefined;
    if (stage) {
      raw.stage = stage.stage;
      i += stage.length;
    } else if (raw.stage === undefined && title.length === 0 && nearStage(token, ctx)) {
      // A misspelt stage right after the amount ("proposl") is a typo to point out, not a title.
      raw.stage = token;
      i += 1;
    } else if (raw.close === undefined && CLOSE_WORDS.has(token.toLowerCase()) && i + 1 < args.length) {
      const date = dateAt(args, i + 1, ctx);
      raw.close = date?.text ?? args[i + 1];
      i += 1 + (date?.length ?? 1);
    } else if (raw.channel === undefined && token.toLowerCase() === 'via' && i + 1 < args.length) {
      raw.channel = args[i + 1];
      i += 2;
    } else {
      title.push(token);
      i += 1;
    }
  }
  if (title.length > 0) raw.title = title.join(' ');
  return raw;
}

export async function runDealNew(input: DealNewInput, ctx: CommandContext): Promise<CommandResult> {
  const locale = ctx.actor.locale;
  const amount = forField('amount', () => parseMoney(input.amount, ctx.workspace.currency));
  const { stage: stageWord, close } = input;
  const stage = stageWord ? forField('stage', () => stageOf(ctx, stageWord)) : firstOpenStage(ctx);
  if (stage.kind === 'lost') throw new DomainError('deal.new_lost', { field: 'stage' });
  const today = todayIn(dateContextOf(ctx));
  // A deal entered as won closed on the day typed (a past win logged now), else today for its owner (the actor).
  const closeDate = close
    ? forField('close', () => readDate(ctx, close))
    : stage.kind === 'won'
      ? today
      : periodOf('quarter', today, ctx.workspace.fiscalYearStartMonth).end;
  if (stage.kind === 'open' && closeDate < today)
    throw new DomainError('deal.close_in_past', { field: 'close', input: input.close ?? closeDate });
  if (stage.kind === 'won' && closeDate > today)
    throw new DomainError('deal.won_close_future', { field: 'close', input: input.close ?? closeDate });
  const channel = input.channel ? parseSourceChannel(input.channel) : 'direct';
  if (!channel) throw new DomainError('deal.channel_invalid', { field: 'channel', input: input.channel });
  const rivals = forField('competitors', () => parseCompetitorList(input.competitors ?? ''));

  // A deal entered as won gets its after-sales call-back in the same transaction.
  const deal = await withAfterSales(ctx, { from: null, to: stage.kind, closeDate }, (write) =>
    createDeal(write.db, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.actor.id,
      ownerId: ctx.actor.id,
      ...ownTeamOf(ctx),
      accountName: input.account,
      amountMinor: amount.minor,
      currency: amount.currency,
      stage: stage.key,
      forecastCategory: defaultCategory(stage),
      closeDate,
      title: input.title ?? input.account,
      sourceChannel: channel,
      closedAt: stage.kind === 'won' ? ctx.now : null,
      now: ctx.now,
    }),
  );
  const competitors = await nameCompetitorsOnNewDeal(ctx, deal, rivals);
  const notice = { text: t(locale, 'deal.created', { ref: dealRef(deal.number) }), tone: 'success' as const };
  const screen = dealCardScreen({ deal, stages: ctx.workspace.stages, activities: [], today, now: ctx.now, notice, competitors }, locale);
  const effects: Effect[] = [{ type: 'deal_changed', dealId: deal.id, number: deal.number }];
  if (stage.kind === 'won') effects.push({ type: 'deal_won', dealId: deal.id, number: deal.number });
  return { screen, effects };
}

export const dealNew = defineCommand({
  id: 'deal.new',
  path: ['deal', 'new'],
  usage: 'usage.deal.new',
  summary: 'summary.deal.new',
  schema: ZDealNewSchema,
  parse: parseDealNew,
  run: runDealNew,
});

/**
 * The team the actor sells in, from what the context read (#14): their own team, else the one team they
 * manage. A manager of several teams without one of their own is left to the store (the first by name).
 */
function ownTeamOf(ctx: CommandContext): { ownerTeamId?: string | null } {
  if (ctx.actor.teamId !== null) return { ownerTeamId: ctx.actor.teamId };
  return ctx.actor.teamIds.length <= 1 ? { ownerTeamId: ctx.actor.teamIds[0] ?? null } : {};
}
