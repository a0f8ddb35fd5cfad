// #14: a SQLite file database is opened for a server — write-ahead log, synchronous=NORMAL — through the
// app's own client, and stays usable by a second connection and by the migration runner.
import { afterEach, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/store/db.js';
import { applyMigrations } from '../../src/store/migrations.js';
import { describeOn, emptyDatabaseUrl, type DatabaseUrl } from '../support/databases.js';

async function pragma(db: Db, name: 'journal_mode' | 'synchronous'): Promise<string> {
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`);
  return String(rows[0]?.[name]);
}

describeOn('sqlite')('SQLite pragmas', () => {
  const opened: Db[] = [];
  let database: DatabaseUrl | undefined;
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.$disconnect()));
    await database?.drop();
  });

  it('a fresh file database reports journal_mode = wal and synchronous = 1 (NORMAL)', async () => {
    database = await emptyDatabaseUrl('sqlite');
    const db = createDb(database.url);
    opened.push(db);
    expect(await pragma(db, 'journal_mode')).toBe('wal');
    expect(await pragma(db, 'synchronous')).toBe('1');
  });

  it('after migrations, a second client sees the first one’s committed rows and has the same settings', async () => {
    database = await emptyDatabaseUrl('sqlite');
    await applyMigrations(database.url);
    const first = createDb(database.url);
    const second = createDb(database.url);
    opened.push(first, second);
    await first.workspace.create({ data: { name: 'Acme' } });
    expect((await second.workspace.findMany()).map((w) => w.name)).toEqual(['Acme']);
    expect(await pragma(second, 'journal_mode')).toBe('wal');
    expect(await pragma(second, 'synchronous')).toBe('1');
  });
});
