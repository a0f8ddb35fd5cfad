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
  requesterId: string;
  /** The member's manager while that manager is active; null otherwise. */
  managerOf(memberId: string): string | null;
  admins: readonly string[];
  /** Whether a member can still decide (deactivated people cannot); everyone when absent. */
  isActive?(memberId: string): boolean;
};

/** One step of a route: any of `memberIds` may decide it. */
export type RouteStep = { approver: Approver; memberIds: string[] };

/**
 * The approvers a request goes through, in order. A step that would fall to the requester is skipped
 * (nobody approves their own discount); a step with nobody to ask (no manager, an empty group) goes
 * to the workspace's admins.
 */
export function resolveRoute(policy: DiscountPolicy, request: { discountBps: number; amountMinor: number }, org: OrgChart): RouteStep[] {
  const tier = tierFor(policy, request.discountBps);
  const approvers = tier.largeDeal && request.amountMinor >= tier.largeDeal.atLeastMinor ? tier.largeDeal.approvers : tier.approvers;
  const steps: RouteStep[] = [];
  for (const approver of approvers) {
    let memberIds: string[];
    if (approver.kind === 'manager') memberIds = nonNull([org.managerOf(org.requesterId)]);
    else if (approver.kind === 'managers_manager') {
      const manager = org.managerOf(org.requesterId);
      memberIds = nonNull([manager ? org.managerOf(manager) : null]);
    } else memberIds = [...(policy.groups[approver.group] ?? [])];
    memberIds = memberIds.filter((id) => id !== org.requesterId && (org.isActive?.(id) ?? true));
    if (memberIds.length === 0) memberIds = org.admins.filter((id) => id !== org.requesterId);
    if (memberIds.length === 0) continue;
    // The same people twice in a row would approve twice for nothing.
    const previous = steps.at(-1);
    if (previous && sameSet(previous.memberIds, memberIds)) continue;
    steps.push({ approver, memberIds });
  }
  return steps;
}

function nonNull(ids: readonly (string | null)[]): string[] {
  return ids.filter((id): id is string => id !== null);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** Who may decide the current step: its members, or an admin — never the requester. */
export function mayDecide(actor: { id: string; role: string }, request: { requesterId: string; step: RouteStep | undefined }): boolean {
  if (actor.id === request.requesterId || !request.step) return false;
  return actor.role === 'admin' || request.step.memberIds.includes(actor.id);
}
