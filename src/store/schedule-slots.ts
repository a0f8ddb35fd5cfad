/**
 * Exactly-once bookkeeping for scheduled work: one ScheduleSlot row per (job, recipient, slot instant).
 *
 * Claiming is an insert guarded by the unique index, so among any number of processes and replicas
 * sharing the database exactly one wins a slot. Every later change of hands is a conditional update
 * that names the `attempts` value it observed (an optimistic version): two processes racing to take
 * over the same row both send it, and only one matches.
 *
 * Row states:
 *   claimed                       a process is working on it (or died doing so: see the lease)
 *   done                          delivered; `completedAt` set
 *   failed, completedAt null      failed in a way worth retrying (rate limit, 5xx); taken again later
 *   failed, completedAt set       given up (not retryable, out of attempts, or no longer due)
 *
 * The lease: the owner renews its claim (`renewClaim`) while it works, so a claim not renewed within the
 * lease belongs to a process that died (or hung) mid-run, and may be taken over. A slot of several
 * messages counts each one the platform accepted (`recordDelivered`), so a takeover resumes at the first
 * unsent message. The one window this cannot close is a crash between the platform accepting a message
 * and that record: that one message is then sent again after the lease (at-least-once for it).
 */
import type { Db } from './db.js';
import { isUniqueViolation } from './processed-requests.js';
import { deleteInBatches, type BatchLimits, type PurgeResult } from './retention.js';

export type SlotKey = { job: string; recipientKey: string; slotAt: Date };
/** A slot row's id, or its key. */
export type SlotRef = string | SlotKey;
/** Proof of ownership: who claimed the slot and which attempt; a stale owner's writes then miss. */
export type SlotClaim = { claimedBy: string; attempts: number };

export type ClaimedSlot = SlotKey & {
  id: string;
  workspaceId: string | null;
  late: boolean;
  claimedBy: string;
  attempts: number;
  /** How many of the slot's messages earlier attempts delivered; a run resumes after them. */
  delivered: number;
};

export type ClaimSlotOptions = SlotKey & {
  workspaceId?: string | null;
  claimedBy: string;
  late?: boolean;
  /** Wall-clock time of the claim (the lease starts here); defaults to the system clock. */
  now?: Date;
};

const claimedSlotSelect = {
  id: true,
  job: true,
  recipientKey: true,
  slotAt: true,
  workspaceId: true,
  late: true,
  claimedBy: true,
  attempts: true,
  delivered: true,
} as const;

/** Inserts the slot as claimed; false when any process (this one included) already has a row for it. */
export async function claimSlot(db: Db, options: ClaimSlotOptions): Promise<boolean> {
  const { job, recipientKey, slotAt, claimedBy } = options;
  try {
    await db.scheduleSlot.create({
      data: {
        job,
        recipientKey,
        slotAt,
        claimedBy,
        workspaceId: options.workspaceId ?? null,
        late: options.late ?? false,
        claimedAt: options.now ?? new Date(),
        attempts: 1,
      },
      select: { id: true },
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

function whereRef(ref: SlotRef): { id: string } | SlotKey {
  return typeof ref === 'string' ? { id: ref } : { job: ref.job, recipientKey: ref.recipientKey, slotAt: ref.slotAt };
}

function whereOwned(ref: SlotRef, owner: SlotClaim | undefined) {
  return { ...whereRef(ref), status: 'claimed', ...(owner ? { claimedBy: owner.claimedBy, attempts: owner.attempts } : {}) };
}

/**
 * Marks a claimed slot done. With `owner`, only if the claim is still that owner's: false means the
 * lease ran out and another process took the slot over (it will deliver; this one must not record).
 */
export async function completeSlot(
  db: Db,
  ref: SlotRef,
  options: { owner?: SlotClaim; now?: Date; late?: boolean } = {},
): Promise<boolean> {
  const { count } = await db.scheduleSlot.updateMany({
    where: whereOwned(ref, options.owner),
    data: {
      status: 'done',
      completedAt: options.now ?? new Date(),
      error: null,
      ...(options.late === undefined ? {} : { late: options.late }),
    },
  });
  return count === 1;
}

/**
 * Keeps the owner's claim alive: moves `claimedAt` to `now` while the claim is still this owner's.
 * False means the lease ran out and another process took the slot over.
 */
export async function renewClaim(db: Db, ref: SlotRef, owner: SlotClaim, now: Date): Promise<boolean> {
  const { count } = await db.scheduleSlot.updateMany({ where: whereOwned(ref, owner), data: { claimedAt: now } });
  return count === 1;
}

/**
 * Records that the first `delivered` messages of the slot went out (which also renews the claim), in
 * one conditional update on the row and its owner. False means another process owns the slot now.
 */
export async function recordDelivered(db: Db, ref: SlotRef, owner: SlotClaim, delivered: number, now: Date): Promise<boolean> {
  const { count } = await db.scheduleSlot.updateMany({ where: whereOwned(ref, owner), data: { delivered, claimedAt: now } });
  return count === 1;
}

export type FailSlotOptions = {
  /** Worth another attempt on a later tick (the runner decides, from the error and the attempts left). */
  retryable: boolean;
  owner?: SlotClaim;
  now?: Date;
};

/** Records a failed attempt; a retryable one stays open (completedAt null) for a later tick. */
export async function failSlot(db: Db, ref: SlotRef, error: string, options: FailSlotOptions): Promise<boolean> {
  const { count } = await db.scheduleSlot.updateMany({
    where: whereOwned(ref, options.owner),
    data: { status: 'failed', error: error.slice(0, 2000), completedAt: options.retryable ? null : (options.now ?? new Date()) },
  });
  return count === 1;
}

export type ReclaimOptions = {
  /** Claims made before this instant have outlived their lease. */
  olderThan: Date;
  claimedBy: string;
  /** Wall-clock time of the takeover (the new lease starts here); defaults to the system clock. */
  now?: Date;
  /** Only slots of these jobs (a process takes over only what it knows how to run). */
  jobs?: string[];
  /** At most this many per call; the rest wait for the next call. */
  limit?: number;
};

/**
 * Takes over claims whose process died or hung: each stale row goes to exactly one caller, with
 * `attempts` + 1. Returns the slots this caller now owns.
 */
export async function reclaimStaleSlots(db: Db, options: ReclaimOptions): Promise<ClaimedSlot[]> {
  const { olderThan, claimedBy } = options;
  const stale = await db.scheduleSlot.findMany({
    where: { status: 'claimed', claimedAt: { lt: olderThan }, ...(options.jobs ? { job: { in: options.jobs } } : {}) },
    orderBy: { claimedAt: 'asc' },
    take: options.limit ?? 100,
    select: claimedSlotSelect,
  });
  const now = options.now ?? new Date();
  const reclaimed: ClaimedSlot[] = [];
  for (const row of stale) {
    const { count } = await db.scheduleSlot.updateMany({
      where: { id: row.id, status: 'claimed', attempts: row.attempts, claimedAt: { lt: olderThan } },
      data: { claimedBy, claimedAt: now, attempts: row.attempts + 1 },
    });
    if (count === 1) reclaimed.push({ ...row, claimedBy, attempts: row.attempts + 1 });
  }
  return reclaimed;
}

export type SlotState = ClaimedSlot & { status: string; claimedAt: Date; completedAt: Date | null };

/**
 * The rows of `job` for these recipients and instants, so a runner skips settled slots without a
 * write each. One query: the recipients and instants of one job's due slots, bounded by the caller.
 */
export async function findSlotStates(db: Db, job: string, keys: readonly Omit<SlotKey, 'job'>[]): Promise<SlotState[]> {
  if (keys.length === 0) return [];
  const recipients = [...new Set(keys.map((key) => key.recipientKey))];
  const instants = [...new Set(keys.map((key) => key.slotAt.getTime()))].map((ms) => new Date(ms));
  return db.scheduleSlot.findMany({
    where: { job, recipientKey: { in: recipients }, slotAt: { in: instants } },
    select: { ...claimedSlotSelect, status: true, claimedAt: true, completedAt: true },
  });
}

/**
 * Takes over one slot in the state the caller observed (`attempts` is the version): a failed attempt
 * worth retrying, or a claim past its lease. Exactly one of several racing callers gets it.
 */
export async function takeOverSlot(
  db: Db,
  observed: SlotState,
  options: { claimedBy: string; late?: boolean; now?: Date },
): Promise<ClaimedSlot | null> {
  const late = options.late ?? observed.late;
  const { count } = await db.scheduleSlot.updateMany({
    where: {
      id: observed.id,
      status: observed.status,
      attempts: observed.attempts,
      ...(observed.status === 'failed' ? { completedAt: null } : {}),
    },
    data: { status: 'claimed', claimedBy: options.claimedBy, claimedAt: options.now ?? new Date(), attempts: observed.attempts + 1, late },
  });
  if (count !== 1) return null;
  const { id, job, recipientKey, slotAt, workspaceId, delivered } = observed;
  return { id, job, recipientKey, slotAt, workspaceId, late, claimedBy: options.claimedBy, attempts: observed.attempts + 1, delivered };
}

/**
 * Deletes settled slots (done, or failed and given up) that finished before `before` and whose own
 * instant is before it too, in batches (see deleteInBatches). Open slots (claimed, or failed and
 * waiting for a retry) always stay. The caller keeps `before` behind every job's catch-up window: a
 * deleted slot that its job still finds due would run again.
 */
export async function deleteSettledSlotsBefore(db: Db, before: Date, limits?: BatchLimits): Promise<PurgeResult> {
  // A slot is claimed before it completes, so `claimedAt` is older still; saying so lets the
  // (status, claimedAt) index find the rows.
  const settled = {
    status: { in: ['done', 'failed'] },
    completedAt: { lt: before },
    claimedAt: { lt: before },
    slotAt: { lt: before },
  };
  return deleteInBatches(
    async (take) =>
      (await db.scheduleSlot.findMany({ where: settled, orderBy: { claimedAt: 'asc' }, take, select: { id: true } })).map((row) => row.id),
    async (ids) => (await db.scheduleSlot.deleteMany({ where: { id: { in: ids }, ...settled } })).count,
    limits,
  );
}
