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
import {
  completeRequest,
  markFailed,
  pendingPayload,
  recordRequest,
  releaseLease,
  type NewRequest,
  type WorkOutcome,
} from '../store/requests.js';
import type { Logger } from '../logger.js';
import type { WorkLimit } from './work-limit.js';
import type { CommandResult } from '../commands/command.js';

export type Acceptance = 'accepted' | 'duplicate' | 'unavailable';

/**
 * How an adapter does its recorded requests when their turn comes: one per adapter, shared by all its
 * requests. `live` is what only the live request has (e.g. Slack's trigger id); the rest is the payload,
 * read back from the request's record when the work starts.
 */
export type RequestWorker<Live> = {
  /** Does the request's work and answers it (as a resumer's redo does, with the live extras). */
  run(key: string, payload: unknown, live: Live): Promise<unknown>;
  /** Tells the person the request was given up. */
  giveUp(payload: unknown, live: Live): Promise<void>;
};

/** An acknowledged request waiting for a place in the work limit: its record's key and its live extras. */
export type QueuedRequest = { readonly key: string; readonly live: object };

type QueueEntry = QueuedRequest & { run(payload: unknown): Promise<unknown>; giveUp(payload: unknown): Promise<void> };

/**
 * Pauses between tries to record a request. Slack waits 3 s for the acknowledgement (then Bolt answers
 * 404 itself), so no try starts later than RECORD_LAST_TRY_MS after the first: on a loaded machine
 * each failing try can itself take hundreds of milliseconds.
 */
const RECORD_TRIES_MS = [0, 150, 400, 800];
const RECORD_LAST_TRY_MS = 1_200;

export type DurableRequests = {
  /** Records the request before it is acknowledged; `unavailable` when the database could not be written. */
  accept(request: NewRequest): Promise<Acceptance>;
  /**
   * Queues an accepted request's processing (context, work, answer) for the work limit and returns at
   * once, so nothing of the platform's request (its HTTP request and response, body, context) is held
   * while it waits (#14): the queue keeps the key and `live`, and the payload is read back from the
   * record when the work starts. Requests start in the order they were queued; a failure is handled as
   * in `process`.
   */
  enqueue<Live extends object>(key: string, worker: RequestWorker<Live>, live: Live): void;
  /** The queued requests that have not started yet, first come first. */
  queued(): readonly QueuedRequest[];
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
  const queue: QueueEntry[] = [];

  function finished(key: string): void {
    inFlight.delete(key);
    if (inFlight.size === 0) for (const wake of idle.splice(0)) wake();
  }

  async function processing(key: string, run: () => Promise<unknown>, onGiveUp: () => Promise<void>): Promise<void> {
    try {
      await run();
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
  }

  /** One place of the work limit, given to the queue's first request (each queued request asked for one). */
  async function startNext(): Promise<void> {
    const entry = queue.shift();
    if (!entry) return;
    let payload: unknown;
    await processing(
      entry.key,
      async () => {
        const pending = await pendingPayload(deps.db, entry.key);
        // Done or given up meanwhile (another replica took it over): nothing is left to do.
        if (!pending) return;
        payload = pending.payload;
        await entry.run(payload);
      },
      () => entry.giveUp(payload),
    );
  }

  return {
    inFlight,
    get draining() {
      return draining;
    },

    async accept(request) {
      let lastError: unknown;
      const started = Date.now();
      for (const wait of RECORD_TRIES_MS) {
        if (wait > 0) {
          if (Date.now() - started + wait > RECORD_LAST_TRY_MS) break;
          await pause(wait);
        }
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

    enqueue(key, worker, live) {
      inFlight.add(key);
      queue.push({ key, live, run: (payload) => worker.run(key, payload, live), giveUp: (payload) => worker.giveUp(payload, live) });
      void deps.workLimit.run(startNext);
    },

    queued() {
      return queue.map(({ key, live }) => ({ key, live }));
    },

    async process(key, run, onGiveUp) {
      inFlight.add(key);
      await processing(key, () => deps.workLimit.run(run), onGiveUp);
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
