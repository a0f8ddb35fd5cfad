import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createDb, type Provider } from '../../src/store/db.js';
import { applyMigrations, MigrationError, migrationsDir, PRISMA_PG_LOCK_KEY, withPgClient } from '../../src/store/migrations.js';
import { applyMigrationsWithPrisma, migrationHistoryStatus, pendingSchemaChanges } from '../../src/store/migrate-engine.js';
import { schemaFor } from '../../prisma/schemas.mjs';
import { emptyDatabaseUrl, freshDatabase, ALL_PROVIDERS, describeOn } from '../support/databases.js';

function committedMigrations(provider: Provider): string[] {
  return readdirSync(migrationsDir(provider), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function withClient<T>(url: string, fn: (db: ReturnType<typeof createDb>) => Promise<T>): Promise<T> {
  const db = createDb(url);
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}

async function tableNames(provider: Provider, url: string): Promise<string[]> {
  const sql =
    provider === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table'"
      : "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'";
  const rows = await withClient(url, (db) => db.$queryRawUnsafe<{ name: string }[]>(sql));
  return rows.map((row) => row.name).sort();
}

type HistoryRow = { name: string; checksum: string; finished: boolean; rolledBack: boolean; steps: number };

async function historyRows(url: string): Promise<HistoryRow[]> {
  const rows = await withClient(url, (db) =>
    db.$queryRawUnsafe<
      { migration_name: string; checksum: string; finished_at: unknown; rolled_back_at: unknown; applied_steps_count: number | bigint }[]
    >('SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name'),
  );
  return rows.map((row) => ({
    name: row.migration_name,
    checksum: row.checksum,
    finished: row.finished_at !== null,
    rolledBack: row.rolled_back_at !== null,
    steps: Number(row.applied_steps_count),
  }));
}

async function execute(url: string, sql: string): Promise<void> {
  await withClient(url, (db) => db.$executeRawUnsafe(sql));
}

/** A row as another (newer, or edited) copy of DealDesk, or a failed Prisma run, would have left it. */
function historyInsert(name: string, checksum: string, finished: boolean): string {
  const at = "'2026-01-01T00:00:00.000+00:00'";
  return (
    'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) ' +
    `VALUES ('${name}-row', '${checksum}', ${finished ? at : 'NULL'}, '${name}', ${at}, ${finished ? 1 : 0})`
  );
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`migrations (${provider})`, () => {
    const drops: (() => Promise<void>)[] = [];
    afterAll(async () => {
      await Promise.all(drops.map((drop) => drop()));
    });
    async function emptyDatabase(): Promise<string> {
      const database = await emptyDatabaseUrl(provider);
      drops.push(() => database.drop());
      return database.url;
    }
    /** A copy of the committed migrations in a temp dir, plus `extra` folders (name → SQL). */
    function migrationsCopy(extra: Record<string, string> = {}): string {
      const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-migrations-'));
      drops.push(() => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      });
      cpSync(migrationsDir(provider), dir, { recursive: true });
      for (const [name, sql] of Object.entries(extra)) {
        mkdirSync(path.join(dir, name));
        writeFileSync(path.join(dir, name, 'migration.sql'), sql);
      }
      return dir;
    }
    const [init] = committedMigrations(provider);
    if (init === undefined) throw new Error(`no committed migration for ${provider}`);

    it('has a lock file for its provider and at least the init migration', () => {
      const lock = readFileSync(path.join(migrationsDir(provider), 'migration_lock.toml'), 'utf8');
      expect(lock).toContain(`provider = "${provider}"`);
      expect(committedMigrations(provider).some((name) => /^\d{14}_init$/.test(name))).toBe(true);
    });

    it('creates the tables on an empty database, and a second apply applies nothing', async () => {
      const url = await emptyDatabase();
      const first = await applyMigrations(url);
      expect(first.applied).toEqual(committedMigrations(provider));

      const tables = await tableNames(provider, url);
      for (const table of ['Workspace', 'Member', 'Deal', 'DealEvent', 'DiscountRequest', 'ScheduleSlot', '_prisma_migrations']) {
        expect(tables).toContain(table);
      }

      expect(await applyMigrations(url)).toEqual({ applied: [] });
    });

    it('records each migration as Prisma does, so Prisma sees the database as up to date', async () => {
      const url = await emptyDatabase();
      await applyMigrations(url);
      expect(await historyRows(url)).toEqual(
        committedMigrations(provider).map((name) => ({
          name,
          checksum: sha256(readFileSync(path.join(migrationsDir(provider), name, 'migration.sql'))),
          finished: true,
          rolledBack: false,
          steps: 1,
        })),
      );
      // What `prisma migrate status` reports, from Prisma's own schema engine.
      expect(await migrationHistoryStatus(url)).toEqual({
        hasMigrationsTable: true,
        history: null,
        editedMigrationNames: [],
        failedMigrationNames: [],
      });
      // And Prisma's own apply (`prisma migrate deploy`) finds nothing to do.
      expect(await applyMigrationsWithPrisma(url)).toEqual([]);
    });

    it('takes a database that Prisma migrated as up to date, with the same history table', async () => {
      const ours = await emptyDatabase();
      const prismas = await emptyDatabase();
      await applyMigrations(ours);
      expect(await applyMigrationsWithPrisma(prismas)).toEqual(committedMigrations(provider));
      expect(await applyMigrations(prismas)).toEqual({ applied: [] });

      const describeTable =
        provider === 'sqlite'
          ? "SELECT sql AS definition FROM sqlite_master WHERE name = '_prisma_migrations'"
          : "SELECT string_agg(column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length::text, '') || ' ' || is_nullable || ' ' || coalesce(column_default, ''), ', ' ORDER BY ordinal_position) AS definition " +
            "FROM information_schema.columns WHERE table_name = '_prisma_migrations'";
      const [mine] = await withClient(ours, (db) => db.$queryRawUnsafe<{ definition: string }[]>(describeTable));
      const [theirs] = await withClient(prismas, (db) => db.$queryRawUnsafe<{ definition: string }[]>(describeTable));
      expect(mine?.definition).toContain('applied_steps_count');
      expect(mine).toEqual(theirs);
      const [ourRow] = await historyRows(ours);
      const [prismaRow] = await historyRows(prismas);
      expect(ourRow).toEqual(prismaRow);
    });

    it('refuses a database with a migration it does not know, and applies nothing', async () => {
      const url = await emptyDatabase();
      await applyMigrations(url);
      await execute(url, historyInsert('20990101000000_from_the_future', 'f'.repeat(64), true));
      const dir = migrationsCopy({ '29990101000000_probe': 'CREATE TABLE "Probe" ("id" TEXT NOT NULL PRIMARY KEY);\n' });

      const refused = applyMigrations(url, { dir });
      await expect(refused).rejects.toThrow(
        'The database has migration 20990101000000_from_the_future that this version of DealDesk does not know: ' +
          'run a newer version of DealDesk, or restore the database from a backup.',
      );
      await expect(refused).rejects.toMatchObject({ code: 'unknown_migration', migration: '20990101000000_from_the_future' });
      expect(await tableNames(provider, url)).not.toContain('Probe');
      expect((await historyRows(url)).map((row) => row.name)).toEqual([...committedMigrations(provider), '20990101000000_from_the_future']);
      // Prisma sees the same: a migration in the database that the folder lacks.
      expect((await migrationHistoryStatus(url)).history).toEqual({
        diagnostic: 'migrationsDirectoryIsBehind',
        unpersistedMigrationNames: ['20990101000000_from_the_future'],
      });
    });

    it('refuses a migration whose file changed after it was applied, and applies nothing', async () => {
      const dir = migrationsCopy({ '29990101000000_probe': 'CREATE TABLE "Probe" ("id" TEXT NOT NULL PRIMARY KEY);\n' });
      const url = await emptyDatabase();
      await applyMigrations(url);
      const file = path.join(dir, init, 'migration.sql');
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- edited afterwards\n`);

      const refused = applyMigrations(url, { dir });
      await expect(refused).rejects.toThrow(
        `Migration ${init} was changed after it was applied to this database (its checksum differs): ` +
          `restore the committed ${file}, and put new changes in a new migration.`,
      );
      await expect(refused).rejects.toBeInstanceOf(MigrationError);
      await expect(refused).rejects.toMatchObject({ code: 'changed_migration', migration: init });
      expect(await tableNames(provider, url)).not.toContain('Probe');
      expect((await migrationHistoryStatus(url, dir)).editedMigrationNames).toEqual([init]);
    });

    it('takes a migration whose line endings git changed as unchanged, as Prisma does', async () => {
      const dir = migrationsCopy();
      const url = await emptyDatabase();
      await applyMigrations(url);
      const file = path.join(dir, init, 'migration.sql');
      writeFileSync(file, readFileSync(file, 'utf8').replaceAll('\n', '\r\n'));
      expect(await applyMigrations(url, { dir })).toEqual({ applied: [] });
      expect((await migrationHistoryStatus(url, dir)).editedMigrationNames).toEqual([]);
    });

    it('refuses a database with a migration that started but never finished', async () => {
      const dir = migrationsCopy({ '29990101000000_probe': 'CREATE TABLE "Probe" ("id" TEXT NOT NULL PRIMARY KEY);\n' });
      const url = await emptyDatabase();
      await applyMigrations(url);
      await execute(url, historyInsert('29990101000000_probe', sha256('whatever'), false));

      const refused = applyMigrations(url, { dir });
      await expect(refused).rejects.toThrow(
        'Migration 29990101000000_probe was started on this database but never finished (an earlier attempt failed): ' +
          'repair the database by hand and mark it rolled back (prisma migrate resolve --rolled-back 29990101000000_probe), ' +
          'or restore the database from a backup.',
      );
      await expect(refused).rejects.toMatchObject({ code: 'unfinished_migration' });
      expect(await tableNames(provider, url)).not.toContain('Probe');
      expect((await migrationHistoryStatus(url, dir)).failedMigrationNames).toEqual(['29990101000000_probe']);
    });

    it('applies a migration again once its failed run is marked rolled back', async () => {
      const dir = migrationsCopy({ '29990101000000_probe': 'CREATE TABLE "Probe" ("id" TEXT NOT NULL PRIMARY KEY);\n' });
      const url = await emptyDatabase();
      await applyMigrations(url);
      await execute(url, historyInsert('29990101000000_probe', sha256('whatever'), false));
      await execute(url, "UPDATE _prisma_migrations SET rolled_back_at = started_at WHERE migration_name = '29990101000000_probe'");
      expect(await applyMigrations(url, { dir })).toEqual({ applied: ['29990101000000_probe'] });
      expect(await tableNames(provider, url)).toContain('Probe');
    });

    it('rolls back a migration that fails midway, reports it, and applies it once fixed', async () => {
      const url = await emptyDatabase();
      const broken =
        'CREATE TABLE "Probe" ("id" TEXT NOT NULL PRIMARY KEY);\n' +
        'INSERT INTO "Probe" ("id") VALUES (\'one\');\n' +
        'INSERT INTO "Nowhere" ("id") VALUES (\'x\');\n';
      const dir = migrationsCopy({ '29990101000000_probe': broken });

      const failed = applyMigrations(url, { dir });
      await expect(failed).rejects.toThrow(
        /^Migration 29990101000000_probe failed and was rolled back, so nothing of it was applied \(.*Nowhere.*\): fix the cause, then start DealDesk again\.$/,
      );
      await expect(failed).rejects.toMatchObject({ code: 'failed_migration', migration: '29990101000000_probe' });
      // The migrations before it stay applied; nothing of the failed one remains, not even a history row.
      const tables = await tableNames(provider, url);
      expect(tables).toContain('Deal');
      expect(tables).not.toContain('Probe');
      expect((await historyRows(url)).map((row) => row.name)).toEqual(committedMigrations(provider));

      writeFileSync(path.join(dir, '29990101000000_probe', 'migration.sql'), broken.replace(/INSERT INTO "Nowhere".*\n/, ''));
      expect(await applyMigrations(url, { dir })).toEqual({ applied: ['29990101000000_probe'] });
      expect(await withClient(url, (db) => db.$queryRawUnsafe<{ id: string }[]>('SELECT "id" FROM "Probe"'))).toEqual([{ id: 'one' }]);
    });

    it('applies once when two callers start at the same time', async () => {
      const url = await emptyDatabase();
      const results = await Promise.all([applyMigrations(url), applyMigrations(url)]);
      const applied = results.map((result) => result.applied).sort((a, b) => b.length - a.length);
      expect(applied).toEqual([committedMigrations(provider), []]);
    });

    it('has a migration for every change in prisma/schema.prisma', async () => {
      const pending = await pendingSchemaChanges(provider, await emptyDatabase());
      expect(
        pending,
        `prisma/schema.prisma changed without a migration; run "npm run db:migration:create -- <name>" ` +
          `(with TEST_POSTGRES_URL set, for both providers). Missing SQL for ${provider}:\n${pending ?? ''}`,
      ).toBeNull();
    });

    it('notices a schema change that no migration covers', async () => {
      const changed = `${schemaFor(provider)}\nmodel DriftProbe {\n  id String @id\n}\n`;
      const pending = await pendingSchemaChanges(provider, await emptyDatabase(), changed);
      expect(pending).toMatch(/CREATE TABLE "DriftProbe"/);
    });

    it('round-trips through the Prisma client', async () => {
      const fresh = await freshDatabase(provider);
      try {
        const { db } = fresh;
        const workspace = await db.workspace.create({ data: { name: 'Acme Sales', currency: 'EUR' } });
        const member = await db.member.create({
          data: { workspaceId: workspace.id, name: 'Li Wei', handle: 'liwei', role: 'manager' },
        });
        const account = await db.account.create({ data: { workspaceId: workspace.id, name: 'Globex', nameKey: 'globex' } });
        const amount = 12_345_678_901_234_567n; // beyond Number.MAX_SAFE_INTEGER
        await db.deal.create({
          data: {
            workspaceId: workspace.id,
            number: 1,
            title: 'Renewal',
            searchKey: 'renewal globex',
            accountId: account.id,
            ownerId: member.id,
            amountMinor: amount,
            currency: 'EUR',
            stage: 'qualification',
            closeDate: new Date('2026-12-31T00:00:00Z'),
          },
        });

        const read = await db.workspace.findUniqueOrThrow({
          where: { id: workspace.id },
          include: { members: true, deals: true },
        });
        expect(read).toMatchObject({ name: 'Acme Sales', currency: 'EUR', isDemo: false, fiscalYearStartMonth: 1 });
        expect(read.members).toEqual([expect.objectContaining({ id: member.id, handle: 'liwei', role: 'manager', active: true })]);
        expect(read.deals).toHaveLength(1);
        expect(read.deals[0]?.amountMinor).toBe(amount);
        expect(read.deals[0]?.closeDate?.toISOString()).toBe('2026-12-31T00:00:00.000Z');

        await expect(db.member.create({ data: { workspaceId: workspace.id, name: 'Other', handle: 'liwei' } })).rejects.toMatchObject({
          code: 'P2002',
        });
      } finally {
        await fresh.cleanup();
      }
    });

    it('gives every caller its own database', async () => {
      const [a, b] = await Promise.all([freshDatabase(provider), freshDatabase(provider)]);
      try {
        expect(a.url).not.toBe(b.url);
        await a.db.workspace.create({ data: { name: 'Only in A' } });
        expect(await b.db.workspace.count()).toBe(0);
      } finally {
        await Promise.all([a.cleanup(), b.cleanup()]);
      }
    });

    if (provider === 'sqlite') {
      it('rebuilds a referenced table without deleting the rows that reference it (foreign keys off during the migration)', async () => {
        const url = await emptyDatabase();
        const dir = migrationsCopy({
          '29990101000000_parent_child':
            'CREATE TABLE "Parent" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT);\n' +
            'CREATE TABLE "Child" ("id" TEXT NOT NULL PRIMARY KEY, "parentId" TEXT NOT NULL, ' +
            'CONSTRAINT "Child_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Parent" ("id") ON DELETE CASCADE ON UPDATE CASCADE);\n' +
            "INSERT INTO \"Parent\" VALUES ('p', 'parent');\nINSERT INTO \"Child\" VALUES ('c', 'p');\n",
          // What `prisma migrate dev` writes for SQLite when a column changes: a rebuilt table.
          '29990101000001_rebuild_parent':
            'PRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=OFF;\n' +
            'CREATE TABLE "new_Parent" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL DEFAULT \'\');\n' +
            'INSERT INTO "new_Parent" ("id", "name") SELECT "id", coalesce("name", \'\') FROM "Parent";\n' +
            'DROP TABLE "Parent";\nALTER TABLE "new_Parent" RENAME TO "Parent";\n' +
            'PRAGMA foreign_keys=ON;\nPRAGMA defer_foreign_keys=OFF;\n',
        });
        expect((await applyMigrations(url, { dir })).applied.slice(-2)).toEqual([
          '29990101000000_parent_child',
          '29990101000001_rebuild_parent',
        ]);
        expect(await withClient(url, (db) => db.$queryRawUnsafe<{ id: string }[]>('SELECT "id" FROM "Child"'))).toEqual([{ id: 'c' }]);
      });
    }

    if (provider === 'postgresql') {
      it("waits for Prisma's migration lock held by another session (a native prisma migrate deploy)", async () => {
        const url = await emptyDatabase();
        await withPgClient(url, async (holder) => {
          await holder.query('SELECT pg_advisory_lock($1)', [PRISMA_PG_LOCK_KEY]);
          const running = applyMigrations(url);
          // Once the runner queues for the lock, nothing may have been applied.
          for (;;) {
            const waiting = await holder.query(
              "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
              [PRISMA_PG_LOCK_KEY],
            );
            if (waiting.rowCount) break;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          expect(await tableNames(provider, url)).toEqual([]);
          await holder.query('SELECT pg_advisory_unlock($1)', [PRISMA_PG_LOCK_KEY]);
          expect((await running).applied).toEqual(committedMigrations(provider));
        });
      });
    }
  });
}
