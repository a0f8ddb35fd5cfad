import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  parseDiscountPercent,
  resolveRoute,
  validatePolicy,
  mayDecide,
  eligibleApprovers,
  type OrgChart,
} from '../../src/domain/discount-policy.js';
import { errorCode } from '../support/errors.js';

const org =
  (managers: Record<string, string | null>, admins: string[] = ['admin']): ((requester: string) => OrgChart) =>
  (requesterId) => ({
    requesterId,
    managerOf: (id) => managers[id] ?? null,
    admins,
  });

describe('discount policy', () => {
  it('accepts the default policy and refuses gaps, overlaps and missing coverage', () => {
    expect(validatePolicy(DEFAULT_POLICY).tiers).toHaveLength(4);
    const tier = (aboveBps: number, upToBps: number) => ({ aboveBps, upToBps, approvers: [] });
    expect(errorCode(() => validatePolicy({ tiers: [tier(0, 1000), tier(1500, 10_000)] }))).toBe('policy.gap');
    expect(errorCode(() => validatePolicy({ tiers: [tier(0, 1000), tier(500, 10_000)] }))).toBe('policy.overlap');
    expect(errorCode(() => validatePolicy({ tiers: [tier(0, 1000), tier(1000, 5000)] }))).toBe('policy.gap');
    expect(errorCode(() => validatePolicy({ tiers: [tier(0, 1000), tier(1000, 1000), tier(1000, 10_000)] }))).toBe('policy.empty_tier');
    expect(errorCode(() => validatePolicy({ tiers: [{ aboveBps: 0, upToBps: 10_000, approvers: [{ kind: 'boss' }] }] }))).toBe(
      'policy.invalid',
    );
  });

  it('reads percentages exactly', () => {
    expect(parseDiscountPercent('15%')).toBe(1500);
    expect(parseDiscountPercent('12.5 %')).toBe(1250);
    expect(parseDiscountPercent('12,25')).toBe(1225);
    expect(parseDiscountPercent('１５％')).toBe(1500);
    for (const bad of ['0%', '100%', '-5%', 'abc', '15.555%'])
      expect(errorCode(() => parseDiscountPercent(bad))).toBe('discount.percent_invalid');
  });

  it('routes by tier boundaries: 10% none, 10.01–20% manager, then manager and deal desk, then deal desk and finance', () => {
    const policy = { ...DEFAULT_POLICY, groups: { deal_desk: ['desk'], finance: ['cfo'] } };
    const chart = org({ rep: 'boss', boss: 'vp' })('rep');
    const route = (bps: number) => resolveRoute(policy, { discountBps: bps, amountMinor: 1 }, chart).map((s) => s.memberIds);
    expect(route(1000)).toEqual([]);
    expect(route(1001)).toEqual([['boss']]);
    expect(route(2000)).toEqual([['boss']]);
    expect(route(2500)).toEqual([['boss'], ['desk']]);
    expect(route(3001)).toEqual([['desk'], ['cfo']]);
  });

  it('passes over deactivated people: a group member who left is not asked, an emptied group goes to the admins', () => {
    const policy = { ...DEFAULT_POLICY, groups: { deal_desk: ['desk', 'left'], finance: ['gone'] } };
    const chart: OrgChart = { ...org({ rep: 'boss' })('rep'), isActive: (id) => !['left', 'gone'].includes(id) };
    const route = (bps: number) => resolveRoute(policy, { discountBps: bps, amountMinor: 1 }, chart).map((s) => s.memberIds);
    expect(route(2500)).toEqual([['boss'], ['desk']]);
    expect(route(3001)).toEqual([['desk'], ['admin']]);
  });

  it('never routes to the requester, falls back to admins, and uses large-deal approvers', () => {
    const policy = validatePolicy({
      tiers: [
        {
          aboveBps: 0,
          upToBps: 10_000,
          approvers: [{ kind: 'manager' }],
          largeDeal: { atLeastMinor: 100_000_00, approvers: [{ kind: 'managers_manager' }, { kind: 'group', group: 'finance' }] },
        },
      ],
      groups: { finance: ['cfo'] },
    });
    expect(resolveRoute(policy, { discountBps: 500, amountMinor: 10 }, org({ rep: null })('rep')).map((s) => s.memberIds)).toEqual([
      ['admin'],
    ]);
    expect(
      resolveRoute(policy, { discountBps: 500, amountMinor: 200_000_00 }, org({ rep: 'boss', boss: 'vp' })('rep')).map((s) => s.memberIds),
    ).toEqual([['vp'], ['cfo']]);
    // The CFO asking for a discount on their own deal goes to the admins, not to themselves; both steps stay,
    // so one admin cannot take the whole two-level approval alone (separation of duties).
    expect(resolveRoute(policy, { discountBps: 500, amountMinor: 200_000_00 }, org({ cfo: null })('cfo')).map((s) => s.memberIds)).toEqual([
      ['admin'],
      ['admin'],
    ]);
  });

  it('lets only the step’s members or an admin decide, never the requester', () => {
    const step = { approver: { kind: 'manager' as const }, memberIds: ['boss'] };
    const decidedBy: string[] = [];
    expect(mayDecide({ id: 'boss', role: 'manager' }, { requesterId: 'rep', step, decidedBy })).toBe(true);
    expect(mayDecide({ id: 'other', role: 'manager' }, { requesterId: 'rep', step, decidedBy })).toBe(false);
    expect(mayDecide({ id: 'admin', role: 'admin' }, { requesterId: 'rep', step, decidedBy })).toBe(true);
    expect(mayDecide({ id: 'admin', role: 'admin' }, { requesterId: 'admin', step, decidedBy })).toBe(false);
  });

  it('never lets one person decide two steps: not a member of the step, not an admin', () => {
    const step = { approver: { kind: 'group' as const, group: 'deal_desk' }, memberIds: ['boss', 'desk'] };
    expect(mayDecide({ id: 'boss', role: 'manager' }, { requesterId: 'rep', step, decidedBy: ['boss'] })).toBe(false);
    expect(mayDecide({ id: 'desk', role: 'rep' }, { requesterId: 'rep', step, decidedBy: ['boss'] })).toBe(true);
    expect(mayDecide({ id: 'admin', role: 'admin' }, { requesterId: 'rep', step, decidedBy: ['admin'] })).toBe(false);
  });

  it('keeps every step of a tier with approvers: a manager also in deal desk is asked for both, the same admins twice stay two steps', () => {
    const policy = { ...DEFAULT_POLICY, groups: { deal_desk: ['boss'] } };
    const route = (bps: number, requester = 'rep', admins = ['admin']) =>
      resolveRoute(policy, { discountBps: bps, amountMinor: 1 }, org({ rep: 'boss' }, admins)(requester)).map((s) => s.memberIds);
    expect(route(2500)).toEqual([['boss'], ['boss']]);
    expect(route(3500)).toEqual([['boss'], ['admin']]);
    expect(route(3500, 'boss', ['admin', 'admin2'])).toEqual([
      ['admin', 'admin2'],
      ['admin', 'admin2'],
    ]);
  });

  it('routes an admin’s own request to another admin, and lets it wait with nobody named when there is none', () => {
    const onlyAdmin = org({}, ['admin'])('admin');
    expect(resolveRoute(DEFAULT_POLICY, { discountBps: 1500, amountMinor: 1 }, onlyAdmin).map((s) => s.memberIds)).toEqual([[]]);
    const twoAdmins = org({}, ['admin', 'admin2'])('admin');
    expect(resolveRoute(DEFAULT_POLICY, { discountBps: 1500, amountMinor: 1 }, twoAdmins).map((s) => s.memberIds)).toEqual([['admin2']]);
    // An admin asking on a rep's deal is not an approver of it either.
    const asking: OrgChart = { ...org({ rep: null }, ['admin', 'admin2'])('rep'), askedBy: 'admin' };
    expect(resolveRoute(DEFAULT_POLICY, { discountBps: 1500, amountMinor: 1 }, asking).map((s) => s.memberIds)).toEqual([['admin2']]);
  });

  it('hands a step whose people all decided earlier to the other admins', () => {
    expect(eligibleApprovers(['boss'], { excluded: ['rep', 'boss'], admins: ['admin'] })).toEqual(['admin']);
    expect(eligibleApprovers(['boss', 'desk'], { excluded: ['rep', 'boss'], admins: ['admin'] })).toEqual(['desk']);
    expect(eligibleApprovers(['admin'], { excluded: ['rep', 'admin'], admins: ['admin'] })).toEqual([]);
  });
});
