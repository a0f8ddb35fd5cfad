import http from 'node:http';
import express, { type Express } from 'express';
import type { Db } from '../store/db.js';
import { pingDatabase } from '../store/health.js';
import type { Logger } from '../logger.js';

export type HttpServer = { app: Express; listen(port: number): Promise<number>; close(): Promise<void> };

/**
 * The one HTTP server of the process: Slack (`POST /slack/events`) and Teams (`POST /api/messages`)
 * mount their routes on `app`; `/healthz` says the process is up, `/readyz` that the database answers.
 */
export function createHttpServer(options: { db: Db; logger: Logger }): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await pingDatabase(options.db);
      res.json({ ok: true, database: 'reachable' });
    } catch (error) {
      options.logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ ok: false, database: 'unreachable' });
    }
  });
  let server: http.Server | undefined;
  return {
    app,
    listen(port) {
      return new Promise((resolve, reject) => {
        server = http.createServer(app);
        server.once('error', reject);
        server.listen(port, () => {
          const address = server?.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
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
