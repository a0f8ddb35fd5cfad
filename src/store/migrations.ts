// Applying migrations at run time, with the database drivers only (better-sqlite3, pg) and no part of
// Prisma: the committed prisma/migrations/<provider>/<name>/migration.sql files, in name order, each
// in its own transaction, recorded in Prisma's own `_prisma_migrations` table with Prisma's checksums.
// So `prisma migrate deploy` and `prisma migrate status` on a machine with the native engine agree
// with us. Writing migrations and checking for drift (developer time) use Prisma's WASM schema engine:
// see migrate-engine.ts, which start-up never loads.
//
// Where we differ from `prisma migrate deploy`, on purpose: a migration that fails is rolled back
// (so nothing of it remains and no failed row is recorded), and start-up refuses a database that has
// a migration this version does not know or whose file was changed after it was applied.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { providerOf, sqliteFilePath, type Provider } from './db.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const migrationsRoot = path.join(repoRoot, 'prisma', 'migrations');
export const MIGRATION_LOCK_FILE = 'migration_lock.toml';

/**
 * Prisma's own advisory lock key for migrations (prisma-engines, postgres flavour), so that we and a
 * native `prisma migrate deploy` never apply migrations to one database at the same time.
 */
export const PRISMA_PG_LOCK_KEY = 72707369;

/** Migration folder of a provider: prisma/migrations/<provider>. */
export function migrationsDir(provider: Provider): string {
  return path.join(migrationsRoot, provider);
}

export type MigrationErrorCode = 'unknown_migration' | 'changed_migration' | 'unfinished_migration' | 'failed_migration' | 'missing_script';

/** Why migrations were refused or failed; `message` is one sentence for the operator that says what to do. */
export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    readonly migration: string,
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export type CommittedMigration = {
  /** Folder name, e.g. 20261123113519_init. */
  name: string;
  /** The migration.sql text. */
  script: string;
  /** Its checksum as Prisma records it. */
  checksum: string;
};

export type ApplyMigrationsOptions = {
  /** Folder of migrations to apply instead of prisma/migrations/<provider> (tests). */
  dir?: string;
};

/**
 * Apply the committed migrations of the URL's provider that the database does not have yet; a no-op
 * when it is up to date. Throws a MigrationError, before applying anything, when the database has a
 * migration that is not committed, one whose file changed since, or one that never finished.
 */
export async function applyMigrations(databaseUrl: string, options: ApplyMigrationsOptions = {}): Promise<{ applied: string[] }> {
  const provider = providerOf(databaseUrl);
  const dir = options.dir ?? migrationsDir(provider);
  return withMigrationLock(databaseUrl, async (history) => {
    const committed = readCommittedMigrations(dir);
    const pending = pendingMigrations(committed, await history.records(), dir);
    const applied: string[] = [];
    for (const migration of pending) {
      try {
        await history.apply(migration);
      } catch (error) {
        const reason =
          sanitizeError(error, databaseUrl)
            .message.split('\n')[0]
            ?.replace(/[.\s]+$/, '') ?? '';
        throw new MigrationError(
          'failed_migration',
          migration.name,
          `Migration ${migration.name} failed and was rolled back, so nothing of it was applied (${reason}): ` +
            'fix the cause, then start DealDesk again.',
        );
      }
      applied.push(migration.name);
    }
    await history.analyze(applied.length > 0);
    return { applied };
  });
}

/** Prisma's checksum of a migration script: SHA-256 of its UTF-8 bytes, as 64 lower-case hex digits. */
export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

/**
 * Whether `script` matches a recorded checksum, as Prisma decides it: with the line endings as they
 * are, as LF, or as CRLF (git may convert them), and in the unpadded hex that old Prisma versions wrote.
 */
export function checksumMatches(script: string, recorded: string): boolean {
  const variants = [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant, 'utf8').digest();
    const rendered =
      recorded.length === 64 || recorded === '' ? digest.toString('hex') : [...digest].map((byte) => byte.toString(16)).join('');
    return rendered === recorded;
  });
}

/** The migration folders in `dir`, in name order (the order they are applied in). */
export function readCommittedMigrations(dir: string): CommittedMigration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      if (!existsSync(file)) {
        throw new MigrationError(
          'missing_script',
          name,
          `Migration folder ${name} has no migration.sql: restore it from the DealDesk release (${shownPath(file)}).`,
        );
      }
      const script = readFileSync(file, 'utf8');
      return { name, script, checksum: migrationChecksum(script) };
    });
}

/** A file's path for a message: relative to the repository when it is inside it. */
function shownPath(file: string): string {
  const relative = path.relative(repoRoot, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** A row of `_prisma_migrations`, the columns we read. */
export type MigrationRecord = {
  migrationName: string;
  checksum: string;
  finished: boolean;
  rolledBack: boolean;
};

/** The committed migrations the database lacks, after refusing a history this code cannot continue. */
function pendingMigrations(committed: CommittedMigration[], records: MigrationRecord[], dir: string): CommittedMigration[] {
  const byName = new Map(committed.map((migration) => [migration.name, migration]));
  // Rolled-back rows do not count, as in Prisma: the migration is applied again.
  const live = records.filter((record) => !record.rolledBack);
  for (const record of live) {
    const name = record.migrationName;
    if (!record.finished) {
      throw new MigrationError(
        'unfinished_migration',
        name,
        `Migration ${name} was started on this database but never finished (an earlier attempt failed): ` +
          `repair the database by hand and mark it rolled back (prisma migrate resolve --rolled-back ${name}), or restore the database from a backup.`,
      );
    }
    const migration = byName.get(name);
    if (!migration) {
      throw new MigrationError(
        'unknown_migration',
        name,
        `The database has migration ${name} that this version of DealDesk does not know: run a newer version of DealDesk, or restore the database from a backup.`,
      );
    }
    if (!checksumMatches(migration.script, record.checksum)) {
      throw new MigrationError(
        'changed_migration',
        name,
        `Migration ${name} was changed after it was applied to this database (its checksum differs): ` +
          `restore the committed ${shownPath(path.join(dir, name, 'migration.sql'))}, and put new changes in a new migration.`,
      );
    }
  }
  const done = new Set(live.map((record) => record.migrationName));
  return committed.filter((migration) => !done.has(migration.name));
}

// --- the history table, per provider ---------------------------------------------------------------

/** Access to one database's migration history, valid while its lock is held. */
type History = {
  records(): Promise<MigrationRecord[]>;
  /** Run the script and record it, in one transaction. */
  apply(migration: CommittedMigration): Promise<void>;
  /** Refresh the planner's statistics, after migrations (`applied`: some were applied just now). */
  analyze(applied: boolean): Promise<void>;
};

// Prisma's own DDL (prisma-engines, sql-schema-connector flavours), so the table is the one it makes.
const SQLITE_HISTORY_TABLE = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const POSTGRES_HISTORY_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

const SELECT_RECORDS =
  'SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back ' +
  'FROM _prisma_migrations ORDER BY started_at, migration_name';

type RecordRow = { migration_name: string; checksum: string; finished: boolean | number; rolled_back: boolean | number };

function toRecord(row: RecordRow): MigrationRecord {
  return {
    migrationName: row.migration_name,
    checksum: row.checksum,
    finished: Boolean(row.finished),
    rolledBack: Boolean(row.rolled_back),
  };
}

/** Prisma writes SQLite timestamps as RFC 3339 text with milliseconds and an explicit offset. */
function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

function sqliteHistory(db: Database.Database): History {
  const ensureTable = () => {
    const found = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (found === undefined) db.exec(SQLITE_HISTORY_TABLE);
  };
  return {
    records: () => {
      ensureTable();
      return Promise.resolve(db.prepare<[], RecordRow>(SELECT_RECORDS).all().map(toRecord));
    },
    apply: (migration) => {
      // Prisma's SQLite migrations turn foreign keys off to rebuild tables, but that pragma does nothing
      // inside a transaction; with them on, dropping a table would cascade to the rows that reference it.
      const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
      db.pragma('foreign_keys = OFF');
      try {
        const startedAt = new Date();
        db.exec('BEGIN IMMEDIATE');
        try {
          db.exec(migration.script);
          const violation = db.prepare<[], { table: string }>('PRAGMA foreign_key_check').get();
          if (violation) throw new Error(`rows of ${violation.table} would reference rows that do not exist`);
          db.prepare(
            'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) ' +
              'VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)',
          ).run(randomUUID(), migration.checksum, sqliteTimestamp(new Date()), migration.name, sqliteTimestamp(startedAt));
          db.exec('COMMIT');
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      } finally {
        if (foreignKeys) db.pragma('foreign_keys = ON');
      }
      return Promise.resolve();
    },
    analyze: (applied) => {
      // SQLite keeps no statistics by itself, and without them, or with sampled ones (`PRAGMA optimize`
      // samples), it joins a team's deals and their events the wrong way round: a team's report or
      // funnel then reads every row of the workspace. So the whole database is analysed after a
      // migration, and on other starts when the deals or their events have doubled or halved since.
      if (applied || statisticsOutdated(db)) db.exec('ANALYZE');
      return Promise.resolve();
    },
  };
}

/** The report tables whose row counts the planner's statistics were taken at, and how many rows they have now. */
function statisticsOutdated(db: Database.Database): boolean {
  const hasStats = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'").get() !== undefined;
  for (const table of ['Deal', 'DealEvent']) {
    const present = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
    if (!present) continue;
    const stat = hasStats
      ? db.prepare<[string], { stat: string }>('SELECT stat FROM sqlite_stat1 WHERE tbl = ? LIMIT 1').get(table)
      : undefined;
    const then = Number(stat?.stat.split(' ')[0] ?? 0);
    const now = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM "${table}"`).get()?.n ?? 0;
    if (now > 2 * then || then > 2 * now) return true;
  }
  return false;
}

function postgresHistory(client: pg.Client): History {
  return {
    records: async () => {
      const found = await client.query<{ present: boolean }>("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
      if (!found.rows[0]?.present) await client.query(POSTGRES_HISTORY_TABLE);
      const result = await client.query<RecordRow>(SELECT_RECORDS);
      return result.rows.map(toRecord);
    },
    apply: async (migration) => {
      const startedAt = new Date();
      await client.query('BEGIN');
      try {
        // No parameters: the simple query protocol, which runs several statements.
        await client.query(migration.script);
        await client.query(
          'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) ' +
            'VALUES ($1, $2, $3, $4, NULL, NULL, $5, 1)',
          [randomUUID(), migration.checksum, new Date(), migration.name, startedAt],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    },
    analyze: async (applied) => {
      // PostgreSQL's autovacuum keeps statistics up to date as rows change; new tables and indexes get
      // theirs now rather than at its next round.
      if (applied) await client.query('ANALYZE');
    },
  };
}

// --- locking ---------------------------------------------------------------------------------------

const inProcess = new Map<string, Promise<unknown>>();

/**
 * Run `fn` with the database's migration history while no other runner (in this process or another)
 * works on the same database: SQLite, an exclusive transaction on a lock file beside the database;
 * PostgreSQL, Prisma's session advisory lock. Both are released if the process dies.
 */
async function withMigrationLock<T>(databaseUrl: string, fn: (history: History) => Promise<T>): Promise<T> {
  const key = providerOf(databaseUrl) === 'sqlite' ? `sqlite:${sqliteFilePath(databaseUrl)}` : redactUrl(databaseUrl);
  const previous = inProcess.get(key) ?? Promise.resolve();
  const run = previous.catch(() => {}).then(() => crossProcessLock(databaseUrl, fn));
  inProcess.set(key, run);
  try {
    return await run;
  } finally {
    if (inProcess.get(key) === run) inProcess.delete(key);
  }
}

async function crossProcessLock<T>(databaseUrl: string, fn: (history: History) => Promise<T>): Promise<T> {
  if (providerOf(databaseUrl) === 'postgresql') {
    return withPgClient(databaseUrl, async (client) => {
      await client.query('SELECT pg_advisory_lock($1)', [PRISMA_PG_LOCK_KEY]);
      try {
        return await fn(postgresHistory(client));
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_PG_LOCK_KEY]).catch(() => {});
      }
    });
  }
  const file = sqliteFilePath(databaseUrl);
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const lock = file === ':memory:' ? undefined : new Database(`${file}.migrate-lock`, { timeout: 120_000 });
  try {
    // A waiting process blocks (busy timeout) until the holder commits.
    lock?.exec('BEGIN EXCLUSIVE');
    const db = new Database(file, { timeout: 10_000 });
    try {
      return await fn(sqliteHistory(db));
    } finally {
      db.close();
    }
  } finally {
    if (lock?.inTransaction) lock.exec('COMMIT');
    lock?.close();
  }
}

// --- helpers shared with the developer-time tools and the tests -------------------------------------

/** `url` with the password replaced, for messages. */
export function redactUrl(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}

/** A copy of a PostgreSQL URL pointing at another database on the same server. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Run `fn` with a pg client connected to `url`; closes it afterwards. */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw sanitizeError(error, url);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Turn driver/engine errors into Errors whose message names no password. */
export function sanitizeError(error: unknown, databaseUrl: string): Error {
  let message: string;
  if (error instanceof Error) message = error.message;
  else if (typeof error === 'object' && error !== null) {
    const record = error as Record<string, unknown>;
    message = typeof record.message === 'string' ? record.message : JSON.stringify(error);
  } else message = String(error);
  const secrets = new Set<string>();
  try {
    const parsed = new URL(databaseUrl);
    if (parsed.password) {
      secrets.add(parsed.password);
      secrets.add(decodeURIComponent(parsed.password));
    }
  } catch {
    // not a URL (file:)
  }
  message = message.replaceAll(databaseUrl, redactUrl(databaseUrl));
  for (const secret of secrets) if (secret.length > 0) message = message.replaceAll(secret, '***');
  if (error instanceof Error && error.message === message) return error;
  const clean = new Error(message);
  if (error instanceof Error && error.stack) clean.stack = `${clean.name}: ${message}`;
  return clean;
}
