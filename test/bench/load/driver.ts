// A closed-loop HTTP load of our own: `connections` workers on keep-alive sockets, each sending the next
// signed slash command as soon as the previous one is acknowledged, for `seconds`.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { signSlackRequest, FORM } from '../../support/slack-requests.js';

/** One request: its response_url id, when it left (Date.now, to compare with the fake's receipt time), its acknowledgement. */
export type Sent = { id: string; sentAt: number; ackMs: number; status: number };

export type LoadRun = { sent: Sent[]; startedAt: number; endedAt: number };

export type LoadOptions = {
  url: string;
  secret: string;
  connections: number;
  seconds: number;
  /** Unique per request: the response_url of each command carries it. */
  idPrefix: string;
  body: (id: string) => string;
};

/** Gives up on an acknowledgement after this long (Slack gives up after 3 s; it is counted as late from then on). */
const REQUEST_TIMEOUT_MS = 30_000;

function post(agent: Agent, url: URL, body: string, secret: string): Promise<number> {
  const headers = { 'Content-Type': FORM, 'Content-Length': String(Buffer.byteLength(body)), ...signSlackRequest(secret, body) };
  return new Promise((resolve) => {
    const req = request({ agent, hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => {
        resolve(res.statusCode ?? 0);
      });
      res.on('error', () => {
        resolve(0);
      });
    });
    req.on('error', () => {
      resolve(0);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy());
    req.end(body);
  });
}

/** One signed command on a connection of its own; resolves with the HTTP status (0 when it could not connect). */
export async function sendCommand(url: string, secret: string, body: string): Promise<number> {
  const agent = new Agent({ keepAlive: false });
  try {
    return await post(agent, new URL(url), body, secret);
  } finally {
    agent.destroy();
  }
}

export async function driveLoad(options: LoadOptions): Promise<LoadRun> {
  const url = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const sent: Sent[] = [];
  let counter = 0;
  const startedAt = Date.now();
  const deadline = performance.now() + options.seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      counter += 1;
      const id = `${options.idPrefix}${String(counter)}`;
      const body = options.body(id);
      const sentAt = Date.now();
      const started = performance.now();
      const status = await post(agent, url, body, options.secret);
      sent.push({ id, sentAt, ackMs: performance.now() - started, status });
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    agent.destroy();
  }
  return { sent, startedAt, endedAt: Date.now() };
}

/** The p-th percentile (0–100, nearest rank) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
