import type { Config } from '../config/env.js';
import type { webApi } from '@slack/bolt';

type WebClientOptions = webApi.WebClientOptions;
import { platformsOf } from '../config/env.js';
import type { Db } from '../store/db.js';
import type { Logger } from '../logger.js';
import { createHttpServer, slackRequestGuard } from './http.js';
import { mountCharts } from './charts-route.js';
import type { SlackRuntime } from '../adapters/slack/slack-app.js';
import type { TeamsRuntime } from '../adapters/teams/teams-app.js';
import type { TeamsSdkOptions } from '../adapters/teams/sdk.js';
import { commandConcurrency, createWorkLimit } from '../adapters/work-limit.js';
import { createDurableRequests, type DurableRequests } from '../adapters/durable-requests.js';
import { startRequestResumer, type PlatformResumer, type RunningResumer } from '../adapters/request-resumer.js';
import { createSecretBox, secretKeysOf } from '../store/secret-box.js';
import { startScheduler, type RunningScheduler } from '../jobs/scheduler.js';
import { JOBS } from '../jobs/registry.js';
import { createDeliverer } from '../jobs/deliverers.js';
import { platformDeliverers } from './platform-deliverers.js';

/** Where an anonymous (unauthenticated) Teams bot listens: this machine only. */
export const LOOPBACK = '127.0.0.1';

export type RunningServer = {
  port: number;
  /** The one address listened on (anonymous Teams: 127.0.0.1); absent means every interface. */
  host?: string;
  slack?: SlackRuntime;
  teams?: TeamsRuntime;
  scheduler?: RunningScheduler;
  resumer?: RunningResumer;
  /** The process's acknowledged requests: in flight, and queued for a place in the work limit. */
  requests: DurableRequests;
  /**
   * Stops taking requests (`/readyz` and new chat requests answer 503), finishes the ones acknowledged
   * (at most `drainMs`, default 25 s; what is left is resumed by another replica), then stops.
   */
  close(drainMs?: number): Promise<void>;
};

/** Starts the HTTP server and the chat adapters the configuration turns on. */
export type ServerOptions = {
  config: Config;
  db: Db;
  logger: Logger;
  port?: number;
  clock?: () => Date;
  slackClientOptions?: WebClientOptions;
  /** Run scheduled jobs in this process (default true); tests drive the jobs themselves. */
  scheduler?: boolean;
  /** Tests only: where the Teams SDK reads Bot Framework signing keys, and its connector token. */
  teamsSdk?: TeamsSdkOptions;
  /** How often the request resumer looks for abandoned requests (default 15 s); false: not at all. */
  resumeEveryMs?: number | false;
};

export async function runServer(options: ServerOptions): Promise<RunningServer> {
  const { config, db, logger } = options;
  const platforms = platformsOf(config);
  const clock = options.clock ?? (() => new Date());
  // One cap for the process: Slack and Teams work share the same places.
  const workLimit = createWorkLimit(commandConcurrency(config));
  const requests = createDurableRequests({ db, clock, workLimit, logger });
  const http = createHttpServer({ db, logger, draining: () => requests.draining });
  mountCharts(http.app, config, logger);
  let slack: SlackRuntime | undefined;
  // Each chat SDK is loaded only when its platform is configured (#14): Bolt and the Teams SDK
  // take most of a start's time and idle memory, and a Slack-only process has no use for Teams'.
  const slackModules = platforms.slack
    ? await Promise.all([import('../adapters/slack/slack-app.js'), import('../adapters/slack/installation-store.js')])
    : undefined;
  const installationStore =
    slackModules && config.SLACK_CLIENT_ID && config.DEALDESK_SECRET_KEY
      ? slackModules[1].createPrismaInstallationStore(db, createSecretBox(secretKeysOf(config)))
      : undefined;
  if (platforms.slack && config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
    // Before Bolt mounts its route, so it runs first.
    http.app.use('/slack/events', slackRequestGuard(config.SLACK_SIGNING_SECRET, logger));
  }
  if (slackModules) {
    slack = slackModules[0].createSlackApp({
      config,
      db,
      logger,
      http: http.app,
      workLimit,
      requests,
      ...(installationStore ? { installationStore } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.slackClientOptions ? { clientOptions: options.slackClientOptions } : {}),
    });
  }
  const teams = platforms.teams
    ? await (
        await import('../adapters/teams/teams-app.js')
      ).createTeamsApp({
        config,
        db,
        logger,
        http: http.app,
        workLimit,
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.teamsSdk ? { sdk: options.teamsSdk } : {}),
      })
    : undefined;
  // Anonymous Teams accepts unauthenticated requests: only this machine may reach it.
  const host = teams?.mode === 'anonymous' ? LOOPBACK : undefined;
  const port = await http.listen(options.port ?? config.PORT, host);
  await slack?.start();
  // Every replica may run the scheduler: slot claims in the database make each message go out once.
  const scheduler =
    options.scheduler === false
      ? undefined
      : startScheduler({
          db,
          jobs: JOBS,
          logger,
          deliver: createDeliverer(config, db, {
            logger,
            platforms: platformDeliverers(config, db, {
              ...(installationStore ? { installationStore } : {}),
              ...(options.slackClientOptions ? { slackClientOptions: options.slackClientOptions } : {}),
            }),
          }),
        });
  const resumers: Record<string, PlatformResumer> = {};
  if (slack) resumers.slack = slack.resumer;
  const resumer =
    options.resumeEveryMs === false
      ? undefined
      : startRequestResumer({ db, clock, logger, requests, resumers, intervalMs: options.resumeEveryMs ?? 15_000 });
  logger.info({ port, host: host ?? 'all interfaces', slack: slack?.mode ?? 'off', teams: teams?.mode ?? 'off' }, 'DealDesk is listening');
  return {
    port,
    ...(host ? { host } : {}),
    ...(slack ? { slack } : {}),
    ...(teams ? { teams } : {}),
    ...(scheduler ? { scheduler } : {}),
    ...(resumer ? { resumer } : {}),
    requests,
    async close(drainMs = 25_000) {
      // Socket Mode stops receiving first; over HTTP, new requests get 503 from now on.
      await slack?.stop();
      const deadline = Date.now() + drainMs;
      const left = () => Math.max(0, deadline - Date.now());
      // Until no request is being answered and no work is in flight at the same moment: a request that
      // was being recorded when the work before it finished starts its own work only once acknowledged.
      let drained = false;
      while (!drained) {
        const answered = await http.whenIdle(left());
        const finished = await requests.drain(left());
        // Lets the handler of a request whose acknowledgement just went out take its work on.
        await new Promise((resolve) => setImmediate(resolve));
        drained = answered && finished && requests.inFlight.size === 0 && (await http.whenIdle(0));
        if (left() === 0) break;
      }
      if (!drained)
        logger.warn(
          { left: requests.inFlight.size, waitedMs: drainMs - (deadline - Date.now()) },
          'stopped with requests in flight; another replica will resume them',
        );
      await resumer?.stop();
      await scheduler?.stop();
      await http.close();
    },
  };
}
