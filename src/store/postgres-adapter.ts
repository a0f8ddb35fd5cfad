import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlQuery } from '@prisma/driver-adapter-utils';
import { ConnectionTurns } from './connection-turns.js';

/**
 * The pg adapter with a transaction's statements sent one at a time. A request's work runs in one
 * transaction (#13), and Prisma's query interpreter loads a query's relations concurrently: on the one
 * connection a transaction holds, pg then queues a query behind a busy one, which pg 8 deprecates and
 * pg 9 refuses. Outside transactions each query takes its own pooled connection, as before.
 */
export class ServerPostgres extends PrismaPg {
  override async connect(): ReturnType<PrismaPg['connect']> {
    const adapter = await super.connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      const turns = new ConnectionTurns();
      const queryRaw = transaction.queryRaw.bind(transaction);
      const executeRaw = transaction.executeRaw.bind(transaction);
      transaction.queryRaw = (query: SqlQuery) => turns.during(() => queryRaw(query));
      transaction.executeRaw = (query: SqlQuery) => turns.during(() => executeRaw(query));
      return transaction;
    };
    return adapter;
  }
}
