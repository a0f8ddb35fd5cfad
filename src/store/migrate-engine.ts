// Developer-time migration tools: writing a migration, the drift check, and Prisma's own view of a
// database's migration history. They need Prisma's schema engine, whose native binary cannot be
// downloaded here, so they drive the official WASM build (`@prisma/schema-engine-wasm`, pinned exactly)
// through our driver adapters. Start-up never loads this module: migrations.ts applies migrations at run
// time. The engine reads and writes Prisma's normal layout (`<dir>/<timestamp>_<name>/migration.sql`,
// `migration_lock.toml`) and `_prisma_migrations` table.
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
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from '@prisma/driver-adapter-utils';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { DiagnoseMigrationHistoryOutput, MigrationList, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { schemaFor } from '../../prisma/schemas.mjs';
import { adapterFor, providerOf, type Provider } from './db.js';
import {
  applyMigrations,
  MIGRATION_LOCK_FILE,
  migrationsDir,
  quoteIdent,
  repoRoot,
  sanitizeError,
  withDatabaseName,
  withPgClient,
} from './migrations.js';
import { SEARCH_INDEX_TABLES } from './deal-search.js';

type SchemaEngine = engineBindings.SchemaEngine;

/**
 * Tables the schema cannot describe and the engine must leave alone: the deal-search FTS5 tables on
 * SQLite. (PostgreSQL's search index is an expression index, which the engine does not diff.)
 */
function schemaFilter(provider: Provider): SchemaFilter {
  return { externalTables: provider === 'sqlite' ? [...SEARCH_INDEX_TABLES] : [], externalEnums: [] };
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
  const migrationsList = readMigrationsList(migrationsDir(provider));
  const result = await withEngine(scratchUrl, schema, (engine) =>
    engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
      script: true,
      exitCode: true,
      filters: schemaFilter(provider),
    }),
  );
  const sql = (result.stdout ?? '').trim();
  if (result.exitCode !== 2 || sql === '' || /^-- This is an empty migration\.?$/.test(sql)) return null;
  return sql;
}

export type MigrationHistoryStatus = DiagnoseMigrationHistoryOutput;

/**
 * Prisma's own view of a database's migration history (what `prisma migrate status` reports): the
 * migrations not applied yet or unknown to the folder, edited and failed ones. Reads only.
 */
export async function migrationHistoryStatus(
  databaseUrl: string,
  dir: string = migrationsDir(providerOf(databaseUrl)),
): Promise<MigrationHistoryStatus> {
  const migrationsList = readMigrationsList(dir);
  return withEngine(databaseUrl, undefined, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: schemaFilter(providerOf(databaseUrl)) }),
  );
}

/**
 * Apply migrations with Prisma's own engine, as `prisma migrate deploy` does (and as DealDesk did at
 * start-up before migrations.ts): to check that our runner and Prisma's agree on a database.
 */
export async function applyMigrationsWithPrisma(
  databaseUrl: string,
  dir: string = migrationsDir(providerOf(databaseUrl)),
): Promise<string[]> {
  const migrationsList = readMigrationsList(dir);
  const output = await withEngine(databaseUrl, undefined, (engine) =>
    engine.applyMigrations({ migrationsList, filters: schemaFilter(providerOf(databaseUrl)) }),
  );
  return output.appliedMigrationNames;
}

export type CreatedMigration = {
  /** Folder name, e.g. 20261123113000_init. */
  name: string;
  /** Absolute path of the written migration.sql. */
  file: string;
};

export type CreateMigrationOptions = {
  /**
   * PostgreSQL only: a server URL (any database on it) where a scratch database is created and dropped.
   * Defaults to TEST_POSTGRES_URL, then DATABASE_URL when that is a PostgreSQL URL.
   */
  serverUrl?: string;
  /** Write an empty migration even when the schema has no changes. */
  draft?: boolean;
  /** Folder name to use instead of the engine's `<timestamp>_<name>` (to give both providers the same one). */
  folderName?: string;
};

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
  const lockPath = path.join(dir, MIGRATION_LOCK_FILE);
  if (!existsSync(lockPath)) writeFileSync(lockPath, lockFileContent(provider));

  const schema = schemaFor(provider);
  return withScratchDatabase(provider, options.serverUrl, async (scratchUrl) => {
    // The engine wants a database that is up to date with the history before it diffs (else P1014).
    await applyMigrations(scratchUrl);
    const migrationsList = readMigrationsList(dir);
    const output = await withEngine(scratchUrl, schema, async (engine) => {
      const diagnostic = await engine.devDiagnostic({ migrationsList, filters: schemaFilter(provider) });
      if (diagnostic.action.tag === 'reset') {
        throw new Error(`the migration history of ${provider} is inconsistent: ${diagnostic.action.reason}`);
      }
      return engine.createMigration({
        draft: options.draft ?? false,
        migrationName: name,
        migrationsList,
        schema: { files: [{ path: 'schema.prisma', content: schema }] },
        filters: schemaFilter(provider),
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

/** Run `fn` on a new empty database of `provider` (SQLite: a temp file; PostgreSQL: on the server), then delete it. */
export async function withScratchDatabase<T>(
  provider: Provider,
  serverUrl: string | undefined,
  fn: (url: string) => Promise<T>,
): Promise<T> {
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

// ---------------------------------------------------------------------------------------------------

function lockFileContent(provider: Provider): string {
  return [
    '# Please do not edit this file manually',
    '# It should be added in your version-control system (e.g., Git)',
    `provider = "${provider}"`,
    '',
  ].join('\n');
}

function readMigrationsList(baseDir: string): MigrationList {
  const lockPath = path.join(baseDir, MIGRATION_LOCK_FILE);
  const lockContent = existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null;
  const folders = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: { path: MIGRATION_LOCK_FILE, content: lockContent },
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

type WasmApi = {
  instantiate(bytes: Uint8Array, imports: Record<string, object>): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

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
    connect: async () => track(wholeScriptPg(await inner.connect())),
    connectToShadowDb: async () => {
      const database = `prisma_migrate_shadow_db_${randomUUID().replaceAll('-', '')}`;
      await withPgClient(databaseUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(database)}`));
      const adapter = wholeScriptPg(await pgFactory(withDatabaseName(databaseUrl, database)).connect());
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

/**
 * adapter-pg's executeScript splits a script at every `;`, which breaks a function body (`$$ … ; … $$`,
 * e.g. the deal-search triggers). An argument-less query goes over the simple protocol, which runs a whole
 * script as PostgreSQL (and migrations.ts, and Prisma's native engine) do.
 */
function wholeScriptPg(adapter: SqlDriverAdapter): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
}

type AnyQuery = (this: pg.Client, ...args: unknown[]) => unknown;

/** A pg client that reports the catalog type "char" (OID 18) as text (OID 25), which adapter-pg maps. */
class CatalogFriendlyClient extends pg.Client {}
{
  // (query has many overloads; the patch only looks at the results, whatever the call's shape)
  const originalQuery = Reflect.get(pg.Client.prototype, 'query') as AnyQuery;
  const fix = (result: unknown): unknown => {
    for (const one of Array.isArray(result) ? result : [result]) {
      const fields = (one as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
      for (const field of fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    }
    return result;
  };
  const patched: AnyQuery = function (...args) {
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as (error: unknown, result: unknown) => void;
      args[args.length - 1] = (error: unknown, result: unknown) => {
        callback(error, error ? result : fix(result));
      };
    }
    const returned = originalQuery.apply(this, args);
    if (returned instanceof Promise) return returned.then(fix);
    return returned;
  };
  Reflect.set(CatalogFriendlyClient.prototype, 'query', patched);
}
