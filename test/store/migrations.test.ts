import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, type Provider } from '../../src/store/db.js';
import { applyMigrations, migrationsDir, pendingSchemaChanges } from '../../src/store/migrations.js';
import { schemaFor } from '../../prisma/schemas.mjs';
import { emptyDatabaseUrl, freshDatabase, ALL_PROVIDERS, describeOn } from '../support/databases.js';

function committedMigrations(provider: Provider): string[] {
  return readdirSync(migrationsDir(provider), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function tableNames(provider: Provider, url: string): Promise<string[]> {
  const db = createDb(url);
  try {
    const sql =
      provider === 'sqlite'
        ? "SELECT name FROM sqlite_master WHERE type = 'table'"
        : "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'";
    const rows = await db.$queryRawUnsafe<{ name: string }[]>(sql);
    return rows.map((row) => row.name).sort();
  } finally {
    await db.$disconnect();
  }
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`migrations (${provider})`, () => {
    const drops: (() => Promise<void>)[] = [];
    afterAll(async () => {
      await Promise.all(drops.map((drop) => drop()));
    });
    async function emptyDatabase(): Promise<string> {
      const { url, drop } = await emptyDatabaseUrl(provider);
      drops.push(drop);
      return url;
    }

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
          `(with TEST_POSTGRES_URL set, for both providers). Missing SQL for ${provider}:\n${pending}`,
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
  });
}
