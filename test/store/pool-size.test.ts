import { afterEach, describe, expect, it } from 'vitest';
import { createDb, poolOptionsOf, type Db } from '../../src/store/db.js';
import { describeOn, freshDatabaseUrl, type DatabaseUrl } from '../support/databases.js';

describe('PostgreSQL pool size from DATABASE_URL', () => {
  it('reads connection_limit off the URL and keeps everything else', () => {
    expect(poolOptionsOf('postgres://u:p@db:5432/dealdesk?connection_limit=3&statement_timeout=15000')).toEqual({
      connectionString: 'postgres://u:p@db:5432/dealdesk?statement_timeout=15000',
      max: 3,
    });
    expect(poolOptionsOf('postgres://u:p@db:5432/dealdesk')).toEqual({ connectionString: 'postgres://u:p@db:5432/dealdesk', max: 10 });
    // Not a whole number of at least one: the default, rather than a pool that can never connect.
    expect(poolOptionsOf('postgres://db/x?connection_limit=0').max).toBe(10);
    expect(poolOptionsOf('postgres://db/x?connection_limit=many').max).toBe(10);
  });
});

describeOn('postgresql')('PostgreSQL pool size on a real server', () => {
  let db: Db | undefined;
  let database: DatabaseUrl | undefined;
  afterEach(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('opens at most connection_limit connections however many queries run at once', async () => {
    database = await freshDatabaseUrl('postgresql');
    db = createDb(`${database.url}${database.url.includes('?') ? '&' : '?'}connection_limit=2`);
    const client = db;
    const pids = await Promise.all(
      Array.from({ length: 6 }, () => client.$queryRawUnsafe<{ pid: number }[]>('SELECT pg_backend_pid() AS pid FROM pg_sleep(0.2)')),
    );
    expect(new Set(pids.map((rows) => rows[0]?.pid)).size).toBeLessThanOrEqual(2);
  });
});
