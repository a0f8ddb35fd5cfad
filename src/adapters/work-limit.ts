import type { Config } from '../config/env.js';
import { poolOptionsOf, providerOf } from '../store/db.js';

/** Runs a piece of work once a place is free; see `createWorkLimit`. */
export type WorkLimit = { run<T>(task: () => Promise<T>): Promise<T> };

/**
 * At most `max` tasks run at once; the others wait their turn in the order they came (#14). Under a burst,
 * every acknowledged command running at once made each one slower (SQLite's calls hold the event loop,
 * PostgreSQL's pool is queued behind all of them) and delayed the acknowledgements of the next requests;
 * a cap keeps them fast while the queue is drained in order. A task that fails frees its place
 * like one that succeeds, and its error goes to its own caller only.
 */
export function createWorkLimit(max: number): WorkLimit {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`A work limit must be a whole number of at least 1, not ${String(max)}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  function release(): void {
    const next = waiting.shift();
    // The place passes straight to the next waiting task, so a task arriving meanwhile cannot take it first.
    if (next) next();
    else running -= 1;
  }
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running < max) running += 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

/** The default number of commands worked on at once; see `commandConcurrency`. */
const DEFAULT_CONCURRENCY = 16;

/**
 * How many acknowledged commands one process works on at once: DEALDESK_MAX_CONCURRENT_COMMANDS, or 16.
 * A place is held from the command's first statement until its answer has been delivered, so most of
 * a place's time is spent waiting (the answer's round trip to Slack or Teams, the event loop's turn
 * among the acknowledgements). Under a flood of signed commands at 50 connections, 4 places answered
 * 20–26 a second and 16 answered 66–78, 64 no more (test/bench/RESULTS.md, load at 6bf60d0), while the
 * acknowledgements stayed as fast and memory as low.
 * On PostgreSQL each running command's transaction holds a pool connection, so by default two of the
 * pool's connections are left to the acknowledgements' inserts, the resumer and the scheduler.
 */
export function commandConcurrency(config: Pick<Config, 'DATABASE_URL' | 'DEALDESK_MAX_CONCURRENT_COMMANDS'>): number {
  if (config.DEALDESK_MAX_CONCURRENT_COMMANDS !== undefined) return config.DEALDESK_MAX_CONCURRENT_COMMANDS;
  if (providerOf(config.DATABASE_URL) === 'sqlite') return DEFAULT_CONCURRENCY;
  return Math.max(1, Math.min(DEFAULT_CONCURRENCY, poolOptionsOf(config.DATABASE_URL).max - 2));
}
