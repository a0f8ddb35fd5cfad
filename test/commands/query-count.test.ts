// #14: a report command reads the workspace's teams once, however many steps (parse, scope, rows) need
// them. Counted on the SQL the client really sends (Prisma query events), on each database.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { execute } from '../../src/commands/execute.js';
import { adapterFor, type Db, type Provider } from '../../src/store/db.js';
import { PrismaClient as SqliteClient } from '../../src/store/generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from '../../src/store/generated/postgresql/client.js';
import { renderText } from '../../src/views/render/text.js';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';

/** A second client on the same database that records every SQL statement it sends. */
function countingClient(provider: Provider, url: string): { db: Db; statements: string[] } {
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

/** The team list's statement: SQLite quotes with backticks (`main`.`Team`), PostgreSQL with "public"."Team". */
const TEAM_SELECT = /\bFROM\s+[`"]\w+[`"]\.[`"]Team[`"]/;

for (const provider of ALL_PROVIDERS)
  describeOn(provider)(`statements per command on ${provider}`, () => {
    let demo: DemoWorkspace;
    let counting: ReturnType<typeof countingClient>;
    beforeEach(async () => {
      demo = await demoWorkspace(provider);
      counting = countingClient(provider, demo.url);
    });
    afterEach(async () => {
      await counting.db.$disconnect();
      await demo.cleanup();
    });

    it('/pipeline team reads the teams once and answers as before', async () => {
      const expected = (await demo.run('/pipeline team', 'mike')).text;
      const ctx = { ...(await demo.contextFor('mike')), db: counting.db };

      const text = renderText((await execute('/pipeline team', ctx)).screen);

      expect(text).toContain('North America');
      expect(text).toBe(expected);
      expect(counting.statements.filter((sql) => TEAM_SELECT.test(sql))).toHaveLength(1);
    });

    it('/quota team North America reads the teams once', async () => {
      const ctx = { ...(await demo.contextFor('mike')), db: counting.db };
      const text = renderText((await execute('/quota team North America', ctx)).screen);
      expect(text).toContain('North America');
      expect(counting.statements.filter((sql) => TEAM_SELECT.test(sql))).toHaveLength(1);
    });
  });
