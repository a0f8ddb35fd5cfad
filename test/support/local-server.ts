// What the local fakes (fake Slack, fake Socket Mode, fake Teams connector) share: listening on a free
// loopback port, closing for good, and waiting until something they record turns up.
//
//   const { port, baseUrl } = await listenLocally(server);   // http://127.0.0.1:<port>
//   const call = await waitForChange(events, () => calls.find(isIt), 5000, () => 'a chat.postMessage', 'fake-slack');
//   await closeServer(server);
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventEmitter } from 'node:events';

/** Starts `server` on a free port of 127.0.0.1. */
export async function listenLocally(server: Server): Promise<{ port: number; baseUrl: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { port, baseUrl: `http://127.0.0.1:${port}` };
}

/** Stops `server`, dropping the connections clients keep alive. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/**
 * Resolves with what `find` returns once it returns something, checking now and on each `change` event of
 * `events`; rejects after `timeoutMs` with "<who>: timed out after … waiting for <describe()>".
 */
export function waitForChange<T>(
  events: EventEmitter,
  find: () => T | undefined,
  timeoutMs: number,
  describe: () => string,
  who: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const found = find();
    if (found !== undefined) {
      resolve(found);
      return;
    }
    const onChange = (): void => {
      const hit = find();
      if (hit === undefined) return;
      clearTimeout(timer);
      events.off('change', onChange);
      resolve(hit);
    };
    const timer = setTimeout(() => {
      events.off('change', onChange);
      reject(new Error(`${who}: timed out after ${timeoutMs} ms waiting for ${describe()}`));
    }, timeoutMs);
    events.on('change', onChange);
  });
}
