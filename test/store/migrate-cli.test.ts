// The migration commands and start-up as an operator runs them: `npm run db:migrate`, `npm start`,
// and `migrate-cli status` (Prisma's own view, from its schema engine).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { createDb } from '../../src/store/db.js';
import { migrationsDir, readCommittedMigrations, redactUrl, repoRoot } from '../../src/store/migrations.js';
import { emptyDatabaseUrl, ALL_PROVIDERS, describeOn } from '../support/databases.js';

type Outcome = { code: number; stdout: string; stderr: string };

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end('');
  });
}

const npmRun = (script: string, databaseUrl: string, env: NodeJS.ProcessEnv = {}) =>
  run('npm', ['run', script, '--silent'], { DATABASE_URL: databaseUrl, ...env });
const npmStart = (databaseUrl: string, env: NodeJS.ProcessEnv = {}) =>
  run('npm', ['start', '--silent', '--', '--no-demo'], { DATABASE_URL: databaseUrl, ...env });
const migrateStatus = (databaseUrl: string) => run('npx', ['tsx', 'src/store/migrate-cli.ts', 'status'], { DATABASE_URL: databaseUrl });

async function addHistoryRow(url: string, name: string): Promise<void> {
  const db = createDb(url);
  try {
    await db.$executeRawUnsafe(
      'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) ' +
        `VALUES ('${name}-row', '${'a'.repeat(64)}', '2026-01-01T00:00:00.000+00:00', '${name}', '2026-01-01T00:00:00.000+00:00', 1)`,
    );
  } finally {
    await db.$disconnect();
  }
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`migration commands (${provider})`, () => {
    const drops: (() => Promise<void>)[] = [];
    afterAll(async () => {
      await Promise.all(drops.map((drop) => drop()));
    });
    async function emptyDatabase(): Promise<string> {
      const database = await emptyDatabaseUrl(provider);
      drops.push(() => database.drop());
      return database.url;
    }
    const committed = readCommittedMigrations(migrationsDir(provider)).map((migration) => migration.name);

    it('npm run db:migrate migrates, and Prisma then reads the database as up to date', async () => {
      const url = await emptyDatabase();
      const before = await migrateStatus(url);
      expect(before.code).toBe(1);
      expect(before.stdout).toContain('no _prisma_migrations table: never migrated (run npm run db:migrate)');

      const deploy = await npmRun('db:migrate', url);
      expect(deploy).toMatchObject({ code: 0, stderr: '' });
      expect(deploy.stdout).toMatch(
        new RegExp(`^Applied ${committed.length} migration\\(s\\) to ${provider} .* ms: ${committed.join(', ')}\\n$`),
      );

      const after = await migrateStatus(url);
      expect(after).toMatchObject({
        code: 0,
        stdout: `Database schema is up to date according to Prisma (${provider} ${redactUrl(url)}).\n`,
      });
      expect(await npmRun('db:migrate', url)).toMatchObject({
        code: 0,
        stdout: `Database is up to date (${provider} ${redactUrl(url)}).\n`,
      });
    }, 120_000);

    it('npm run db:migrate and npm start refuse an unknown migration with one sentence, no stack trace', async () => {
      const url = await emptyDatabase();
      expect((await npmRun('db:migrate', url)).code).toBe(0);
      await addHistoryRow(url, '20990101000000_from_the_future');
      const sentence =
        'The database has migration 20990101000000_from_the_future that this version of DealDesk does not know: ' +
        'run a newer version of DealDesk, or restore the database from a backup.\n';

      for (const refused of [await npmRun('db:migrate', url), await npmStart(url)]) {
        expect(refused).toEqual({ code: 1, stdout: '', stderr: sentence });
      }
    }, 120_000);

    if (provider === 'sqlite') {
      it('two deploys started together apply each migration once', async () => {
        const url = await emptyDatabase();
        const outcomes = await Promise.all([npmRun('db:migrate', url), npmRun('db:migrate', url)]);
        expect(outcomes.map((outcome) => outcome.code)).toEqual([0, 0]);
        const said = outcomes.map((outcome) => outcome.stdout.split(' ')[0]).sort();
        expect(said).toEqual(['Applied', 'Database']);
        const db = createDb(url);
        try {
          const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM _prisma_migrations ORDER BY 1');
          expect(rows.map((row) => row.migration_name)).toEqual(committed);
        } finally {
          await db.$disconnect();
        }
      }, 120_000);

      it("starts without loading Prisma's schema engine, which only the developer commands use", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-loads-'));
        drops.push(() => {
          rmSync(dir, { recursive: true, force: true });
          return Promise.resolve();
        });
        // A module hook that notes every engine module the process loads.
        const log = path.join(dir, 'loaded.txt');
        writeFileSync(log, '');
        const hooks =
          "import { appendFileSync } from 'node:fs';\n" +
          'export async function load(url, context, next) {\n' +
          `  if (/schema-engine-wasm|migrate-engine/.test(url)) appendFileSync(${JSON.stringify(log)}, url + '\\n');\n` +
          '  return next(url, context);\n}\n';
        writeFileSync(path.join(dir, 'hooks.mjs'), hooks);
        writeFileSync(
          path.join(dir, 'register.mjs'),
          `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});\n`,
        );
        const env = { NODE_OPTIONS: `--import ${pathToFileURL(path.join(dir, 'register.mjs')).href}` };

        const url = await emptyDatabase();
        const started = await npmStart(url, env);
        expect(started.code).toBe(0);
        expect(readFileSync(log, 'utf8')).toBe('');
        expect((await npmRun('db:migrate', url, env)).code).toBe(0);
        expect(readFileSync(log, 'utf8')).toBe('');

        // The hook does see the engine where it is used.
        expect((await run('npx', ['tsx', 'src/store/migrate-cli.ts', 'status'], { DATABASE_URL: url, ...env })).code).toBe(0);
        expect(readFileSync(log, 'utf8')).toMatch(/schema-engine-wasm/);
      }, 120_000);
    }
  });
}
