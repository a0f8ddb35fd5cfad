import http from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Db } from '../store/db.js';
import { pingDatabase } from '../store/health.js';
import type { Logger } from '../logger.js';
import { mountLegalPages } from './legal-pages.js';
import { BODY_BYTES_MAX, jsonNestsDeeperThan, PAYLOAD_DEPTH_MAX, slackBodyProblem, typedLineRefusal } from '../adapters/input-limits.js';

export type HttpServer = {
  app: Express;
  /** Listens on `host` (default: every interface) and resolves with the port. */
  listen(port: number, host?: string): Promise<number>;
  /** Resolves once no request is being answered (true), or after `timeoutMs` (false). */
  whenIdle(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
};

/** Slack refuses requests whose timestamp is more than this far from now, either way (replays). */
const SLACK_CLOCK_SKEW_SECONDS = 5 * 60;
/**
 * An idle keep-alive connection is kept this long: longer than the clients' and load balancers' own idle
 * limits (60 s on the common ones), so the client, not the server, closes it; a server that closes first
 * races the client's next request on that connection, which then fails with ECONNRESET.
 */
const KEEP_ALIVE_MS = 65_000;
/** A body sent on after the 413 is read and dropped up to this much, then the connection is cut. */
const DRAIN_BYTES_MAX = 8 * 1024 * 1024;

/**
 * The one HTTP server of the process: Slack (`POST /slack/events`) and Teams (`POST /api/messages`)
 * mount their routes on `app`; `/healthz` says the process is up, `/readyz` that the database answers;
 * `/privacy` and `/terms` are the pages the Teams app package links to (legal-pages.ts).
 */
export function createHttpServer(options: { db: Db; logger: Logger; draining?: () => boolean }): HttpServer {
  const draining = options.draining ?? (() => false);
  const app = express();
  app.disable('x-powered-by');
  app.use(logEachRequest(options.logger));
  let answering = 0;
  let idle: (() => void)[] = [];
  app.use((_req, res, next) => {
    // A Teams turn is answered when its work is done: a drain waits for it (#13).
    answering += 1;
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      answering -= 1;
      if (answering === 0) for (const wake of idle.splice(0)) wake();
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  });
  app.use(refuseWhileDraining(draining));
  app.use(refuseLargeBodies(options.logger));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    if (draining()) {
      res.status(503).json({ ok: false, draining: true });
      return;
    }
    try {
      await pingDatabase(options.db);
      res.json({ ok: true, database: 'reachable' });
    } catch (error) {
      options.logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ ok: false, database: 'unreachable' });
    }
  });
  mountLegalPages(app);
  let server: http.Server | undefined;
  return {
    app,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server = http.createServer(app);
        server.keepAliveTimeout = KEEP_ALIVE_MS;
        server.headersTimeout = KEEP_ALIVE_MS + 1_000;
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server?.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    whenIdle(timeoutMs) {
      if (answering === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          idle = idle.filter((waiting) => waiting !== wake);
          resolve(false);
        }, timeoutMs);
        idle.push(wake);
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server) {
          resolve();
          return;
        }
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

/**
 * One log line per request when its answer is sent (or the client gave up): method, path without the
 * query string (OAuth codes travel there), status and milliseconds. Never headers or bodies.
 */
function logEachRequest(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    let logged = false;
    const log = () => {
      if (logged) return;
      logged = true;
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const status = res.writableFinished ? res.statusCode : 499;
      logger.info({ method: req.method, path: req.path, status, ms }, 'http request');
    };
    res.once('finish', log);
    res.once('close', log);
    next();
  };
}

/**
 * While the process drains for a shutdown (SIGTERM, #13), new chat requests get 503 before anything is
 * read or recorded, so a load balancer sends them to another replica (nginx: `proxy_next_upstream
 * http_503 non_idempotent`) and the platform never hears "got it" from a process that is leaving.
 */
function refuseWhileDraining(draining: () => boolean): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'POST' && draining()) {
      res.status(503).set({ 'Retry-After': '1', Connection: 'close' }).json({ ok: false, error: 'shutting down' });
      return;
    }
    next();
  };
}

/** 413 for a declared body over BODY_BYTES_MAX, before anything reads it. */
function refuseLargeBodies(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > BODY_BYTES_MAX) {
      tooLarge(req, res, logger, declared);
      return;
    }
    next();
  };
}

function tooLarge(req: Request, res: Response, logger: Logger, bytes: number): void {
  logger.warn({ method: req.method, path: req.path, bytes, limit: BODY_BYTES_MAX }, 'request body too large: refused with 413');
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_BYTES_MAX) req.destroy();
  });
  req.resume();
  res.status(413).set('Connection', 'close').json({ ok: false, error: 'request body too large', limit: BODY_BYTES_MAX });
}

/** The body, or 'too_large' as soon as it passes `max` bytes (the rest is then drained by tooLarge). */
function readBody(req: Request, max: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.off('end', onEnd);
      resolve('too_large');
    };
    const onEnd = () => {
      resolve(Buffer.concat(chunks));
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}

/**
 * Runs before Bolt on `POST /slack/events` and refuses, without database work, what Bolt would let
 * through: bodies over BODY_BYTES_MAX (413), timestamps more than five minutes in the future (Bolt
 * only refuses old ones; 401), and signed payloads it cannot serve: `null`, too deep, or without a
 * team id (which would make a workspace for team ""; 400). A slash command longer than a command
 * line gets its sentence at once. The body it read goes on to Bolt as `rawBody`, which Bolt verifies
 * again; a request this cannot verify is left to Bolt to refuse.
 */
export function slackRequestGuard(signingSecret: string, logger: Logger, now: () => number = Date.now): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') {
      next();
      return;
    }
    void (async () => {
      const raw = await readBody(req, BODY_BYTES_MAX);
      if (raw === 'too_large') {
        tooLarge(req, res, logger, BODY_BYTES_MAX + 1);
        return;
      }
      Object.assign(req, { rawBody: raw });
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      if (Number.isFinite(timestamp) && timestamp > now() / 1000 + SLACK_CLOCK_SKEW_SECONDS) {
        logger.warn(
          { path: req.path, skewSeconds: Math.round(timestamp - now() / 1000) },
          'slack request refused: timestamp in the future',
        );
        res.status(401).send();
        return;
      }
      const text = raw.toString('utf8');
      if (!validSlackSignature(signingSecret, text, req.headers['x-slack-signature'], timestamp)) {
        next(); // Bolt refuses it with 401 and logs why.
        return;
      }
      const body = parseSlackBody(text, req.headers['content-type']);
      if (body === unreadable) {
        next(); // Bolt answers 400.
        return;
      }
      const problem = body === tooDeep ? `the payload nests deeper than ${String(PAYLOAD_DEPTH_MAX)} levels` : slackBodyProblem(body);
      if (problem) {
        logger.warn({ path: req.path, problem }, 'slack request refused: 400');
        res.status(400).send();
        return;
      }
      const command = body as { command?: unknown; text?: unknown };
      const refusal = typeof command.command === 'string' && typeof command.text === 'string' ? typedLineRefusal(command.text) : undefined;
      if (refusal) {
        res.json({ response_type: 'ephemeral', text: refusal });
        return;
      }
      next();
    })().catch(next);
  };
}

function validSlackSignature(secret: string, body: string, header: string | string[] | undefined, timestamp: number): boolean {
  if (typeof header !== 'string' || !header.startsWith('v0=') || !Number.isFinite(timestamp)) return false;
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const unreadable = Symbol('unreadable');
/** JSON nested deeper than PAYLOAD_DEPTH_MAX, found without parsing it (#13: parsing it is the slow part). */
const tooDeep = Symbol('too deep');

/** Slack's body as Bolt reads it: form fields, a form's `payload` JSON, or JSON. */
function parseSlackBody(text: string, contentType: string | undefined): unknown {
  const json = (source: string): unknown => (jsonNestsDeeperThan(source) ? tooDeep : (JSON.parse(source) as unknown));
  try {
    if (contentType?.startsWith('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(text);
      const payload = form.get('payload');
      return payload === null ? Object.fromEntries(form) : json(payload);
    }
    return json(text);
  } catch {
    return unreadable;
  }
}
