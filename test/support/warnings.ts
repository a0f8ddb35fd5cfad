// Setup file (vitest.config.ts): a test file fails when the code under test made pg queue a query on a
// busy connection (concurrent queries inside one transaction), which pg 9 will turn into an error.
import { afterAll } from 'vitest';

const queued: string[] = [];
process.on('warning', (warning) => {
  if (warning.name === 'DeprecationWarning' && warning.message.includes('client.query() when the client is already executing')) {
    queued.push(warning.stack ?? warning.message);
  }
});

afterAll(() => {
  if (queued.length > 0) throw new Error(`pg queued a query on a busy connection:\n${queued.join('\n')}`);
});
