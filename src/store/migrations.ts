// Migrations without the native Prisma schema engine (which cannot be downloaded here): the official
// WASM build of the schema engine (`@prisma/schema-engine-wasm`), driven through our driver adapters.
// It reads and writes Prisma's normal layout (`<dir>/<timestamp>_<name>/migration.sql`,
// `migration_lock.toml`) and `_prisma_migrations` table, so `prisma migrate deploy` on a machine with
// the native engine works on the same folders. One folder per provider: prisma/migrations/<provider>.
//
// Workarounds for the driver adapters (see /work/shared/notes/ENVIRONMENT.md):
// - better-sqlite3 runs one statement per prepared query; the engine replays a whole migration through
//   an argument-less `executeRaw` on the shadow database, so those go to `executeScript`.
// - adapter-pg cannot map the catalog type "char" (OID 18) that the engine's introspection reads; our
//   pg client reports it as text. adapter-pg's own shadow database would reuse the main database (its
//   connection string wins over `database`) and is dropped while still connected; ours is created on
//   the same server and dropped WITH (FORCE).
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from '@prisma/driver-adapter-utils';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import { schemaFor } from '../../prisma/schemas.mjs';
import { adapterFor, providerOf, sqliteFilePath, type Provider } from './db.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const migrationsRoot = path.join(repoRoot, 'prisma', 'migrations');
export const PROVIDERS: readonly Provider[] = ['sqlite', 'postgresql'];

const LOCK_FILE = 'migration_lock.toml';
const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };
/** Key of our own PostgreSQL advisory lock around applying migrations ("DDmigr" as hex). */
const PG_LOCK_KEY = 0x44446d69;

/** Migration folder of a provider: prisma/migrations/<provider>. */
export function migrationsDir(provider: Provider): string {
  return path.join(migrationsRoot, provider);
}

/** Apply the committed migrations of the URL's provider; a no-op when they are all applied already. */
export async function applyMigrations(databaseUrl: string): Promise<{ applied: string[] }> {
  const provider = providerOf(databaseUrl);
  return withMigrationLock(databaseUrl, async () => {
    const migrationsList = readMigrationsList(provider);
    const output = await withEngine(databaseUrl, undefined, (engine) => engine.applyMigrations({ migrationsList, filters: NO_FILTER }));
    return { applied: output.appliedMigrationNames };
  });
}

/**
 * The SQL that the current prisma/schema.prisma needs beyond the committed migrations of `provider`,
 * or null when the migrations cover it. `scratchUrl` is a database the engine may connect to (it is
 * not modified); the migrations are replayed in a shadow database (SQLite: in memory; PostgreSQL: a
 * temporary database on the scratch URL's server).
 */
export async function pendingSchemaChanges(
  provider: Provider,
  scratchUrl: string,
  /** Schema text to compare with instead of schemaFor(provider) (tests). */
  schema: string = schemaFor(provider),
): Promise<string | null> {
  if (providerOf(scratchUrl) !== provider) throw new Error(`scratch database is not ${provider}`);
  const migrationsList = readMigrationsList(provider);
  const result = await withEngine(scratchUrl, schema, (engine) =>
    engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
      script: true,
      exitCode: true,
      filters: NO_FILTER,
    }),
  );
  const sql = (result.stdout ?? '').trim();
  if (result.exitCode !== 2 || sql === '' || /^-- This is an empty migration\.?$/.test(sql)) return null;
  return sql;
}

export interface CreatedMigration {
  /** Folder name, e.g. 20261123113000_init. */
  name: string;
  /** Absolute path of the written migration.sql. */
  file: string;
}

export interface CreateMigrationOptions {
  /**
   * PostgreSQL only: a server URL (any database on it) where a scratch database is created and dropped.
   * Defaults to TEST_POSTGRES_URL, then DATABASE_URL when that is a PostgreSQL URL.
   */
  serverUrl?: string;
  /** Write an empty migration even when the schema has no changes. */
  draft?: boolean;
  /** Folder name to use instead of the engine's `<timestamp>_<name>` (to give both providers the same one). */
  folderName?: string;
}

/**
 * Write prisma/migrations/<provider>/<timestamp>_<name>/migration.sql for the changes between the
 * committed migrations and prisma/schema.prisma. Returns null when there are no changes. Works on a
 * scratch database (SQLite: a temp file; PostgreSQL: a temporary database on the server).
 */
export async function createMigration(
  provider: Provider,
  name: string,
  options: CreateMigrationOptions = {},
): Promise<CreatedMigration | null> {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`migration name must be letters, digits and _ only, got "${name}"`);
  const dir = migrationsDir(provider);
  mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, LOCK_FILE);
  if (!existsSync(lockPath)) writeFileSync(lockPath, lockFileContent(provider));

  const schema = schemaFor(provider);
  return withScratchDatabase(provider, options.serverUrl, async (scratchUrl) => {
    // The engine wants a database that is up to date with the history before it diffs (else P1014).
    await applyMigrations(scratchUrl);
    const migrationsList = readMigrationsList(provider);
    const output = await withEngine(scratchUrl, schema, async (engine) => {
      const diagnostic = await engine.devDiagnostic({ migrationsList, filters: NO_FILTER });
      if (diagnostic.action.tag === 'reset') {
        throw new Error(`the migration history of ${provider} is inconsistent: ${diagnostic.action.reason}`);
      }
      return engine.createMigration({
        draft: options.draft ?? false,
        migrationName: name,
        migrationsList,
        schema: { files: [{ path: 'schema.prisma', content: schema }] },
        filters: NO_FILTER,
      });
    });
    if (output.migrationScript === null) return null;
    const folderName = options.folderName ?? output.generatedMigrationName;
    if (!/^[A-Za-z0-9_]+$/.test(folderName)) throw new Error(`bad migration folder name "${folderName}"`);
    const folder = path.join(dir, folderName);
    if (existsSync(folder)) throw new Error(`${path.relative(repoRoot, folder)} already exists`);
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `migration.${output.extension}`);
    writeFileSync(file, output.migrationScript);
    return { name: folderName, file };
  });
}

/** The PostgreSQL server to make scratch databases on, if one is configured. */
export function scratchServerUrl(): string | undefined {
  const candidates = [process.env.TEST_POSTGRES_URL, process.env.DATABASE_URL];
  return candidates.find((url): url is string => !!url && /^postgres(ql)?:\/\//.test(url));
}

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

// ---------------------------------------------------------------------------------------------------

function lockFileContent(provider: Provider): string {
  return [
    '# Please do not edit this file manually',
    '# It should be added in your version-control system (e.g., Git)',
    `provider = "${provider}"`,
    '',
  ].join('\n');
}

function readMigrationsList(provider: Provider): MigrationList {
  const baseDir = migrationsDir(provider);
  const lockPath = path.join(baseDir, LOCK_FILE);
  const lockContent = existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null;
  const folders = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: { path: LOCK_FILE, content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories: folders.map((folder) => {
      const file = path.join(baseDir, folder, 'migration.sql');
      let content: { tag: 'ok'; value: string } | { tag: 'error'; value: string };
      try {
        content = { tag: 'ok', value: readFileSync(file, 'utf8') };
      } catch (error) {
        content = { tag: 'error', value: error instanceof Error ? error.message : String(error) };
      }
      return { path: folder, migrationFile: { path: 'migration.sql', content } };
    }),
  };
}

// --- engine ----------------------------------------------------------------------------------------

let wasmReady: Promise<void> | undefined;

interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, object>): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

/** The package's entry point imports the .wasm as an ES module, which plain Node cannot; load it by hand. */
function loadEngine(): Promise<void> {
  wasmReady ??= (async () => {
    const marker = Symbol.for('dealdesk.schemaEngineWasm');
    const registry = ((globalThis as Record<symbol, unknown>)[marker] ??= new WeakSet<object>()) as WeakSet<object>;
    if (registry.has(engineBindings)) return;
    const require = createRequire(import.meta.url);
    const bindingsFile = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = readFileSync(path.join(path.dirname(bindingsFile), 'schema_engine_bg.wasm'));
    // (lib has no DOM types, hence the local type for the global WebAssembly object)
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const { instance } = await wasm.instantiate(bytes, { './schema_engine_bg.js': engineBindings });
    engineBindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    registry.add(engineBindings);
  })();
  return wasmReady;
}

function engineLog(message: unknown): void {
  if (process.env.DEBUG) process.stderr.write(`[schema-engine] ${String(message)}\n`);
}

async function withEngine<T>(databaseUrl: string, schema: string | undefined, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  await loadEngine();
  const factory = migrationFactory(databaseUrl);
  let engine: SchemaEngine | undefined;
  try {
    engine = await engineBindings.SchemaEngine.new(
      { datamodels: schema === undefined ? undefined : [['schema.prisma', schema]] },
      engineLog,
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    return await fn(engine);
  } catch (error) {
    throw sanitizeError(error, databaseUrl);
  } finally {
    try {
      engine?.free();
    } catch {
      // already freed
    }
    await factory.disposeAll();
  }
}

/** Turn engine/driver errors into Errors whose message names no password. */
function sanitizeError(error: unknown, databaseUrl: string): Error {
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

type TrackingFactory = SqlMigrationAwareDriverAdapterFactory & { disposeAll(): Promise<void> };

/** A migration-aware adapter factory for the URL, with the workarounds above; disposes what it opened. */
function migrationFactory(databaseUrl: string): TrackingFactory {
  const opened: SqlDriverAdapter[] = [];
  const track = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => (disposed ??= dispose());
    opened.push(adapter);
    return adapter;
  };
  const disposeAll = async () => {
    await Promise.all(opened.splice(0).map((adapter) => adapter.dispose().catch(() => {})));
  };

  if (providerOf(databaseUrl) === 'sqlite') {
    const inner = adapterFor(databaseUrl) as unknown as SqlMigrationAwareDriverAdapterFactory;
    return {
      provider: inner.provider,
      adapterName: inner.adapterName,
      connect: async () => track(scriptAwareSqlite(await inner.connect())),
      connectToShadowDb: async () => track(scriptAwareSqlite(await inner.connectToShadowDb())),
      disposeAll,
    };
  }

  const inner = pgFactory(databaseUrl);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => track(await inner.connect()),
    connectToShadowDb: async () => {
      const database = `prisma_migrate_shadow_db_${randomUUID().replaceAll('-', '')}`;
      await withPgClient(databaseUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(database)}`));
      const adapter = await pgFactory(withDatabaseName(databaseUrl, database)).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose().catch(() => {});
        await withPgClient(databaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`));
      };
      return track(adapter);
    },
    disposeAll,
  };
}

function pgFactory(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory {
  return new PrismaPg({ connectionString: databaseUrl, Client: CatalogFriendlyClient, max: 4 });
}

/** Argument-less executeRaw (a whole migration replayed on the shadow database) → executeScript. */
function scriptAwareSqlite(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query: SqlQuery) => {
    if (query.args.length === 0) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

/** A pg client that reports the catalog type "char" (OID 18) as text (OID 25), which adapter-pg maps. */
class CatalogFriendlyClient extends pg.Client {}
{
  const originalQuery = pg.Client.prototype.query as unknown as (...args: unknown[]) => unknown;
  const fix = (result: unknown): unknown => {
    for (const one of Array.isArray(result) ? result : [result]) {
      const fields = (one as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
      for (const field of fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    }
    return result;
  };
  (CatalogFriendlyClient.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
    this: pg.Client,
    ...args: unknown[]
  ) {
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (error: unknown, result: unknown) => last(error, error ? result : fix(result));
    }
    const returned = originalQuery.apply(this, args);
    if (returned instanceof Promise) return returned.then(fix);
    return returned;
  };
}

// --- locking ---------------------------------------------------------------------------------------

const inProcess = new Map<string, Promise<unknown>>();

/** Serialise applying migrations to one database: within this process, and across processes. */
async function withMigrationLock<T>(databaseUrl: string, fn: () => Promise<T>): Promise<T> {
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

async function crossProcessLock<T>(databaseUrl: string, fn: () => Promise<T>): Promise<T> {
  if (providerOf(databaseUrl) === 'postgresql') {
    // A session-level advisory lock on a dedicated connection, released when the connection closes even
    // if this process dies. (The engine's own lock lives on one connection of its pool.)
    return withPgClient(databaseUrl, async (client) => {
      await client.query('SELECT pg_advisory_lock($1)', [PG_LOCK_KEY]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [PG_LOCK_KEY]).catch(() => {});
      }
    });
  }
  const file = sqliteFilePath(databaseUrl);
  if (file === ':memory:') return fn();
  // An exclusive transaction on a sidecar SQLite file: the OS releases it if the process dies, and a
  // waiting process blocks (busy timeout) until the holder commits.
  mkdirSync(path.dirname(file), { recursive: true });
  const lock = await new PrismaBetterSqlite3({ url: `${file}.migrate-lock`, timeout: 120_000 }).connect();
  try {
    await lock.executeScript('BEGIN EXCLUSIVE');
    try {
      return await fn();
    } finally {
      await lock.executeScript('COMMIT');
    }
  } finally {
    await lock.dispose();
  }
}

// --- scratch databases -----------------------------------------------------------------------------

async function withScratchDatabase<T>(provider: Provider, serverUrl: string | undefined, fn: (url: string) => Promise<T>): Promise<T> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-scratch-'));
    try {
      return await fn(`file:${path.join(dir, 'scratch.db')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const server = serverUrl ?? scratchServerUrl();
  if (!server) throw new Error('a PostgreSQL server is needed: set TEST_POSTGRES_URL (or DATABASE_URL) to postgres://…');
  const database = `dealdesk_scratch_${randomBytes(6).toString('hex')}`;
  await withPgClient(server, (client) => client.query(`CREATE DATABASE ${quoteIdent(database)}`));
  try {
    return await fn(withDatabaseName(server, database));
  } finally {
    await withPgClient(server, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`));
  }
}
