/**
 * Hands a connection to one user at a time, first come, first served. On SQLite: an open transaction,
 * or a single statement.
 * better-sqlite3 has one connection per process; its adapter makes transactions wait for each other but
 * not plain statements, so another request's statement issued while a transaction is open ran inside it
 * (and was undone with it on a rollback). With whole requests running in transactions (#13), that would
 * lose acknowledged work; here a statement waits until the transaction ends. First come, first served.
 */
export class ConnectionTurns {
  #busy = false;
  readonly #statements: (() => void)[] = [];
  readonly #transactions: (() => void)[] = [];
  /** Statements served since a transaction last waited: after a few, a waiting transaction goes first. */
  #statementsInARow = 0;

  /**
   * Resolves when it is the caller's turn, with the function that ends the turn. A single statement
   * waiting goes before a waiting transaction (a request's whole work): the statement that records a
   * request before Slack is told "got it" then waits for at most the transaction that is open, not for
   * every one queued (#14); after STATEMENTS_BEFORE_A_TRANSACTION in a row, a transaction goes first.
   */
  take(kind: 'statement' | 'transaction' = 'statement'): Promise<() => void> {
    return new Promise((resolve) => {
      let ended = false;
      const grant = () => {
        this.#busy = true;
        resolve(() => {
          if (ended) return;
          ended = true;
          this.#next();
        });
      };
      if (!this.#busy) grant();
      else (kind === 'statement' ? this.#statements : this.#transactions).push(grant);
    });
  }

  #next(): void {
    const transactionFirst =
      this.#transactions.length > 0 && (this.#statements.length === 0 || this.#statementsInARow >= STATEMENTS_BEFORE_A_TRANSACTION);
    const next = transactionFirst ? this.#transactions.shift() : this.#statements.shift();
    this.#statementsInARow = transactionFirst || this.#transactions.length === 0 ? 0 : this.#statementsInARow + 1;
    if (next === undefined) {
      this.#busy = false;
      return;
    }
    // The connection stays reserved for `next`, but the hand-over waits for the event loop's next turn:
    // better-sqlite3 runs statements synchronously, so granting turns from a promise chain would run every
    // queued request's work in one go and hold the loop (acknowledgements, timers) for all of them (#13).
    setImmediate(next);
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

/** How many single statements may go before a waiting transaction, so transactions are never starved. */
const STATEMENTS_BEFORE_A_TRANSACTION = 16;
