/**
 * Hands a connection to one user at a time, first come, first served. On SQLite: an open transaction,
 * or a single statement.
 * better-sqlite3 has one connection per process; its adapter makes transactions wait for each other but
 * not plain statements, so another request's statement issued while a transaction is open ran inside it
 * (and was undone with it on a rollback). With whole requests running in transactions (#13), that would
 * lose acknowledged work; here a statement waits until the transaction ends. First come, first served.
 */
export class ConnectionTurns {
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
