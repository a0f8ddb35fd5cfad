// A local imitation of Slack's Socket Mode WebSocket server (what apps.connections.open points at).
//
//   const socket = await startFakeSocketMode();
//   const fake = await startFakeSlack({ socketUrl: socket.url });
//   const app = new App({ socketMode: true, appToken: 'xapp-1-test', token: 'xoxb-test',
//     clientOptions: { slackApiUrl: fake.apiUrl } });
//   await app.start();                       // resolves after our `hello`
//   const id = socket.send({ type: 'slash_commands', payload: slashCommandPayload({...}) });
//   const ack = await socket.waitForAck(id);  // { envelope_id, payload } — payload is what ack() was given
//
// Protocol as @slack/socket-mode 3.1 expects it: the client waits for `{type:'hello'}` before start()
// resolves; envelopes carry `envelope_id`, `type`, `payload`, `accepts_response_payload` (events_api also
// `retry_attempt`, `retry_reason`); the client answers `{envelope_id, payload}` (payload `{}` for a bare
// ack); `{type:'disconnect', reason}` makes it reconnect via apps.connections.open. The client pings every
// clientPingTimeout/3 ms and disconnects without pongs (ws answers pings automatically); it only watches
// server pings once it has received one.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { WebSocketServer, type WebSocket } from 'ws';
import { waitForChange } from './local-server.js';

export type SocketEnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export type SocketEnvelope = {
  type: SocketEnvelopeType;
  payload: unknown;
  envelope_id?: string;
  /** Defaults: true for slash_commands and interactive, false for events_api. */
  accepts_response_payload?: boolean;
  retry_attempt?: number;
  retry_reason?: string;
};

export type SocketAck = { envelope_id: string; payload?: unknown; at: number };

export type FakeSocketModeOptions = {
  appId?: string;
  /** Send a WebSocket ping this often (ms); 0 (default) never pings. */
  pingIntervalMs?: number;
  /** Do not send `hello` on connection (the client's start() then never resolves). */
  withholdHello?: boolean;
};

export type FakeSocketMode = {
  /** ws://127.0.0.1:<port>/link/?ticket=…&app_id=… — return it from apps.connections.open. */
  url: string;
  /** Number of connections accepted so far (reconnects increase it). */
  connectionCount: number;
  /** Currently open client sockets. */
  openConnections(): number;
  waitForConnection(timeoutMs?: number): Promise<void>;
  /** Sends an envelope to every open connection; returns its envelope_id. Throws if no client is connected. */
  send(envelope: SocketEnvelope): string;
  /** Every JSON message received from clients. */
  received: unknown[];
  acks: SocketAck[];
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<SocketAck>;
  /** Slack's `{type:'disconnect'}` message (e.g. 'refresh_requested', 'warning', 'link_disabled'). */
  requestDisconnect(reason?: string): void;
  /** Drops every connection without a close handshake. */
  dropConnections(): void;
  close(): Promise<void>;
};

export async function startFakeSocketMode(options: FakeSocketModeOptions = {}): Promise<FakeSocketMode> {
  const appId = options.appId ?? 'A1';
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', () => resolve());
    wss.once('error', reject);
  });
  const { port } = wss.address() as AddressInfo;
  const sockets = new Set<WebSocket>();
  const timers = new Set<NodeJS.Timeout>();

  const waitFor = <T>(find: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> =>
    waitForChange(events, find, timeoutMs, describe, 'fake-socket-mode');

  wss.on('connection', (ws) => {
    sockets.add(ws);
    fake.connectionCount += 1;
    if (options.pingIntervalMs !== undefined && options.pingIntervalMs > 0) {
      const timer = setInterval(() => {
        if (ws.readyState === ws.OPEN) ws.ping(Buffer.from(`ping-${Date.now()}`));
      }, options.pingIntervalMs);
      timers.add(timer);
      ws.once('close', () => {
        clearInterval(timer);
        timers.delete(timer);
      });
    }
    ws.on('message', (data, isBinary) => {
      // Text frames arrive as a Buffer (ws's default binaryType); nothing else is a message this fake reads.
      if (isBinary || !Buffer.isBuffer(data)) return;
      let message: unknown;
      try {
        message = JSON.parse(data.toString('utf8'));
      } catch {
        return;
      }
      fake.received.push(message);
      if (typeof message === 'object' && message !== null && 'envelope_id' in message) {
        const m = message as { envelope_id: unknown; payload?: unknown };
        const ack: SocketAck = { envelope_id: String(m.envelope_id), at: Date.now() };
        if (m.payload !== undefined) ack.payload = m.payload;
        fake.acks.push(ack);
      }
      events.emit('change');
    });
    ws.on('close', () => {
      sockets.delete(ws);
      events.emit('change');
    });
    ws.on('error', () => {
      sockets.delete(ws);
    });
    if (options.withholdHello !== true) {
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: sockets.size,
          debug_info: { host: 'applink-fake-1', build_number: 1, approximate_connection_time: 18060 },
          connection_info: { app_id: appId },
        }),
      );
    }
    events.emit('change');
  });

  const fake: FakeSocketMode = {
    url: `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}&app_id=${appId}`,
    connectionCount: 0,
    openConnections: () => [...sockets].filter((s) => s.readyState === s.OPEN).length,
    waitForConnection: async (timeoutMs = 5000) => {
      await waitFor(
        () => (fake.openConnections() > 0 ? true : undefined),
        timeoutMs,
        () => 'a client connection',
      );
    },
    send: (envelope) => {
      const open = [...sockets].filter((s) => s.readyState === s.OPEN);
      if (open.length === 0) throw new Error('fake-socket-mode: no client connected');
      const envelopeId = envelope.envelope_id ?? randomUUID();
      const message: Record<string, unknown> = {
        envelope_id: envelopeId,
        payload: envelope.payload,
        type: envelope.type,
        accepts_response_payload: envelope.accepts_response_payload ?? envelope.type !== 'events_api',
      };
      if (envelope.type === 'events_api') {
        message.retry_attempt = envelope.retry_attempt ?? 0;
        message.retry_reason = envelope.retry_reason ?? '';
      }
      // Slack delivers each envelope to one connection; the first open one is as good as any.
      open[0]?.send(JSON.stringify(message));
      return envelopeId;
    },
    received: [],
    acks: [],
    waitForAck: (envelopeId, timeoutMs = 5000) =>
      waitFor(
        () => fake.acks.find((a) => a.envelope_id === envelopeId),
        timeoutMs,
        () => `an ack of ${envelopeId}; acks so far: ${fake.acks.map((a) => a.envelope_id).join(', ') || 'none'}`,
      ),
    requestDisconnect: (reason = 'refresh_requested') => {
      for (const ws of sockets) {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake-1' } }));
      }
    },
    dropConnections: () => {
      for (const ws of sockets) ws.terminate();
    },
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      timers.clear();
      // Bolt's app.stop() resolves before its close handshake ends; finish it (or start one) so the client sees
      // a clean close instead of a socket error, then drop whatever is left.
      await Promise.all(
        [...sockets].map(
          (ws) =>
            new Promise<void>((resolve) => {
              if (ws.readyState === ws.CLOSED) {
                resolve();
                return;
              }
              const timer = setTimeout(() => {
                ws.terminate();
                resolve();
              }, 1000);
              ws.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
              if (ws.readyState === ws.OPEN) ws.close(1001, 'going away');
            }),
        ),
      );
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
  return fake;
}
