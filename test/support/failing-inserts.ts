// Makes the database refuse new rows of one table (as if it stopped answering halfway), or accept them
// again: a trigger that raises, on SQLite and on PostgreSQL. For tests of what survives a failing write.
import type { Db, Provider } from '../../src/store/db.js';

export async function failInsertsInto(db: Db, provider: Provider, table: string, fail: boolean): Promise<void> {
  const name = `fail_inserts_${table.toLowerCase()}`;
  if (provider === 'sqlite') {
    await db.$executeRawUnsafe(
      fail
        ? `CREATE TRIGGER ${name} BEFORE INSERT ON "${table}" BEGIN SELECT RAISE(ABORT, 'database unavailable'); END`
        : `DROP TRIGGER ${name}`,
    );
    return;
  }
  if (fail) {
    await db.$executeRawUnsafe(
      `CREATE FUNCTION ${name}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'database unavailable'; END $$ LANGUAGE plpgsql`,
    );
    await db.$executeRawUnsafe(`CREATE TRIGGER ${name} BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  } else {
    await db.$executeRawUnsafe(`DROP TRIGGER ${name} ON "${table}"`);
    await db.$executeRawUnsafe(`DROP FUNCTION ${name}()`);
  }
}
