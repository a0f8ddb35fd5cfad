// A second Prisma client on a test database that records every SQL statement it sends: how the
// statement-budget tests count what a command costs.
import { adapterFor, type Db, type Provider } from '../../src/store/db.js';
import { PrismaClient as SqliteClient } from '../../src/store/generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from '../../src/store/generated/postgresql/client.js';

/** A second client on the same database that records every SQL statement it sends. */
export function countingClient(provider: Provider, url: string): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const log = [{ emit: 'event', level: 'query' }] as const;
  if (provider === 'sqlite') {
    const client = new SqliteClient({ adapter: adapterFor(url) as never, log: [...log] });
    client.$on('query', (event) => statements.push(event.query));
    return { db: client, statements };
  }
  const client = new PostgresClient({ adapter: adapterFor(url) as never, log: [...log] });
  client.$on('query', (event) => statements.push(event.query));
  return { db: client as unknown as Db, statements };
}
