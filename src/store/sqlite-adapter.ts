import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';

/**
 * Hands the one SQLite connection to one user at a time: an open transaction, or a single statement.
 * better-sqlite3 has one connection per process; its adapter makes transactions wait for each other but
 * not plain statements, so another request's statement issued while a transaction is open ran inside it
 * (and was undone with it on a rollback). With whole requests running in transactions (#13), that would
 * lose acknowledged work; here a statement waits until the transaction ends. First come, first served.
 */
class ConnectionTurns {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves when it is the caller's turn, with the function that ends the turn. */
  take(): Promise<() => void> {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const turn = this.#tail.then(() => end);
    this.#tail = this.#tail.then(() => ended);
    return turn;
  }

  async during<T>(work: () => Promise<T>): Promise<T> {
    const end = await this.take();
    try {
      return await work();
    } finally {
      end();
    }
  }
}

function takingTurns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const turns = new ConnectionTurns();
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const executeScript = adapter.executeScript.bind(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.queryRaw = (query: SqlQuery) => turns.during(() => queryRaw(query));
  adapter.executeRaw = (query: SqlQuery) => turns.during(() => executeRaw(query));
  adapter.executeScript = (script: string) => turns.during(() => executeScript(script));
  adapter.startTransaction = async (isolationLevel) => {
    const end = await turns.take();
    let transaction: Transaction;
    try {
      transaction = await startTransaction(isolationLevel);
    } catch (error) {
      end();
      throw error;
    }
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
 * Statements and transactions take turns on the connection (see ConnectionTurns).
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
    return takingTurns(adapter);
  }
}
