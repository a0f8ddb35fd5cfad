import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from './generated/postgresql/client.js';
import { ServerSqlite } from './sqlite-adapter.js';
import { ServerPostgres } from './postgres-adapter.js';

export type { Prisma } from './generated/sqlite/client.js';

/**
 * The two generated clients share one model API (same schema, different provider), so the rest of the
 * code is typed against the SQLite one.
 */
export type Db = InstanceType<typeof SqliteClient>;
export type Provider = 'sqlite' | 'postgresql';

export { DEFAULT_DATABASE_URL } from '../config/defaults.js';

export function providerOf(databaseUrl: string): Provider {
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql';
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got "${databaseUrl.split(':')[0]}:…"`);
}

/**
 * Which database a client (or a transaction client) talks to. Read from the client itself: the two
 * generated clients are distinct classes, but `instanceof` does not see through a transaction client.
 */
export function providerOfDb(db: Db): Provider {
  return (db as unknown as { _activeProvider?: string })._activeProvider === 'postgresql' ? 'postgresql' : 'sqlite';
}

/** `file:./data/x.db` → absolute path of the SQLite file, relative to the working directory. */
export function sqliteFilePath(databaseUrl: string): string {
  const raw = databaseUrl.slice('file:'.length).split('?')[0] ?? '';
  if (raw === ':memory:') return raw;
  return path.resolve(raw);
}

/** Driver adapter for a URL; also used by the schema engine to apply migrations. */
export function adapterFor(databaseUrl: string): PrismaBetterSqlite3 | PrismaPg {
  if (providerOf(databaseUrl) === 'sqlite') {
    const file = sqliteFilePath(databaseUrl);
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    // Wait for a competing writer (another process, a concurrent transaction) instead of failing at once.
    return new ServerSqlite({ url: file, timeout: 10_000 });
  }
  const { connectionString, max } = poolOptionsOf(databaseUrl);
  return new ServerPostgres({ connectionString, max });
}

/** node-postgres' own default, which the adapter used before `connection_limit` was read. */
const DEFAULT_POOL_SIZE = 10;

/**
 * The pool size from Prisma's documented `connection_limit` URL parameter (the pg adapter itself does
 * not read it, so it is taken off the URL and passed as the pool's `max`); default 10.
 */
export function poolOptionsOf(databaseUrl: string): { connectionString: string; max: number } {
  const url = new URL(databaseUrl);
  const limit = url.searchParams.get('connection_limit');
  url.searchParams.delete('connection_limit');
  const max = limit !== null && /^\d+$/.test(limit) && Number(limit) >= 1 ? Number(limit) : DEFAULT_POOL_SIZE;
  return { connectionString: limit === null ? databaseUrl : url.toString(), max };
}

/**
 * How long a transaction may wait for a connection, and run. Prisma's defaults (2 s, 5 s) turn a busy
 * moment (a burst of button presses, a large import batch) into an internal error for the user; waiting
 * a little longer answers them instead.
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 };

export function createDb(databaseUrl: string): Db {
  const adapter = adapterFor(databaseUrl);
  if (adapter instanceof ServerPostgres) return new PostgresClient({ adapter, transactionOptions: TRANSACTION_OPTIONS }) as unknown as Db;
  return new SqliteClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
}
