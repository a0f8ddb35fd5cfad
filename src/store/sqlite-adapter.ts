import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';
import { ConnectionTurns } from './connection-turns.js';
import { yieldWhenLong } from './loop-slices.js';

/** The statement methods the adapter uses (better-sqlite3). */
type Statement = {
  reader: boolean;
  run(params: unknown[]): unknown;
  all(params: unknown[]): unknown[];
  columns(): unknown[];
  raw(on: boolean): Statement;
};
type SqliteClient = { prepare(sql: string): unknown };

/** How many distinct statements are kept prepared (the app issues a few hundred kinds). */
const PREPARED_MAX = 500;

/**
 * Prepares each distinct SQL text once (#14). The adapter prepares every statement again on each call
 * (about 1–1.5 ms of a command's CPU in a profile). A better-sqlite3 statement may run many times but
 * be bound only once, so the adapter gets the cached statement behind a binding of its own
 * (`prepare(sql).bind(args)` then `run()`, `columns()`, `raw().all()`; `prepare('BEGIN').run()`).
 * Readers are switched to raw rows once, as the adapter always reads them so, and their columns are read once.
 */
function preparingOnce(client: SqliteClient): void {
  const prepare = client.prepare.bind(client) as (sql: string) => Statement;
  const prepared = new Map<string, Statement>();
  const cached = (sql: string): Statement => {
    let statement = prepared.get(sql);
    if (statement) {
      // Most recently used last: the first entry is the one to drop when full.
      prepared.delete(sql);
    } else {
      statement = prepare(sql);
      if (statement.reader) statement.raw(true);
      if (prepared.size >= PREPARED_MAX) prepared.delete(prepared.keys().next().value ?? '');
    }
    prepared.set(sql, statement);
    return statement;
  };
  // A prepared statement's columns are fixed: read once each, not on every run (a new array of objects each time).
  const columnsOf = new WeakMap<Statement, unknown[]>();
  const columns = (statement: Statement) => {
    let known = columnsOf.get(statement);
    if (!known) {
      known = statement.columns();
      columnsOf.set(statement, known);
    }
    return known;
  };
  const bound = (statement: Statement, args: unknown[]) => ({
    reader: statement.reader,
    run: () => statement.run(args),
    columns: () => columns(statement),
    raw: () => ({ all: () => statement.all(args) }),
  });
  client.prepare = (sql: string) => {
    const statement = cached(sql);
    return { ...bound(statement, []), bind: (args: unknown[]) => bound(statement, args) };
  };
}

function takingTurns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const turns = new ConnectionTurns();
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const executeScript = adapter.executeScript.bind(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.queryRaw = (query: SqlQuery) => turns.during(() => yieldWhenLong().then(() => queryRaw(query)));
  adapter.executeRaw = (query: SqlQuery) => turns.during(() => yieldWhenLong().then(() => executeRaw(query)));
  adapter.executeScript = (script: string) => turns.during(() => executeScript(script));
  adapter.startTransaction = async (isolationLevel) => {
    const end = await turns.take('transaction');
    let transaction: Transaction;
    try {
      transaction = await startTransaction(isolationLevel);
    } catch (error) {
      end();
      throw error;
    }
    const transactionQuery = transaction.queryRaw.bind(transaction);
    const transactionExecute = transaction.executeRaw.bind(transaction);
    transaction.queryRaw = (query: SqlQuery) => yieldWhenLong().then(() => transactionQuery(query));
    transaction.executeRaw = (query: SqlQuery) => yieldWhenLong().then(() => transactionExecute(query));
    const commit = transaction.commit.bind(transaction);
    const rollback = transaction.rollback.bind(transaction);
    transaction.commit = () => commit().finally(end);
    transaction.rollback = () => rollback().finally(end);
    return transaction;
  };
  return adapter;
}

/**
 * The better-sqlite3 adapter set up for a server (#14): a file database uses the write-ahead log, so
 * readers do not wait for a writer, and `synchronous=NORMAL`, so a commit appends to the log without a
 * full flush (a crash may lose the last commits, never corrupt the file). The adapter has no option for
 * pragmas, so they run as the first statements of every connection; WAL is stored in the file,
 * `synchronous` is per connection. An in-memory database cannot use WAL and is left as it is.
 * Statements and transactions take turns on the connection (see ConnectionTurns), and long runs of
 * statements let the event loop turn (see yieldWhenLong).
 */
export class ServerSqlite extends PrismaBetterSqlite3 {
  readonly #file: string;

  constructor(config: ConstructorParameters<typeof PrismaBetterSqlite3>[0] & { url: string }) {
    super(config);
    this.#file = config.url;
  }

  override async connect(): ReturnType<PrismaBetterSqlite3['connect']> {
    const adapter = await super.connect();
    if (this.#file !== ':memory:') await adapter.executeScript('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    preparingOnce((adapter as unknown as { client: SqliteClient }).client);
    return takingTurns(adapter);
  }
}
