import { z } from 'zod';
import { defineCommand, forField, type CommandResult } from './command.js';
import type { CommandContext } from './context.js';
import { looksLikeAmount } from './deal-args.js';
import { findMember, findTeam, resolvePeriod } from './scope.js';
import { DomainError } from '../domain/errors.js';
import { parseMoney } from '../domain/money.js';
import { canSetQuota } from '../domain/authz.js';
import { dateToUtcMidnight } from '../domain/calendar.js';
import { normalizeKey } from '../domain/text-match.js';
import { listMembers } from '../store/members.js';
import { listTeams } from '../store/teams.js';
import { upsertQuota } from '../store/quotas.js';
import { messageScreen } from '../views/screens/message.js';
import { formatPeriod, money } from '../views/format.js';
import { t } from '../i18n/index.js';

export const ZQuotaSetSchema = z.object({
  target: z.string({ required_error: 'quota.target_missing' }).trim().min(1, 'quota.target_missing'),
  team: z.boolean().default(false),
  amount: z.string({ required_error: 'quota.amount_missing' }).trim().min(1, 'quota.amount_missing'),
  period: z.array(z.string()).default([]),
});
export type QuotaSetInput = z.infer<typeof ZQuotaSetSchema>;

/** `quota set @alice 300k 2026-Q4` or `quota set team East China ¥2m Q1 2027`. */
export function parseQuotaSet(args: readonly string[]): unknown {
  const [first, ...rest] = args;
  if (first === undefined) return {};
  const team = ['team', '团队'].includes(normalizeKey(first));
  const words = team ? rest : args;
  const amountIndex = words.findIndex((word, i) => i > 0 && looksLikeAmount(word));
  if (amountIndex < 0) return { target: words.join(' '), team };
  let end = amountIndex + 1;
  const currency = words[end];
  if (currency !== undefined && /^[a-z]{3}$/i.test(currency) && !/^(fy\d*|q[1-4])$/i.test(currency)) end += 1;
  return { target: words.slice(0, amountIndex).join(' '), team, amount: words.slice(amountIndex, end).join(' '), period: words.slice(end) };
}

export async function runQuotaSet(input: QuotaSetInput, ctx: CommandContext): Promise<CommandResult> {
  const locale = ctx.actor.locale;
  const amount = forField('amount', () => parseMoney(input.amount, ctx.workspace.currency));
  const period = forField('period', () => resolvePeriod(ctx, input.period));
  let scope: { memberId: string } | { teamId: string };
  let name: string;
  let handle = '';
  if (input.team) {
    const teams = await listTeams(ctx.db, ctx.workspace.id);
    const team = forField('target', () => findTeam(teams, input.target));
    if (!canSetQuota(ctx.actor, { teamId: team.id })) throw new DomainError('quota.forbidden', { name: team.name });
    scope = { teamId: team.id };
    name = team.name;
  } else {
    const members = await listMembers(ctx.db, ctx.workspace.id);
    const found = forField('target', () => findMember(members, input.target));
    if (!canSetQuota(ctx.actor, { teamId: found.teamId, managerId: found.managerId }))
      throw new DomainError('quota.forbidden', { name: found.name });
    scope = { memberId: found.id };
    name = found.name;
    handle = found.handle;
  }
  const { previousMinor, previousCurrency } = await upsertQuota(ctx.db, {
    workspaceId: ctx.workspace.id,
    scope,
    periodKey: period.key,
    periodStart: dateToUtcMidnight(period.start),
    periodEnd: dateToUtcMidnight(period.end),
    amountMinor: amount.minor,
    currency: amount.currency,
    setById: ctx.actor.id,
  });
  const params = { name, period: formatPeriod(period, locale), amount: money(locale, amount.minor, amount.currency) };
  const text =
    previousMinor === null
      ? t(locale, 'quota.set', params)
      : t(locale, 'quota.replaced', { ...params, previous: money(locale, previousMinor, previousCurrency ?? amount.currency) });
  const show = input.team ? `quota team ${name} ${period.key}` : `quota @${handle} ${period.key}`;
  return {
    screen: messageScreen(text, { tone: 'success', actions: [{ id: 'quota', label: t(locale, 'action.show_quota'), command: show }] }),
  };
}

export const quotaSet = defineCommand({
  id: 'quota.set',
  path: ['quota', 'set'],
  usage: 'usage.quota.set',
  summary: 'summary.quota.set',
  schema: ZQuotaSetSchema,
  parse: parseQuotaSet,
  run: runQuotaSet,
});
