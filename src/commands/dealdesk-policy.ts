import { z } from 'zod';
import { defineCommand, type CommandResult } from './command.js';
import type { CommandContext } from './context.js';
import { findMember } from './scope.js';
import { DomainError } from '../domain/errors.js';
import { lookupWord } from '../domain/text-match.js';
import { assertAdmin } from '../domain/authz.js';
import { parseMoney } from '../domain/money.js';
import { DEFAULT_POLICY, validatePolicy, type Approver, type DiscountPolicy, type Tier } from '../domain/discount-policy.js';
import { changePolicy, loadPolicy } from '../store/discounts.js';
import { listMembers } from '../store/members.js';
import { policyScreen } from '../views/screens/policy.js';
import { t } from '../i18n/index.js';

export const ZPolicyCommandSchema = z.object({
  action: z.enum(['show', 'set', 'group', 'reset']).default('show'),
  words: z.array(z.string()).default([]),
});

/**
 * `dealdesk policy` shows the discount policy; admins change it:
 * `dealdesk policy set 10%:none 20%:manager 30%:manager,deal_desk 100%:deal_desk,finance`
 * (a tier may add `|>=500k:managers_manager,finance` for large deals),
 * `dealdesk policy group deal_desk @dana @mike`, `dealdesk policy reset`.
 */
export const dealdeskPolicy = defineCommand({
  id: 'dealdesk.policy',
  path: ['dealdesk', 'policy'],
  usage: 'usage.dealdesk.policy',
  summary: 'summary.dealdesk.policy',
  schema: ZPolicyCommandSchema,
  parse: ([action, ...words]) => (action === undefined ? {} : { action: action.toLowerCase(), words }),
  async run(input, ctx): Promise<CommandResult> {
    const locale = ctx.actor.locale;
    let policy: DiscountPolicy;
    let notice: string | undefined;
    if (input.action === 'show') {
      policy = await loadPolicy(ctx.db, ctx.workspace.id);
    } else {
      assertAdmin(ctx.actor);
      // Words are read (and people looked up) first; the change itself is applied to the policy as it is when saved.
      let change: (current: DiscountPolicy) => DiscountPolicy;
      if (input.action === 'reset') change = (current) => validatePolicy({ tiers: DEFAULT_POLICY.tiers, groups: current.groups });
      else if (input.action === 'set') {
        const tiers = parseTiers(input.words, ctx);
        change = (current) => validatePolicy({ tiers, groups: current.groups });
      } else change = await groupChange(input.words, ctx);
      policy = await changePolicy(ctx.db, ctx.workspace.id, change);
      notice = t(locale, 'policy.saved');
    }
    const members = await listMembers(ctx.db, ctx.workspace.id);
    return {
      screen: policyScreen(
        {
          policy,
          names: new Map(members.map((m) => [m.id, m.name])),
          currency: ctx.workspace.currency,
          canEdit: ctx.actor.role === 'admin',
          ...(notice ? { notice } : {}),
        },
        locale,
      ),
    };
  },
});

const APPROVER_WORDS: Record<string, Approver> = {
  manager: { kind: 'manager' },
  经理: { kind: 'manager' },
  managers_manager: { kind: 'managers_manager' },
  'skip-level': { kind: 'managers_manager' },
  skip_level: { kind: 'managers_manager' },
  上级经理: { kind: 'managers_manager' },
};

function parseApprovers(text: string, input: string): Approver[] {
  if (['none', 'auto', '无'].includes(text.toLowerCase())) return [];
  return text.split(',').map((word) => {
    const key = word.trim().toLowerCase();
    const known = lookupWord(APPROVER_WORDS, key);
    if (known) return known;
    if (/^[a-z][a-z0-9_]{1,30}$/.test(key)) return { kind: 'group', group: key };
    throw new DomainError('policy.tier_syntax', { input });
  });
}

/** `20%:manager` or `30%:manager,deal_desk|>=500k:managers_manager,finance`, in ascending order. */
export function parseTiers(words: readonly string[], ctx: CommandContext): Tier[] {
  if (words.length === 0) throw new DomainError('policy.tier_syntax', { input: '' });
  let previous = 0;
  return words.map((word, index) => {
    const [, upTo, approvers, largeAt, largeApprovers] = /^(\d{1,3}(?:\.\d{1,2})?)%?:([^|]+)(?:\|>=([^:]+):(.+))?$/.exec(word.trim()) ?? [];
    if (upTo === undefined || approvers === undefined) throw new DomainError('policy.tier_syntax', { input: word });
    const upToBps = Math.round(Number(upTo) * 100);
    // Written as upper bounds, a bound at or below the previous one claims discounts that tier already covers.
    if (upToBps <= previous)
      throw new DomainError('policy.overlap', { tier: String(index + 1), from: `${upToBps / 100}%`, to: `${previous / 100}%` });
    const tier: Tier = { aboveBps: previous, upToBps, approvers: parseApprovers(approvers, word) };
    if (largeAt && largeApprovers) {
      const amount = parseMoney(largeAt, ctx.workspace.currency);
      tier.largeDeal = { atLeastMinor: amount.minor, approvers: parseApprovers(largeApprovers, word) };
    }
    previous = upToBps;
    return tier;
  });
}

async function groupChange(words: readonly string[], ctx: CommandContext): Promise<(policy: DiscountPolicy) => DiscountPolicy> {
  const [name, ...people] = words;
  if (!name || !/^[a-z][a-z0-9_]{1,30}$/.test(name.toLowerCase())) throw new DomainError('policy.group_syntax', { input: name ?? '' });
  const members = await listMembers(ctx.db, ctx.workspace.id);
  const ids = [...new Set(people.map((person) => findMember(members, person).id))];
  return (policy) => ({ ...policy, groups: { ...policy.groups, [name.toLowerCase()]: ids } });
}
