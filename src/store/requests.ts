/**
 * Durable chat requests (#13): a slash command, a button press or a form is recorded in one statement
 * before the platform is told "got it"; its work and the record's completion commit in one transaction;
 * the answer is saved with the work, so a crash after the commit still answers. A record nobody
 * completes is taken over by any replica once its lease has passed (see adapters/request-resumer.ts).
 *
 *   state      meaning
 *   pending    recorded (acknowledged), its work not committed yet
 *   done       work committed with `reply`; `answeredAt` once the answer was delivered
 *   failed     given up (out of attempts, or its answer channel expired); the person was told
 *
 * The record's key is also the request's idempotency key: a platform retry records nothing new.
 */
import type { Db } from './db.js';
import { isUniqueViolation } from './processed-requests.js';

/** How long the process that acknowledged a request has it before another may take it over. */
export const REQUEST_LEASE_MS = 45_000;

export type NewRequest = { key: string; workspaceId?: string; platform: string; kind: string; payload: object };

export type RecordOutcome = 'recorded' | 'duplicate';

/**
 * A JSON value PostgreSQL's jsonb accepts: it refuses the NUL character in strings (\u0000), which a
 * person can type into Slack. The command layer drops control characters anyway, so nothing is lost.
 */
function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '');
  if (Array.isArray(value)) return value.map(storable);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storable(v)]));
  return value;
}

/** Records a request before it is acknowledged; 'duplicate' when the key is known (a platform retry). */
export async function recordRequest(db: Db, request: NewRequest, now: Date): Promise<RecordOutcome> {
  try {
    await db.processedRequest.create({
      data: {
        key: request.key,
        workspaceId: request.workspaceId ?? null,
        state: 'pending',
        platform: request.platform,
        kind: request.kind,
        payload: storable(request.payload) as object,
        createdAt: now,
        leaseUntil: new Date(now.getTime() + REQUEST_LEASE_MS),
      },
      select: { key: true },
    });
    return 'recorded';
  } catch (error) {
    if (isUniqueViolation(error)) return 'duplicate';
    throw error;
  }
}

/**
 * The payload of a request still pending, in one statement: a queued request is done from its record, so
 * the process's queue need not keep it. Null when the request is done or given up (or unknown).
 */
export async function pendingPayload(db: Db, key: string): Promise<{ payload: unknown } | null> {
  return db.processedRequest.findFirst({ where: { key, state: 'pending' }, select: { payload: true } });
}

export type WorkOutcome<T> = { done: true; value: T } | { done: false };

/**
 * Runs `work` in one transaction with the record's completion: either both commit or neither. Returns
 * `{ done: false }` without running it when the record is no longer pending (another process did it;
 * on PostgreSQL a concurrent attempt waits for the first on the record's row lock, then sees it done).
 * `work` receives the transaction as its database and must do every write through it.
 */
export async function completeRequest<T>(
  db: Db,
  key: string,
  now: Date,
  work: (tx: Db) => Promise<T>,
  replyOf: (value: T) => object,
): Promise<WorkOutcome<T>> {
  return db.$transaction(
    async (tx) => {
      const claimed = await tx.processedRequest.updateMany({ where: { key, state: 'pending' }, data: { state: 'done', completedAt: now } });
      if (claimed.count !== 1) return { done: false };
      // The transaction client has every model and raw query of the database; only connection handling differs.
      const value = await work(tx as unknown as Db);
      await tx.processedRequest.update({ where: { key }, data: { reply: storable(replyOf(value)) as object }, select: { key: true } });
      return { done: true, value };
    },
    // A request's work may be an export or an import check of a large file: longer than a single write.
    { maxWait: 10_000, timeout: 120_000 },
  );
}

/** The answer was delivered: nothing is left to do for this request. */
export async function markAnswered(db: Db, key: string, now: Date): Promise<void> {
  await db.processedRequest.updateMany({ where: { key }, data: { answeredAt: now } });
}

/** Gives a request up (the person is told by the caller); true when this call did it. */
export async function markFailed(db: Db, key: string, now: Date, reason: string): Promise<boolean> {
  const { count } = await db.processedRequest.updateMany({
    where: { key, state: 'pending' },
    data: { state: 'failed', completedAt: now, reply: { reason: reason.slice(0, 500) } },
  });
  return count === 1;
}

/** Makes a pending request free to take at once (its process could not finish it and leaves it to the resumer). */
export async function releaseLease(db: Db, key: string, now: Date): Promise<void> {
  await db.processedRequest.updateMany({ where: { key, state: 'pending' }, data: { leaseUntil: now } });
}

export type StoredRequest = {
  key: string;
  platform: string;
  kind: string;
  payload: unknown;
  reply: unknown;
  state: string;
  attempts: number;
  createdAt: Date;
};

const STORED = {
  key: true,
  platform: true,
  kind: true,
  payload: true,
  reply: true,
  state: true,
  attempts: true,
  createdAt: true,
} as const;

function stored(row: {
  key: string;
  platform: string | null;
  kind: string | null;
  payload: unknown;
  reply: unknown;
  state: string;
  attempts: number;
  createdAt: Date;
}): StoredRequest {
  return { ...row, platform: row.platform ?? '', kind: row.kind ?? '' };
}

/**
 * Takes a pending request whose lease has passed: one caller of several racing replicas gets it, with a
 * new lease and one more attempt counted. Null when someone else has it or it is no longer pending.
 */
export async function takeRequest(db: Db, key: string, now: Date, leaseMs = REQUEST_LEASE_MS): Promise<StoredRequest | null> {
  const { count } = await db.processedRequest.updateMany({
    where: { key, state: 'pending', OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] },
    data: { leaseUntil: new Date(now.getTime() + leaseMs), attempts: { increment: 1 } },
  });
  if (count !== 1) return null;
  const row = await db.processedRequest.findUnique({ where: { key }, select: STORED });
  return row ? stored(row) : null;
}

/**
 * What the resumer should look at: pending requests whose lease has passed, and done requests whose
 * answer was not delivered `answerGraceMs` after the commit. Oldest first.
 */
export async function requestsToResume(
  db: Db,
  now: Date,
  options: { answerGraceMs: number; limit: number },
): Promise<{ abandoned: StoredRequest[]; unanswered: StoredRequest[] }> {
  const abandoned = await db.processedRequest.findMany({
    where: { state: 'pending', platform: { not: null }, leaseUntil: { lte: now } },
    orderBy: { createdAt: 'asc' },
    take: options.limit,
    select: STORED,
  });
  const unanswered = await db.processedRequest.findMany({
    where: {
      state: 'done',
      platform: { not: null },
      answeredAt: null,
      completedAt: { lte: new Date(now.getTime() - options.answerGraceMs) },
    },
    orderBy: { createdAt: 'asc' },
    take: options.limit,
    select: STORED,
  });
  return { abandoned: abandoned.map(stored), unanswered: unanswered.map(stored) };
}

/** Claims the delivery of a saved answer (one replica of several); true when this caller has it. */
export async function claimAnswer(db: Db, key: string, now: Date): Promise<boolean> {
  const { count } = await db.processedRequest.updateMany({ where: { key, state: 'done', answeredAt: null }, data: { answeredAt: now } });
  return count === 1;
}

/** Gives back a delivery claimed at `claimedAt` that failed, so a later look tries again. */
export async function releaseAnswer(db: Db, key: string, claimedAt: Date): Promise<void> {
  await db.processedRequest.updateMany({ where: { key, state: 'done', answeredAt: claimedAt }, data: { answeredAt: null } });
}

/** Rolls the transaction back when the record exists: the request was done before. */
class Duplicate extends Error {}

/**
 * For a request whose acknowledgement is its answer (a Teams activity: the HTTP response goes back once
 * the turn ends): its record and its work commit together, so a crash leaves no record behind and the
 * platform's redelivery does the work; a redelivery of a committed request gets `{ done: false }`.
 */
export async function doOnce<T>(
  db: Db,
  request: Omit<NewRequest, 'payload'>,
  now: Date,
  work: (tx: Db) => Promise<T>,
): Promise<WorkOutcome<T>> {
  try {
    return await db.$transaction(
      async (tx) => {
        try {
          await tx.processedRequest.create({
            data: {
              key: request.key,
              workspaceId: request.workspaceId ?? null,
              state: 'done',
              platform: request.platform,
              kind: request.kind,
              createdAt: now,
              completedAt: now,
              answeredAt: now,
            },
            select: { key: true },
          });
        } catch (error) {
          if (isUniqueViolation(error)) throw new Duplicate('duplicate request');
          throw error;
        }
        return { done: true as const, value: await work(tx as unknown as Db) };
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
  } catch (error) {
    if (error instanceof Duplicate) return { done: false };
    throw error;
  }
}
