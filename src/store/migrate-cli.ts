// Database migrations from the command line (no native Prisma engine needed):
//
//   npm run db:migrate                        apply prisma/migrations/<provider> to DATABASE_URL
//                                             (default file:./data/dealdesk.db)
//   npm run db:migration:create -- <name>     write a migration for the schema changes, for SQLite and,
//                                             with TEST_POSTGRES_URL set, PostgreSQL
//   tsx src/store/migrate-cli.ts check        exit 1 when prisma/schema.prisma has changes no migration covers
//
// Exit codes: 0 done, 1 failed (or `check` found changes), 2 usage error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_DATABASE_URL, providerOf, type Provider } from './db.js';
import {
  applyMigrations,
  createMigration,
  pendingSchemaChanges,
  quoteIdent,
  redactUrl,
  repoRoot,
  scratchServerUrl,
  withDatabaseName,
  withPgClient,
} from './migrations.js';

const USAGE = 'usage: migrate-cli deploy | create <name> | check';

class UsageError extends Error {}

async function deploy(): Promise<number> {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const provider = providerOf(url);
  const started = Date.now();
  const { applied } = await applyMigrations(url);
  const where = `${provider} ${redactUrl(url)}`;
  if (applied.length === 0) console.log(`Database is up to date (${where}).`);
  else console.log(`Applied ${applied.length} migration(s) to ${where} in ${Date.now() - started} ms: ${applied.join(', ')}`);
  return 0;
}

async function create(name: string | undefined): Promise<number> {
  if (!name) throw new UsageError(`missing migration name; ${USAGE}`);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new UsageError(`migration name must be letters, digits and _ only, got "${name}"`);

  let folderName: string | undefined;
  const report = (provider: Provider, created: Awaited<ReturnType<typeof createMigration>>) => {
    if (!created) console.log(`${provider}: no schema changes, no migration created.`);
    else console.log(`${provider}: created ${path.relative(repoRoot, created.file)}`);
  };

  const sqlite = await createMigration('sqlite', name);
  report('sqlite', sqlite);
  folderName = sqlite?.name;

  const server = scratchServerUrl();
  if (!server) {
    console.error(
      'postgresql: skipped, no PostgreSQL server to diff against. Set TEST_POSTGRES_URL=postgres://user@host:port/postgres ' +
        `(a scratch database is created and dropped there) and run "npm run db:migration:create -- ${name}" again.`,
    );
    return 0;
  }
  const postgres = await createMigration('postgresql', name, { serverUrl: server, folderName });
  report('postgresql', postgres);
  return 0;
}

async function check(): Promise<number> {
  let drift = false;
  // SQLite: an empty scratch file (the migrations are replayed in memory).
  const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-check-'));
  try {
    drift = report('sqlite', await pendingSchemaChanges('sqlite', `file:${path.join(dir, 'scratch.db')}`)) || drift;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const server = scratchServerUrl();
  if (!server) {
    console.error('postgresql: not checked, set TEST_POSTGRES_URL to a PostgreSQL server to check it too.');
  } else {
    const database = `dealdesk_scratch_${Date.now().toString(36)}`;
    await withPgClient(server, (client) => client.query(`CREATE DATABASE ${quoteIdent(database)}`));
    try {
      drift = report('postgresql', await pendingSchemaChanges('postgresql', withDatabaseName(server, database))) || drift;
    } finally {
      await withPgClient(server, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`));
    }
  }
  return drift ? 1 : 0;

  function report(provider: Provider, sql: string | null): boolean {
    if (sql === null) {
      console.log(`${provider}: migrations match prisma/schema.prisma.`);
      return false;
    }
    console.log(`${provider}: prisma/schema.prisma has changes no migration covers; run "npm run db:migration:create -- <name>":\n${sql}`);
    return true;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'deploy':
      return deploy();
    case 'create':
      return create(rest[0]);
    case 'check':
      return check();
    default:
      throw new UsageError(command ? `unknown command "${command}"; ${USAGE}` : USAGE);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exitCode = 2;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`migrate-cli ${process.argv[2] ?? ''} failed: ${message.split('\n')[0]}`);
    if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
    process.exitCode = 1;
  },
);
