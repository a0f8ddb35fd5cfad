/**
 * Pricing discipline: which discounts need whose approval. A policy is an ordered list of tiers over
 * the discount percentage, each naming the approvers in sequence; a tier may ask different approvers
 * for large deals. Tiers must cover 0–100 % without gaps or overlaps, so every request has one route.
 */
import { z } from 'zod';
import { DomainError } from './errors.js';

export const ZApproverSchema = z.union([
  z.object({ kind: z.literal('manager') }),
  z.object({ kind: z.literal('managers_manager') }),
  z.object({ kind: z.literal('group'), group: z.string().regex(/^[a-z][a-z0-9_]{1,30}$/) }),
]);
export type Approver = z.infer<typeof ZApproverSchema>;

export const ZTierSchema = z.object({
  /** Exclusive lower bound in basis points (0 for the first tier). */
  aboveBps: z.number().int().min(0).max(10_000),
  /** Inclusive upper bound in basis points (10000 = 100 %). */
  upToBps: z.number().int().min(1).max(10_000),
  /** In sequence; empty = applied at once (auto-approved). */
  approvers: z.array(ZApproverSchema).max(5),
  /** Deals at or above this amount (workspace currency, minor units) follow `approvers` of this rule instead. */
  largeDeal: z.object({ atLeastMinor: z.number().int().positive(), approvers: z.array(ZApproverSchema).min(1).max(5) }).optional(),
});
export type Tier = z.infer<typeof ZTierSchema>;

export const ZPolicySchema = z.object({
  tiers: z.array(ZTierSchema).min(1).max(10),
  /** Named approver groups (deal desk, finance) → member ids. An empty or unknown group falls back to admins. */
  groups: z.record(z.array(z.string())).default({}),
});
export type DiscountPolicy = z.infer<typeof ZPolicySchema>;

/** The product brief's default: ≤10 % none, ≤20 % manager, ≤30 % manager then deal desk, above: deal desk then finance. */
export const DEFAULT_POLICY: DiscountPolicy = {
  tiers: [
    { aboveBps: 0, upToBps: 1000, approvers: [] },
    { aboveBps: 1000, upToBps: 2000, approvers: [{ kind: 'manager' }] },
    { aboveBps: 2000, upToBps: 3000, approvers: [{ kind: 'manager' }, { kind: 'group', group: 'deal_desk' }] },
    {
      aboveBps: 3000,
      upToBps: 10_000,
      approvers: [
        { kind: 'group', group: 'deal_desk' },
        { kind: 'group', group: 'finance' },
      ],
    },
  ],
  groups: {},
};

/** Parses and checks a stored or submitted policy; refuses gaps and overlaps with the tier that causes them. */
export function validatePolicy(input: unknown): DiscountPolicy {
  const parsed = ZPolicySchema.safeParse(input);
  if (!parsed.success) throw new DomainError('policy.invalid', { detail: parsed.error.issues[0]?.message ?? '' });
  const tiers = parsed.data.tiers;
  let covered = 0;
  for (const [index, tier] of tiers.entries()) {
    const label = `${index + 1}`;
    if (tier.upToBps <= tier.aboveBps) throw new DomainError('policy.empty_tier', { tier: label });
    if (tier.aboveBps > covered) throw new DomainError('policy.gap', { from: pct(covered), to: pct(tier.aboveBps) });
    if (tier.aboveBps < covered) throw new DomainError('policy.overlap', { tier: label, from: pct(tier.aboveBps), to: pct(covered) });
    covered = tier.upToBps;
  }
  if (covered !== 10_000) throw new DomainError('policy.gap', { from: pct(covered), to: '100%' });
  return parsed.data;
}

function pct(bps: number): string {
  return `${bps / 100}%`;
}

/** `15%`, `15`, `12.5 %`, `12,5%` → basis points; 0 < pct < 100. */
export function parseDiscountPercent(input: string): number {
  const percent = /^(\d{1,2}(?:[.,]\d{1,2})?)\s*[%％]?$/.exec(input.normalize('NFKC').trim())?.[1];
  if (percent === undefined) throw new DomainError('discount.percent_invalid', { input });
  const [whole, fraction = ''] = percent.replace(',', '.').split('.');
  const bps = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (bps <= 0 || bps >= 10_000) throw new DomainError('discount.percent_invalid', { input });
  return bps;
}

export function tierFor(policy: DiscountPolicy, discountBps: number): Tier {
  const tier = policy.tiers.find((t) => discountBps > t.aboveBps && discountBps <= t.upToBps);
  if (!tier) throw new DomainError('policy.no_tier', { pct: pct(discountBps) });
  return tier;
}

export type OrgChart = {
  /** The deal's owner: whose manager is asked, and never an approver. */
  requesterId: string;
  /** Who asks, when not the owner (an admin asking on a rep's deal): never an approver either. */
  askedBy?: string;
  /** The member's manager while that manager is active; null otherwise. */
  managerOf(memberId: string): string | null;
  admins: readonly string[];
  /** Whether a member can still decide (deactivated people cannot); everyone when absent. */
  isActive?(memberId: string): boolean;
};

/** One step of a route: any of `memberIds` may decide it; none means it waits until an eligible admin exists. */
export type RouteStep = { approver: Approver; memberIds: string[] };

/**
 * The approvers a request goes through, in order: one step per approver of the tier, so a tier with
 * approvers never applies at once. Nobody is asked about their own discount; a step with nobody to
 * ask (no manager, an empty group, only the requester) goes to the workspace's other admins, and
 * when there are none it waits with nobody named (the admins are told).
 */
export function resolveRoute(policy: DiscountPolicy, request: { discountBps: number; amountMinor: number }, org: OrgChart): RouteStep[] {
  const tier = tierFor(policy, request.discountBps);
  const approvers = tier.largeDeal && request.amountMinor >= tier.largeDeal.atLeastMinor ? tier.largeDeal.approvers : tier.approvers;
  const excluded = nonNull([org.requesterId, org.askedBy ?? null]);
  return approvers.map((approver) => {
    let memberIds: string[];
    if (approver.kind === 'manager') memberIds = nonNull([org.managerOf(org.requesterId)]);
    else if (approver.kind === 'managers_manager') {
      const manager = org.managerOf(org.requesterId);
      memberIds = nonNull([manager ? org.managerOf(manager) : null]);
    } else memberIds = [...(policy.groups[approver.group] ?? [])];
    return {
      approver,
      memberIds: eligibleApprovers(
        memberIds.filter((id) => org.isActive?.(id) ?? true),
        { excluded, admins: org.admins },
      ),
    };
  });
}

/**
 * Separation of duties: who may take a step, given the people who may not (the requester, the owner,
 * whoever decided an earlier step). When none of the step's own people remain, the other admins take it.
 */
export function eligibleApprovers(
  memberIds: readonly string[],
  rules: { excluded: readonly string[]; admins: readonly string[] },
): string[] {
  const allowed = (id: string) => !rules.excluded.includes(id);
  const own = [...new Set(memberIds.filter(allowed))];
  return own.length > 0 ? own : rules.admins.filter(allowed);
}

function nonNull(ids: readonly (string | null)[]): string[] {
  return ids.filter((id): id is string => id !== null);
}

/** What a decider sees of a request: who asked, the step at hand, and who decided the earlier steps. */
export type DecisionState = { requesterId: string; step: RouteStep | undefined; decidedBy: readonly string[] };

/**
 * Who may decide the current step: its members, or an admin; never the requester, and never someone
 * who decided an earlier step of the same request.
 */
export function mayDecide(actor: { id: string; role: string }, request: DecisionState): boolean {
  if (actor.id === request.requesterId || !request.step || request.decidedBy.includes(actor.id)) return false;
  return actor.role === 'admin' || request.step.memberIds.includes(actor.id);
}
