import { App, ExpressReceiver, LogLevel, webApi as slackWebApi, type Logger as BoltLogger } from '@slack/bolt';
import type { Express } from 'express';
import type { Config } from '../../config/env.js';
import type { Db } from '../../store/db.js';
import type { Logger } from '../../logger.js';
import type { InstallationStore, webApi } from '@slack/bolt';
import { registerListeners } from './listeners/index.js';
import type { SlackDeps } from './context.js';
import { commandConcurrency, createWorkLimit, type WorkLimit } from '../work-limit.js';
import { slackBodyProblem } from '../input-limits.js';
import { createDurableRequests, type DurableRequests } from '../durable-requests.js';
import type { PlatformResumer } from '../request-resumer.js';
import { deliverSlackAnswer, runSlackRequest, tellSlackGaveUp, ZSlackRequest } from './requests.js';

type WebClientOptions = webApi.WebClientOptions;

export type SlackOptions = {
  config: Config;
  db: Db;
  logger: Logger;
  /** The process's one HTTP server; Slack's routes are mounted on it in HTTP mode. */
  http: Express;
  installationStore?: InstallationStore;
  clock?: () => Date;
  /** Extra Web API client options (tests turn retries off). */
  clientOptions?: WebClientOptions;
  /** Shared with the other adapters of the process; default: one of `commandConcurrency` places. */
  workLimit?: WorkLimit;
  /** The process's record of acknowledged requests (#13); default: one of its own. */
  requests?: DurableRequests;
};

/**
 * The bot's Web API calls in answer to people: a timeout (long enough for a 20 MB export upload) and at
 * most two quick retries, instead of the client's default of ten retries over about 30 minutes.
 */
const INTERACTIVE_CLIENT_LIMITS = {
  timeout: 60_000,
  retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 1_000, randomize: false },
} as const satisfies WebClientOptions;

/**
 * Bolt without its conversation store: by default every request runs a middleware that looks up state
 * kept per conversation in memory, which DealDesk never uses (its state is in the database), a cost
 * in each acknowledgement's path (#14).
 */
const BOLT_OPTIONS = { convoStore: false } as const;

export type SlackRuntime = {
  app: App;
  mode: 'http' | 'socket' | 'oauth';
  /** Finishes Slack requests another process acknowledged and did not finish (see request-resumer.ts). */
  resumer: PlatformResumer;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Bolt wired to DealDesk. HTTP mode mounts `POST /slack/events` on the shared server; with
 * SLACK_APP_TOKEN Socket Mode is used instead (no public URL needed); with SLACK_CLIENT_ID/SECRET the
 * app is installable into many workspaces, with `/slack/install` and `/slack/oauth_redirect`.
 */
export function createSlackApp(options: SlackOptions): SlackRuntime {
  const { config } = options;
  const logger = boltLogger(options.logger);
  const clientOptions: WebClientOptions = {
    ...INTERACTIVE_CLIENT_LIMITS,
    ...options.clientOptions,
    ...(config.SLACK_API_URL ? { slackApiUrl: ensureTrailingSlash(config.SLACK_API_URL) } : {}),
  };
  const clock = options.clock ?? (() => new Date());
  const workLimit = options.workLimit ?? createWorkLimit(commandConcurrency(config));
  const deps: SlackDeps = {
    db: options.db,
    clock,
    workLimit,
    logger: options.logger,
    requests: options.requests ?? createDurableRequests({ db: options.db, clock, workLimit, logger: options.logger }),
  };
  let app: App;
  let mode: SlackRuntime['mode'];

  if (config.SLACK_APP_TOKEN) {
    mode = 'socket';
    app = new App({
      token: config.SLACK_BOT_TOKEN,
      appToken: config.SLACK_APP_TOKEN,
      socketMode: true,
      logger,
      clientOptions,
      ...BOLT_OPTIONS,
    });
  } else {
    const oauth = config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET;
    mode = oauth ? 'oauth' : 'http';
    if (!config.SLACK_SIGNING_SECRET) throw new Error('SLACK_SIGNING_SECRET is required to receive Slack requests over HTTP');
    const receiver = new ExpressReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET,
      endpoints: '/slack/events',
      app: options.http,
      logger,
      ...(oauth
        ? {
            clientId: config.SLACK_CLIENT_ID,
            clientSecret: config.SLACK_CLIENT_SECRET,
            stateSecret: config.SLACK_STATE_SECRET,
            scopes: [
              'commands',
              'chat:write',
              'chat:write.public',
              'users:read',
              'users:read.email',
              'im:write',
              'team:read',
              'files:read',
              'files:write',
              'im:history',
            ],
            ...(options.installationStore ? { installationStore: options.installationStore } : {}),
            installerOptions: { directInstall: true, clientOptions },
          }
        : {}),
    });
    app = new App({ receiver, logger, clientOptions, ...BOLT_OPTIONS, ...(oauth ? {} : { token: config.SLACK_BOT_TOKEN }) });
  }
  if (mode === 'socket') {
    // Over HTTP, server/http.ts refuses these before Bolt sees them; over the socket, here (#13).
    app.use(async (args) => {
      const problem = slackBodyProblem(args.body);
      if (!problem) {
        await args.next();
        return;
      }
      options.logger.warn({ problem }, 'slack request refused');
      if ('ack' in args && typeof args.ack === 'function') await args.ack();
    });
  }
  registerListeners(app, deps);
  app.error((error) => {
    options.logger.error({ err: error }, 'slack handler failed');
    return Promise.resolve();
  });
  // A resumed request has no Bolt context: its team's client comes from the bot token or its installation.
  const clients = new Map<string, slackWebApi.WebClient>();
  async function clientFor(teamId: string): Promise<slackWebApi.WebClient> {
    if (!options.installationStore) return app.client;
    const cached = clients.get(teamId);
    if (cached) return cached;
    const installation = await options.installationStore.fetchInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
    const client = new slackWebApi.WebClient(installation.bot?.token, clientOptions);
    clients.set(teamId, client);
    return client;
  }
  const resumer: PlatformResumer = {
    async redo(key, payload) {
      const request = ZSlackRequest.parse(payload);
      await runSlackRequest(deps, await clientFor(request.teamId), key, request);
    },
    async deliver(key, payload, reply) {
      const request = ZSlackRequest.parse(payload);
      await deliverSlackAnswer(deps, await clientFor(request.teamId), key, request, reply);
    },
    async giveUp(payload) {
      const request = ZSlackRequest.parse(payload);
      await tellSlackGaveUp(await clientFor(request.teamId), request);
    },
  };
  return {
    app,
    mode,
    resumer,
    // In HTTP mode the shared server listens; only Socket Mode has a connection of its own to open.
    start: async () => {
      if (mode === 'socket') await app.start();
    },
    stop: async () => {
      if (mode === 'socket') await app.stop();
    },
  };
}

function ensureTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Bolt's logger interface over pino, so Slack's logs are structured like ours. */
function boltLogger(base: Logger): BoltLogger {
  const child = base.child({ component: 'slack' });
  return {
    debug: (...msg) => child.debug(msg.map(String).join(' ')),
    info: (...msg) => child.info(msg.map(String).join(' ')),
    warn: (...msg) => child.warn(msg.map(String).join(' ')),
    error: (...msg) => child.error(msg.map(String).join(' ')),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}
