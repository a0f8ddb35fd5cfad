import type { Db, Prisma } from './db.js';
import { DomainError } from '../domain/errors.js';
import { DEFAULT_POLICY, validatePolicy, type DiscountPolicy, type OrgChart, type RouteStep } from '../domain/discount-policy.js';
import { toSafeNumber } from '../domain/reports.js';
import { memberNames, orgMembers } from './members.js';
import { applyDiscount } from '../domain/money.js';
import { dealRef } from '../domain/deal.js';

export type DiscountDecisionRecord = {
  step: number;
  approverId: string;
  approverName: string;
  decision: string;
  reason: string | null;
  at: Date;
};

export type DiscountRequestRecord = {
  id: string;
  workspaceId: string;
  dealId: string;
  dealNumber: number;
  requesterId: string;
  requesterName: string;
  discountBps: number;
  reason: string;
  listAmountMinor: number;
  netAmountMinor: number;
  currency: string;
  /** pending | approved | rejected | cancelled | auto_approved */
  status: string;
  route: RouteStep[];
  step: number;
  currentApproverId: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  remindedAt: Date | null;
  escalatedAt: Date | null;
  version: number;
  decisions: DiscountDecisionRecord[];
};

const requestSelect = {
  id: true,
  workspaceId: true,
  dealId: true,
  requesterId: true,
  discountBps: true,
  reason: true,
  listAmountMinor: true,
  netAmountMinor: true,
  currency: true,
  status: true,
  route: true,
  step: true,
  currentApproverId: true,
  createdAt: true,
  decidedAt: true,
  remindedAt: true,
  escalatedAt: true,
  version: true,
} as const satisfies Prisma.DiscountRequestSelect;

type RequestRow = Prisma.DiscountRequestGetPayload<{ select: typeof requestSelect }>;

/**
 * Requests with their deal numbers, decisions and names (#14): read for every row at once, three
 * statements for any number of rows (none for none), where nested selects cost four or five for each
 * list, even an empty one. Give `names` (member id → name) when the caller has read the members already.
 */
async function withDetails(db: Db, rows: readonly RequestRow[], names?: ReadonlyMap<string, string>): Promise<DiscountRequestRecord[]> {
  if (rows.length === 0) return [];
  // One after the other: `db` may be a request's transaction, whose one connection takes one query at a time.
  const decisions = await db.discountDecision.findMany({
    where: { requestId: { in: rows.map((row) => row.id) } },
    select: { requestId: true, step: true, approverId: true, decision: true, reason: true, at: true },
    orderBy: { step: 'asc' },
  });
  // Every caller's rows are one workspace's; deals and people are read within it.
  const workspaceId = rows[0]?.workspaceId ?? '';
  const deals = await db.deal.findMany({
    where: { workspaceId, id: { in: [...new Set(rows.map((row) => row.dealId))] } },
    select: { id: true, number: true },
  });
  const people = [...new Set([...rows.map((row) => row.requesterId), ...decisions.map((d) => d.approverId)])];
  const missing = people.filter((id) => !names?.has(id));
  const read = await memberNames(db, workspaceId, missing);
  const nameOf = new Map([...(names ?? []), ...read]);
  const numbers = new Map(deals.map((deal) => [deal.id, deal.number]));
  return rows.map(({ listAmountMinor, netAmountMinor, route, ...rest }) => ({
    ...rest,
    dealNumber: numbers.get(rest.dealId) ?? 0,
    requesterName: nameOf.get(rest.requesterId) ?? '',
    listAmountMinor: toSafeNumber(listAmountMinor),
    netAmountMinor: toSafeNumber(netAmountMinor),
    route: (Array.isArray(route) ? route : []) as RouteStep[],
    decisions: decisions
      .filter((d) => d.requestId === rest.id)
      .map(({ requestId: _request, ...d }) => ({ ...d, approverName: nameOf.get(d.approverId) ?? '' })),
  }));
}

async function withDetailsOf(db: Db, row: RequestRow | null): Promise<DiscountRequestRecord | null> {
  return row ? ((await withDetails(db, [row]))[0] ?? null) : null;
}

export async function loadPolicy(db: Db, workspaceId: string): Promise<DiscountPolicy> {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { approvalPolicy: true } });
  return workspace.approvalPolicy === null ? DEFAULT_POLICY : validatePolicy(workspace.approvalPolicy);
}

/**
 * Changes the policy under a lock on the workspace's row: two admins changing it at once (one a tier,
 * the other a group) are taken one after the other, and each change is applied to the other's result.
 * `change` must be pure: it runs inside the transaction.
 */
export async function changePolicy(
  db: Db,
  workspaceId: string,
  change: (policy: DiscountPolicy) => DiscountPolicy,
): Promise<DiscountPolicy> {
  return db.$transaction(async (tx) => {
    const locked = await tx.workspace.update({
      where: { id: workspaceId },
      data: { nextDealNumber: { increment: 0 } },
      select: { approvalPolicy: true },
    });
    const next = change(locked.approvalPolicy === null ? DEFAULT_POLICY : validatePolicy(locked.approvalPolicy));
    await tx.workspace.update({ where: { id: workspaceId }, data: { approvalPolicy: next }, select: { id: true } });
    return next;
  });
}

/** The org chart a route is resolved on: `requesterId` is the deal's owner, `askedBy` who asks when someone else. */
export async function orgChart(db: Db, workspaceId: string, requesterId: string, askedBy?: string): Promise<OrgChart> {
  const members = await orgMembers(db, workspaceId);
  // Only active people are listed: a deactivated manager or group member is passed over (the admins decide instead).
  const managers = new Map(members.map((m) => [m.id, m.managerId]));
  const isActive = (id: string) => managers.has(id);
  return {
    requesterId,
    ...(askedBy !== undefined && askedBy !== requesterId ? { askedBy } : {}),
    managerOf: (id) => {
      const manager = managers.get(id) ?? null;
      return manager !== null && isActive(manager) ? manager : null;
    },
    admins: members.filter((m) => m.role === 'admin').map((m) => m.id),
    isActive,
  };
}

export async function findRequest(db: Db, workspaceId: string, id: string): Promise<DiscountRequestRecord | null> {
  return withDetailsOf(db, await db.discountRequest.findFirst({ where: { id, workspaceId }, select: requestSelect }));
}

export async function findPendingRequestForDeal(db: Db, workspaceId: string, dealId: string): Promise<DiscountRequestRecord | null> {
  const row = await db.discountRequest.findFirst({
    where: { workspaceId, dealId, status: 'pending' },
    select: requestSelect,
    orderBy: { createdAt: 'desc' },
  });
  return withDetailsOf(db, row);
}

function historyRows(db: Db, workspaceId: string, requesterId: string, limit: number): Promise<RequestRow[]> {
  return db.discountRequest.findMany({
    where: { workspaceId, requesterId },
    select: requestSelect,
    orderBy: { createdAt: 'desc' },
    take: limit,
  });
}

function pendingRows(db: Db, workspaceId: string | undefined, limit: number): Promise<RequestRow[]> {
  return db.discountRequest.findMany({
    where: { status: 'pending', ...(workspaceId ? { workspaceId } : {}) },
    select: requestSelect,
    orderBy: { createdAt: 'asc' },
    take: limit,
  });
}

/** The last requests of a rep, newest first, for the approver's card; `names` as for `withDetails`. */
export async function discountHistory(
  db: Db,
  workspaceId: string,
  requesterId: string,
  limit: number,
  names?: ReadonlyMap<string, string>,
): Promise<DiscountRequestRecord[]> {
  return withDetails(db, await historyRows(db, workspaceId, requesterId, limit), names);
}

/** Pending requests of a workspace (bounded), for "what waits for me" and the scheduler. */
export async function pendingRequests(db: Db, workspaceId?: string, limit = 500): Promise<DiscountRequestRecord[]> {
  return withDetails(db, await pendingRows(db, workspaceId, limit));
}

/** The workspace's pending requests and a member's own last `limit`, with their details read once for both lists. */
export async function pendingAndOwnRequests(
  db: Db,
  workspaceId: string,
  memberId: string,
  limit: number,
): Promise<{ pending: DiscountRequestRecord[]; own: DiscountRequestRecord[] }> {
  const pending = await pendingRows(db, workspaceId, 500);
  const own = await historyRows(db, workspaceId, memberId, limit);
  const records = new Map(
    (await withDetails(db, [...pending, ...own.filter((row) => !pending.some((p) => p.id === row.id))])).map((r) => [r.id, r]),
  );
  const recordOf = (row: RequestRow) => records.get(row.id) as DiscountRequestRecord;
  return { pending: pending.map(recordOf), own: own.map(recordOf) };
}

export type NewDiscountRequest = {
  workspaceId: string;
  deal: { id: string; version: number; number: number };
  requesterId: string;
  discountBps: number;
  reason: string;
  listAmountMinor: number;
  netAmountMinor: number;
  currency: string;
  route: RouteStep[];
  now: Date;
};

/**
 * Files the request and its event; with an empty route (below the first threshold) it is approved at
 * once and the net amount applied, all in one transaction. A pending request holds its deal's id in
 * `pendingDealId`, whose unique index makes the database refuse a second one, even from a concurrent
 * transaction that also counted none.
 */
export async function createDiscountRequest(db: Db, input: NewDiscountRequest): Promise<DiscountRequestRecord> {
  try {
    return await fileDiscountRequest(db, input);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('discount.already_pending', { deal: dealRef(input.deal.number) });
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';
}

async function fileDiscountRequest(db: Db, input: NewDiscountRequest): Promise<DiscountRequestRecord> {
  const auto = input.route.length === 0;
  const id = await db.$transaction(async (tx) => {
    const pending = await tx.discountRequest.count({ where: { dealId: input.deal.id, status: 'pending' } });
    if (pending > 0) throw new DomainError('discount.already_pending', { deal: dealRef(input.deal.number) });
    const created = await tx.discountRequest.create({
      data: {
        workspaceId: input.workspaceId,
        dealId: input.deal.id,
        requesterId: input.requesterId,
        discountBps: input.discountBps,
        reason: input.reason,
        listAmountMinor: BigInt(input.listAmountMinor),
        netAmountMinor: BigInt(input.netAmountMinor),
        currency: input.currency,
        status: auto ? 'auto_approved' : 'pending',
        pendingDealId: auto ? null : input.deal.id,
        route: input.route,
        step: 0,
        currentApproverId: input.route[0]?.memberIds[0] ?? null,
        dealVersion: input.deal.version,
        decidedAt: auto ? input.now : null,
        createdAt: input.now,
      },
      select: { id: true },
    });
    const event = {
      workspaceId: input.workspaceId,
      dealId: input.deal.id,
      actorId: input.requesterId,
      at: input.now,
      currency: input.currency,
    };
    const details = {
      requestId: created.id,
      discountBps: input.discountBps,
      reason: input.reason,
      listAmountMinor: input.listAmountMinor,
      netAmountMinor: input.netAmountMinor,
    };
    await tx.dealEvent.create({
      data: { ...event, type: 'discount_requested', amountMinor: BigInt(input.listAmountMinor), after: details },
    });
    if (auto) {
      await applyNetAmount(tx, input.deal.id, input.listAmountMinor, input.netAmountMinor, input.discountBps, input.now);
      await tx.dealEvent.create({
        data: {
          ...event,
          type: 'discount_decided',
          amountMinor: BigInt(input.netAmountMinor),
          before: { amountMinor: input.listAmountMinor },
          after: { ...details, decision: 'auto_approved' },
        },
      });
    }
    return created.id;
  });
  return readCommitted(db, id);
}

/**
 * The request with its decisions, read after the transaction: a nested select runs its relation
 * queries concurrently, which a transaction's single connection would have to queue.
 */
async function readCommitted(db: Db, id: string): Promise<DiscountRequestRecord> {
  const [record] = await withDetails(db, [await db.discountRequest.findUniqueOrThrow({ where: { id }, select: requestSelect })]);
  if (!record) throw new Error(`Discount request ${id} vanished`);
  return record;
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

async function applyNetAmount(tx: Tx, dealId: string, listMinor: number, netMinor: number, discountBps: number, now: Date): Promise<void> {
  await tx.deal.update({
    where: { id: dealId },
    data: {
      amountMinor: BigInt(netMinor),
      listAmountMinor: BigInt(listMinor),
      discountBps,
      lastActivityAt: now,
      version: { increment: 1 },
    },
    select: { id: true },
  });
}

export type Decision = {
  request: DiscountRequestRecord;
  approverId: string;
  approverName: string;
  decision: 'approved' | 'rejected';
  reason: string | null;
  now: Date;
  /** When the deal's amount changed while pending, the approved percentage applies to the current amount. */
  currentAmountMinor: number;
  /** The route with the next step's approvers worked out for this decision (separation of duties). */
  route: RouteStep[];
};

/**
 * Records one decision. The pending request is updated only if it is still at the step and version
 * that was read, so a double click, a retry or two approvers at once yield exactly one decision.
 * Returns null when someone else decided first.
 */
export async function decideDiscount(db: Db, input: Decision): Promise<DiscountRequestRecord | null> {
  const { request } = input;
  const last = request.step >= request.route.length - 1;
  const final = input.decision === 'rejected' || last;
  const status = input.decision === 'rejected' ? 'rejected' : last ? 'approved' : 'pending';
  const next = !final ? (input.route[request.step + 1]?.memberIds[0] ?? null) : null;
  // What the conditional update below writes, so the request need not be read again (#14: four statements).
  const after: DiscountRequestRecord = {
    ...request,
    status,
    route: input.route,
    step: final ? request.step : request.step + 1,
    currentApproverId: next,
    decidedAt: final ? input.now : null,
    remindedAt: null,
    escalatedAt: null,
    version: request.version + 1,
    decisions: [
      ...request.decisions,
      {
        step: request.step,
        approverId: input.approverId,
        approverName: input.approverName,
        decision: input.decision,
        reason: input.reason,
        at: input.now,
      },
    ],
  };
  try {
    const decided = await db.$transaction(async (tx) => {
      const { count } = await tx.discountRequest.updateMany({
        where: { id: request.id, status: 'pending', step: request.step, version: request.version },
        data: {
          status,
          pendingDealId: final ? null : request.dealId,
          route: after.route,
          step: after.step,
          currentApproverId: after.currentApproverId,
          decidedAt: after.decidedAt,
          remindedAt: null,
          escalatedAt: null,
          version: { increment: 1 },
        },
      });
      if (count !== 1) return false;
      await tx.discountDecision.create({
        data: {
          requestId: request.id,
          step: request.step,
          approverId: input.approverId,
          decision: input.decision,
          reason: input.reason,
          at: input.now,
        },
      });
      const event = {
        workspaceId: request.workspaceId,
        dealId: request.dealId,
        actorId: input.approverId,
        at: input.now,
        currency: request.currency,
        type: 'discount_decided',
      };
      const details = {
        requestId: request.id,
        step: request.step,
        decision: input.decision,
        reason: input.reason,
        discountBps: request.discountBps,
      };
      if (status === 'approved') {
        const list = input.currentAmountMinor === request.listAmountMinor ? request.listAmountMinor : input.currentAmountMinor;
        const net = list === request.listAmountMinor ? request.netAmountMinor : applyDiscount(list, request.discountBps);
        await applyNetAmount(tx, request.dealId, list, net, request.discountBps, input.now);
        await tx.dealEvent.create({
          data: { ...event, amountMinor: BigInt(net), before: { amountMinor: list }, after: { ...details, netAmountMinor: net } },
        });
      } else {
        await tx.dealEvent.create({ data: { ...event, after: details } });
      }
      return true;
    });
    return decided ? after : null;
  } catch (error) {
    // The unique (request, step) decision row is the last line of defence against a concurrent decision.
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** The requester withdraws a pending request; false when it was decided or withdrawn already. */
export async function cancelDiscount(db: Db, request: DiscountRequestRecord, actorId: string, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.discountRequest.updateMany({
      where: { id: request.id, status: 'pending', version: request.version },
      data: { status: 'cancelled', pendingDealId: null, decidedAt: now, currentApproverId: null, version: { increment: 1 } },
    });
    if (count !== 1) return false;
    await tx.dealEvent.create({
      data: {
        workspaceId: request.workspaceId,
        dealId: request.dealId,
        actorId,
        at: now,
        type: 'discount_decided',
        after: { requestId: request.id, decision: 'cancelled' },
      },
    });
    return true;
  });
}

/** Escalation: the current step is also offered to `memberIds` (the approver's manager, or admins). */
export async function escalateStep(db: Db, request: DiscountRequestRecord, memberIds: string[], now: Date): Promise<boolean> {
  const route = request.route.map((step, index) =>
    index === request.step ? { ...step, memberIds: [...new Set([...step.memberIds, ...memberIds])] } : step,
  );
  const { count } = await db.discountRequest.updateMany({
    where: { id: request.id, status: 'pending', step: request.step, version: request.version },
    data: { route: route, escalatedAt: now, version: { increment: 1 } },
  });
  return count === 1;
}

export async function markReminded(db: Db, request: DiscountRequestRecord, now: Date): Promise<void> {
  await db.discountRequest.updateMany({ where: { id: request.id, status: 'pending', step: request.step }, data: { remindedAt: now } });
}

export type CardMessageRef = { platform: string; channelId: string; messageId: string };

/** A posted card that shows a request or a deal, so every copy can be updated when it changes. */
export async function recordCardMessage(
  db: Db,
  input: CardMessageRef & { workspaceId: string; kind: 'deal' | 'approval'; subjectId: string },
): Promise<void> {
  await db.cardMessage.upsert({
    where: { platform_channelId_messageId: { platform: input.platform, channelId: input.channelId, messageId: input.messageId } },
    create: input,
    update: { kind: input.kind, subjectId: input.subjectId },
    select: { id: true },
  });
}

export async function cardMessagesFor(db: Db, platform: string, kind: 'deal' | 'approval', subjectId: string): Promise<CardMessageRef[]> {
  return db.cardMessage.findMany({ where: { platform, kind, subjectId }, select: { platform: true, channelId: true, messageId: true } });
}
