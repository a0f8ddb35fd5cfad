// Database migrations from the command line (no native Prisma engine needed):
//
//   npm run db:migrate                        apply prisma/migrations/<provider> to DATABASE_URL
//                                             (default file:./data/dealdesk.db)
//   npm run db:migration:create -- <name>     write a migration for the schema changes, for SQLite and,
//                                             with TEST_POSTGRES_URL set, PostgreSQL
//   tsx src/store/migrate-cli.ts check        exit 1 when prisma/schema.prisma has changes no migration covers
//   tsx src/store/migrate-cli.ts status       Prisma's own view of DATABASE_URL's migration history (what
//                                             `prisma migrate status` says); exit 1 unless up to date
//
// `deploy` is what start-up does (migrations.ts, no Prisma engine); `create`, `check` and `status` are
// developer tools that load Prisma's WASM schema engine (migrate-engine.ts).
// Exit codes: 0 done, 1 failed (or `check` found changes), 2 usage error.
import path from 'node:path';
import { DEFAULT_DATABASE_URL, providerOf, type Provider } from './db.js';
import { applyMigrations, MigrationError, redactUrl, repoRoot } from './migrations.js';

const USAGE = 'usage: migrate-cli deploy | create <name> | check | status';

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
  const { createMigration, scratchServerUrl } = await import('./migrate-engine.js');

  const report = (provider: Provider, created: Awaited<ReturnType<typeof createMigration>>) => {
    if (!created) console.log(`${provider}: no schema changes, no migration created.`);
    else console.log(`${provider}: created ${path.relative(repoRoot, created.file)}`);
  };

  const sqlite = await createMigration('sqlite', name);
  report('sqlite', sqlite);
  const folderName = sqlite?.name;

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
  const { pendingSchemaChanges, scratchServerUrl, withScratchDatabase } = await import('./migrate-engine.js');
  let drift = false;
  // On empty scratch databases (the migrations are replayed in a shadow database).
  drift = report('sqlite', await withScratchDatabase('sqlite', undefined, (url) => pendingSchemaChanges('sqlite', url))) || drift;
  const server = scratchServerUrl();
  if (!server) {
    console.error('postgresql: not checked, set TEST_POSTGRES_URL to a PostgreSQL server to check it too.');
  } else {
    drift =
      report('postgresql', await withScratchDatabase('postgresql', server, (url) => pendingSchemaChanges('postgresql', url))) || drift;
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

/** What Prisma's engine finds wrong with the database's migration history; none when up to date. */
async function historyProblems(url: string): Promise<string[]> {
  const { migrationHistoryStatus } = await import('./migrate-engine.js');
  let found: Awaited<ReturnType<typeof migrationHistoryStatus>>;
  try {
    found = await migrationHistoryStatus(url);
  } catch (error) {
    // (the engine reports a missing table on SQLite as an error, on PostgreSQL as hasMigrationsTable)
    if (error instanceof Error && /_prisma_migrations`? does not exist/.test(error.message)) return [NEVER_MIGRATED];
    throw error;
  }
  if (!found.hasMigrationsTable) return [NEVER_MIGRATED];
  const problems: string[] = [];
  const history = found.history;
  if (history?.diagnostic === 'databaseIsBehind') problems.push(`not applied yet: ${history.unappliedMigrationNames.join(', ')}`);
  if (history?.diagnostic === 'migrationsDirectoryIsBehind')
    problems.push(`applied but not in prisma/migrations: ${history.unpersistedMigrationNames.join(', ')}`);
  if (history?.diagnostic === 'historiesDiverge')
    problems.push(
      `histories diverge after ${history.lastCommonMigrationName ?? '(none)'}: not applied ${history.unappliedMigrationNames.join(', ') || '-'}; ` +
        `unknown ${history.unpersistedMigrationNames.join(', ') || '-'}`,
    );
  if (found.editedMigrationNames.length > 0) problems.push(`changed after they were applied: ${found.editedMigrationNames.join(', ')}`);
  if (found.failedMigrationNames.length > 0) problems.push(`failed: ${found.failedMigrationNames.join(', ')}`);
  return problems;
}

const NEVER_MIGRATED = 'no _prisma_migrations table: never migrated (run npm run db:migrate)';

async function status(): Promise<number> {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const where = `${providerOf(url)} ${redactUrl(url)}`;
  const problems = await historyProblems(url);
  if (problems.length === 0) {
    console.log(`Database schema is up to date according to Prisma (${where}).`);
    return 0;
  }
  console.log(`Prisma's view of ${where}:\n  ${problems.join('\n  ')}`);
  return 1;
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
    case 'status':
      return status();
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
    if (error instanceof MigrationError) {
      console.error(error.message);
      process.exitCode = 1;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`migrate-cli ${process.argv[2] ?? ''} failed: ${message.split('\n')[0]}`);
    if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
    process.exitCode = 1;
  },
);
