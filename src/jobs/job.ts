/**
 * What a scheduled job is, for the runner: which (recipient, slot) pairs are due now, and how to run
 * one. A job never deals with claiming, retries or leases — the runner does, so every job gets the
 * same exactly-once guarantee (see src/store/schedule-slots.ts).
 */
import type { PlatformId } from '../commands/context.js';
import type { Db } from '../store/db.js';
import type { Logger } from '../logger.js';
import type { Screen } from '../views/screen.js';

export type DueSlot<Payload = unknown> = {
  /** Who or what receives it, stable across ticks, e.g. `member:<id>` or `request:<id>`. */
  recipientKey: string;
  /** The scheduled instant (UTC); with the job and recipient it names the slot. */
  slotAt: Date;
  workspaceId: string | null;
  /** Delivered after its time (the bot was down, or a retry). Unset: the runner decides from `now`. */
  late?: boolean;
  /** Whatever `dueSlots` already loaded that `run` needs. Not stored: recomputed on every tick. */
  payload?: Payload;
};

export type JobContext = { db: Db; now: Date };

export type RunContext = JobContext & {
  deliver: Deliverer;
  logger: Logger;
  /** 1 for the first attempt; higher after a retry or a takeover from a process that died. */
  attempt: number;
};

export type JobDefinition<Payload = unknown> = {
  /** Stable: it is part of every slot's key. Renaming a job re-sends its current slots. */
  name: string;
  /**
   * The slots due at `now`: scheduled at or before `now` and still within their catch-up window
   * (see dailySlotsDue, elapsedSlots). Return the same slots on every tick while they are due; the
   * runner skips the settled ones. Load recipients in a few bounded queries, not one per recipient.
   */
  dueSlots(ctx: JobContext): Promise<DueSlot<Payload>[]>;
  /**
   * Builds and delivers one slot. Build everything first, then deliver (in order, one call after
   * another), and throw on failure (a DeliveryError says whether to retry); the runner records the
   * outcome right after this returns. The runner counts the messages the platform accepted, and a
   * later attempt (a retry, or a takeover after a crash) skips that many: so the same slot must
   * produce the same messages in the same order on every attempt.
   */
  run(slot: DueSlot<Payload> & { late: boolean }, ctx: RunContext): Promise<void>;
  /** Attempts before a retryable failure is given up; defaults to the runner's. */
  maxAttempts?: number;
};

export type DeliveryTarget = {
  workspaceId: string;
  memberId?: string;
  teamId?: string;
  /** The platform to use; unset: wherever the member or team is reachable. */
  platform?: PlatformId;
};

/**
 * Told of each message the platform accepted, in order, so a slot of several messages is resumed at
 * the first unsent one. Throws a LeaseLostError when another process has taken the slot over: the
 * caller must then send nothing more.
 */
export type DeliveryProgress = { sent(): Promise<void> };

/**
 * Sends screens to a member or team, one message per screen; the Slack and Teams adapters implement
 * it. A deliverer that does not report `progress` has each call's screens counted when it returns.
 */
export type Deliverer = {
  deliver(target: DeliveryTarget, screens: Screen[], progress?: DeliveryProgress): Promise<void>;
};

/** The slot now belongs to another process (this one's lease ran out): stop sending. */
export class LeaseLostError extends Error {
  constructor() {
    super('another process took this scheduled slot over');
    this.name = 'LeaseLostError';
  }
}

/** A failed delivery that says whether trying again later may work. */
export class DeliveryError extends Error {
  readonly retryable: boolean;

  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeliveryError';
    this.retryable = options.retryable;
  }
}

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'slack_webapi_rate_limited_error']);

/**
 * Worth retrying: an explicit `retryable` flag (DeliveryError), an HTTP 429 or 5xx status, or a
 * transient network error. Anything else (a bug, a 4xx) is not: retrying would fail the same way.
 */
export function isRetryableError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const fields = error as { retryable?: unknown; statusCode?: unknown; status?: unknown; code?: unknown };
  if (typeof fields.retryable === 'boolean') return fields.retryable;
  const status = typeof fields.statusCode === 'number' ? fields.statusCode : fields.status;
  if (typeof status === 'number') return status === 429 || status >= 500;
  return typeof fields.code === 'string' && TRANSIENT_CODES.has(fields.code);
}
