/**
 * What every chat adapter does with a request it will acknowledge (#13): record it first (one statement,
 * also its idempotency key), acknowledge, then do its work in one transaction with the record's
 * completion, inside the process's work limit. A request whose work cannot commit now (the database
 * is away) is left to the resumer (request-resumer.ts), which any replica runs; a request whose work
 * fails for a reason retrying cannot fix is given up at once and the person told.
 *
 * On SIGTERM the process stops taking requests (`/readyz` answers 503, see server/http.ts), finishes
 * what it acknowledged, then exits (`drain`).
 */
import type { Db } from '../store/db.js';
import { completeRequest, markFailed, recordRequest, releaseLease, type NewRequest, type WorkOutcome } from '../store/requests.js';
import type { Logger } from '../logger.js';
import type { WorkLimit } from './work-limit.js';
import type { CommandResult } from '../commands/command.js';

export type Acceptance = 'accepted' | 'duplicate' | 'unavailable';

/** Tries to record a request for this long before answering that it could not be taken (Slack waits 3 s). */
const RECORD_TRIES_MS = [0, 150, 400, 800];

export type DurableRequests = {
  /** Records the request before it is acknowledged; `unavailable` when the database could not be written. */
  accept(request: NewRequest): Promise<Acceptance>;
  /**
   * Runs an accepted request's processing (context, work, answer) in the work limit. Returns once it
   * ended; a failure is handled here (logged, left to the resumer or given up), never thrown.
   */
  process(key: string, run: () => Promise<unknown>, onGiveUp: () => Promise<void>): Promise<void>;
  /** Requests this process is working on or has queued: the resumer leaves them alone. */
  readonly inFlight: ReadonlySet<string>;
  /** True after `drain` began: adapters refuse new requests so the platform sends them elsewhere. */
  readonly draining: boolean;
  /** Stops taking requests and resolves once nothing is in flight (or `timeoutMs` passed: false). */
  drain(timeoutMs: number): Promise<boolean>;
};

export type DurableDeps = { db: Db; clock: () => Date; workLimit: WorkLimit; logger: Logger };

/** A failure a later attempt cannot fix: a programming error, not the database or the network. */
export function isPermanentFailure(error: unknown): boolean {
  return error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof SyntaxError;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createDurableRequests(deps: DurableDeps): DurableRequests {
  const inFlight = new Set<string>();
  let draining = false;
  const idle: (() => void)[] = [];

  function finished(key: string): void {
    inFlight.delete(key);
    if (inFlight.size === 0) for (const wake of idle.splice(0)) wake();
  }

  return {
    inFlight,
    get draining() {
      return draining;
    },

    async accept(request) {
      let lastError: unknown;
      for (const wait of RECORD_TRIES_MS) {
        if (wait > 0) await pause(wait);
        try {
          const outcome = await recordRequest(deps.db, request, deps.clock());
          return outcome === 'duplicate' ? 'duplicate' : 'accepted';
        } catch (error) {
          lastError = error;
        }
      }
      deps.logger.error({ err: lastError, platform: request.platform, kind: request.kind }, 'could not record a request; not accepted');
      return 'unavailable';
    },

    async process(key, run, onGiveUp) {
      inFlight.add(key);
      try {
        await deps.workLimit.run(run);
      } catch (error) {
        if (isPermanentFailure(error)) {
          deps.logger.error({ err: error, key }, 'request failed; given up');
          if (await markFailed(deps.db, key, deps.clock(), String(error)).catch(() => false)) await onGiveUp().catch(() => undefined);
        } else {
          // The database or a platform call failed: the record stays pending, for the resumer to try again.
          deps.logger.warn({ err: error, key }, 'request not finished; the resumer will try again');
          await releaseLease(deps.db, key, deps.clock()).catch(() => undefined);
        }
      } finally {
        finished(key);
      }
    },

    drain(timeoutMs) {
      draining = true;
      if (inFlight.size === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        idle.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}

/**
 * A command's result, or its unexpected error thrown: in a durable request the work is then rolled
 * back and tried again (or given up at once when it is a bug), rather than committed as "it failed".
 */
export async function unlessInternal(result: Promise<CommandResult>): Promise<CommandResult> {
  const settled = await result;
  if (settled.internal instanceof Error) throw settled.internal;
  if (settled.internal !== undefined) throw new Error('command failed', { cause: settled.internal });
  return settled;
}

/** Runs a request's work with its completion (store/requests.ts completeRequest); a transient failure is tried twice more. */
export async function doWork<T>(
  deps: Pick<DurableDeps, 'db'>,
  key: string,
  now: Date,
  work: (db: Db) => Promise<T>,
  replyOf: (value: T) => object,
): Promise<WorkOutcome<T>> {
  const tries = [0, 300, 1_000];
  let lastError: unknown;
  for (const wait of tries) {
    if (wait > 0) await pause(wait);
    try {
      return await completeRequest(deps.db, key, now, work, replyOf);
    } catch (error) {
      if (isPermanentFailure(error)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}
