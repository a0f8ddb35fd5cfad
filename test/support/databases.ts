// Fresh, migrated databases for tests.
//
//   for (const provider of ALL_PROVIDERS) describeOn(provider)(`thing on ${provider}`, () => {
//     let fresh: FreshDatabase;
//     beforeEach(async () => { fresh = await freshDatabase(provider); });
//     afterEach(() => fresh.cleanup());
//   });
//
// SQLite: a copy of a migrated template file (built once per set of migrations) in a new temp dir.
// PostgreSQL (only when TEST_POSTGRES_URL is set): CREATE DATABASE dealdesk_test_<random> TEMPLATE a
// migrated template database named after a hash of the migrations (built once per server and set of
// migrations, shared by all workers), dropped WITH (FORCE) in cleanup.
import { describe } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, type Db, type Provider } from '../../src/store/db.js';
import { applyMigrations, migrationsDir, quoteIdent, withDatabaseName, withPgClient } from '../../src/store/migrations.js';

export interface FreshDatabase {
  provider: Provider;
  url: string;
  db: Db;
  /** Disconnects and deletes the database. Safe to call twice. */
  cleanup(): Promise<void>;
}

/** A database's URL and how to delete it; `drop` is a plain function, so it can be passed around on its own. */
export type DatabaseUrl = { url: string; drop: () => Promise<void> };

/** Every provider; suites for one whose server is not configured show as skipped, with the reason. */
export const ALL_PROVIDERS: readonly Provider[] = ['sqlite', 'postgresql'];

/** Why `provider` cannot be tested here, or null when it can. */
export function unavailableReason(provider: Provider): string | null {
  if (provider === 'postgresql' && !process.env.TEST_POSTGRES_URL) {
    return 'skipped: TEST_POSTGRES_URL is not set (.ci/run sets it)';
  }
  return null;
}

/**
 * `describe` for a suite that runs on `provider`; when that provider is not available the suite is
 * collected but skipped, and its title says why (so the PostgreSQL suites are visible in every run).
 */
export function describeOn(provider: Provider): (title: string, body: () => void) => void {
  const reason = unavailableReason(provider);
  if (reason === null) return (title, body) => describe(title, body);
  return (title, body) => describe.skip(`${title} — ${reason}`, body);
}

/** The PostgreSQL server used by tests, or an error explaining how to get one. */
export function testPostgresUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('TEST_POSTGRES_URL is not set (postgres://user@host:port/postgres); .ci/run sets it');
  return url;
}

/** A new, migrated, empty database with a connected client. */
export async function freshDatabase(provider: Provider): Promise<FreshDatabase> {
  const { url, drop } = provider === 'sqlite' ? await freshSqlite() : await freshPostgres();
  const db = createDb(url);
  let done: Promise<void> | undefined;
  return {
    provider,
    url,
    db,
    cleanup: () =>
      (done ??= (async () => {
        try {
          await db.$disconnect();
        } finally {
          await drop();
        }
      })()),
  };
}

/** A new migrated database without a client (for code that opens its own, e.g. a child process). */
export async function freshDatabaseUrl(provider: Provider): Promise<DatabaseUrl> {
  return provider === 'sqlite' ? freshSqlite() : freshPostgres();
}

/** A new empty (not migrated) database. */
export async function emptyDatabaseUrl(provider: Provider): Promise<DatabaseUrl> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-test-'));
    return { url: `file:${path.join(dir, 'test.db')}`, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const server = testPostgresUrl();
  const name = `dealdesk_test_${randomBytes(6).toString('hex')}`;
  await withPgClient(server, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return { url: withDatabaseName(server, name), drop: () => dropPostgres(server, name) };
}

// --- SQLite --------------------------------------------------------------------------------------------

let sqliteTemplate: Promise<string> | undefined;

/**
 * A migrated SQLite file in os.tmpdir() named after a hash of the migrations, so it is built once and
 * reused by every worker and run (built under a temporary name and renamed into place atomically).
 */
function sqliteTemplateFile(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const file = path.join(tmpdir(), `dealdesk-template-${migrationsHash('sqlite')}.db`);
    if (existsSync(file)) return file;
    const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-template-'));
    try {
      const building = path.join(dir, 'template.db');
      await applyMigrations(`file:${building}`);
      renameSync(building, file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return file;
  })();
  sqliteTemplate.catch(() => {
    sqliteTemplate = undefined;
  });
  return sqliteTemplate;
}

async function freshSqlite(): Promise<DatabaseUrl> {
  const template = await sqliteTemplateFile();
  const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-test-'));
  const file = path.join(dir, 'test.db');
  copyFileSync(template, file);
  return { url: `file:${file}`, drop: () => rm(dir, { recursive: true, force: true }) };
}

// --- PostgreSQL ----------------------------------------------------------------------------------------

/** Advisory lock key serialising template creation across test workers. */
const TEMPLATE_LOCK_KEY = 0x44447470;
const pgTemplates = new Map<string, Promise<string>>();

/** Name of the migrated template database for the current migrations on `server`, created if missing. */
function postgresTemplate(server: string): Promise<string> {
  const name = `dealdesk_template_${migrationsHash('postgresql')}`;
  const key = withDatabaseName(server, name);
  let pending = pgTemplates.get(key);
  if (!pending) {
    pending = withPgClient(server, async (admin) => {
      await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
      try {
        const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount === 0) {
          // Build under a temporary name and rename, so a half-built template is never used.
          const building = `${name}_${randomBytes(3).toString('hex')}`;
          await admin.query(`CREATE DATABASE ${quoteIdent(building)}`);
          try {
            await applyMigrations(withDatabaseName(server, building));
            await admin.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`);
          } catch (error) {
            await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(building)} WITH (FORCE)`).catch(() => {});
            throw error;
          }
        }
        return name;
      } finally {
        await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]).catch(() => {});
      }
    });
    pgTemplates.set(key, pending);
    pending.catch(() => pgTemplates.delete(key));
  }
  return pending;
}

async function freshPostgres(): Promise<DatabaseUrl> {
  const server = testPostgresUrl();
  const template = await postgresTemplate(server);
  const name = `dealdesk_test_${randomBytes(6).toString('hex')}`;
  await withPgClient(server, async (admin) => {
    // CREATE DATABASE ... TEMPLATE fails while another session is connected to the template (e.g. a
    // worker that is just checking it); retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== '55006' || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  return { url: withDatabaseName(server, name), drop: () => dropPostgres(server, name) };
}

async function dropPostgres(server: string, name: string): Promise<void> {
  await withPgClient(server, (admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

/** Hash of the migration files of a provider (names and contents). */
function migrationsHash(provider: Provider): string {
  const dir = migrationsDir(provider);
  const hash = createHash('sha256');
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      hash.update(`${entry}\n`);
      hash.update(readFileSync(path.join(full, 'migration.sql')));
    }
  }
  return hash.digest('hex').slice(0, 16);
}
